package ui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// typesOf returns the association type ids the contact has towards one record, read afresh.
func typesOf(t *testing.T, c *api.Client, contact, typ, id string) []int {
	t.Helper()
	assocs, err := c.ListAssociations(context.Background(), contact, typ)
	require.NoError(t, err)
	var out []int
	for _, a := range assocs {
		if a.ToID == id {
			for _, ty := range a.Types {
				out = append(out, ty.TypeID)
			}
		}
	}
	return out
}

func TestAssociationsListNamesLabelsStagesAndThePrimary(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newAssocPane(e, adaRef(f)), 120, 20)
		v := hs.pane.View()
		lines := strings.Split(v, "\n")
		assert.Equal(t, "Associations of Ada Lovelace", lines[0])
		assert.Equal(t, "2 companies · 1 deal · 1 ticket", lines[1])
		assert.Regexp(t, `^> +Company +Analytical Engines \(primary\) +engines\.example +Primary, Billing contact`, lines[4], "the primary company first, marked")
		assert.Regexp(t, `^  +Company +Evil Corp +—`, lines[5])
		assert.Regexp(t, `^  +Deal +Deal red +Stage: Contract Sent +Decision maker`, lines[6])
		assert.Regexp(t, `^  +Ticket +Ticket  done +Status: Waiting on contact +—`, lines[7])
		noInjected(t, v)
		assert.Equal(t, "1 of 4", hs.pane.(*assocPane).Info())
	})
}

func TestAssociationsRemoveAskAndConfirm(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newAssocPane(e, adaRef(f)), 120, 20)
		hs.take()
		hs.key("d")
		ch := askedIn(t, hs.out)
		assert.Equal(t, "Remove what between Ada Lovelace and company Analytical Engines?", ch.text)
		var choices []string
		for _, a := range ch.answers {
			choices = append(choices, a.choice+" "+a.does)
		}
		assert.Equal(t, []string{"a the whole association", "1 the label “Primary”", "2 the label “Billing contact”"}, choices)

		hs.answer("2")
		confirm := askedIn(t, hs.take())
		assert.Equal(t, "Remove the label “Billing contact” between Ada Lovelace and company Analytical Engines?", confirm.text)
		assert.Equal(t, []string{"The association itself stays, with its other labels."}, confirm.details)
		assert.Nil(t, confirm.onNo, "no does nothing")
		srv.ResetRequests()
		hs.in(confirm.answers[0].run)
		assert.Equal(t, []int{api.AssocContactToCompany, api.AssocContactToPrimaryCompany}, typesOf(t, c, f.contact, api.ObjectCompanies, f.engines), "only the label went")
		out := hs.take()
		assert.Contains(t, related(out), f.contact, "the detail reloads")
		assert.Contains(t, hs.pane.View(), "Primary  ", "the pane reloaded from HubSpot")
		assert.NotContains(t, hs.pane.View(), "Billing contact")
		assert.Equal(t, []string{"contacts " + f.contact + " companies " + f.engines + " 1001"}, removals(t, srv), "one removal of the label's type")
	})
}

func TestAssociationsRemoveTheWholeAssociationOfAnUnlabelledRecord(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newAssocPane(e, adaRef(f)), 120, 20)
		hs.key("j", "d")
		confirm := askedIn(t, hs.take())
		assert.Equal(t, "Remove the association between Ada Lovelace and company Evil Corp?", confirm.text, "no labels: straight to the confirmation, names sanitized")
		hs.in(confirm.answers[0].run)
		assert.Empty(t, typesOf(t, c, f.contact, api.ObjectCompanies, f.evil))
		assert.Equal(t, []string{"Removed the association between Ada Lovelace and company Evil Corp"}, hs.notices())
		assert.Equal(t, 3, hs.pane.(*assocPane).table.Len())
	})
}

func TestAssociationsRemoveFailureKeepsThePane(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newAssocPane(e, adaRef(f)), 120, 20)
		hs.key("j", "d")
		confirm := askedIn(t, hs.take())
		require.NoError(t, c.DeleteObject(context.Background(), api.ObjectCompanies, f.evil), "someone deletes the company meanwhile")
		hs.in(confirm.answers[0].run)
		a := hs.pane.(*assocPane)
		assert.False(t, a.writing.busy())
		assert.Equal(t, "companies/"+f.evil, a.table.SelectedID(), "the pane and its cursor stay as they were")
		assert.Equal(t, 4, a.table.Len())
		assert.Empty(t, hs.notices(), "no success is claimed")
	})
}

func TestAssociationsReadOnlyRefusesAddAndRemove(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c, func(o *Options) { o.ReadOnly = true })
		hs := drive(t, newAssocPane(e, adaRef(f)), 120, 20)
		hs.take()
		hs.key("n", "d")
		n := hs.notices()
		require.Len(t, n, 2)
		assert.Contains(t, n[0], "read-only mode: add is off")
		assert.Contains(t, n[1], "read-only mode: remove is off")
		assert.Nil(t, hs.opened())
		var add binding
		for _, b := range hs.pane.keys() {
			if b.key.Name == "add" {
				add = b
			}
		}
		assert.Equal(t, "add (off)", add.view(false).Help().Desc)
	})
}

func TestAssociationsEmpty(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		id := mustCreate(t, c, api.ObjectContacts, map[string]string{"email": "lonely@example.com"})
		e, _ := paneEnv(t, c)
		hs := drive(t, newAssocPane(e, contact{id: id, name: "lonely@example.com"}), 100, 20)
		assert.Contains(t, hs.pane.View(), "0 companies · 0 deals · 0 tickets")
		assert.Contains(t, hs.pane.View(), "No companies, deals or tickets are associated. n associates one.")
		hs.key("d")
		assert.Empty(t, hs.take(), "nothing to remove")
	})
}

func TestPlural(t *testing.T) {
	assert.Equal(t, "1 company", plural(1, "company"))
	assert.Equal(t, "0 companies", plural(0, "company"))
	assert.Equal(t, "2 deals", plural(2, "deal"))
}

func TestRelationPanesClickTheRowUnderThePointer(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		click := func(y int) tea.MouseMsg {
			return tea.MouseMsg{X: 10, Y: y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress}
		}
		hs := drive(t, newAssocPane(e, adaRef(f)), 120, 20)
		hs.send(click(assocTableTop + 2)) // the table's header, then the rows
		assert.Equal(t, "companies/"+f.evil, hs.pane.(*assocPane).table.SelectedID())

		as := drive(t, newActivitiesPane(e, adaRef(f)), 120, 20)
		as.send(click(activitiesTableTop + 2))
		assert.Nil(t, as.opened())
		as.send(click(activitiesTableTop + 2))
		full, ok := as.opened().(*activityPane)
		require.True(t, ok, "a second click opens")
		assert.Equal(t, f.note, full.act.ID)
	})
}
