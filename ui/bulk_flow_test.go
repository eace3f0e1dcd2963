package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/internal/families"
)

// The bulk panes in the whole app (the tui harness, every command on its own goroutine): paste many
// emails and look them up, then import a file with a progress bar, and back to the list.
func TestFlowPasteThenImport(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := sandbox(t, fam)
		createContacts(t, c, 3)
		tm := app(t, c)
		screenShows(t, tm, "person1@example.com", "3 loaded")

		keys(tm, ":")
		screenShows(t, tm, "Paste or type email addresses")
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("person1@example.com\nPERSON2@example.com; nobody@example.org q"), Paste: true})
		screenShows(t, tm, "3 addresses")
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
		screenShows(t, tm, "Found 2", "not found 1", "Not found: nobody@example.org")
		keys(tm, "esc")
		screenShows(t, tm, "3 loaded")

		file := writeFile(t, "people.csv", "email,firstname\nperson3@example.com,Third\nnew@example.com,Newt\n")
		keys(tm, "i")
		screenShows(t, tm, "Import contacts from a CSV file")
		tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(file), Paste: true})
		keys(tm, "enter")
		screenShows(t, tm, "2 rows · key: email · nothing written yet", "line 3: new@example.com | Newt")
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
		screenShows(t, tm, "Write 2 rows of people.csv to HubSpot?")
		keys(tm, "y")
		screenShows(t, tm, "Imported people.csv", "2 of 2 rows", "created 1 · updated 1 · failed 0")
		keys(tm, "esc")
		screenShows(t, tm, "4 loaded")
		quit(t, tm)
		if p := contactProps(srv, "person3@example.com"); p["firstname"] != "Third" {
			t.Fatalf("person3 not updated: %v", p)
		}
	})
}
