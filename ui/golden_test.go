package ui

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Goldens, where the layout is the point: whole frames at 80×24 under the Ascii profile (set
// in TestMain), from a deterministic sandbox. Update with `go test ./ui -run Golden -update`.

// goldenApp is the app at 80×24 on a seeded sandbox, opened on open, settled.
func goldenApp(t *testing.T, fam families.Family, open string) *tui {
	_, c := sandbox(t, fam, func(o *hubspottest.Options) { o.Empty, o.Contacts, o.Seed = false, 40, 3 })
	u := appAt(t, c, 80, 24, func(o *Options) { o.Open, o.Profile = open, "work" })
	u.settle(0, true)
	return u
}

// goldenFrames checks the frame frame leaves under each API family against the test's one
// golden file: the screen does not depend on the family.
func goldenFrames(t *testing.T, frame func(t *testing.T, fam families.Family) string) {
	got := map[string]string{}
	families.Run(t, func(t *testing.T, fam families.Family) { got[fam.Name] = frame(t, fam) })
	first := families.All()[0].Name
	for name, f := range got {
		assert.Equal(t, got[first], f, "the frame under %s is the one under %s", name, first)
	}
	golden.RequireEqual(t, []byte(got[first]))
}

func TestGoldenList(t *testing.T) {
	goldenFrames(t, func(t *testing.T, fam families.Family) string {
		u := goldenApp(t, fam, "")
		u.press("j", " ", "j")
		return u.frame()
	})
}

func TestGoldenDetail(t *testing.T) {
	goldenFrames(t, func(t *testing.T, fam families.Family) string {
		u := goldenApp(t, fam, hubspottest.SecondaryEmailsContactEmail)
		require.IsType(t, &detailPane{}, u.app.top())
		u.press("j", "j")
		return u.frame()
	})
}

func TestGoldenHelp(t *testing.T) {
	goldenFrames(t, func(t *testing.T, fam families.Family) string {
		u := goldenApp(t, fam, "")
		u.press("?")
		return u.frame()
	})
}
