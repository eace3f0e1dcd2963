package ui

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// pasteText sends text as one bracketed paste.
func (hs *harness) pasteText(s string) {
	hs.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true})
}

// batchReads counts the batch reads by email the sandbox served.
func batchReads(srv *hubspottest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/contacts/batch/read") {
			n++
		}
	}
	return n
}

// bulkList drives the list over the client, with the recording clipboard.
func bulkList(t *testing.T, c *api.Client, mods ...func(*Options)) (*harness, *recorder) {
	t.Helper()
	e, rec := paneEnv(t, c, mods...)
	return drive(t, newListPane(e), 110, 30), rec
}

// pasteOf opens the many-emails pane from the list with ":".
func pasteOf(t *testing.T, hs *harness) (*harness, *pastePane) {
	t.Helper()
	hs.keys(":")
	p, ok := hs.opened().(*pastePane)
	require.True(t, ok, "':' opens the many-emails pane")
	return drive(t, p, 110, 30), p
}

func TestPasteManyFoundAndNotFoundIn3Requests(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		createContacts(t, c, 150) // person1..person150@example.com
		hs, _ := bulkList(t, c)
		ph, p := pasteOf(t, hs)
		assert.True(t, isTyping(p), "the box takes every key, q included")

		var entries []string
		for i := 1; i <= 180; i++ { // 150 known, 30 unknown
			entries = append(entries, fmt.Sprintf("person%d@example.com", i))
		}
		for i := range 21 {
			entries = append(entries, fmt.Sprintf("Stranger%d@Example.NET", i))
		}
		for i := range 49 {
			entries = append(entries, fmt.Sprintf("PERSON%d@example.COM", i+1))
		}
		require.Len(t, entries, 250)
		ph.pasteText(strings.Join(entries[:100], "\n") + "\n" + strings.Join(entries[100:], "; ") + "\nAda Lovelace\n")
		assert.Contains(t, ph.pane.View(), "201 addresses · 49 repeated (dropped) · 1 entry is not an address")

		srv.ResetRequests()
		ph.send(ekey("ctrl+s"))
		require.Equal(t, pasteResults, p.stage)
		assert.Equal(t, 3, batchReads(srv), "201 distinct addresses, 100 a request")
		assert.Len(t, srv.Requests(), 3, "and nothing else")
		assert.Len(t, p.found, 150)
		assert.Len(t, p.missing, 51)
		assert.Equal(t, "person151@example.com", p.missing[0])
		assert.Equal(t, "stranger0@example.net", p.missing[30])
		view := ph.pane.View()
		assert.Contains(t, view, "Found 150 · not found 51")
		assert.Contains(t, view, "person1@example.com")
		assert.Contains(t, view, "Not found: person151@example.com, person152@example.com")
		assert.Contains(t, view, "Not addresses: Ada Lovelace")

		ph.keys("j", "enter")
		d, ok := ph.opened().(*detailPane)
		require.True(t, ok, "enter opens the contact")
		assert.Equal(t, p.found[1].Contact.ID, d.ref)
	})
}

func TestPasteCreatesTheMissingAndCopies(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		createContacts(t, c, 2)
		hs, rec := bulkList(t, c)
		ph, p := pasteOf(t, hs)
		ph.typeIn("person1@example.com new1@example.com")
		ph.send(press("enter"))
		ph.typeIn("new2@example.com")
		ph.send(ekey("ctrl+s"))
		require.Equal(t, []string{"new1@example.com", "new2@example.com"}, p.missing)

		ph.take()
		ph.keys("y")
		ph.answer("n")
		assert.Contains(t, ph.notices(), "Copied 2 addresses not found")
		assert.Equal(t, []string{"new1@example.com\nnew2@example.com"}, rec.copied)

		ph.keys("n")
		assert.Equal(t, "Create 2 contacts, one for each address not found?", ph.asked().text)
		ph.answer("y")
		assert.Contains(t, ph.notices(), "Created 2 contacts")
		assert.Empty(t, p.missing)
		assert.Len(t, p.found, 3)
		assert.Contains(t, ph.pane.View(), "created")
		for _, m := range ph.out {
			if ch, ok := m.(changedMsg); ok {
				assert.Len(t, ch.updated, 2, "the list hears of the new contacts")
			}
		}
		n := 0
		_ = srv.Store().View(func(tx *hubspottest.Tx) error {
			n = tx.Count(hubspottest.Contacts)
			return nil
		})
		assert.Equal(t, 4, n)
	})
}

func TestPasteCreateIsRefusedReadOnly(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		hs, _ := bulkList(t, c, func(o *Options) { o.ReadOnly = true })
		ph, _ := pasteOf(t, hs)
		ph.pasteText("nobody@example.com")
		ph.send(ekey("ctrl+s"))
		ph.take()
		ph.keys("n")
		for _, m := range ph.out {
			assert.IsNotType(t, askedMsg{}, m, "no confirmation: refused")
		}
		assert.Contains(t, strings.Join(ph.notices(), "\n"), "read-only")
		assert.Empty(t, srv.Writes())
	})
}

// Hostile values from HubSpot reach the results view sanitized.
func TestPasteResultsSanitized(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		_, err := c.CreateContact(t.Context(), map[string]string{"email": "evil@example.com", "firstname": "Ev\x1b]0;x\x07il", "company": "Acme\x1b[2J\u202e"})
		require.NoError(t, err)
		hs, _ := bulkList(t, c)
		ph, _ := pasteOf(t, hs)
		ph.pasteText("evil@example.com")
		ph.send(ekey("ctrl+s"))
		v := ph.pane.View()
		assert.Contains(t, v, "Evil")
		assert.NotContains(t, v, "\x1b]")
		assert.NotContains(t, v, "\x1b[2J")
		assert.NotContains(t, v, "\u202e")
	})
}

// Addresses pasted with a terminal's escape sequences and controls around them (copied from
// coloured output) are cleaned and looked up, not refused as invalid; every line ending counts.
func TestPastedEscapesAreCleanedNotRefused(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		hs, _ := bulkList(t, c)
		ph, p := pasteOf(t, hs)
		ph.pasteText("\x1b[1;32mada@example.com\x1b[0m\r\n\x1b]8;;https://x\x1b\\bob@example.com\x1b]8;;\x1b\\\rcy@\x07example.org\u202e\tdee@example.net")
		assert.Equal(t, []string{"ada@example.com", "bob@example.com", "cy@example.org", "dee@example.net"}, p.split.Emails)
		assert.Empty(t, p.split.Invalid)
		assert.NotContains(t, string(p.text), "\x1b")
	})
}
