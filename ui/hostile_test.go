package ui

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Hostile values: what a public web form lets anyone put into a contact. Each carries a
// marker that must never reach the terminal.
var hostile = struct {
	first, last, company, job, message, food, note string
	jobs                                           []string
}{
	first:   "Mallory\x1b]52;c;ZXZpbA==\x07",                            // OSC 52: write the clipboard
	last:    "Evil\x1b[2J\x1b[H\x1b[31;1;4;5;7mRED\x1b[6n",              // clear, home, SGR, a status report request
	company: "\x1b]8;;https://evil.example\x1b\\Click me\x1b]8;;\x1b\\", // OSC 8 link
	job:     "\u202Egnp.exe\u2066x\u2069",                               // bidi override and isolate
	message: "Paid: no\rPaid: YES\nline\x08\x7f two\x00\v\f\u009b2J\u009d0;title\u009c",
	food:    "tea\x1b]0;window title\x07\x1bP+q\x1b\\\x1b_apc\x1b\\\x1b^pm\x1b\\\x1bXsos\x1b\\",
	note:    "<p>Call me&#x1b;[2J &#27;]52;c;ZXZpbA==&#7; ad\u200Bmin\uFEFF</p>",
	jobs:    []string{"Boss\x1b[?1049l", "CEO\u200D\u2060"},
}

// hostileContact stores the hostile values on a contact (with a history of hostile job
// titles and a pinned hostile note); it returns the contact's id.
func hostileContact(t *testing.T, c *api.Client) string {
	t.Helper()
	ctx := context.Background()
	o, err := c.CreateContact(ctx, map[string]string{
		"email": "mallory@example.com", "firstname": hostile.first, "lastname": hostile.last,
		"company": hostile.company, "jobtitle": hostile.job, "message": hostile.message,
		"favorite_food": hostile.food,
	})
	require.NoError(t, err)
	for _, j := range hostile.jobs {
		_, err = c.UpdateContact(ctx, o.ID, map[string]string{"jobtitle": j})
		require.NoError(t, err)
	}
	note, err := c.AddNote(ctx, o.ID, hostile.note)
	require.NoError(t, err)
	_, err = c.PinActivity(ctx, o.ID, note.ID)
	require.NoError(t, err)
	return o.ID
}

// leaked finds in terminal output what could only have come from the data: control
// strings (OSC, DCS, APC, PM, SOS) in either form, C1 controls, C0 controls other than the
// renderer's own, invisible and bidi characters, and the payloads' own sequences.
func leaked(out []byte) []string {
	var found []string
	for _, marker := range []string{
		"\x1b]", "\x1bP", "\x1b_", "\x1b^", "\x1bX", "\x1b\\", "\x1b[6n", "\x1b[31;1;4;5;7m", "\x1b[?1049l",
		"ZXZpbA==\x07", "\rPaid", "\rFAKE",
	} {
		if bytes.Contains(out, []byte(marker)) {
			found = append(found, strings.ReplaceAll(marker, "\x1b", "ESC"))
		}
	}
	for _, r := range string(out) {
		switch {
		case r >= 0x80 && r <= 0x9f, r == 0x7f, r < 0x20 && r != '\n' && r != '\r' && r != 0x1b,
			unicode.Is(unicode.Cf, r):
			found = append(found, fmt.Sprintf("%U", r))
		}
	}
	return found
}

// screenOut reads what the program has written so far.
func screenOut(tm *tui) []byte {
	b, _ := io.ReadAll(tm.Output())
	return b
}

// TestHostileValuesNeverReachTheTerminal drives the real app over the real client through
// every pane of the contact browser — list, find, detail (all properties, the pinned note),
// history, the status and error lines, the copy chooser — with hostile values, and checks
// the bytes written to the terminal, and what is put on the clipboard.
func TestHostileValuesNeverReachTheTerminal(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 3)
		hostileContact(t, c)
		rec := &recorder{}
		tm := app(t, c, func(o *Options) {
			o.copy = func(s string) error {
				rec.mu.Lock()
				defer rec.mu.Unlock()
				rec.copied = append(rec.copied, s)
				return nil
			}
		})
		var out bytes.Buffer
		// list
		screenShowsInto(t, tm, &out, "Mallory", "EvilRED", "Click me")
		keys(tm, "G", "/")
		tm.Type("mallory")
		screenShowsInto(t, tm, &out, "1 match ·")
		keys(tm, "enter")
		screenShowsInto(t, tm, &out, "Pinned note", "Call me admin", "Paid: noPaid: YES", "line two", "Favorite food               tea")
		keys(tm, ".") // every property, empty ones too
		screenShowsInto(t, tm, &out, "all properties")
		keys(tm, "y", "e")
		screenShowsInto(t, tm, &out, "Copied email: mallory@example.com")
		// the job title's history: up from the bottom to Job Title
		for range 60 {
			keys(tm, "k")
		}
		keys(tm, "g")
		for range 8 {
			keys(tm, "j")
		}
		screenMatchesInto(t, tm, &out, `> Job Title`)
		keys(tm, "h")
		screenShowsInto(t, tm, &out, "Job Title (jobtitle) of Mallory EvilRED", "CEO", "Boss", "gnp.exex")
		keys(tm, "y")
		screenShowsInto(t, tm, &out, "Copied value: CEO")
		m := quit(t, tm)
		out.Write(screenOut(tm))
		assert.Empty(t, leaked(out.Bytes()), "the terminal got bytes from the data")
		rec.mu.Lock()
		defer rec.mu.Unlock()
		for _, s := range rec.copied {
			assert.Empty(t, leaked([]byte(s)), "copied %q", s)
		}
		assert.Equal(t, []string{"mallory@example.com", "CEO"}, rec.copied, "y in the history copies the value, sanitized")
		for _, p := range m.stack {
			assert.NotContains(t, p.View(), "\x1b", "%s", p.Title())
		}
	})
}

// screenShowsInto is screenShows that also keeps what the app drew in out.
func screenShowsInto(t *testing.T, tm *tui, out *bytes.Buffer, texts ...string) {
	t.Helper()
	screenShows(t, tm, texts...)
	_, _ = io.Copy(out, tm.Output())
}

// screenMatchesInto is screenMatches that also keeps what the app drew in out.
func screenMatchesInto(t *testing.T, tm *tui, out *bytes.Buffer, re string) {
	t.Helper()
	screenMatches(t, tm, re)
	_, _ = io.Copy(out, tm.Output())
}

// TestLeakedSeesEveryPayload keeps the byte check honest: each hostile value, unsanitized,
// is caught.
func TestLeakedSeesEveryPayload(t *testing.T) {
	for _, v := range append([]string{hostile.first, hostile.last, hostile.company, hostile.job, hostile.message, hostile.food,
		"ad\u200Bmin\uFEFF"}, hostile.jobs...) {
		assert.NotEmpty(t, leaked([]byte(v)), "%q", v)
	}
}

// TestSeededHostileContactsThroughEveryPane does the same with the sandbox's own hostile seed
// (hubspottest.HostileContactEmail, OddNameContactEmail): opened from the command line, its
// every property, a property's history, found again through find, and the odd-name contact.
func TestSeededHostileContactsThroughEveryPane(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam, func(o *hubspottest.Options) { o.Empty, o.Contacts, o.Seed = false, 60, 7 })
		tm := app(t, c, func(o *Options) { o.Open = hubspottest.HostileContactEmail })
		var out bytes.Buffer
		screenShowsInto(t, tm, &out, "okFAKE Chief Hacking Officer", "Gotham", "Evil Corp click me")
		keys(tm, ".", "g")
		for range 8 {
			keys(tm, "j")
		}
		screenMatchesInto(t, tm, &out, `> Job Title`)
		keys(tm, "h")
		screenShowsInto(t, tm, &out, "Job Title (jobtitle) of Mallory O'Hostile", "1 value")
		keys(tm, "esc", "esc")
		screenShowsInto(t, tm, &out, "loaded")
		keys(tm, "/")
		tm.Type("hostile")
		screenShowsInto(t, tm, &out, "HubSpot answered")
		keys(tm, "enter")
		screenShowsInto(t, tm, &out, "Mallory O'Hostile  "+hubspottest.HostileContactEmail)
		keys(tm, "esc")
		screenShowsInto(t, tm, &out, "/ hostile")
		keys(tm, "esc")
		tm.Type(hubspottest.OddNameContactEmail)
		keys(tm, "enter")
		screenShowsInto(t, tm, &out, "John Tab New Line  "+hubspottest.OddNameContactEmail)
		quit(t, tm)
		out.Write(screenOut(tm))
		assert.Empty(t, leaked(out.Bytes()), "the terminal got bytes from the seed's hostile values")
		for _, s := range hubspottest.HostileSequences() {
			if s != "\r" { // the renderer's own carriage returns; "\rFAKE" is checked by leaked
				assert.NotContains(t, out.String(), s)
			}
		}
	})
}
