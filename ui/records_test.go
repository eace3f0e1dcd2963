package ui

import (
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// The record view and a record's contacts, pane by pane.

func TestRecordViewOfADealShowsItsPipelinesLabels(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		deal := mustCreate(t, c, api.ObjectDeals, map[string]string{"dealname": "Renewal 2027", "pipeline": hubspottest.RenewalsPipelineID,
			"dealstage": hubspottest.RenewalDueStageID, "amount": "12500", "closedate": "2027-03-31T00:00:00Z",
			"hubspot_owner_id": hubspottest.MeOwnerID})
		e, rec := paneEnv(t, c)
		srv.ResetRequests()
		hs := drive(t, newRecordPane(e, api.ObjectDeals, deal, "Renewal 2027"), 100, 30)
		view := hs.pane.View()
		for _, want := range []string{"Renewal 2027", "Deal · id " + deal, "Deal Stage", "Renewal due", "Pipeline", "Renewals",
			"Amount", "12,500", "Close Date", "2027-03-31 00:00", "Deal owner", "Sam Sandbox"} {
			assert.Contains(t, view, want)
		}
		assert.NotContains(t, view, hubspottest.RenewalDueStageID, "the stage shows by its label")

		hs.key("o")
		require.Len(t, rec.opened, 1)
		assert.Equal(t, "https://app.hubspot.com/contacts/12345678/record/0-3/"+deal, rec.opened[0])
		hs.key("y")
		hs.answer("u")
		require.Len(t, rec.copied, 1)
		assert.Equal(t, rec.opened[0], rec.copied[0], "y u copies the same link")
		assert.Empty(t, srv.Writes(), "a record view only reads")
	})
}

func TestRecordViewOfAMissingRecordSaysSo(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		e, _ := paneEnv(t, c)
		hs := drive(t, newRecordPane(e, api.ObjectCompanies, "424242", "Gone Inc"), 100, 20)
		assert.Contains(t, hs.pane.View(), "HubSpot has no company 424242")
	})
}

func TestScopedListPagesACompanysContacts(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		co := mustCreate(t, c, api.ObjectCompanies, map[string]string{"name": "Big Co"})
		ids := createContacts(t, c, 7)
		for _, id := range ids {
			require.NoError(t, c.Associate(context.Background(), id, api.ObjectCompanies, co, api.AssocContactToCompany))
		}
		mustCreate(t, c, api.ObjectContacts, map[string]string{"email": "elsewhere@example.com"}) // not at Big Co
		e, _ := paneEnv(t, c, func(o *Options) { o.Config.PageSize = 3 })
		hs := drive(t, newScopedList(e, listScope{typ: api.ObjectCompanies, id: co, name: "Big Co"}), 100, 4)
		l := hs.pane.(*listPane)
		assert.Equal(t, "Contacts of Big Co", l.Title())
		for i := 0; i < 5 && !l.done; i++ {
			hs.key("G")
		}
		assert.Equal(t, 7, l.table.Len(), "every contact of the company, in pages of 3, and no other")
		assert.True(t, l.done)
		hs.key("s") // sorted: HubSpot's search, narrowed to the company
		assert.Equal(t, 7, l.table.Len())
		assert.Equal(t, 7, l.total)
	})
}

// unsavedPane is a pane holding unsaved work.
type unsavedPane struct{ paneBase }

func (p *unsavedPane) Init() tea.Cmd                       { return nil }
func (p *unsavedPane) Update(tea.Msg) (tea.Model, tea.Cmd) { return p, nil }
func (p *unsavedPane) View() string                        { return "" }
func (p *unsavedPane) Title() string                       { return "Unsaved" }
func (p *unsavedPane) keys() []binding                     { return nil }
func (p *unsavedPane) Unsaved() bool                       { return true }

// Opening a record already on the stack goes back to it, unless that would close unsaved work.
func TestReopeningARecordNeverClosesUnsavedWork(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		e, _ := paneEnv(t, c)
		m := newApp(e, newListPane(e), "", nil)
		rec := newRecordPane(e, api.ObjectCompanies, "42", "Acme")
		m.stack = append(m.stack, rec, newScopedList(e, listScope{typ: api.ObjectCompanies, id: "42", name: "Acme"}))
		m.push(newRecordPane(e, api.ObjectCompanies, "42", "Acme"))
		require.Len(t, m.stack, 2)
		assert.Same(t, rec, m.top(), "back to the one open")

		m.stack = append(m.stack, &unsavedPane{paneBase: newPaneBase(e)})
		m.push(newRecordPane(e, api.ObjectCompanies, "42", "Acme"))
		assert.Len(t, m.stack, 4, "opened on top: going back would lose what was typed")
	})
}
