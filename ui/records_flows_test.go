package ui

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Flows across records (issue 16): the whole app on the sandbox through the real client, each
// checked afterwards through the API layer.

// atEngines puts Grace at Ada's primary company and on Ada's deal, and gives her a company and a
// note of her own.
func atEngines(t *testing.T, c *api.Client, f relFixture) (babbageNote string) {
	t.Helper()
	ctx := context.Background()
	require.NoError(t, c.Associate(ctx, f.other, api.ObjectCompanies, f.engines, api.AssocContactToCompany))
	require.NoError(t, c.Associate(ctx, f.other, api.ObjectDeals, f.deal, api.AssocContactToDeal))
	require.NoError(t, c.Associate(ctx, f.other, api.ObjectCompanies, f.babbage, api.AssocContactToPrimaryCompany))
	return mustEngage(t, c, f.other, api.ObjectNotes, "2026-01-15T12:00:00.000Z", map[string]string{"hs_note_body": "Met Grace"})
}

func TestFlowOpenACompanyThenAnotherContactThereAndBack(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		f := relSetup(t, c)
		atEngines(t, c, f)
		srv.ResetRequests()
		tt := onDetail(t, c)
		tt.keys("a")
		tt.shows("Associations of Ada Lovelace", "Analytical Engines (primary)")
		tt.keys("enter")
		tt.shows("Analytical Engines", "Company · id "+f.engines, "Company Domain Name", "engines.example", "2 contacts · enter lists them")
		tt.keys("enter")
		tt.shows("Contacts of Analytical Engines", "grace@example.com", "2 loaded")
		tt.keys("j", "enter")
		tt.shows("Grace Hopper  grace@example.com", "id "+f.other)
		tt.keys("esc")
		tt.matches(`> +Grace +Hopper +grace@example\.com`)
		tt.keys("esc")
		tt.shows("Company · id " + f.engines)
		tt.keys("esc")
		tt.shows("Associations of Ada Lovelace")
		m, _ := tt.quit()
		require.IsType(t, &assocPane{}, m.top(), "back where the company was opened")
		assert.Equal(t, f.engines, m.top().(*assocPane).table.SelectedID()[len(api.ObjectCompanies)+1:], "on the same row")
		assert.Empty(t, srv.Writes(), "opening records changes nothing in HubSpot")
	})
}

// Walking in a circle (a contact, its company, the company's contacts, the same contact) goes
// back to the panes already open instead of piling them up.
func TestFlowReopeningAContactGoesBackToIt(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		atEngines(t, c, f)
		tt := onDetail(t, c)
		tt.keys("a")
		tt.shows("Associations of Ada Lovelace", "Analytical Engines (primary)")
		tt.keys("enter")
		tt.shows("Company · id " + f.engines)
		tt.keys("enter")
		tt.shows("Contacts of Analytical Engines", "2 loaded")
		tt.keys("enter") // Ada, the first
		tt.shows("Companies 2 · Deals 1 · Tickets 1")
		m, _ := tt.quit()
		require.Len(t, m.stack, 2, "back on the detail that was open, not a second one on top")
		d, ok := m.top().(*detailPane)
		require.True(t, ok)
		assert.Equal(t, f.contact, d.data.contact.ID)
	})
}
