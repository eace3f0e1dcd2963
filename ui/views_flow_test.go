package ui

import (
	"encoding/csv"
	tea "github.com/charmbracelet/bubbletea"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// The flows, the whole app against the sandbox: type a filter and see the count and rows
// HubSpot returns; save it as a view, start again on that view and see the same rows; export a
// view and get exactly its contacts.

// viewsPeople are contacts to filter: leads and customers, some with a phone, in two countries.
func viewsPeople() []map[string]string {
	var out []map[string]string
	for i := range 60 {
		p := map[string]string{"email": "v" + itoa(i) + "@example.com", "firstname": "V", "lastname": itoa(i),
			"lifecyclestage": []string{"lead", "customer", "lead"}[i%3], "country": []string{"Germany", "France"}[i%2]}
		if i%4 == 0 {
			p["phone"] = "+49 30 " + itoa(1000+i)
		}
		out = append(out, p)
	}
	return out
}

// storeEmails are the emails of the sandbox's contacts that keep, sorted.
func storeEmails(srv *hubspottest.Server, keep func(props map[string]string) bool) []string {
	var out []string
	_ = srv.Store().View(func(tx *hubspottest.Tx) error {
		tx.All(hubspottest.Contacts, func(o *hubspottest.Object) bool {
			if !o.Archived && keep(o.Props) {
				out = append(out, o.Props["email"])
			}
			return true
		})
		return nil
	})
	slices.Sort(out)
	return out
}

// germanLeadsNoPhone is the flows' filter, and what it should find.
const germanLeadsNoPhone = "lifecycle:lead country:germany phone:none"

func isGermanLeadNoPhone(p map[string]string) bool {
	return p["lifecyclestage"] == "lead" && strings.EqualFold(p["country"], "germany") && p["phone"] == ""
}

// shownEmails are the emails on the screen's table.
var emailRE = regexp.MustCompile(`v\d+@example\.com`)

func shownEmails(m *App) []string {
	out := emailRE.FindAllString(strings.Join(screenLines(m), "\n"), -1)
	slices.Sort(out)
	return slices.Compact(out)
}

func TestFlowFilterSaveAsViewAndStartOnIt(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := sandbox(t, fam)
		createPeople(t, c, viewsPeople())
		want := storeEmails(srv, isGermanLeadNoPhone)
		require.NotEmpty(t, want)
		path := filepath.Join(t.TempDir(), "config.yaml")
		require.NoError(t, os.WriteFile(path, []byte("theme: plain\n"), 0o600))
		cfg, err := config.Load(path)
		require.NoError(t, err)

		tm := app(t, c, func(o *Options) { o.Config = cfg })
		screenShows(t, tm, "60 loaded")
		keys(tm, "/")
		tm.Type(germanLeadsNoPhone)
		screenShows(t, tm, itoa(len(want))+" matches (HubSpot's search)")
		keys(tm, "ctrl+s")
		screenShows(t, tm, "Save view", "Name:")
		tm.Type("German leads")
		keys(tm, "enter")
		screenShows(t, tm, "Saved the view “German leads”")
		m := quit(t, tm)
		assert.Equal(t, want, shownEmails(m), "find showed HubSpot's answer")

		saved, err := config.Load(path)
		require.NoError(t, err)
		v, ok := saved.View("test", "German leads")
		require.True(t, ok, "the view is in the file")
		assert.Equal(t, germanLeadsNoPhone, v.Filter)

		again := app(t, c, func(o *Options) { o.Config, o.View = saved, "german leads" })
		screenShows(t, again, "German leads", itoa(len(want))+" matches")
		m = quit(t, again)
		assert.Equal(t, "German leads", m.stack[0].Title(), "the view's name in the header")
		assert.Equal(t, want, shownEmails(m), "the same rows")
	})
}

func TestFlowExportFromAViewWritesExactlyItsContacts(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := sandbox(t, fam)
		createPeople(t, c, viewsPeople())
		cfg := viewConfig(t, "profiles:\n  test:\n    views:\n      German leads:\n        filter: "+germanLeadsNoPhone+"\n        columns: [email, country]\n")
		want := storeEmails(srv, isGermanLeadNoPhone)
		out := filepath.Join(t.TempDir(), "leads.csv")
		tm := app(t, c, func(o *Options) { o.Config, o.View = cfg, "German leads" })
		screenShows(t, tm, itoa(len(want))+" matches")
		keys(tm, "x")
		screenShows(t, tm, "Export the view “German leads”: "+count(len(want), "contact", "contacts"))
		keys(tm, "ctrl+u")
		tm.Type(out)
		keys(tm, "enter")
		screenShows(t, tm, "Exported "+count(len(want), "contact", "contacts"))
		quit(t, tm)

		f, err := os.Open(out)
		require.NoError(t, err)
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		require.NoError(t, err)
		assert.Equal(t, []string{"hs_object_id", "email", "firstname", "lastname", "country"}, recs[0], "the view's columns")
		var got []string
		for _, r := range recs[1:] {
			got = append(got, r[1])
		}
		slices.Sort(got)
		assert.Equal(t, want, got, "exactly the view's contacts, as the sandbox holds them")
	})
}

// A filter names an owner as people do, by name (through the portal's owners), and says so when
// a name is more than one owner.
func TestFlowFilterByOwnerName(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := sandbox(t, fam)
		people := viewsPeople()
		for i, p := range people {
			p["hubspot_owner_id"] = []string{hubspottest.AdaOwnerID, hubspottest.MeOwnerID}[i%2]
		}
		createPeople(t, c, people)
		want := storeEmails(srv, func(p map[string]string) bool { return p["hubspot_owner_id"] == hubspottest.AdaOwnerID })
		require.Len(t, want, 30)

		tm := app(t, c)
		screenShows(t, tm, "60 loaded")
		keys(tm, "/")
		tm.Type("owner:ada")
		screenShows(t, tm, `"ada" is 2 owners: Ada Lovelace`, "Ada Yonath", "write more of the name, or the email")
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlU})
		tm.Type("owner:lovelace")
		screenShows(t, tm, "30 matches (HubSpot's search)")
		m := quit(t, tm)
		shown := shownEmails(m)
		assert.Greater(t, len(shown), 20, "as many as the screen holds")
		assert.Subset(t, want, shown, "only Ada Lovelace's contacts")
		for _, r := range srv.Requests() {
			if r.IsSearch() && strings.Contains(string(r.Body), "hubspot_owner_id") {
				assert.Contains(t, string(r.Body), `"value":"`+hubspottest.AdaOwnerID+`"`, "the owner's id was searched")
			}
		}
	})
}

// A saved view is deleted from the views' picker after a question that names it (no keeps it),
// and renamed there; the configuration file follows. A built-in view offers neither.
func TestFlowDeleteAndRenameAView(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createPeople(t, c, viewsPeople()[:3])
		path := filepath.Join(t.TempDir(), "config.yaml")
		require.NoError(t, os.WriteFile(path, []byte("theme: plain\nprofiles:\n  test:\n    views:\n      German leads:\n        filter: lifecycle:lead country:germany\n      Old one:\n        sort: -createdate\n"), 0o600))
		cfg, err := config.Load(path)
		require.NoError(t, err)
		savedNames := func() []string {
			c, err := config.Load(path)
			require.NoError(t, err)
			var out []string
			for _, v := range c.Views("test")[len(config.BuiltinViews()):] {
				out = append(out, v.Name)
			}
			return out
		}

		tm := app(t, c, func(o *Options) { o.Config = cfg })
		screenShows(t, tm, "3 loaded")
		keys(tm, "v")
		screenShows(t, tm, "All contacts", "German leads", "Old one")
		keys(tm, "ctrl+x") // on All contacts: built in, not offered
		assert.NotContains(t, tm.frame(), "Delete view")
		assert.NotContains(t, tm.frame(), "delete the view")
		tm.Type("german")
		screenShows(t, tm, "ctrl+x delete the view", "ctrl+r rename the view")
		keys(tm, "ctrl+x")
		screenShows(t, tm, "Delete the view “German leads”?", "It shows lifecycle:lead country:germany", "(default: No)")
		keys(tm, "n")
		assert.Equal(t, []string{"German leads", "Old one"}, savedNames(), "no deletes nothing")
		keys(tm, "ctrl+x", "y")
		screenShows(t, tm, "Deleted the view “German leads”")
		assert.Equal(t, []string{"Old one"}, savedNames())

		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlU})
		tm.Type("old")
		keys(tm, "ctrl+r")
		screenShows(t, tm, "Rename view", "Name: Old one")
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlU})
		tm.Type("Recent first")
		keys(tm, "enter")
		screenShows(t, tm, "Renamed the view “Old one” to “Recent first”")
		assert.Equal(t, []string{"Recent first"}, savedNames())
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlU})
		screenShows(t, tm, "All contacts", "Recent first")
		assert.NotContains(t, tm.frame(), "German leads")

		// The view shown, renamed: its crumb follows.
		tm.Type("recent")
		keys(tm, "enter")
		screenShows(t, tm, "Recent first", "3 of 3")
		keys(tm, "v")
		tm.Type("recent")
		keys(tm, "ctrl+r")
		screenShows(t, tm, "Name: Recent first")
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlU})
		tm.Type("Newest first")
		keys(tm, "enter")
		screenShows(t, tm, "Renamed the view “Recent first” to “Newest first”")
		keys(tm, "esc")
		screenShows(t, tm, "3 of 3")

		// The view shown, deleted: its rows stay, and the crumb says the view is gone.
		keys(tm, "v")
		tm.Type("newest")
		keys(tm, "ctrl+x", "y")
		screenShows(t, tm, "Deleted the view “Newest first”")
		keys(tm, "esc")
		screenShows(t, tm, "Newest first (deleted)")
		assert.Empty(t, savedNames())
		m := quit(t, tm)
		assert.Equal(t, "Newest first (deleted)", m.stack[0].Title())
	})
}
