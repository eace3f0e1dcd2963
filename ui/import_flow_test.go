package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/internal/families"
)

// A column whose header names no property is asked about in the TUI, not sent to the command
// line's --map: enter on it picks its property by label, or skips it; the file then maps, by
// the CLI's code, and imports.
func TestFlowImportMapsTheUnknownColumnsInTheTUI(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		eachSize(t, func(t *testing.T, w, h int) {
			srv, c := sandbox(t, fam)
			file := writeFile(t, "people.csv", "email,Frist name,Favourite colour,Lifecycle Stage\n"+
				"ada@example.com,Ada,blue,Lead\ngrace@example.com,Grace,green,Customer\n")
			tm := appAt(t, c, w, h)
			screenShows(t, tm, "No contacts in this portal yet")
			keys(tm, "i")
			screenShows(t, tm, "Import contacts from a CSV file")
			tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(file), Paste: true})
			keys(tm, "enter")
			screenShows(t, tm, "Choose a property for each column marked ?", "? matches no property (did you mean",
				"2 columns to choose")

			keys(tm, "enter") // the cursor is on the first column to settle: Frist name
			screenShows(t, tm, "Property for the column “Frist name”", "Skip this column")
			tm.Type("first name")
			keys(tm, "enter")
			screenShows(t, tm, "→ firstname", "1 column to choose")

			keys(tm, "enter") // now on Favourite colour
			screenShows(t, tm, "Property for the column “Favourite colour”")
			keys(tm, "enter") // the first choice: skip it
			screenShows(t, tm, "2 rows · key: email · nothing written yet", "skipped: as chosen")

			tm.Send(tea.KeyMsg{Type: tea.KeyCtrlS})
			screenShows(t, tm, "Write 2 rows of people.csv to HubSpot?")
			keys(tm, "y")
			screenShows(t, tm, "Imported people.csv", "created 2")
			quit(t, tm)
			ada := contactProps(srv, "ada@example.com")
			require.NotNil(t, ada)
			assert.Equal(t, "Ada", ada["firstname"], "Frist name went to firstname")
			assert.Equal(t, "lead", ada["lifecyclestage"])
			assert.NotContains(t, ada, "favourite_colour")
		})
	})
}
