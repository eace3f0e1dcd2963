package ui

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// TestScreenshotsActivities renders the activity form (a call being logged) and My tasks from
// the seeded sandbox, as TestScreenshots does for the other panes (`make screenshots` runs it).
// The app's clock stands at SeedBase, the day the seeded tasks fall due around.
func TestScreenshotsActivities(t *testing.T) {
	if *screenshotDir == "" {
		t.Skip("make screenshots runs this with -screenshots=DIR")
	}
	lipgloss.SetColorProfile(termenv.TrueColor)
	lipgloss.SetHasDarkBackground(true)
	t.Cleanup(func() { lipgloss.SetColorProfile(termenv.Ascii) })
	_, c := sandbox(t, families.V3(), func(o *hubspottest.Options) { o.Empty, o.Seed = false, 1 }) // pictures: one family is enough
	shots := []struct {
		name string
		open string
		play func(tm *tui)
		quit func(tm *tui) *App
	}{
		{"activity-form", hubspottest.FirstContactEmail, func(tm *tui) {
			screenShows(t, tm, "Companies ")
			sendKeys(tm, "L", "c")
			screenShows(t, tm, "Log a call on Maria Garcia")
			tm.Type("Pricing follow-up")
			sendKeys(tm, "tab")
			tm.Type("Went through the three plans.")
			sendKeys(tm, "enter")
			tm.Type("She wants the annual one; quote by Friday.")
			sendKeys(tm, "tab", "right", "right", "tab")
			tm.Type("Con")
			sendKeys(tm, "tab")
			tm.Type("12:30")
			sendKeys(tm, "tab")
			screenShows(t, tm, "Connected")
		}, unsavedQuit(t)},
		{"my-tasks", "", func(tm *tui) {
			screenMatches(t, tm, `[1-9][0-9]* loaded · more`)
			sendKeys(tm, "t")
			screenShows(t, tm, "My tasks · Sam Sandbox", "overdue")
		}, func(tm *tui) *App { return quit(t, tm) }},
	}
	for _, s := range shots {
		tm := app(t, c, func(o *Options) {
			o.Open, o.Profile, o.Demo, o.Me = s.open, "demo", true, hubspottest.MeOwnerID
			o.now = func() time.Time { return hubspottest.SeedBase() }
		})
		s.play(tm)
		freeze(t, s.quit(tm).View(), filepath.Join(*screenshotDir, s.name+".png"))
	}
}
