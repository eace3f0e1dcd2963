package api

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Tests of what the record view, the "who else is there" list and the merge screen need.

func (e *env) mustCreateObject(typ string, props map[string]string) string {
	e.t.Helper()
	o, err := e.c.CreateObject(ctxT(e.t), typ, props)
	if err != nil {
		e.t.Fatal(err)
	}
	return o.ID
}

func TestListAssociatedObjectsPagesACompanysContacts(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		co := e.mustCreateObject(ObjectCompanies, map[string]string{"name": "Acme"})
		deal := e.mustCreateObject(ObjectDeals, map[string]string{"dealname": "Big"})
		var want []string
		for i := range 5 {
			c := e.mustCreate(map[string]string{"email": fmt.Sprintf("p%d@acme.example", i), "firstname": fmt.Sprint("P", i)},
				AssociationInput{ToID: co, TypeID: AssocContactToCompany}, AssociationInput{ToID: deal, TypeID: AssocContactToDeal})
			want = append(want, c.ID)
		}
		for _, from := range [][2]string{{ObjectCompanies, co}, {ObjectDeals, deal}} {
			var got []string
			after, pages := "", 0
			for {
				p, err := e.c.ListAssociatedObjects(ctx, from[0], from[1], ObjectContacts, ListOptions{Limit: 2, After: after, Properties: []string{"firstname", "email"}})
				if err != nil {
					t.Fatal(err)
				}
				pages++
				for _, o := range p.Results {
					if o.Properties["firstname"] == "" || o.Properties["email"] == "" {
						t.Fatalf("%s: a contact without its properties: %+v", from[0], o.Properties)
					}
					got = append(got, o.ID)
				}
				if after = p.After; after == "" {
					break
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, want) || pages != 3 {
				t.Fatalf("%s: got %v in %d pages, want %v in 3", from[0], got, pages, want)
			}
		}
		p, err := e.c.ListAssociatedObjects(ctx, ObjectCompanies, e.mustCreateObject(ObjectCompanies, map[string]string{"name": "Empty"}), ObjectContacts, ListOptions{})
		if err != nil || len(p.Results) != 0 || p.After != "" {
			t.Fatalf("a company without contacts: %+v %v", p, err)
		}
	})
}

func TestPipelinesGiveStageLabelsAndAreCached(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		ps, err := e.c.Pipelines(ctx, ObjectDeals)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 2 || ps[0].Label != "Sales Pipeline" || len(ps[0].Stages) != 7 || ps[0].Stages[5].Metadata["isClosed"] != "true" {
			t.Fatalf("deal pipelines: %+v", ps)
		}
		for _, tc := range []struct{ pipe, stage, wantPipe, wantStage string }{
			{"default", "closedwon", "Sales Pipeline", "Closed Won"},
			{hubspottest.RenewalsPipelineID, hubspottest.RenewalDueStageID, "Renewals", "Renewal due"},
			{"", hubspottest.RenewalDueStageID, "", "Renewal due"},
			{"default", "gone", "Sales Pipeline", ""},
		} {
			p, s := StageLabels(ps, tc.pipe, tc.stage)
			if p != tc.wantPipe || s != tc.wantStage {
				t.Errorf("StageLabels(%q, %q) = %q, %q", tc.pipe, tc.stage, p, s)
			}
		}
		ps[0].Stages[0].Label = "changed by the caller"
		again, err := e.c.Pipelines(ctx, ObjectDeals)
		if err != nil || again[0].Stages[0].Label != "Appointment Scheduled" {
			t.Fatalf("the cache was changed through a returned slice: %v %v", again[0].Stages[0], err)
		}
		if n := len(e.requests("GET", e.fam.Pipelines("deals"))); n != 1 {
			t.Fatalf("%d requests for deal pipelines, want 1 (cached)", n)
		}
		ts, err := e.c.Pipelines(ctx, ObjectTickets)
		if err != nil || ts[0].Stages[3].Label != "Closed" || ts[0].Stages[3].Metadata["ticketState"] != "CLOSED" {
			t.Fatalf("ticket pipelines: %+v %v", ts, err)
		}
	})
}

func TestMergeContactsByEmailAndRefusesTheSameContact(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		a := e.mustCreate(map[string]string{"email": "a@example.com", "firstname": "A"})
		b := e.mustCreate(map[string]string{"email": "b@example.com", "lastname": "B"})
		merged, err := e.c.MergeContacts(ctx, "a@example.com", "B@example.com")
		if err != nil {
			t.Fatal(err)
		}
		if merged.ID == a.ID || merged.ID == b.ID {
			t.Fatalf("merged id %s is an old one", merged.ID)
		}
		got, err := e.c.GetContact(ctx, merged.ID, GetOptions{Properties: []string{"email", "hs_additional_emails", "hs_merged_object_ids"}})
		if err != nil || got.Properties["email"] != "a@example.com" || got.Properties["hs_additional_emails"] != "b@example.com" ||
			!MergedFrom(got, a.ID) || !MergedFrom(got, b.ID) {
			t.Fatalf("after the merge: %+v %v", got.Properties, err)
		}

		before := len(e.requests("POST", "/merge"))
		for _, pair := range [][2]string{{a.ID, merged.ID}, {"a@example.com", b.ID}, {merged.ID, merged.ID}} {
			_, err := e.c.MergeContacts(ctx, pair[0], pair[1])
			var same *SameContactError
			if !errors.As(err, &same) || same.ID != merged.ID {
				t.Fatalf("%v: want a SameContactError naming %s, got %v", pair, merged.ID, err)
			}
		}
		if n := len(e.requests("POST", "/merge")); n != before {
			t.Fatalf("%d merges sent for the same contact", n-before)
		}
	})
}

// A merge answered by a 5xx after HubSpot merged is not sent again: the layer looks first and
// returns the merged contact.
func TestMergeAnswered5xxAfterMergingIsNotResent(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		a := e.mustCreate(map[string]string{"email": "a@example.com"})
		b := e.mustCreate(map[string]string{"email": "b@example.com"})
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultServed504, Match: "POST /merge"})
		merged, err := e.c.MergeContacts(ctx, a.ID, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n := len(e.requests("POST", "/merge")); n != 1 {
			t.Fatalf("the merge was sent %d times", n)
		}
		if !MergedFrom(merged, a.ID) || !MergedFrom(merged, b.ID) {
			t.Fatalf("returned %+v", merged)
		}
		if a, b := e.contactsWithEmail("a@example.com"), e.contactsWithEmail("b@example.com"); a != 1 || b != 0 {
			t.Fatalf("%d contacts have a@ as their email and %d b@, want 1 and 0 (merged once)", a, b)
		}
	})
}

// A merge answered by a 5xx that changed nothing is sent again only after the layer has seen
// both contacts still apart; when every attempt fails, the error says so and nothing merged.
func TestMergeAnswered5xxWithoutMergingIsSentAgainAfterLooking(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		a := e.mustCreate(map[string]string{"email": "a@example.com"})
		b := e.mustCreate(map[string]string{"email": "b@example.com"})
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault503, Match: "POST /merge"})
		e.srv.ResetRequests()
		merged, err := e.c.MergeContacts(ctx, a.ID, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		var seq []string
		for _, r := range e.srv.Requests() {
			seq = append(seq, fmt.Sprint(r.Method, " ", r.Status))
		}
		want := []string{"GET 200", "GET 200", "POST 503", "GET 200", "GET 200", "POST 200"}
		if !slices.Equal(seq, want) {
			t.Fatalf("requests %v, want %v (look before sending again)", seq, want)
		}
		if got, err := e.c.GetContact(ctx, b.ID, GetOptions{Properties: []string{"hs_merged_object_ids"}}); err != nil || got.ID != merged.ID || !MergedFrom(got, b.ID) {
			t.Fatalf("returned %+v; b now %+v %v", merged, got, err)
		}

		c := e.mustCreate(map[string]string{"email": "c@example.com"})
		d := e.mustCreate(map[string]string{"email": "d@example.com"})
		for range DefaultMaxRetries + 1 {
			e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault500, Match: "POST /merge"})
		}
		_, err = e.c.MergeContacts(ctx, c.ID, d.ID)
		var ae *Error
		if !errors.As(err, &ae) || ae.Status != 500 || ae.Category == CategoryUnknownOutcome {
			t.Fatalf("want HubSpot's 500 (certainly not merged), got %v", err)
		}
		if n := e.contactsWithEmail("c@example.com") + e.contactsWithEmail("d@example.com"); n != 2 {
			t.Fatalf("c and d: %d", n)
		}
	})
}
