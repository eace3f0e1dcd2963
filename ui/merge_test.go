package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// The merge screen and where it starts, pane by pane.

func TestMergedValuesFollowHubSpotsRules(t *testing.T) {
	df := newDefs([]api.Property{
		{Name: "lifecyclestage", Type: "enumeration", Options: []api.Option{{Value: "lead", DisplayOrder: 1}, {Value: "customer", DisplayOrder: 5}}},
	}, nil, nil)
	obj := func(p map[string]string) *api.Object { return &api.Object{Properties: p} }
	primary := obj(map[string]string{"email": "keep@x.com", "hs_additional_emails": "old@x.com", "firstname": "Kim",
		"lifecyclestage": "lead", "createdate": "2025-01-02T00:00:00Z"})
	other := obj(map[string]string{"email": "gone@x.com", "hs_additional_emails": "older@x.com;KEEP@x.com", "firstname": "Kimberly",
		"lastname": "Lee", "lifecyclestage": "customer", "createdate": "2024-06-01T00:00:00Z"})
	for name, want := range map[string]string{
		"email":                "keep@x.com",
		"hs_additional_emails": "old@x.com;gone@x.com;older@x.com",
		"firstname":            "Kim",
		"lastname":             "Lee",
		"lifecyclestage":       "customer",
		"createdate":           "2024-06-01T00:00:00Z",
	} {
		assert.Equal(t, want, mergedValue(df, name, primary, other), name)
	}
	assert.Equal(t, "gone@x.com", mergedValue(df, "email", obj(map[string]string{}), other), "no email: the other's")
	assert.Equal(t, "customer", mergedValue(df, "lifecyclestage", other, primary), "the furthest either way")
}

// The secondary-email conflict offers the merge: its answer opens the merge screen with both.
func TestSecondaryEmailConflictOffersAMerge(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newEmailsPane(e, adaRef(f)), 100, 20)
		srv.ResetRequests()
		hs.key("n")
		typeText(hs, "grace@navy.example.com")
		hs.key("enter")
		q := hs.asked()
		assert.Contains(t, q.text, "is in use by another contact, Grace Hopper")
		require.Len(t, q.answers, 1)
		assert.Equal(t, "M", q.answers[0].choice)
		hs.answer("M")
		m, ok := hs.opened().(*mergePane)
		require.True(t, ok, "M opens the merge screen")
		assert.Equal(t, [2]string{f.contact, f.other}, [2]string{m.given[0].id, m.given[1].id})
		assert.True(t, m.stay, "the emails pane follows the merge: the merged contact is not opened on top")
		assert.Empty(t, srv.Writes(), "nothing merged before the merge screen's own confirmation")
	})
}

// The edit form's duplicate-email answer (409) offers the merge too; a new contact's does not.
func TestEditFormConflictOffersAMerge(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		taken := mkContact(t, c, map[string]string{"email": "taken@example.com"})
		mine := mkContact(t, c, map[string]string{"email": "mine@example.com", "firstname": "Mine"})
		e, _ := paneEnv(t, c)
		hs := drive(t, newEditForm(e, mine.ID, "Mine", false), 100, 40)
		f := hs.pane.(*formPane)
		f.cursor = f.fieldIndex("email")
		hs.keys("ctrl+u")
		hs.typeIn("taken@example.com")
		saveNow(hs, f)
		q := hs.asked()
		var does []string
		for _, a := range q.answers {
			does = append(does, a.choice+" "+a.does)
		}
		assert.Equal(t, []string{"o open it", "M compare and merge the two contacts…"}, does)
		hs.answer("M")
		m, ok := hs.opened().(*mergePane)
		require.True(t, ok)
		assert.Equal(t, [2]string{mine.ID, taken.ID}, [2]string{m.given[0].id, m.given[1].id})

		// After the merge the form writes to the merged contact; what was typed stays.
		hs.send(changedMsg{merged: map[string]string{mine.ID: "999", taken.ID: "999"}})
		assert.Equal(t, "999", f.contactID)
		assert.Contains(t, f.banner, "was merged: it is contact 999 now")
		assert.Equal(t, "taken@example.com", f.fields[f.fieldIndex("email")].Kind.Value())
	})
}

func TestMergeScreenShowsBothAndWhatHubSpotKeeps(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		f := relSetup(t, c)
		_, err := c.UpdateContact(context.Background(), f.other, map[string]string{"jobtitle": "Rear Admiral", "lifecyclestage": "customer"})
		require.NoError(t, err)
		e, _ := paneEnv(t, c)
		srv.ResetRequests()
		hs := drive(t, newMergePane(e, contact{id: f.contact, name: "Ada"}, contact{id: f.other, name: "Grace"}, false), 120, 36)
		m := hs.pane.(*mergePane)
		view := m.View()
		assert.Contains(t, view, "Primary (kept): Ada Lovelace (ada@example.com, id "+f.contact+")")
		row := func(label string) string {
			for _, l := range strings.Split(m.View(), "\n") {
				if strings.Contains(l, label) {
					return l
				}
			}
			return ""
		}
		assert.Regexp(t, `≠ Email +ada@example\.com +grace@example\.com +ada@example\.com`, row("Email"))
		assert.Regexp(t, `≠ Job Title +Rear Admiral +Rear Admiral`, row("Job Title"), "the primary has none: the other's is kept")
		assert.Regexp(t, `≠ Lifecycle Stage +Customer +Customer`, row("Lifecycle Stage"), "the furthest stage")
		assert.Regexp(t, `Companies +2 +0 +2 \(all of both\)`, row("Companies"))
		assert.Regexp(t, `Activities +2 +0 +2 \(all of both\)`, row("Activities"))
		hs.key("s")
		assert.Contains(t, m.View(), "Primary (kept): Grace Hopper (grace@example.com, id "+f.other+")")
		assert.Regexp(t, `≠ Email +ada@example\.com +grace@example\.com +grace@example\.com`, row("Email"))
		hs.key(".")
		assert.NotContains(t, m.View(), "Company Name", "only the differences")

		hs.key("enter")
		q := hs.asked()
		assert.Equal(t, "Merge Ada Lovelace (ada@example.com, id "+f.contact+") into Grace Hopper (grace@example.com, id "+f.other+")?", q.text)
		assert.Contains(t, q.details[0], "cannot be undone")
		require.Len(t, q.answers, 1)
		assert.Equal(t, "", q.answers[0].choice, "a yes/no question: No is the default")
		hs.answer("n")
		assert.Empty(t, srv.Writes())
	})
}

// Both names leading to one contact: nothing to merge, and the screen says so.
func TestMergeScreenOfOneContactSaysSo(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		merged, err := c.MergeContacts(context.Background(), f.contact, f.other)
		require.NoError(t, err)
		e, _ := paneEnv(t, c)
		hs := drive(t, newMergePane(e, contact{id: f.contact}, contact{id: merged.ID}, false), 100, 30)
		assert.Contains(t, hs.pane.View(), "These are one contact already (id "+merged.ID+")")
		hs.key("enter")
		d, ok := hs.opened().(*detailPane)
		require.True(t, ok)
		assert.Equal(t, merged.ID, d.ref)
	})
}
