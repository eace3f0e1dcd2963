package ui

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
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
	return drive(t, newFindPane(e, l.cols, l.table.rows), 100, 30)
}

func typeText(hs *harness, s string) {
	for _, r := range s {
		hs.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

func TestFindFiltersLoadedRowsAndHighlights(t *testing.T) {
	_, c := sandbox(t)
	createContacts(t, c, 30)
	e, _ := paneEnv(t, c)
	hs := findOn(t, e, loadedList(t, e))
	f := hs.pane.(*findPane)
	assert.Equal(t, 30, f.table.Len(), "an empty box shows every loaded contact")
	typeText(hs, "person27@")
	require.NotZero(t, f.table.Len())
	r, _ := f.table.Selected()
	assert.Equal(t, "person27@example.com", r.email, "the best match first")
	assert.NotEmpty(t, f.table.hl[0], "matched characters are highlighted")
	assert.Contains(t, f.View(), "/ person27@")
}

func TestFindEnterOpensOnlyOnceTheAnswersForTheTextHaveLanded(t *testing.T) {
	_, c := sandbox(t)
	createContacts(t, c, 30)
	e, _ := paneEnv(t, c)
	l := loadedList(t, e)
	f := newFindPane(e, l.cols, l.table.rows)
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
}

func TestFindDropsAnswersForOlderText(t *testing.T) {
	_, c := sandbox(t)
	createContacts(t, c, 30)
	e, _ := paneEnv(t, c)
	l := loadedList(t, e)
	f := newFindPane(e, l.cols, l.table.rows)
	f.SetSize(100, 30)
	old, _ := pressKey(f, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("3")})
	hs := &harness{t: t, pane: f}
	typeText(hs, "0") // "30" lands
	require.Equal(t, "person30@example.com", f.table.at(0).email)
	n := f.table.Len()
	hs.run(old) // the answer for "3" arrives late
	assert.Equal(t, n, f.table.Len())
	assert.Equal(t, "person30@example.com", f.table.at(0).email)
}

func TestFindByEmailSeesAContactSearchHasNotIndexed(t *testing.T) {
	_, c := sandbox(t, func(o *hubspottest.Options) { o.SearchLag = time.Hour })
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
}

func TestFindSearchesHubSpotBeyondTheLoadedRows(t *testing.T) {
	_, c := sandbox(t)
	createContacts(t, c, 10)
	e, _ := paneEnv(t, c)
	l := loadedList(t, e)
	_, err := c.CreateContact(context.Background(), map[string]string{"email": "grace@navy.example", "firstname": "Grace", "lastname": "Hopper"})
	require.NoError(t, err)
	hs := findOn(t, e, l)
	typeText(hs, "hopper")
	f := hs.pane.(*findPane)
	require.Equal(t, 1, f.table.Len())
	assert.Equal(t, "grace@navy.example", f.table.at(0).email, "not loaded, found by HubSpot's search")
	assert.Contains(t, f.View(), "HubSpot answered")
}

func TestFindEscClearsThenGoesBack(t *testing.T) {
	_, c := sandbox(t)
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
}

func TestIsEmail(t *testing.T) {
	for s, want := range map[string]bool{
		"a@b.co": true, "first.last+tag@sub.example.org": true,
		"a@b": false, "@b.co": false, "a b@c.co": false, "a@b.": false, "a@@b.co": false, "ada": false,
	} {
		assert.Equal(t, want, isEmail(s), s)
	}
}
