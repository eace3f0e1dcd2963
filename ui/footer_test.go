package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Keys you can see (issue 12 item 2): the footer, ? in every pane, a rebinding everywhere.

// footerOf is the last line of a frame: the footer.
func footerOf(frame string) string {
	lines := strings.Split(frame, "\n")
	return strings.TrimRight(lines[len(lines)-1], " ")
}

// The footer shows the pane's most used keys first, each whole, and ends with "? more" when
// they do not all fit; the full help (?) lists the rest. The detail's footer used to be cut
// mid-word ("… show empty …") before it ever reached a, m, p or tab.
func TestFooterShowsWholeKeysMostUsedFirstThenMore(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		for _, size := range [][2]int{{80, 24}, {120, 36}} {
			inBubble(t, fam, hubspottest.Options{Empty: true}, ada, func(l *tui) {
				l.resize(size[0], size[1])
				l.settle(0, true)
				l.shows("Ada Lovelace  ada@example.com")
				foot := footerOf(l.frame())
				whole := strings.NewReplacer("copy…", "", "log an activity…", "").Replace(foot) // those ask what, then act
				assert.NotContains(t, whole, "…", "%v: no key is cut", size)
				assert.True(t, strings.HasSuffix(foot, " • ? more"), "%v: %q", size, foot)
				assert.True(t, strings.HasPrefix(foot, "e edit • y copy… • p activities • L log an activity… • h history"), "%v: the most used first: %q", size, foot)
				if size[0] >= 120 {
					assert.Contains(t, foot, "h history • a associations • enter whole value", "%v", size)
				}
				l.press("?")
				l.shows("Keys for Ada Lovelace", "delete", "new contact", "show empty", "previous pane", "open in HubSpot")
			}, onAda)
		}
	})
}

// helpKey is the key the footer names for the help ("?", or "f1" where a text box has the
// focus and ? is typed), and the help opens and closes with it.
func helpOpens(t *testing.T, l *tui, title string, typing bool) {
	t.Helper()
	foot := footerOf(l.frame())
	m := regexp.MustCompile(`(\S+) (help|more)$`).FindStringSubmatch(foot)
	require.NotNil(t, m, "%s: the footer names the help: %q", title, foot)
	want := "?"
	if typing {
		want = "f1"
	}
	assert.Equal(t, want, m[1], "%s: %q", title, foot)
	l.press(m[1])
	l.shows("Keys for " + title)
	l.press(m[1])
	assert.NotContains(t, l.frame(), "Keys for "+title, "%s: the same key closes it", title)
}

// ? works in every pane; where a text box has the focus (and ? is a character to type) a key
// that cannot be typed, f1, opens the help, and the footer says so.
func TestHelpOpensInEveryPane(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		inBubble(t, fam, hubspottest.Options{Empty: true}, ada, func(l *tui) {
			l.shows("1 loaded")
			helpOpens(t, l, "Contacts", false)
			l.press("/")
			l.shows("name, email or company")
			helpOpens(t, l, "Find", true)
			l.press("?")
			l.shows("/ ?") // typed
			l.press("esc", "esc")
			l.press("enter")
			l.shows("Ada Lovelace  ada@example.com")
			helpOpens(t, l, "Ada Lovelace", false)
			l.press("h")
			l.shows("history")
			helpOpens(t, l, "Email history", false)
			l.press("esc", "e")
			l.shows("Edit Ada Lovelace")
			helpOpens(t, l, "Edit Ada Lovelace", true)
			l.press("ctrl+n")
			l.shows("Add a field")
			helpOpens(t, l, "Add a field", true)
			l.press("esc", "esc")
			l.press("a")
			l.shows("Associations of Ada Lovelace")
			helpOpens(t, l, "Associations", false)
			l.press("n")
			l.shows("Associate Ada Lovelace with…")
			helpOpens(t, l, "Associate", false)
			l.press("enter")
			l.shows("Find: ")
			helpOpens(t, l, "Associate", true)
			l.press("esc", "esc", "tab")
			l.shows("Email addresses of Ada Lovelace")
			l.press("n")
			l.shows("Add secondary email:")
			helpOpens(t, l, "Secondary emails", true)
			l.press("esc", "tab")
			l.shows("Activities of Ada Lovelace")
			helpOpens(t, l, "Activities", false)
			l.press("esc", "esc", ":")
			l.shows("Paste or type email addresses")
			helpOpens(t, l, "Many emails", true)
			l.press("esc", "i")
			l.shows("Import contacts from a CSV file")
			helpOpens(t, l, "Import CSV", true)
			l.press("esc", "x")
			l.shows("Export every contact")
			helpOpens(t, l, "Export", true)
		})
	})
}

// A rebinding in the config reaches every pane's key table, so every pane and its help follow
// it: no pane binds a key of its own.
func TestEveryPaneTakesItsKeysFromTheKeyMap(t *testing.T) {
	e := testEnv()
	const fresh = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	rebound := map[string][]string{}
	allowed := map[string]bool{}
	names := e.keys.Names()
	require.LessOrEqual(t, len(names), len(fresh))
	for i, name := range names {
		k := "alt+" + string(fresh[i])
		rebound[name], allowed[k] = []string{k}, true
	}
	require.NoError(t, e.keys.Override(rebound))
	c := contact{id: "1", name: "Ada"}
	df := newDefs(nil, nil, e.loc)
	ts := []contact{{id: "1", name: "Ada"}}
	panes := []Pane{
		newListPane(e), newFindPane(e, columns{keys: e.settings.Columns}, nil), newDetailPane(e, "1", "Ada"),
		newHistoryPane(e, "1", "Ada", "email", df), newValuePane(e, "Email of Ada", "a", "a"),
		newEditForm(e, "1", "Ada", true), newCreateForm(e), newReviewPane(e, reviewSpec{defs: df}),
		newLocalPicker(e, 1, "Add a field", nil, nil), newCompanyPicker(e, 1, nil),
		newAssocPane(e, c), newAssocAddPane(e, c, 1, nil), newEmailsPane(e, c), newActivitiesPane(e, c),
		newActivityPane(e, c, api.Activity{}, activityNames{}, 1), newMyTasksPane(e),
		newActivityForm(e, c, api.ObjectNotes, nil, 1, nil), newSaveViewPane(e, config.View{}), newPastePane(e), newImportPane(e), newExportPane(e, nil, "every contact", nil),
		newBatchEdit(e, ts), newBatchArchive(e, ts),
	}
	for _, p := range panes {
		for _, b := range p.keys() {
			for _, k := range b.key.Keys() {
				assert.True(t, allowed[k], "%T binds %q (%s), a key the key map does not give", p, k, b.key.Name)
			}
		}
	}
}

// A rebinding reaches the keys themselves and the help, in a pane with a text box too.
func TestARebindingWorksInTheTextBoxesAndTheQuestionsToo(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		rebind := func(o *Options) {
			cfg := config.Defaults("")
			cfg.Keys = map[string][]string{"help": {"f2"}, "cancel": {"ctrl+g"}, "yes": {"ctrl+y"}}
			o.Config = cfg
		}
		inBubble(t, fam, hubspottest.Options{Empty: true}, ada, func(l *tui) {
			l.shows("1 loaded")
			l.sb.srv.ResetRequests()
			assert.True(t, strings.HasSuffix(footerOf(l.frame()), "f2 help") || strings.HasSuffix(footerOf(l.frame()), "f2 more"))
			l.press("/")
			l.shows("ctrl+g clear / back", "f2 help")
			l.press("esc")
			l.shows("name, email or company") // esc is no longer cancel
			l.press("ctrl+g")
			l.shows("1 loaded")
			l.press("d")
			l.shows("ctrl+y delete", "n/ctrl+g cancel")
			l.press("y")
			l.shows("1 loaded")
			assert.Empty(t, l.sb.srv.Writes(), "y is no longer yes")
			l.press("d", "ctrl+y")
			l.shows("Deleted Ada Lovelace")
		}, rebind)
	})
}
