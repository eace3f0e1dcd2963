package ui

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
)

func TestLocalPickerFiltersByLabelAndPicksForItsOwner(t *testing.T) {
	e := testEnv()
	items := []pickItem{{id: "jobtitle", label: "Job Title"}, {id: "city", label: "City"}, {id: "hs_lead_status", label: "Lead Status"}}
	p := newLocalPicker(e, 9, pickField, "Add a field", items)
	p.SetSize(80, 20)
	hs := &harness{t: t, pane: p}
	hs.typeIn("lead st")
	require.NotEmpty(t, p.items)
	assert.Equal(t, "hs_lead_status", p.items[0].id)
	hs.keys("enter")
	out := hs.take()
	require.Len(t, out, 2)
	assert.Equal(t, backMsg{}, out[0])
	assert.Equal(t, pickedMsg{pane: 9, purpose: pickField, item: items[2]}, out[1])
}

func TestLocalPickerEscPicksNothing(t *testing.T) {
	p := newLocalPicker(testEnv(), 9, pickField, "Add a field", []pickItem{{id: "city", label: "City"}})
	hs := &harness{t: t, pane: p}
	hs.keys("esc")
	assert.Equal(t, []any{backMsg{}, pickedMsg{pane: 9, purpose: pickField, cancelled: true}}, toAny(hs.take()),
		"the owner hears that nothing was picked")
}

func toAny[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func TestCompanyPickerSearchesHubSpotAndPicksOnlyForTheTextOnScreen(t *testing.T) {
	_, c := editSandbox(t)
	ctx := context.Background()
	var acme string
	for _, n := range []string{"Acme Corp", "Globex", "Initech"} {
		o, err := c.CreateObject(ctx, api.ObjectCompanies, map[string]string{"name": n, "domain": n + ".example"})
		require.NoError(t, err)
		if n == "Acme Corp" {
			acme = o.ID
		}
	}
	e, _ := paneEnv(t, c)
	hs := drive(t, newCompanyPicker(e, 9), 100, 20)
	p := hs.pane.(*pickerPane)
	require.Len(t, p.items, 3, "the first companies, before any text")
	assert.Contains(t, p.View(), "Globex.example")
	for _, r := range "acm" {
		p.Update(edRunes(string(r))) // the debounce is not run: the answer for "acm" is not in
	}
	hs.keys("enter")
	assert.Empty(t, hs.take(), "enter waits for the answer to the text on screen")
	assert.Contains(t, p.View(), "Searching…")
	hs.send(pickDebounceMsg{pane: p.ID(), gen: p.gen})
	out := hs.take()
	require.Len(t, out, 2, "the answer landed and the pick went")
	assert.Equal(t, pickedMsg{pane: 9, purpose: pickCompany, item: pickItem{id: acme, label: "Acme Corp", detail: "Acme Corp.example"}}, out[1])
}
