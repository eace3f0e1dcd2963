package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// createPeople makes contacts from property maps, in batches of 100, and returns their ids.
func createPeople(t *testing.T, c *api.Client, people []map[string]string) []string {
	t.Helper()
	var ids []string
	for lo := 0; lo < len(people); lo += api.MaxBatchInputs {
		res, err := c.BatchCreateContacts(context.Background(), people[lo:min(lo+api.MaxBatchInputs, len(people))])
		require.NoError(t, err)
		for i, r := range res {
			require.Nil(t, r.Err, "create %d", lo+i)
			ids = append(ids, r.Object.ID)
		}
	}
	return ids
}

// stagesPeople are n contacts whose lifecycle stages cycle through stages ("" for none).
func stagesPeople(n int, stages ...string) []map[string]string {
	out := make([]map[string]string, n)
	for i := range out {
		out[i] = map[string]string{"email": fmt.Sprintf("p%d@example.com", i), "firstname": "P", "lastname": fmt.Sprint(i)}
		if s := stages[i%len(stages)]; s != "" {
			out[i]["lifecyclestage"] = s
		}
	}
	return out
}

// loadAll pages the list to its end.
func loadAll(hs *harness, l *listPane) {
	for !l.done {
		hs.key("G")
	}
}

// cellsOf is a column's cells, top to bottom.
func cellsOf(l *listPane, key string) []string {
	i := slices.Index(l.cols.keys, key)
	out := make([]string, l.table.Len())
	for pos := range out {
		out[pos] = l.table.At(pos).Cells[i]
	}
	return out
}

// Sorting by lifecycle stage follows its options' order (Subscriber … Customer), whichever way
// HubSpot's search sorts an enumeration (the sandbox does both), across pages and segments; no
// stage comes last either way.
func TestListSortsEnumerationsInTheirOptionsOrder(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		rank := map[string]int{"Subscriber": 0, "Lead": 1, "Marketing Qualified Lead": 2, "Opportunity": 4, "Customer": 5, "": 9}
		for _, order := range []hubspottest.EnumOrder{hubspottest.EnumByValue, hubspottest.EnumByOptions} {
			t.Run(fmt.Sprint(order), func(t *testing.T) {
				_, c := sandbox(t, fam, func(o *hubspottest.Options) { o.SearchEnumOrder = order })
				createPeople(t, c, stagesPeople(460, "customer", "lead", "", "subscriber", "lead", "opportunity", "marketingqualifiedlead", "lead"))
				e, _ := paneEnv(t, c)
				hs := drive(t, newListPane(e), 120, 30)
				l := hs.pane.(*listPane)
				for l.sortBy != "lifecyclestage" {
					hs.key("s")
				}
				assert.Contains(t, l.View(), "Lifecycle Stage ▲", "the sort indicator shows on the column")
				loadAll(hs, l)
				got := cellsOf(l, "lifecyclestage")
				require.Len(t, got, 460)
				assert.True(t, slices.IsSortedFunc(got, func(a, b string) int { return rank[a] - rank[b] }), "options' order: %v", got[:10])
				assert.Equal(t, "Subscriber", got[0])
				assert.Equal(t, "", got[459], "no stage last")
				assert.Equal(t, "460 of 460", l.Info())

				hs.key("S")
				loadAll(hs, l)
				got = cellsOf(l, "lifecyclestage")
				require.Len(t, got, 460)
				assert.Equal(t, "Customer", got[0])
				assert.True(t, slices.IsSortedFunc(got[:len(got)-58], func(a, b string) int { return rank[b] - rank[a] }), "reversed")
				assert.Equal(t, "", got[459], "no stage still last")
				assert.Contains(t, l.View(), "Lifecycle Stage ▼")
			})
		}
	})
}

// viewConfig writes a configuration file holding views, and returns it loaded.
func viewConfig(t *testing.T, body string) *config.Config {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
	c, err := config.Load(path)
	require.NoError(t, err)
	return c
}

func TestListStartsOnAView(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		ids := createPeople(t, c, stagesPeople(30, "lead", "customer", "lead"))
		cfg := viewConfig(t, "profiles:\n  test:\n    views:\n      Leads:\n        filter: lifecycle:lead\n        columns: [email, lifecyclestage]\n        sort: -email\n")
		e, _ := paneEnv(t, c, func(o *Options) { o.Config, o.View = cfg, "LEADS" })
		hs := drive(t, newListPane(e), 100, 30)
		l := hs.pane.(*listPane)
		loadAll(hs, l)
		assert.Equal(t, "Leads", l.Title(), "the view's name is the crumb")
		assert.Equal(t, []string{"email", "lifecyclestage"}, l.cols.keys, "its columns")
		assert.Equal(t, "20 matches", l.Info())
		emails := cellsOf(l, "email")
		assert.True(t, slices.IsSortedFunc(emails, func(a, b string) int { return strings.Compare(b, a) }), "its sort: -email")
		assert.Contains(t, l.View(), "Email ▼")
		var want []string
		for i, id := range ids {
			if i%3 != 1 {
				want = append(want, id)
			}
		}
		var got []string
		for pos := range l.table.Len() {
			got = append(got, l.table.At(pos).ID)
		}
		assert.ElementsMatch(t, want, got)

		_, err := newEnv(context.Background(), Options{Client: c, Profile: "test", Config: cfg, View: "nope"})
		assert.ErrorContains(t, err, `there is no view "nope" in profile "test"`)
	})
}

// A view whose filter cannot be read says why in the status bar; the list stays empty.
func TestListViewWithABadFilter(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 3)
		cfg := viewConfig(t, "profiles:\n  test:\n    views:\n      Broken:\n        filter: lifecyle:lead\n")
		e, _ := paneEnv(t, c, func(o *Options) { o.Config, o.View = cfg, "Broken" })
		hs := drive(t, newListPane(e), 100, 30)
		l := hs.pane.(*listPane)
		assert.Zero(t, l.table.Len())
		assert.Contains(t, l.View(), `The view “Broken”: lifecyle:lead: there is no property "lifecyle": did you mean lifecyclestage`)
		assert.Contains(t, l.View(), "r tries again; v chooses another view")
	})
}

// recentFirstApp is the app on a list of three leads, the profile holding one saved view,
// "Recent first" (newest first), the list loaded.
func recentFirstApp(t *testing.T, fam families.Family) (*App, *listPane) {
	t.Helper()
	_, c := sandbox(t, fam)
	createPeople(t, c, stagesPeople(3, "lead"))
	cfg := viewConfig(t, "profiles:\n  test:\n    views:\n      Recent first:\n        sort: -createdate\n")
	e, _ := paneEnv(t, c, func(o *Options) { o.Config = cfg })
	l := newListPane(e)
	m := sized(newApp(e, l, "", nil))
	feed(m, m.Init())
	return m, l
}

// The views picker opens the moment v is pressed and reads the views as it opens: keys typed
// before the file has been read are its text, not keys for the list below it ("re" of
// "recent" would refresh the list and open the edit form).
func TestViewsPickerTakesTheKeysTypedWhileItReads(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		m, l := recentFirstApp(t, fam)
		require.Equal(t, 3, l.table.Len())

		_, opened := m.Update(press("v")) // the views are read off the UI goroutine: not yet answered
		var typed []tea.Cmd
		for _, k := range []string{"r", "e"} {
			_, cmd := m.Update(press(k))
			typed = append(typed, cmd)
		}
		feed(m, tea.Batch(append([]tea.Cmd{opened}, typed...)...))

		require.Len(t, m.stack, 2, "the picker over the list, no edit form")
		p, ok := m.top().(*pickerPane)
		require.True(t, ok)
		assert.Equal(t, "re", p.input.Value())
		feed(m, func() tea.Msg { return press("enter") })
		assert.Equal(t, "Recent first", l.Title(), "enter chose the view the text found")
	})
}

// A key that acts on the views (here ctrl+x, delete) pressed before they are read waits for them,
// and then acts on the view the text found; the keys after it wait behind it (y answers the
// question ctrl+x asks, it is not typed into the box).
func TestViewsPickerKeepsItsKeysUntilTheViewsAreRead(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		m, _ := recentFirstApp(t, fam)

		var cmds []tea.Cmd
		for _, k := range []string{"v", "r", "e", "ctrl+x", "y"} { // all before the views are read
			_, cmd := m.Update(press(k))
			cmds = append(cmds, cmd)
		}
		feed(m, tea.Batch(cmds...))
		assert.Contains(t, m.View(), "Deleted the view “Recent first”", "ctrl+x asked once the views were read, y answered")
		p, ok := m.top().(*pickerPane)
		require.True(t, ok)
		assert.Equal(t, "re", p.input.Value())
	})
}
