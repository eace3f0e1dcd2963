package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// After a save, every pane that shows the contact shows what HubSpot now holds: Jonas, moved
// back from Customer to Opportunity from a find's result, is an Opportunity in find and in the
// list.
func TestFlowFindShowsTheSavedValues(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		eachSize(t, func(t *testing.T, w, h int) {
			_, c := editSandbox(t, fam)
			createContacts(t, c, 3)
			jonas := mkContact(t, c, map[string]string{"firstname": "Jonas", "lastname": "Berg", "email": "jonas.berg@example.com",
				"company": "Northwind", "lifecyclestage": "customer"})
			tm := jonasFromFind(t, c, w, h)
			sendKeys(tm, "e")
			screenShows(t, tm, "Edit Jonas Berg")
			sendKeys(tm, "down", "down", "down", "down", "down", "down")
			screenShows(t, tm, "‹ Customer ›")
			tm.Type("opportunity")
			screenShows(t, tm, "‹ Opportunity ›")
			sendKeys(tm, "ctrl+s")
			screenShows(t, tm, "goes back from Customer to Opportunity")
			sendKeys(tm, "t")
			screenShows(t, tm, "then set it to Opportunity?")
			sendKeys(tm, "y")
			screenShows(t, tm, "Saved 1 change to Jonas Berg")
			sendKeys(tm, "esc")
			screenShows(t, tm, "1 match")
			m := leaveApp(t, tm, false)

			f, ok := m.top().(*findPane)
			require.True(t, ok, "back in find")
			require.Positive(t, f.table.Len())
			assert.Equal(t, jonas.ID, f.table.At(0).ID)
			assert.Contains(t, f.table.At(0).Cells, "Opportunity", "find shows what HubSpot now holds")
			assert.NotContains(t, strings.Join(screenLines(m), "\n"), "Customer")
			l := m.stack[0].(*listPane)
			i := slices.IndexFunc(l.table.Rows(), func(r row) bool { return r.ID == jonas.ID })
			assert.Contains(t, l.table.Rows()[i].Cells, "Opportunity", "and so does the list")
		})
	})
}

// jonasFromFind starts the app at w×h (4 contacts), finds Jonas and opens him.
func jonasFromFind(t *testing.T, c *api.Client, w, h int) *tui {
	t.Helper()
	tm := appAt(t, c, w, h)
	screenShows(t, tm, "4 loaded")
	keys(tm, "/")
	tm.Type("jonas")
	screenShows(t, tm, "HubSpot answered")
	keys(tm, "enter")
	screenShows(t, tm, "Jonas Berg  jonas.berg@example.com")
	return tm
}

// Deleted from a find's result, a contact leaves find and the list.
func TestFlowFindDropsTheDeleted(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		createContacts(t, c, 3)
		jonas := mkContact(t, c, map[string]string{"firstname": "Jonas", "lastname": "Berg", "email": "jonas.berg@example.com"})
		tm := jonasFromFind(t, c, 80, 24)
		sendKeys(tm, "d")
		screenShows(t, tm, "Delete Jonas Berg")
		sendKeys(tm, "y")
		screenShows(t, tm, "Deleted Jonas Berg")
		m := leaveApp(t, tm, false)
		f, ok := m.top().(*findPane)
		require.True(t, ok, "back in find")
		for i := range f.table.Len() {
			assert.NotEqual(t, jonas.ID, f.table.At(i).ID, "find no longer shows him")
		}
		assert.NotContains(t, strings.Join(screenLines(m), "\n"), "jonas.berg@example.com")
		for _, r := range m.stack[0].(*listPane).table.Rows() {
			assert.NotEqual(t, jonas.ID, r.ID, "nor does the list")
		}
	})
}

// The contacts a paste found show what a save from there gave them.
func TestFlowPasteResultsShowTheSavedValues(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		mkContact(t, c, map[string]string{"firstname": "Jonas", "lastname": "Berg", "email": "jonas.berg@example.com", "company": "Northwind"})
		tm := appAt(t, c, 80, 24)
		screenShows(t, tm, "1 loaded")
		keys(tm, ":")
		screenShows(t, tm, "Paste or type email addresses")
		tm.Type("jonas.berg@example.com")
		sendKeys(tm, "ctrl+s")
		screenShows(t, tm, "Found 1 · not found 0")
		keys(tm, "enter")
		screenShows(t, tm, "Jonas Berg  jonas.berg@example.com")
		sendKeys(tm, "e")
		screenShows(t, tm, "Edit Jonas Berg")
		sendKeys(tm, "down", "down", "down", "down", "down", "ctrl+u")
		tm.Type("Southwind")
		sendKeys(tm, "ctrl+s")
		screenShows(t, tm, "Northwind → Southwind")
		sendKeys(tm, "y")
		screenShows(t, tm, "Saved 1 change to Jonas Berg")
		sendKeys(tm, "esc")
		screenShows(t, tm, "Found 1")
		m := leaveApp(t, tm, false)
		p, ok := m.top().(*pastePane)
		require.True(t, ok, "back in the paste's results")
		assert.Contains(t, p.table.At(0).Cells, "Southwind")
		assert.NotContains(t, strings.Join(screenLines(m), "\n"), "Northwind")
	})
}
