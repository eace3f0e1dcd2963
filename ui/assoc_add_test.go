package ui

import (
	"context"
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

func TestAssocAddFindsByNameChoosesALabelAndAssociates(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newAssocAddPane(e, adaRef(f), 77, nil), 120, 30)
		p := hs.pane.(*assocAddPane)
		assert.Contains(t, p.View(), "Associate Ada Lovelace with…")
		assert.Contains(t, p.View(), "> 1 Company")
		assert.False(t, isCapturing(p))

		hs.key("enter")
		assert.True(t, isCapturing(p), "the find box takes the keys")
		assert.Equal(t, 3, p.found.Len(), "every company listed before anything is typed")
		typeText(hs, "babb")
		assert.Equal(t, 1, p.found.Len())
		assert.Contains(t, p.View(), "Babbage Works")
		assert.Contains(t, p.View(), "babbage.example")

		hs.key("enter")
		assert.False(t, isCapturing(p))
		v := p.View()
		assert.Contains(t, v, "Associate Ada Lovelace with company Babbage Works as…")
		assert.Contains(t, v, "> No label (HubSpot's default association)")
		assert.Contains(t, v, "Primary (becomes the primary company; any other loses the mark)")
		assert.Contains(t, v, "Billing contact")
		assert.Contains(t, v, "Former employee")

		hs.key("j", "j", "enter") // No label, Primary, Billing contact
		out := hs.take()
		assert.Contains(t, out, backMsg{}, "the add pane closes")
		assert.Equal(t, []int{77}, reloads(out), "the associations pane reloads")
		assert.Equal(t, []string{f.contact}, related(out), "and the detail")
		assert.Contains(t, out, noticeMsg{"Associated Ada Lovelace with company Babbage Works (Billing contact)"})
		assert.ElementsMatch(t, []int{api.AssocContactToCompany, hubspottest.TypeContactToCompanyBilling},
			typesOf(t, c, f.contact, api.ObjectCompanies, f.babbage), "HubSpot has it, with its label")
	})
}

func TestAssocAddFindsByIDAndSearchesDeals(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		other := mustCreate(t, c, api.ObjectDeals, map[string]string{"dealname": "Expansion", "dealstage": "qualifiedtobuy"})
		e, _ := paneEnv(t, c)
		hs := drive(t, newAssocAddPane(e, adaRef(f), 77, nil), 120, 30)
		p := hs.pane.(*assocAddPane)
		hs.key("2")
		assert.Contains(t, p.View(), "Associate Ada Lovelace with a deal")
		typeText(hs, other)
		require.Equal(t, 1, p.found.Len())
		assert.Contains(t, p.View(), "Expansion")
		assert.Contains(t, p.View(), "Stage: Qualified To Buy")
		hs.key("enter")
		assert.Contains(t, p.View(), "> No label")
		assert.Contains(t, p.View(), "Decision maker")
		hs.key("enter")
		assert.Equal(t, []int{api.AssocContactToDeal}, typesOf(t, c, f.contact, api.ObjectDeals, other))
	})
}

func TestAssocAddEnterWaitsForTheAnswersOfTheTextOnScreen(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		var debounced []tea.Cmd
		// The box's pause never ends by itself: the test decides when.
		e.after = func(_ time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
			debounced = append(debounced, func() tea.Msg { return fn(time.Time{}) })
			return nil
		}
		p := newAssocAddPane(e, adaRef(f), 77, nil)
		hs := drive(t, p, 120, 30)
		hs.key("enter")
		typeText(hs, "babb")
		assert.Equal(t, 3, p.found.Len(), "the answers for the empty box still show")
		assert.Equal(t, f.engines, p.found.SelectedID(), "with Analytical Engines under the cursor")
		hs.key("enter")
		assert.Equal(t, stepLabel, p.step, "enter searched the text on screen at once")
		assert.Equal(t, f.babbage, p.record.id, "and picked among its answers, not the stale rows")
		hs.run(debounced[len(debounced)-1])
		assert.Equal(t, stepLabel, p.step, "the pause ending later changes nothing")

		// A search in flight when enter is pressed: the pick waits for it.
		hs.key("backspace")
		p.input.SetValue("evil")
		p.gen++
		inflight := p.startSearch()
		hs.key("enter")
		assert.Equal(t, stepFind, p.step, "pending")
		hs.run(inflight)
		assert.Equal(t, stepLabel, p.step)
		assert.Equal(t, f.evil, p.record.id)
	})
}

func TestAssocAddFailureKeepsEveryChoice(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newAssocAddPane(e, adaRef(f), 77, nil), 120, 30)
		p := hs.pane.(*assocAddPane)
		hs.key("1")
		typeText(hs, "babbage")
		hs.key("enter", "j")
		require.NoError(t, c.DeleteObject(context.Background(), api.ObjectCompanies, f.babbage))
		hs.take()
		hs.key("enter")
		assert.NotContains(t, hs.take(), backMsg{}, "the pane stays")
		assert.Equal(t, stepLabel, p.step)
		assert.Equal(t, 1, p.typeCur, "the label chosen stays chosen")
		v := p.View()
		assert.Contains(t, v, "with company Babbage Works as…")
		assert.Contains(t, v, "✗ Associating failed:")
		assert.Contains(t, v, "> Primary")

		hs.key("backspace")
		assert.Equal(t, stepFind, p.step, "backspace goes back to choose another company")
		assert.Equal(t, "babbage", p.input.Value(), "with the text as typed")
	})
}

func TestAssocAddNothingFound(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newAssocAddPane(e, adaRef(f), 77, nil), 120, 30)
		p := hs.pane.(*assocAddPane)
		hs.key("3")
		typeText(hs, "zzz")
		assert.Contains(t, p.View(), "No ticket matches. Try other words, or the record's id.")
		hs.key("enter")
		assert.Equal(t, stepFind, p.step)
		assert.Contains(t, p.View(), "No ticket to choose")
		hs.key("esc")
		assert.Equal(t, stepKind, p.step, "esc in the box steps back to the kind")
		assert.True(t, strings.Contains(p.View(), "> 3 Ticket"))
	})
}

func TestAssocAddMarksWhatIsAssociatedAlready(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		list := drive(t, newAssocPane(e, adaRef(f)), 120, 20)
		list.take()
		list.key("n")
		hs := drive(t, list.opened(), 120, 30)
		p := hs.pane.(*assocAddPane)
		hs.key("1")
		assert.Contains(t, p.View(), "3 found")
		assert.Contains(t, p.View(), "Analytical Engines · associated (Primary, Billing contact)")
		assert.Contains(t, p.View(), "Evil Corp · associated  ")
		typeText(hs, "anal")
		hs.key("enter")
		v := p.View()
		assert.Contains(t, v, "No label (HubSpot's default association) · already set")
		assert.Contains(t, v, "Billing contact · already set")
		assert.Regexp(t, `Former employee *\n`, v)
	})
}

func TestAssocAddSaysWhenThereAreMoreThanItShows(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		for i := range pickerResults + 5 {
			mustCreate(t, c, api.ObjectCompanies, map[string]string{"name": "Filler " + itoa(i)})
		}
		e, _ := paneEnv(t, c)
		hs := drive(t, newAssocAddPane(e, adaRef(f), 77, nil), 120, 40)
		hs.key("1")
		assert.Contains(t, hs.pane.View(), "First 20 of 28 (type more to narrow)")
		typeText(hs, "fill")
		assert.Contains(t, hs.pane.View(), "First 20 of 25 (type more to narrow)")
		typeText(hs, "er 2")
		assert.Contains(t, hs.pane.View(), "6 found", "Filler 2, 20 to 24: every word a prefix")
	})
}

func TestSortTypesPutsTheDefaultFirst(t *testing.T) {
	in := []api.AssociationType{{TypeID: 1003, Category: "USER_DEFINED", Label: "Former"}, {TypeID: 1, Category: "HUBSPOT_DEFINED", Label: "Primary"}, {TypeID: 279, Category: "HUBSPOT_DEFINED"}}
	out := sortTypes(in)
	assert.Equal(t, []int{279, 1, 1003}, []int{out[0].TypeID, out[1].TypeID, out[2].TypeID})
}

func TestAssocAddLabelsThatFailedToLoadAreAskedAgain(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newAssocAddPane(e, adaRef(f), 77, nil), 120, 30)
		p := hs.pane.(*assocAddPane)
		hs.key("1")
		typeText(hs, "babbage")
		for range 5 { // the first try and the API layer's four retries
			srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault503, Match: "/labels"})
		}
		hs.key("enter")
		assert.Contains(t, p.View(), "✗ Loading the labels failed")
		assert.Nil(t, p.types)
		hs.key("enter")
		assert.Contains(t, p.View(), "Billing contact", "enter asked again")
		assert.NotContains(t, p.View(), "✗")
		assert.Empty(t, typesOf(t, c, f.contact, api.ObjectCompanies, f.babbage), "and associated nothing yet")
	})
}
