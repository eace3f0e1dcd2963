package ui

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/internal/families"
)

// copyLog records what the app copies.
type copyLog struct {
	mu     sync.Mutex
	copied []string
}

func (c *copyLog) copy(s string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.copied = append(c.copied, s)
	return nil
}

func (c *copyLog) last() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.copied) == 0 {
		return ""
	}
	return c.copied[len(c.copied)-1]
}

// Marks, as a user meets them: the footer says how many are marked and what acts on them; y
// copies their emails, one a line; esc unmarks them all; * marks every loaded contact and u
// unmarks; ctrl+t in find marks every contact found, loaded or not, and the list's actions
// reach them.
func TestFlowMarks(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		eachSize(t, func(t *testing.T, w, h int) {
			_, c := sandbox(t, fam)
			createContacts(t, c, 150)
			clip := &copyLog{}
			tm := appAt(t, c, w, h, func(o *Options) { o.copy = clip.copy })
			screenMatches(t, tm, ` (50|100) loaded · more`) // by the screen's height

			keys(tm, " ", " ", " ")
			screenShows(t, tm, "e edit 3 marked • d delete 3 marked • y copy 3 emails")
			keys(tm, "y")
			screenShows(t, tm, "Copied 3 emails")
			assert.Equal(t, "person1@example.com\nperson2@example.com\nperson3@example.com", clip.last())

			keys(tm, "?") // the full help says what esc does now: it unmarks, it goes nowhere
			screenMatches(t, tm, `esc +unmark all`)
			assert.NotRegexp(t, `esc +back`, tm.frame())
			keys(tm, "?", "esc")
			screenShows(t, tm, "enter open • / find • space mark")
			keys(tm, "*")
			screenMatchesAll(t, tm, `Marked the (50|100) loaded contacts; more are not loaded yet`, `e edit (50|100) marked`)
			keys(tm, "u")
			screenShows(t, tm, "enter open • / find • space mark")

			// person140 is not loaded: find marks it, and y in the list copies it with the rest.
			keys(tm, " ", "/")
			screenShows(t, tm, "name, email or company")
			tm.Type("person140@example.com")
			screenShows(t, tm, "HubSpot answered")
			keys(tm, "ctrl+t")
			screenShows(t, tm, "Marked 1 contact found; esc to the list to act on them", "2 marked")
			keys(tm, "esc", "esc")
			screenShows(t, tm, "y copy 2 emails")
			keys(tm, "y")
			screenShows(t, tm, "Copied 2 emails")
			assert.Equal(t, "person4@example.com\nperson140@example.com", clip.last())

			m := quit(t, tm)
			footer := screenLines(m)[h-1]
			assert.True(t, strings.HasPrefix(footer, "e edit 2 marked"), "the footer says how many are marked: %q", footer)
			require.Len(t, m.stack, 1)
			assert.Len(t, m.stack[0].(*listPane).marked(), 2)
		})
	})
}
