package ui

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// screenshotDir is where `make screenshots` wants the PNGs; empty skips TestScreenshots.
var screenshotDir = flag.String("screenshots", "", "write screenshots/*.png here (make screenshots)")

// TestScreenshots renders the list, find, detail and history panes, a contact's associations,
// secondary emails and activities, a company and the merge screen, from the seeded sandbox
// at 120×36 in colour and turns each final frame into a PNG with `go tool freeze`.
func TestScreenshots(t *testing.T) {
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
	}{
		{"list", "", func(tm *tui) {
			screenMatches(t, tm, `[1-9][0-9]* loaded · more`)
			keys(tm, "j", "j", "j", " ", "j", " ", "j")
		}},
		{"find", "", func(tm *tui) {
			screenMatches(t, tm, `[1-9][0-9]* loaded · more`)
			keys(tm, "/")
			tm.Type("berg")
			screenShows(t, tm, "HubSpot answered")
		}},
		{"filter", "", func(tm *tui) {
			screenMatches(t, tm, `[1-9][0-9]* loaded · more`)
			keys(tm, "/")
			tm.Type("lifecycle:lead country:germany phone:any")
			screenShows(t, tm, "matches (HubSpot's search)")
		}},
		{"views", "", func(tm *tui) {
			screenMatches(t, tm, `[1-9][0-9]* loaded · more`)
			keys(tm, "v")
			screenShows(t, tm, "German leads")
			keys(tm, "down", "down", "down")
		}},
		{"detail", "", func(tm *tui) {
			screenMatches(t, tm, `[1-9][0-9]* loaded · more`)
			keys(tm, "/")
			tm.Type(hubspottest.PinnedContactEmail)
			keys(tm, "enter")
			screenShows(t, tm, hubspottest.PinnedCallTitle)
			keys(tm, "j", "j")
		}},
		{"history", hubspottest.CustomerContactEmail, func(tm *tui) {
			screenShows(t, tm, "Lifecycle Stage")
			for range stepsTo(t, c, hubspottest.CustomerContactEmail, "lifecyclestage") {
				keys(tm, "j")
			}
			keys(tm, "h")
			screenShows(t, tm, "Lifecycle Stage history", "4 values")
		}},
		{"associations", hubspottest.SecondaryEmailsContactEmail, func(tm *tui) {
			screenShows(t, tm, "Companies ")
			keys(tm, "a")
			screenShows(t, tm, "Associations of", "Billing contact")
		}},
		{"emails", hubspottest.SecondaryEmailsContactEmail, func(tm *tui) {
			screenShows(t, tm, "Companies ")
			keys(tm, "m")
			screenShows(t, tm, hubspottest.SecondaryEmail2)
			keys(tm, "j")
		}},
		{"activities", hubspottest.PinnedContactEmail, func(tm *tui) {
			screenShows(t, tm, "Companies ")
			keys(tm, "p")
			screenShows(t, tm, "(pinned)")
		}},
		{"record", hubspottest.SecondaryEmailsContactEmail, func(tm *tui) {
			screenShows(t, tm, "Companies ")
			keys(tm, "a")
			screenShows(t, tm, hubspottest.FirstCompanyName+" (primary)")
			keys(tm, "enter")
			screenShows(t, tm, "Company · id", "enter lists them")
		}},
		{"merge", "", func(tm *tui) {
			// The seed's two Imran Fernandos, the 7th and the 16th contact.
			screenMatches(t, tm, `[1-9][0-9]* loaded · more`)
			keys(tm, "j", "j", "j", "j", "j", "j", " ", "j", "j", "j", "j", "j", "j", "j", "j", " ")
			screenShows(t, tm, "2 marked (M merges them)")
			keys(tm, "M")
			screenShows(t, tm, "(imranfernando@cedargate-health.co, id", "all of both")
		}},
	}
	cfg := viewConfig(t, "profiles:\n  demo:\n    views:\n      German leads:\n        filter: lifecycle:lead country:germany\n        sort: -createdate\n")
	for _, s := range shots {
		tm := app(t, c, func(o *Options) { o.Open, o.Profile, o.Config = s.open, "demo", cfg; o.Demo = true })
		s.play(tm)
		frame := quit(t, tm).View()
		freeze(t, frame, filepath.Join(*screenshotDir, s.name+".png"))
	}
}

// stepsTo counts the j presses from a contact's first property to prop, on a detail pane of its
// own (the one in the program cannot be read from the test's goroutine).
func stepsTo(t *testing.T, c *api.Client, ref, prop string) int {
	e, _ := paneEnv(t, c)
	hs := drive(t, newDetailPane(e, ref, ""), 120, 33)
	d := hs.pane.(*detailPane)
	for n := range 100 {
		if d.selectedProp() == prop {
			return n
		}
		hs.key("j")
	}
	t.Fatalf("%s has no %s", ref, prop)
	return 0
}

// freeze renders an ANSI frame to a PNG.
func freeze(t *testing.T, frame, out string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(out), 0o755))
	cmd := exec.Command("go", "tool", "freeze", "--language", "ansi", "--window",
		"--background", "#171717", "--border.radius", "8", "--padding", "20", "--margin", "0",
		"--font.size", "14", "--output", out)
	cmd.Stdin = bytes.NewBufferString(frame)
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "freeze: %s", msg)
}
