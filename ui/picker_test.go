package ui

import (
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// owner records what a picker answered its owner (pane 9).
type owner struct{ got []string }

func (o *owner) then(it pickItem, ok bool) tea.Cmd {
	if !ok {
		o.got = append(o.got, "nothing")
	} else {
		o.got = append(o.got, it.id+" "+it.label+" "+it.detail)
	}
	return nil
}

// hear runs, for the owner, the answers the picker sent it.
func (o *owner) hear(t *testing.T, msgs []tea.Msg) {
	for _, m := range msgs {
		if pm, ok := m.(paneMsg); ok {
			require.Equal(t, 9, pm.pane, "the answer goes to the owner")
			pm.then()
		}
	}
}

func TestLocalPickerFiltersByLabelAndPicksForItsOwner(t *testing.T) {
	e := testEnv()
	items := []pickItem{{id: "jobtitle", label: "Job Title"}, {id: "city", label: "City"}, {id: "hs_lead_status", label: "Lead Status"}}
	var o owner
	p := newLocalPicker(e, 9, "Add a field", items, o.then)
	p.SetSize(80, 20)
	hs := &harness{t: t, pane: p}
	hs.typeIn("lead st")
	require.NotEmpty(t, p.items)
	assert.Equal(t, "hs_lead_status", p.items[0].id)
	hs.keys("enter")
	out := hs.take()
	require.Len(t, out, 2)
	assert.Equal(t, backMsg{}, out[0])
	o.hear(t, out)
	assert.Equal(t, []string{"hs_lead_status Lead Status "}, o.got)
}

func TestLocalPickerEscPicksNothing(t *testing.T) {
	var o owner
	p := newLocalPicker(testEnv(), 9, "Add a field", []pickItem{{id: "city", label: "City"}}, o.then)
	hs := &harness{t: t, pane: p}
	hs.keys("esc")
	out := hs.take()
	require.Len(t, out, 2)
	assert.Equal(t, backMsg{}, out[0])
	o.hear(t, out)
	assert.Equal(t, []string{"nothing"}, o.got, "the owner hears that nothing was picked")
}

func TestCompanyPickerSearchesHubSpotAndPicksOnlyForTheTextOnScreen(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
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
		var o owner
		hs := drive(t, newCompanyPicker(e, 9, o.then), 100, 20)
		p := hs.pane.(*pickerPane)
		require.Len(t, p.items, 3, "the first companies, before any text")
		assert.Contains(t, p.View(), "Globex.example")
		for _, r := range "acm" {
			p.typeKey(edRunes(string(r))) // the debounce is not run: the answer for "acm" is not in
		}
		hs.keys("enter")
		assert.Empty(t, hs.take(), "enter waits for the answer to the text on screen")
		assert.Contains(t, p.View(), "Searching…")
		hs.run(p.startSearch()) // the pause in typing ends
		out := hs.take()
		require.Len(t, out, 2, "the answer landed and the pick went")
		o.hear(t, out)
		assert.Equal(t, []string{acme + " Acme Corp Acme Corp.example"}, o.got)
	})
}
