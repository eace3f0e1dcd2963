package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/stretchr/testify/assert"

	"github.com/hubcontacts/hubcontacts/api"
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
			tm.settle(time.Minute, true) // the reloads done, every timer run: the sentence stays until a key
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

// The sentence after pinning another activity is one status line: long titles are cut so that
// its end ("is no longer pinned") still shows at 80 columns.
func TestPinnedInsteadFitsTheStatusLine(t *testing.T) {
	task := api.Activity{Type: api.ObjectTasks, Title: "Check invoice status"}
	was := api.Activity{Type: api.ObjectTasks, Title: "Send the proposal for the renewal of the support contract"}
	for _, w := range []int{80, 120} {
		s := pinnedInstead(task, was, w)
		assert.LessOrEqual(t, ansi.StringWidth(s), w, s)
		assert.True(t, strings.HasPrefix(s, "Pinned the task “Check invoice"), s)
		assert.True(t, strings.HasSuffix(s, "” is no longer pinned"), s)
	}
	assert.Equal(t, "Pinned the note; the call “Renewal call” is no longer pinned",
		pinnedInstead(api.Activity{Type: api.ObjectNotes}, api.Activity{Type: api.ObjectCalls, Title: "Renewal call"}, 80))
}
