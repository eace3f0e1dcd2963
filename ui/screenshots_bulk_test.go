package ui

import (
	"os"
	"path/filepath"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// TestScreenshotsBulk renders the import's column choice and the export's file and properties
// (make screenshots).
func TestScreenshotsBulk(t *testing.T) {
	if *screenshotDir == "" {
		t.Skip("make screenshots runs this with -screenshots=DIR")
	}
	lipgloss.SetColorProfile(termenv.TrueColor)
	lipgloss.SetHasDarkBackground(true)
	t.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
	_, c := sandbox(t, families.V3(), func(o *hubspottest.Options) { o.Empty, o.Seed = false, 1 }) // pictures: one family is enough
	file := writeFile(t, "leads.csv", "E-mail,Frist name,Mobil Phone,Favourite colour,Stage\n"+
		"ann@example.com,Ann,+1 555 0100,blue,Lead\nbo@example.com,Bo,,green,customer\n")
	shots := []struct {
		name string
		dir  string // the working directory while it plays ("": this one)
		play func(tm *tui)
	}{
		{"import-map", "", func(tm *tui) {
			screenMatches(t, tm, `[1-9][0-9]* loaded · more`)
			keys(tm, "i")
			tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(file), Paste: true})
			keys(tm, "enter")
			screenShows(t, tm, "columns to choose")
			keys(tm, "enter")
			screenShows(t, tm, "Property for the column")
			keys(tm, "enter")
			screenShows(t, tm, "→ firstname")
		}},
		{"export", os.TempDir(), func(tm *tui) { // the path reads /tmp/…, whoever runs this
			screenMatches(t, tm, `[1-9][0-9]* loaded · more`)
			keys(tm, "x", "ctrl+u")
			tm.Type("contacts.csv")
			keys(tm, "tab")
			screenShows(t, tm, "the list's columns", "all properties")
		}},
	}
	here, err := os.Getwd()
	require.NoError(t, err)
	for _, s := range shots {
		if s.dir != "" {
			require.NoError(t, os.Chdir(s.dir))
		}
		tm := app(t, c, func(o *Options) { o.Profile = "demo"; o.Demo = true })
		s.play(tm)
		frame := quit(t, tm).View()
		require.NoError(t, os.Chdir(here)) // go tool freeze runs in the module
		freeze(t, frame, filepath.Join(*screenshotDir, s.name+".png"))
	}
}
