package ui

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// Goldens, where the layout is the point: whole frames at 80×24 under the Ascii profile (set
// in TestMain), from a deterministic sandbox. Update with `go test ./ui -run Golden -update`.

// goldenApp is the app at 80×24 on a seeded sandbox, opened on open, settled.
func goldenApp(t *testing.T, open string) *tui {
	_, c := sandbox(t, func(o *hubspottest.Options) { o.Empty, o.Contacts, o.Seed = false, 40, 3 })
	u := appAt(t, c, 80, 24, func(o *Options) { o.Open, o.Profile = open, "work" })
	u.settle(0, true)
	return u
}

func TestGoldenList(t *testing.T) {
	u := goldenApp(t, "")
	u.press("j", " ", "j")
	golden.RequireEqual(t, []byte(u.frame()))
}

func TestGoldenDetail(t *testing.T) {
	u := goldenApp(t, hubspottest.SecondaryEmailsContactEmail)
	require.IsType(t, &detailPane{}, u.app.top())
	u.press("j", "j")
	golden.RequireEqual(t, []byte(u.frame()))
}

func TestGoldenHelp(t *testing.T) {
	u := goldenApp(t, "")
	u.press("?")
	golden.RequireEqual(t, []byte(u.frame()))
}
