package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// readmeKeyRow is one row of the README's key table ("Using it"): the keys it names, the panes
// it names them for, what it says they do.
type readmeKeyRow struct {
	keys   []string
	where  []string
	does   string
	source string
}

// readmeKeyTable parses the README's table headed "| Key | Where | Does |".
func readmeKeyTable(t *testing.T) []readmeKeyRow {
	t.Helper()
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	lines := strings.Split(string(readme), "\n")
	start := -1
	for i, l := range lines {
		if strings.HasPrefix(strings.ReplaceAll(l, " ", ""), "|Key|Where|Does|") {
			start = i + 2 // the header, then the |---| line
			break
		}
	}
	require.GreaterOrEqual(t, start, 2, "the README has a key table headed | Key | Where | Does |")
	code := regexp.MustCompile("`([^`]+)`")
	var rows []readmeKeyRow
	for _, l := range lines[start:] {
		if !strings.HasPrefix(l, "|") {
			break
		}
		cells := strings.Split(strings.Trim(l, "|"), "|")
		require.Len(t, cells, 3, "a row of three cells: %s", l)
		r := readmeKeyRow{does: strings.TrimSpace(cells[2]), source: l}
		for _, m := range code.FindAllStringSubmatch(cells[0], -1) {
			r.keys = append(r.keys, readmeKey(m[1]))
		}
		for _, w := range strings.Split(cells[1], ",") {
			r.where = append(r.where, strings.TrimSpace(w))
		}
		require.NotEmpty(t, r.keys, "a row names keys in backquotes: %s", l)
		rows = append(rows, r)
	}
	require.NotEmpty(t, rows)
	return rows
}

// readmeKey is a key as the README writes it, as bubbletea names it.
func readmeKey(s string) string {
	switch s {
	case "↓":
		return "down"
	case "↑":
		return "up"
	case "pgdn":
		return "pgdown"
	case "space":
		return " "
	}
	return s
}

// Every key the README's key table names works where the table says: bound by the key map in
// that pane's key table (offered there, with its data loaded), or, for "anywhere", one of the
// root's global keys.
func TestREADMEKeyTableKeysAreBound(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		km := e.keys

		list := drive(t, newListPane(e), 120, 30)
		l := list.pane.(*listPane)
		require.Positive(t, l.table.Len())
		list.key(" ") // with a contact marked, every key of the list is offered (u and esc unmark)
		list.key("/")
		find, ok := list.opened().(*findPane)
		require.True(t, ok, "/ opens find")
		drive(t, find, 120, 30).typeIn("ada") // with matches, every key of find is offered
		detail := drive(t, newDetailPane(e, f.contact, "Ada Lovelace"), 120, 40)
		detail.key("j")
		detail.key("h")
		history, ok := detail.opened().(*historyPane)
		require.True(t, ok, "h on a property opens its history")
		drive(t, history, 120, 30)
		panes := map[string][]Pane{
			"list":    {l},
			"find":    {find},
			"detail":  {detail.pane},
			"history": {history},
		}
		rel := adaRef(f)
		activities := drive(t, newActivitiesPane(e, rel), 120, 20).pane
		panes["activities"] = []Pane{activities}
		assoc := drive(t, newAssocPane(e, rel), 120, 20).pane
		panes["associations"] = []Pane{assoc}
		panes["lists"] = append([]Pane{l, history},
			assoc,
			drive(t, newEmailsPane(e, rel), 120, 20).pane,
			activities)
		// The views' picker, on a saved view (the built-in ones are neither deleted nor renamed).
		e.configPath = filepath.Join(t.TempDir(), "config.yaml")
		saved := []config.View{{Name: "Leads", Filter: "lifecycle:lead"}}
		views := newLocalPicker(e, l.ID(), "Views", []pickItem{{id: "Leads", label: "Leads"}}, func(pickItem, bool) tea.Cmd { return nil })
		views.extra = viewKeys(views, saved, func(string, string) {})
		panes["views"] = []Pane{views}
		global := []Key{km.Help, km.Quit, km.Back, km.Suspend}

		for _, r := range readmeKeyTable(t) {
			for _, k := range r.keys {
				for _, where := range r.where {
					if where == "anywhere" {
						assert.True(t, anyMatches(global, k), "README says %q works anywhere (%s), but it is none of the global keys: %s", k, r.does, r.source)
						continue
					}
					ps, known := panes[where]
					if !assert.True(t, known, "README names a pane this test does not know: %q in %s", where, r.source) {
						continue
					}
					for _, p := range ps {
						assert.True(t, boundIn(p, k) || anyMatches(global, k), "README says %q works in %s (%s), but %s does not bind it: %s", k, where, r.does, p.Title(), r.source)
					}
				}
			}
		}
	})
}

// boundIn reports whether k presses an offered binding of p's key table.
func boundIn(p Pane, k string) bool {
	for _, b := range p.keys() {
		if b.matches(press(k), isTyping(p)) {
			return true
		}
	}
	return false
}

func anyMatches(keys []Key, k string) bool {
	for _, key := range keys {
		if key.Matches(press(k)) {
			return true
		}
	}
	return false
}
