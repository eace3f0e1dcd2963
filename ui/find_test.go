package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// loadedList is a list pane with every contact of the sandbox loaded.
func loadedList(t *testing.T, e *env) *listPane {
	hs := drive(t, newListPane(e), 100, 30)
	l := hs.pane.(*listPane)
	for !l.done {
		hs.key("G")
	}
	return l
}

func findOn(t *testing.T, e *env, l *listPane) *harness {
	return drive(t, newFindPane(e, l.cols, l.table.Rows()), 100, 30)
}

func typeText(hs *harness, s string) {
	for _, r := range s {
		hs.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func TestFindFiltersLoadedRowsAndHighlights(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 30)
		e, _ := paneEnv(t, c)
		hs := findOn(t, e, loadedList(t, e))
		f := hs.pane.(*findPane)
		assert.Equal(t, 30, f.table.Len(), "an empty box shows every loaded contact")
		typeText(hs, "person27@")
		require.NotZero(t, f.table.Len())
		r, _ := f.table.Selected()
		assert.Equal(t, "person27@example.com", r.Value.email, "the best match first")
		assert.NotEmpty(t, f.table.Highlight(0), "matched characters are highlighted")
		assert.Contains(t, f.View(), "/ person27@")
	})
}

func TestFindEnterOpensOnlyOnceTheAnswersForTheTextHaveLanded(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 30)
		e, _ := paneEnv(t, c)
		l := loadedList(t, e)
		f := newFindPane(e, l.cols, l.table.Rows())
		f.SetSize(100, 30)
		var pending []tea.Cmd
		for _, r := range "person12@example.com" {
			cmd, _ := pressKey(f, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			pending = append(pending, cmd)
		}
		cmd, _ := pressKey(f, press("enter"))
		require.Empty(t, f.base().takeNav(), "nothing has landed: enter must wait")
		assert.True(t, f.pending)
		assert.Contains(t, f.View(), "enter opens the best match when it lands")
		hs := &harness{t: t, pane: f}
		hs.run(cmd) // the search enter started
		for _, p := range pending {
			hs.run(p) // every keystroke's filter and debounce: the stale ones are dropped
		}
		d, ok := hs.opened().(*detailPane)
		require.True(t, ok, "the answers landed: the best match opens")
		assert.Equal(t, "Person 12", d.name)
		require.Len(t, hs.take(), 1, "opened once")
	})
}

func TestFindDropsAnswersForOlderText(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 30)
		e, _ := paneEnv(t, c)
		l := loadedList(t, e)
		f := newFindPane(e, l.cols, l.table.Rows())
		f.SetSize(100, 30)
		old, _ := pressKey(f, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("3")})
		hs := &harness{t: t, pane: f}
		typeText(hs, "0") // "30" lands
		require.Equal(t, "person30@example.com", f.table.At(0).Value.email)
		n := f.table.Len()
		hs.run(old) // the answer for "3" arrives late
		assert.Equal(t, n, f.table.Len())
		assert.Equal(t, "person30@example.com", f.table.At(0).Value.email)
	})
}

func TestFindByEmailSeesAContactSearchHasNotIndexed(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam, func(o *hubspottest.Options) { o.SearchLag = time.Hour })
		createContacts(t, c, 10)
		e, _ := paneEnv(t, c)
		l := loadedList(t, e)
		fresh, err := c.CreateContact(context.Background(), map[string]string{"email": "new.hire@example.com", "firstname": "New", "lastname": "Hire", "hs_additional_emails": "nh@home.example"})
		require.NoError(t, err)
		page, err := c.SearchContacts(context.Background(), api.SearchRequest{Query: "new.hire@example.com"})
		require.NoError(t, err)
		require.Zero(t, page.Total, "search lags: it does not see the new contact")

		for _, email := range []string{"new.hire@example.com", "nh@home.example"} {
			hs := findOn(t, e, l)
			typeText(hs, email)
			hs.key("enter")
			d, ok := hs.opened().(*detailPane)
			require.True(t, ok, "found by %s", email)
			assert.Equal(t, fresh.ID, d.ref)
		}
	})
}

func TestFindSearchesHubSpotBeyondTheLoadedRows(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 10)
		e, _ := paneEnv(t, c)
		l := loadedList(t, e)
		_, err := c.CreateContact(context.Background(), map[string]string{"email": "grace@navy.example", "firstname": "Grace", "lastname": "Hopper"})
		require.NoError(t, err)
		hs := findOn(t, e, l)
		typeText(hs, "hopper")
		f := hs.pane.(*findPane)
		require.Equal(t, 1, f.table.Len())
		assert.Equal(t, "grace@navy.example", f.table.At(0).Value.email, "not loaded, found by HubSpot's search")
		assert.Contains(t, f.View(), "HubSpot answered")
	})
}

func TestFindEscClearsThenGoesBack(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 3)
		e, _ := paneEnv(t, c)
		hs := findOn(t, e, loadedList(t, e))
		typeText(hs, "zzz")
		f := hs.pane.(*findPane)
		assert.Zero(t, f.table.Len())
		hs.key("enter")
		assert.Equal(t, []string{"No contact matches “zzz”"}, hs.notices())
		hs.take()
		hs.key("esc")
		assert.Equal(t, "", f.input.Value())
		assert.Equal(t, 3, f.table.Len())
		assert.Empty(t, hs.take())
		hs.key("esc")
		assert.IsType(t, backMsg{}, hs.take()[0])
	})
}

func TestIsEmail(t *testing.T) {
	for s, want := range map[string]bool{
		"a@b.co": true, "first.last+tag@sub.example.org": true,
		"a@b": false, "@b.co": false, "a b@c.co": false, "a@b.": false, "a@@b.co": false, "ada": false,
	} {
		assert.Equal(t, want, isEmail(s), s)
	}
}

// searches are the search requests the sandbox has received.
func searches(srv *hubspottest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.IsSearch() {
			n++
		}
	}
	return n
}

func TestFindFilterTermsSearchHubSpot(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := sandbox(t, fam)
		createPeople(t, c, stagesPeople(30, "lead", "customer", ""))
		e, _ := paneEnv(t, c)
		hs := findOn(t, e, loadedList(t, e))
		f := hs.pane.(*findPane)
		typeText(hs, "lifecycle:lead")
		require.Equal(t, 10, f.table.Len())
		for pos := range f.table.Len() {
			assert.Equal(t, "Lead", f.table.At(pos).Cells[4])
		}
		assert.Contains(t, f.View(), "10 matches (HubSpot's search)")

		// Words with the terms go to HubSpot as its free text.
		typeText(hs, " p3")
		assert.Contains(t, f.View(), "1 match (HubSpot's search)")
		assert.Equal(t, "p3@example.com", f.table.At(0).Value.email)

		// A term that cannot be mapped: the reason under the box, nothing asked.
		hs.key("ctrl+u")
		before := searches(srv)
		hs.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("lifecyle:lead x")}) // pasted
		assert.Contains(t, f.View(), `lifecyle:lead: there is no property "lifecyle": did you mean lifecyclestage (Lifecycle Stage)?`)
		assert.Zero(t, f.table.Len())
		assert.Equal(t, before, searches(srv), "no request for a term that cannot be mapped")
		hs.key("enter")
		assert.Contains(t, hs.notices(), `lifecyle:lead: there is no property "lifecyle": did you mean lifecyclestage (Lifecycle Stage)?`)
	})
}

func TestFindShowsTheSecondaryEmailThatMatched(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createPeople(t, c, []map[string]string{
			{"email": "sam@example.com", "firstname": "Sam", "lastname": "Okafor", "hs_additional_emails": "s.okafor@home.example"},
			{"email": "other@example.com", "firstname": "Other", "lastname": "Person"},
		})
		e, _ := paneEnv(t, c)
		hs := findOn(t, e, loadedList(t, e))
		f := hs.pane.(*findPane)
		typeText(hs, "okafor@home")
		require.Equal(t, 1, f.table.Len())
		r := f.table.At(0)
		assert.Equal(t, "s.okafor@home.example (secondary)", r.Cells[2], "the email column shows the address that matched")
		assert.Contains(t, f.View(), "s.okafor@home.example")
		hl := f.table.Highlight(0)
		require.Len(t, hl, len("okafor@home"))
		assert.Equal(t, "okafor@home", r.Key[hl[0]:hl[0]+len("okafor@home")], "the matched part is highlighted")
	})
}

// Export from find writes the matches, never the close ones, and says how many.
func TestFindExportsTheMatchesOnly(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		createPeople(t, c, []map[string]string{
			{"email": "jonas@example.com", "firstname": "Jonas", "lastname": "Berg"},
			{"email": "anna@example.com", "firstname": "Anna", "lastname": "Goldenberg"},
			{"email": "bert@example.com", "firstname": "Bert", "lastname": "Ring"}, // b…e…r…g: close
		})
		hs, _ := bulkList(t, c)
		hs.keys("/")
		f := hs.opened().(*findPane)
		fh := drive(t, f, 110, 30)
		fh.typeIn("berg")
		assert.Contains(t, f.View(), "2 matches · 1 close")
		assert.Contains(t, f.View(), "── close: the letters in order, not a match (1) ──")
		out := filepath.Join(t.TempDir(), "berg.csv")
		_, p := exportOf(t, fh, "ctrl+x", out)
		require.Equal(t, exportDone, p.stage)
		var emails []string
		for _, r := range readCSV(t, out)[1:] {
			emails = append(emails, r[1])
		}
		assert.ElementsMatch(t, []string{"jonas@example.com", "anna@example.com"}, emails)
		assert.Equal(t, "2 matches (1 close left out)", p.what)
	})
}

func TestFindTabCompletes(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 3)
		e, _ := paneEnv(t, c)
		hs := findOn(t, e, loadedList(t, e))
		f := hs.pane.(*findPane)
		typeText(hs, "lifec")
		hs.key("tab")
		assert.Equal(t, "lifecyclestage:", f.input.Value())
		typeText(hs, "c")
		hs.key("tab")
		assert.Equal(t, "lifecyclestage:customer", f.input.Value())
		typeText(hs, " last")
		hs.key("tab")
		first := f.input.Value()
		hs.key("tab")
		assert.NotEqual(t, first, f.input.Value(), "tab again: the next choice")
		assert.Contains(t, f.View(), "tab: ")
		hs.key("ctrl+u")
		typeText(hs, "zzq")
		hs.key("tab")
		assert.Contains(t, hs.notices(), "Nothing to complete: tab completes a property's name, or an option after name:")
	})
}

// Find within a view searches within it: HubSpot's answers keep to the view's filter.
func TestFindWithinAView(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createPeople(t, c, stagesPeople(40, "lead", "customer"))
		cfg := viewConfig(t, "profiles:\n  test:\n    views:\n      Customers:\n        filter: lifecycle:customer\n")
		e, _ := paneEnv(t, c, func(o *Options) { o.Config, o.View = cfg, "Customers" })
		lh := drive(t, newListPane(e), 100, 30)
		l := lh.pane.(*listPane)
		loadAll(lh, l)
		require.Equal(t, 20, l.table.Len())
		lh.key("/")
		f := lh.opened().(*findPane)
		fh := drive(t, f, 100, 30)
		typeText(fh, "p2")
		for pos := range f.table.Len() {
			assert.Equal(t, "Customer", f.table.At(pos).Cells[4], "%s", f.table.At(pos).Value.email)
		}
		assert.Contains(t, f.View(), "within lifecycle:customer")
		typeText(fh, "2") // p22: a lead, only HubSpot would have it — not within the view
		assert.Zero(t, f.table.Len())
		fh.key("ctrl+u")
		typeText(fh, "p23@example.com") // an exact lookup, within the view
		require.Equal(t, 1, f.table.Len())
		assert.Equal(t, "p23@example.com", f.table.At(0).Value.email)
	})
}

// At 80 columns a term's message takes a second line rather than losing its end.
func TestFindTermMessageWrapsAt80Columns(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 3)
		e, _ := paneEnv(t, c)
		hs := findOn(t, e, loadedList(t, e))
		f := hs.pane.(*findPane)
		f.SetSize(80, 22)
		hs.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("phone:any lifecyle:lead x")})
		lines := strings.Split(f.View(), "\n")
		require.Greater(t, len(lines), 5)
		assert.Contains(t, lines[5], "First Name", "the table follows")
		msg := strings.TrimSpace(lines[3]) + " " + strings.TrimSpace(lines[4])
		assert.Equal(t, `lifecyle:lead: there is no property "lifecyle": did you mean lifecyclestage (Lifecycle Stage)?`, msg)
	})
}
