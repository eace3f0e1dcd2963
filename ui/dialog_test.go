package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Dialogs (issue 12 item 7): drawn over the pane they belong to, their answer keys always on
// screen, every choice shown.

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// people creates Person 1..n (person1@example.com…).
func people(n int) func(c *api.Client) {
	return func(c *api.Client) {
		for i := 1; i <= n; i++ {
			_, err := c.CreateContact(context.Background(), map[string]string{
				"firstname": "Person", "lastname": fmt.Sprint(i), "email": fmt.Sprintf("person%d@example.com", i)})
			must(err)
		}
	}
}

// The delete question is a dialog over the list: the list shows around it, the header keeps
// the list's crumb, and the answers (y delete, n/esc cancel) are on screen at every size, down
// to the smallest the app lays out (60×12, where the question's details give way).
func TestDialogIsDrawnOverItsPaneWithItsAnswerKeys(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		for _, size := range [][2]int{{60, 12}, {80, 24}, {120, 36}} {
			inBubble(t, fam, hubspottest.Options{Empty: true}, people(40), func(l *tui) {
				l.resize(size[0], size[1])
				l.settle(0, true)
				l.shows("40 loaded")
				l.press("d")
				f := l.frame()
				lines := strings.Split(f, "\n")
				assert.Contains(t, f, "Delete contact", "%v", size)
				assert.Contains(t, f, "y delete", "%v: the answer", size)
				assert.Contains(t, f, "n/esc cancel", "%v: and the default", size)
				assert.True(t, strings.HasSuffix(strings.TrimSpace(lines[0]), "Contacts"), "%v: the header's crumbs are the list's: %q", size, lines[0])
				bottom := lines[len(lines)-4] // the body's last line
				assert.Regexp(t, `person\d+@`, bottom, "%v: the list shows around the dialog", size)
				if size[1] >= 24 {
					assert.Contains(t, f, "restored for 90", "%v: room for the details", size)
					assert.Contains(t, f, "First Name", "%v: the list's header above the dialog", size)
				}
				l.press("esc")
				l.shows("40 loaded")
				assert.NotContains(t, l.frame(), "Delete contact")
			})
		}
	})
}

// labelled creates Ada with a company she is associated with under three labels besides the
// unlabelled type.
func labelled(c *api.Client) {
	ctx := context.Background()
	o, err := c.CreateContact(ctx, map[string]string{"firstname": "Ada", "lastname": "Lovelace", "email": "ada@example.com"})
	must(err)
	co, err := c.CreateObject(ctx, api.ObjectCompanies, map[string]string{"name": "Analytical Engines"})
	must(err)
	for _, typ := range []int{api.AssocContactToCompany, api.AssocContactToPrimaryCompany, hubspottest.TypeContactToCompanyBilling, hubspottest.TypeContactToCompanyFormer} {
		must(c.Associate(ctx, o.ID, api.ObjectCompanies, co.ID, typ))
	}
}

// The question of what to remove of an association with labels names every choice whole (it
// was one status-bar line, cut at "…the label “Former emplo…" with the other choices hidden).
func TestRemoveLabelQuestionShowsEveryChoice(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		for _, size := range [][2]int{{80, 24}, {120, 36}} {
			inBubble(t, fam, hubspottest.Options{Empty: true}, labelled, func(l *tui) {
				l.resize(size[0], size[1])
				l.settle(0, true)
				l.shows("Ada Lovelace  ada@example.com")
				l.press("a")
				l.shows("Analytical Engines (primary)")
				l.press("d")
				l.shows("Remove what between Ada Lovelace and company Analytical Engines?", "a the whole association",
					"1 the label “Primary”", "2 the label “Billing contact”", "3 the label “Former employee”", "any other key cancels")
				l.press("3")
				l.shows("Remove label", "Remove the label “Former employee” between", "y remove")
				l.press("y")
				l.shows("Removed the label “Former employee”")
			}, onAda)
		}
	})
}

// Two escapes read in one go ("\x1b\x1b", a quick double tap, or a terminal that batches
// them) reach bubbletea as alt+esc: they are two escapes (issue 12 item 9).
func TestTwoEscapesReadTogetherAreTwoEscapes(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		inBubble(t, fam, hubspottest.Options{Empty: true}, labelled, func(l *tui) {
			l.shows("Ada Lovelace  ada@example.com")
			l.press("a")
			l.shows("Associations of Ada Lovelace")
			l.write("\x1b\x1b")
			l.shows("1 loaded")
			assert.IsType(t, &listPane{}, l.app.top(), "back from the associations, then from the detail")
			l.write("\x1b")
			assert.IsType(t, &listPane{}, l.app.top(), "one escape on the list does nothing")
		}, onAda)
	})
}
