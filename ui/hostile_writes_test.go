package ui

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/atotto/clipboard"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Escape injection end to end, for the panes and lines the other hostile tests do not reach:
// the edit form and its change review, the delete confirmation, batch results, the status
// bar's error line, and what the copy action writes to the terminal (the OSC 52 sequence) and to
// the clipboard. The data is the sandbox's seed (hubspottest.HostileContactEmail and friends)
// and, for HubSpot's own text, a server whose error bodies carry escapes in every field. The
// check is on every frame the app drew (the harness's Output) and, for the copy, on the bytes
// written to the terminal. (List, find, detail, history: hostile_test.go; associations,
// secondary emails, activities: relations_flow_test.go; every pane's frame under random keys:
// the monkey test.)

// evil is what a hostile server puts in every field of an error body.
const evil = "\x1b]0;pwned\x07\x1b[2J\u009b31m\u202e\rFAKE\x1b]52;c;ZXZpbA==\x07\x1bP1$qm\x1b\\\u200b"

// hostileHub is the seeded sandbox behind a middleware that, on cue, answers the way a hostile
// or compromised HubSpot would: a PATCH refused with escapes in the validation details, a GET
// refused with escapes in the category, message and correlation id, and one batch input failed
// with escapes in its reason.
type hostileHub struct {
	t         *testing.T
	fam       families.Family
	sb        *hubspottest.Sandbox
	srv       *httptest.Server
	client    *api.Client
	failPatch atomic.Bool
	failGet   atomic.Bool
	failBatch atomic.Value // the contact id whose batch input fails
}

func newHostileHub(t *testing.T, fam families.Family) *hostileHub {
	t.Helper()
	h := &hostileHub{t: t, fam: fam, sb: hubspottest.New(hubspottest.Options{Seed: 3, Contacts: 30, Companies: 10, Deals: 10, Tickets: 10,
		RateLimit: hubspottest.RateLimit{Max: -1}, SearchPerSecond: -1})}
	h.failBatch.Store("")
	h.srv = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.srv.Close)
	c, err := api.New(api.Config{BaseURL: h.srv.URL, Token: hubspottest.DefaultToken, APIVersion: fam.Version, MaxRetries: -1})
	require.NoError(t, err)
	h.client = c
	return h
}

func (h *hostileHub) serve(w http.ResponseWriter, r *http.Request) {
	isContact := strings.HasPrefix(r.URL.Path, h.fam.Objects("contacts")+"/") && !strings.Contains(r.URL.Path, "/batch/")
	if !h.fam.Owns(r.URL.Path) {
		h.t.Errorf("%s %s is not a %s path", r.Method, r.URL.Path, h.fam.Name)
	}
	switch {
	case r.Method == http.MethodPatch && isContact && h.failPatch.Load():
		details, _ := json.Marshal([]map[string]any{{"isValid": false, "name": "phone",
			"error": "INVALID" + evil, "message": "Phone " + evil + " refused"}})
		hostileJSON(w, 400, map[string]any{"status": "error", "category": "VALIDATION_ERROR", "correlationId": evil,
			"message": "Property values were not valid: " + string(details)})
	case r.Method == http.MethodGet && isContact && h.failGet.Load():
		hostileJSON(w, 400, map[string]any{"status": "error", "category": "WEIRD" + evil, "correlationId": evil,
			"message": "Bad request " + evil})
	case r.Method == http.MethodPost && (strings.HasSuffix(r.URL.Path, "/batch/update") || strings.HasSuffix(r.URL.Path, "/batch/upsert")) &&
		h.failBatch.Load() != "":
		h.batchUpdate(w, r, h.failBatch.Load().(string))
	default:
		h.sb.ServeHTTP(w, r)
	}
}

// batchUpdate sends the sandbox every input but id's (a contact id, or an email for an upsert),
// then answers a 207 that fails id with a hostile reason, as HubSpot reports one bad input of a
// batch.
func (h *hostileHub) batchUpdate(w http.ResponseWriter, r *http.Request, id string) {
	var body struct {
		Inputs []map[string]any `json:"inputs"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		hostileJSON(w, 400, map[string]any{"status": "error", "message": err.Error()})
		return
	}
	var keep []map[string]any
	var trace string
	for _, in := range body.Inputs {
		if in["id"] == id {
			trace, _ = in["objectWriteTraceId"].(string)
			continue
		}
		keep = append(keep, in)
	}
	out := map[string]any{"status": "COMPLETE", "results": []any{}}
	if len(keep) > 0 {
		data, _ := json.Marshal(map[string]any{"inputs": keep})
		req := httptest.NewRequestWithContext(r.Context(), r.Method, r.URL.String(), bytes.NewReader(data))
		req.Header = r.Header.Clone()
		rec := httptest.NewRecorder()
		h.sb.ServeHTTP(rec, req)
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
	}
	ctx := map[string][]string{"ids": {id}}
	if trace != "" {
		ctx["objectWriteTraceId"] = []string{trace}
	}
	out["errors"] = append(asList(out["errors"]), map[string]any{"status": "error", "category": "VALIDATION_ERROR",
		"message": "Refused " + evil, "context": ctx})
	out["numErrors"] = len(asList(out["errors"]))
	hostileJSON(w, http.StatusMultiStatus, out)
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func hostileJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.Header().Set("X-Hubspot-Correlation-Id", "hdr-corr")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// rawTerm is the app with everything it drew kept.
type rawTerm struct {
	t  *testing.T
	tm *tui
}

func startRaw(t *testing.T, c *api.Client, mods ...func(*Options)) *rawTerm {
	t.Helper()
	mods = append([]func(*Options){func(o *Options) { o.Profile = "hostile" }}, mods...)
	return &rawTerm{t: t, tm: appAt(t, c, 120, 40, mods...)}
}

// shows waits until the terminal shows every text.
func (r *rawTerm) shows(texts ...string) {
	r.t.Helper()
	screenShows(r.t, r.tm, texts...)
}

func (r *rawTerm) press(ks ...string) { keys(r.tm, ks...) }

// quit leaves the app and returns everything it drew.
func (r *rawTerm) quit() []byte {
	r.t.Helper()
	quit(r.t, r.tm)
	return []byte(r.tm.frames.String())
}

// assertInert: the terminal's bytes hold none of the injected sequences and nothing leaked()
// recognises (C1, stray C0, bidi, zero-width). (The edit form shows a value's hidden characters
// as visible glyphs, ␛ and ␇, so the payloads' printable text may appear there, inert.)
func assertInert(t *testing.T, out []byte) {
	t.Helper()
	assert.Empty(t, leaked(out), "the terminal got bytes from the data")
	for _, s := range append(hubspottest.HostileSequences(), "\rFAKE", "\x1b[2J", "\x1b]52;", "\x1b]0;") {
		if s != "\r" { // the renderer's own carriage returns; "\rFAKE" is checked on its own
			assert.NotContains(t, string(out), s, "the terminal received %q", s)
		}
	}
}

func TestHostileFormReviewConfirmAndErrorLineReachTheTerminalInert(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		h := newHostileHub(t, fam)
		r := startRaw(t, h.client, func(o *Options) { o.Open = hubspottest.HostileContactEmail })
		r.shows("Mallory O'Hostile  " + hubspottest.HostileContactEmail)
		// The form, filled with the hostile values; the review of a change from one of them.
		r.press("e")
		r.shows("Edit Mallory O'Hostile", "Chief Hacking Officer", "holds hidden characters")
		r.press("down", "down", "down", "ctrl+u") // the phone: its hidden characters fail the form's own check
		r.tm.Type("+1 555 0100")
		r.press("ctrl+s")
		r.shows("Save 1 change", "+1 555 0100")
		// HubSpot refuses it with escapes in every field of the answer.
		h.failPatch.Store(true)
		r.press("y")
		r.shows("Not saved: HubSpot refused 1 value", "Phone FAKE refused")
		h.failPatch.Store(false)
		r.press("esc")
		r.shows("Discard changes?")
		r.press("y")
		r.shows("Companies 1 · Deals 2 · Tickets 1")
		// The delete confirmation names the hostile contact.
		r.press("d")
		r.shows("Delete Mallory O'Hostile (" + hubspottest.HostileContactEmail + ")?")
		r.press("n")
		// The error line: a refresh refused with escapes in the category, message and reference.
		h.failGet.Store(true)
		r.press("r")
		r.shows("Bad request FAKE")
		h.failGet.Store(false)
		assertInert(t, r.quit())
		assert.Empty(t, h.sb.Writes(), "nothing was written: the one PATCH was refused, the delete declined")
	})
}

func TestHostileBatchResultsReachTheTerminalInert(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		h := newHostileHub(t, fam)
		o, err := h.client.GetContact(context.Background(), hubspottest.HostileContactEmail, api.GetOptions{})
		require.NoError(t, err)
		h.failBatch.Store(o.ID)
		r := startRaw(t, h.client)
		r.shows("Mallory", "loaded")
		// The seed's first two contacts: Maria Garcia, then the hostile one.
		r.press("g", " ", " ") // space marks and moves down
		r.shows("2 marked")
		r.press("e")
		r.shows("Property to set on 2 contacts")
		r.tm.Type("job title")
		r.press("enter")
		r.shows("Set a property on 2 marked contacts")
		r.tm.Type("Buyer")
		r.press("ctrl+s")
		r.shows("Set Job Title to Buyer on 2 contacts?")
		r.press("y")
		r.shows("failed: 1", "Mallory O'Hostile ("+hubspottest.HostileContactEmail+")", "Refused FAKE")
		assertInert(t, r.quit())
		got, err := h.client.GetContact(context.Background(), hubspottest.FirstContactEmail, api.GetOptions{Properties: []string{"jobtitle"}})
		require.NoError(t, err)
		assert.Equal(t, "Buyer", got.Properties["jobtitle"], "the other contact was updated")
	})
}

// osc52 matches the clipboard sequence termenv writes.
var osc52 = regexp.MustCompile("\x1b\\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\\\)")

// TestCopiedTextIsInert copies hostile values (a property from the detail, a value from its
// history) through the app's real clipboard path: the OSC 52 sequence written to the terminal
// carries only sanitized text, and so does the system clipboard's copy.
func TestCopiedTextIsInert(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		h := newHostileHub(t, fam)
		var osc bytes.Buffer
		var mu sync.Mutex
		var copied []string
		r := startRaw(t, h.client, func(o *Options) {
			o.Open = hubspottest.HostileContactEmail
			o.copy = func(s string) error {
				mu.Lock()
				defer mu.Unlock()
				copied = append(copied, s)
				if clipboard.Unsupported { // the app's own function: OSC 52, and no system clipboard here
					return terminalClipboard(&osc)(s)
				}
				termenv.NewOutput(&osc).Copy(s) // spare the developer's clipboard: the OSC 52 half only
				return nil
			}
		})
		r.shows("Mallory O'Hostile  " + hubspottest.HostileContactEmail)
		// Copy the hostile first name (the second property shown), then the job title.
		r.press("g", "j", "y")
		r.shows("v First Name")
		r.press("v")
		r.shows("Copied First Name: Mallory")
		r.press("j", "j", "j", "j", "y")
		r.shows("v Job Title")
		r.press("v")
		r.shows("Copied Job Title: okFAKE Chief Hacking Officer")
		assertInert(t, r.quit())
		mu.Lock()
		defer mu.Unlock()
		require.Equal(t, []string{"Mallory", "okFAKE Chief Hacking Officer"}, copied)
		seqs := osc52.FindAllSubmatch(osc.Bytes(), -1)
		require.Len(t, seqs, 2, "one OSC 52 sequence per copy: %q", osc.String())
		for i, m := range seqs {
			text, err := base64.StdEncoding.DecodeString(string(m[1]))
			require.NoError(t, err)
			assert.Equal(t, copied[i], string(text), "the terminal's clipboard gets the sanitized text")
			assertInert(t, text)
		}
	})
}

// TestPastedTextIsInert pastes hostile text into the find box: what the box shows (and
// searches for) has the escapes, bidi override and zero-width characters taken out.
func TestPastedTextIsInert(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		h := newHostileHub(t, fam)
		r := startRaw(t, h.client)
		r.shows("Mallory", "loaded")
		r.press("/")
		r.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Mal\u202elory\u200b\x1b[2J\x1b]0;pwned\x07\r"), Paste: true})
		r.shows("/ Mallory", "HubSpot answered")
		assertInert(t, r.quit())
		for _, req := range h.sb.Requests() {
			assert.NotContains(t, string(req.Body), "\\u202e", "the search sent HubSpot what the box shows")
		}
	})
}

// TestHostileBulkPanesReachTheTerminalInert: the many-emails lookup finding the seed's hostile
// contact, and a CSV import whose file holds escapes and whose one refused row gets HubSpot's
// reason with escapes in it: the preview, the progress and the results reach the terminal inert.
func TestHostileBulkPanesReachTheTerminalInert(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		h := newHostileHub(t, fam)
		path := filepath.Join(t.TempDir(), "people.csv")
		require.NoError(t, os.WriteFile(path, []byte("email,firstname,jobtitle\n"+
			"new.person@example.com,New\x1b]0;pwned\x07,Boss\x1b[31m\u202e\n"+
			"refuse.me@example.com,Refused,Nope\n"), 0o600))
		h.failBatch.Store("refuse.me@example.com")
		r := startRaw(t, h.client)
		r.shows("Mallory", "loaded")
		r.press(":")
		r.tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Paste: true, Runes: []rune(hubspottest.HostileContactEmail + "\nnobody@example.com\n\x1b]52;c;ZXZpbA==\x07")})
		r.press("ctrl+s")
		r.shows("Found 1 · not found 1", "Mallory O'Hostile", "Evil Corp click me")
		r.press("esc")
		r.shows("loaded")
		r.press("i")
		r.tm.Type(path)
		r.press("enter")
		r.shows("line 2: new.person@example.com | New | Boss")
		r.press("ctrl+s")
		r.shows("Write 2 rows of people.csv to HubSpot?")
		r.press("y")
		r.shows("Import done: created 1, updated 0, failed 1", "line 3: ", "Refused FAKE")
		assertInert(t, r.quit())
		fails, err := os.ReadFile(strings.TrimSuffix(path, ".csv") + ".failures.csv")
		require.NoError(t, err, "the failures file beside the import")
		assert.Contains(t, string(fails), "refuse.me@example.com")
	})
}

// TestHostileValuesThroughTheEditPanes drives the form (with a multi-line field added), the
// change review, the discard question, a batch edit and its results, and the delete question
// over a contact holding hostile values, and checks every byte written to the terminal.
func TestHostileValuesThroughTheEditPanes(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		createContacts(t, c, 3)
		hostileContact(t, c)
		tm := app(t, c)
		var out bytes.Buffer
		screenShowsInto(t, tm, &out, "Mallory", "4 loaded")
		sendKeys(tm, "G", "e")
		screenShowsInto(t, tm, &out, "Edit Mallory EvilRED", "holds hidden characters")
		for _, add := range []struct{ label, row string }{
			{"message", "> Message                   Paid: no␍Paid: YES"},
			{"favorite food", "> Favorite food             tea␛]0;window title␇"},
		} {
			sendKeys(tm, "ctrl+n")
			tm.Type(add.label)
			screenShowsInto(t, tm, &out, "/ "+add.label+"|")
			sendKeys(tm, "enter")
			screenShowsInto(t, tm, &out, add.row)
		}
		tm.Type(" x")
		sendKeys(tm, "ctrl+s")
		screenShowsInto(t, tm, &out, "Save 1 change to Mallory EvilRED?", "Favorite food")
		sendKeys(tm, "esc", "esc")
		screenShowsInto(t, tm, &out, "Discard changes?")
		sendKeys(tm, "y")
		screenShowsInto(t, tm, &out, "4 loaded")
		sendKeys(tm, " ")
		screenShowsInto(t, tm, &out, "1 marked")
		sendKeys(tm, "e")
		screenShowsInto(t, tm, &out, "Property to set on 1 contact")
		tm.Type("job title")
		sendKeys(tm, "enter")
		tm.Type("Boss")
		sendKeys(tm, "ctrl+s", "y")
		screenShowsInto(t, tm, &out, "Updated: 1 of 1", "+ Mallory EvilRED (mallory@example.com)")
		sendKeys(tm, "esc", "d")
		screenShowsInto(t, tm, &out, "Delete Mallory EvilRED (mallory@example.com)?")
		sendKeys(tm, "n")
		m := quit(t, tm)
		out.Write(screenOut(tm))
		assert.Empty(t, leaked(out.Bytes()), "the terminal got bytes from the data")
		for _, p := range m.stack {
			assert.NotContains(t, p.View(), "\x1b", "%s", p.Title())
		}
	})
}
