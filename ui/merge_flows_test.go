package ui

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Merge flows (issue 16): the whole app on the sandbox through the real client, each checked
// afterwards through the API layer.

// markBoth starts on the list and marks Ada and Grace (the first two rows).
func markBoth(t *testing.T, c *api.Client) *term {
	t.Helper()
	tt := startOn(t, c, "")
	tt.shows("ada@example.com", "grace@example.com")
	tt.keys(" ", " ")
	tt.shows("2 marked (M merges them)")
	tt.keys("M")
	tt.shows("Merge two contacts", "Primary (kept): Ada Lovelace")
	return tt
}

func TestFlowMergeTwoMarkedContactsChoosingTheSecondAsPrimary(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		graceNote := atEngines(t, c, f)
		tt := markBoth(t, c)
		tt.keys("s")
		tt.shows("Primary (kept): Grace Hopper (grace@example.com, id " + f.other + ")")
		tt.keys("enter")
		tt.shows("Merge contacts", "A merge cannot be undone", "(default: No)")
		tt.keys("y")
		tt.shows("Merged Ada Lovelace into Grace Hopper: one contact now, id", "Grace Hopper  grace@example.com")
		m, _ := tt.quit()

		d, ok := m.top().(*detailPane)
		require.True(t, ok, "the merged contact opens")
		merged, err := c.GetContact(context.Background(), "grace@example.com", api.GetOptions{
			Properties:   []string{"email", "hs_additional_emails", "hs_merged_object_ids"},
			Associations: []string{api.ObjectCompanies, api.ObjectDeals, api.ObjectTickets, api.ObjectNotes, api.ObjectCalls}})
		require.NoError(t, err)
		assert.Equal(t, merged.ID, d.ref, "under its new id")
		assert.NotContains(t, []string{f.contact, f.other}, merged.ID)
		assert.True(t, api.MergedFrom(merged, f.contact) && api.MergedFrom(merged, f.other))
		assert.Equal(t, "grace@example.com", merged.Properties["email"], "the second, chosen as primary, keeps its email")
		assert.ElementsMatch(t, []string{"grace@navy.example.com", "ada@example.com", "ada@old.example.com"},
			strings.Split(merged.Properties["hs_additional_emails"], ";"), "both contacts' addresses")
		ids := func(typ string) []string {
			var out []string
			for _, a := range merged.Associations[typ] {
				out = append(out, a.ID)
			}
			return out
		}
		assert.ElementsMatch(t, []string{f.engines, f.evil, f.babbage}, ids(api.ObjectCompanies), "both sets of companies")
		assert.Equal(t, []string{f.deal}, ids(api.ObjectDeals))
		assert.Equal(t, []string{f.ticket}, ids(api.ObjectTickets))
		assert.ElementsMatch(t, []string{f.note, graceNote}, ids(api.ObjectNotes), "both sets of activities")
		assert.Equal(t, []string{f.call}, ids(api.ObjectCalls))

		l := m.stack[0].(*listPane)
		for _, r := range l.table.Rows() {
			assert.NotContains(t, []string{f.contact, f.other}, r.ID, "the list no longer shows the merged-away contacts")
		}
		assert.Empty(t, l.table.Marks)
	})
}

func TestFlowDecliningTheMergeChangesNothing(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		f := relSetup(t, c)
		srv.ResetRequests()
		tt := markBoth(t, c)
		tt.keys("enter")
		tt.shows("A merge cannot be undone", "(default: No)")
		tt.keys("n", "esc")
		tt.shows("2 marked (M merges them)")
		m, _ := tt.quit()
		require.IsType(t, &listPane{}, m.top(), "no: the merge screen stays, esc leaves it")
		assert.Empty(t, srv.Writes(), "no merge was sent")
		for _, id := range []string{f.contact, f.other} {
			o, err := c.GetContact(context.Background(), id, api.GetOptions{})
			require.NoError(t, err)
			assert.Equal(t, id, o.ID, "both contacts are still themselves")
		}
	})
}

// A merge answered by a 5xx after HubSpot merged is not sent again: the app looks, finds the
// merged contact and opens it.
func TestFlowMergeAnswered5xxIsCheckedNotResent(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		f := relSetup(t, c)
		srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultServed504, Match: "POST /merge"})
		tt := markBoth(t, c)
		tt.keys("enter", "y")
		tt.shows("Merged Grace Hopper into Ada Lovelace: one contact now, id")
		m, _ := tt.quit()
		merges := 0
		for _, r := range srv.Requests() {
			if r.Method == http.MethodPost && strings.HasSuffix(r.Path, "/merge") {
				merges++
				assert.Equal(t, hubspottest.FaultServed504, r.Fault, "HubSpot merged; its edge answered 504")
			}
		}
		assert.Equal(t, 1, merges, "the merge was sent once")
		merged, err := c.GetContact(context.Background(), f.other, api.GetOptions{Properties: []string{"email"}})
		require.NoError(t, err)
		assert.Equal(t, "ada@example.com", merged.Properties["email"])
		assert.Equal(t, merged.ID, m.top().(*detailPane).ref)
	})
}
