package ui

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Pinning another activity says the one pinned before no longer is (HubSpot keeps one pin a
// record and moves it without a word), from the list of activities and from one read in full.
func TestFlowPinningAnotherSaysThePreviousIsNoLongerPinned(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		eachSize(t, func(t *testing.T, w, h int) {
			_, c := relSandbox(t, fam)
			f := relSetup(t, c)
			tm := appAt(t, c, w, h, func(o *Options) { o.Open = "ada@example.com" })
			screenShows(t, tm, "Ada Lovelace")
			keys(tm, "p")
			screenShows(t, tm, "Renewal call")
			keys(tm, "P")
			screenShows(t, tm, "Pinned the call “Renewal call”: it now shows first")
			keys(tm, "j", "P")
			screenShows(t, tm, "Pinned the note; the call “Renewal call” is no longer pinned")
			keys(tm, "k", "enter")
			screenShows(t, tm, "Duration")
			keys(tm, "P")
			screenShows(t, tm, "Pinned the call “Renewal call”; the note is no longer pinned")
			quit(t, tm)
			assert.Equal(t, f.call, pinnedID(t, c, f.contact))
		})
	})
}
