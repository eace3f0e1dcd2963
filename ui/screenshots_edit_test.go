package ui

import (
	"path/filepath"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// TestScreenshotsEdit renders the edit form, the change review and a batch edit's result from
// the seeded sandbox, as TestScreenshots does for the other panes (`make screenshots` runs both).
func TestScreenshotsEdit(t *testing.T) {
	if *screenshotDir == "" {
		t.Skip("make screenshots runs this with -screenshots=DIR")
	}
	lipgloss.SetColorProfile(termenv.TrueColor)
	lipgloss.SetHasDarkBackground(true)
	t.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
	_, c := sandbox(t, families.V3(), func(o *hubspottest.Options) { o.Empty, o.Seed = false, 1 }) // pictures: one family is enough
	edit := func(tm *tui) {
		screenShows(t, tm, "Companies ")
		sendKeys(tm, "e")
		screenShows(t, tm, "+ Add a field")
		sendKeys(tm, "down", "down", "down", "ctrl+u")
		tm.Type("+49 30 1234 5678")
		sendKeys(tm, "down", "ctrl+u")
		tm.Type("Head of Procurement")
	}
	shots := []struct {
		name string
		open string
		play func(tm *tui)
		quit func(tm *tui) *App
	}{
		{"form", hubspottest.CustomerContactEmail, func(tm *tui) {
			edit(tm)
			sendKeys(tm, "up", "up", "ctrl+e")
			tm.Type(".de@")
			sendKeys(tm, "down", "down", "down", "down")
			tm.Type("l")
			screenShows(t, tm, "is not a valid email address", "‹ Lead ›")
		}, unsavedQuit(t)},
		{"review", hubspottest.CustomerContactEmail, func(tm *tui) {
			edit(tm)
			sendKeys(tm, "down", "down")
			tm.Type("l")
			sendKeys(tm, "ctrl+s")
			screenShows(t, tm, "goes back from Customer to Lead")
		}, unsavedQuit(t)},
		{"batch", "", func(tm *tui) {
			screenMatches(t, tm, `[1-9][0-9]* loaded · more`)
			for range 8 {
				sendKeys(tm, " ")
			}
			screenShows(t, tm, "8 marked")
			sendKeys(tm, "e")
			screenShows(t, tm, "Property to set on 8 contacts")
			tm.Type("lifecycle")
			screenShows(t, tm, "1 of 1")
			sendKeys(tm, "enter")
			screenShows(t, tm, "Set a property on 8 marked contacts")
			tm.Type("sales")
			sendKeys(tm, "ctrl+s")
			screenShows(t, tm, "on 8 contacts?")
			sendKeys(tm, "y")
			screenShows(t, tm, "Updated: ")
		}, func(tm *tui) *App { return quit(t, tm) }},
	}
	for _, s := range shots {
		tm := app(t, c, func(o *Options) { o.Open, o.Profile = s.open, "demo"; o.Demo = true })
		s.play(tm)
		freeze(t, s.quit(tm).View(), filepath.Join(*screenshotDir, s.name+".png"))
	}
}

// unsavedQuit ends a shot whose form holds changes: ctrl+c, then yes.
func unsavedQuit(t *testing.T) func(tm *tui) *App {
	return func(tm *tui) *App { return leaveApp(t, tm, true) }
}
