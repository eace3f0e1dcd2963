package api

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

func (e *env) mustObject(typ string, props map[string]string, assocs ...AssociationInput) *Object {
	e.t.Helper()
	o, err := e.c.CreateObject(ctxT(e.t), typ, props, assocs...)
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

func typeIDs(ts []AssociationType) []int {
	var out []int
	for _, t := range ts {
		out = append(out, t.TypeID)
	}
	slices.Sort(out)
	return out
}

func TestAssociationsWithLabels(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		acme := e.mustObject(ObjectCompanies, map[string]string{"name": "Acme", "domain": "acme.example"})
		globex := e.mustObject(ObjectCompanies, map[string]string{"name": "Globex"})
		c := e.mustCreate(map[string]string{"email": "assoc@example.com"}, AssociationInput{ToID: globex.ID, TypeID: AssocContactToCompany})

		if err := e.c.Associate(ctx, c.ID, ObjectCompanies, acme.ID, AssocContactToCompany); err != nil {
			t.Fatal(err)
		}
		if err := e.c.Associate(ctx, c.ID, ObjectCompanies, acme.ID, hubspottest.TypeContactToCompanyBilling); err != nil {
			t.Fatal(err)
		}
		if err := e.c.Associate(ctx, c.ID, ObjectCompanies, acme.ID, hubspottest.TypeContactToCompanyBilling); err != nil {
			t.Fatalf("associating twice: %v", err)
		}
		if n := len(e.requests("PUT", e.fam.Objects("contacts")+"/"+c.ID+"/associations/companies/")); n != 3 {
			t.Fatalf("want one PUT per association (the seed's v3 PUT, the pair's on a dated family): %d", n)
		}
		list, err := e.c.ListAssociations(ctx, c.ID, ObjectCompanies)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]Association{}
		for _, a := range list {
			byID[a.ToID] = a
		}
		if len(list) != 2 || fmt.Sprint(typeIDs(byID[acme.ID].Types)) != fmt.Sprint([]int{AssocContactToCompany, hubspottest.TypeContactToCompanyBilling}) ||
			fmt.Sprint(typeIDs(byID[globex.ID].Types)) != fmt.Sprint([]int{AssocContactToCompany}) {
			t.Fatalf("list %+v", list)
		}
		for _, typ := range byID[acme.ID].Types {
			want := ""
			if typ.TypeID == hubspottest.TypeContactToCompanyBilling {
				want = "Billing contact"
			}
			if typ.Label != want || typ.Category == "" {
				t.Fatalf("type %+v", typ)
			}
		}

		// In the contact GET: one entry per company, de-duplicated, with every type.
		got, err := e.c.GetContact(ctx, c.ID, GetOptions{Associations: []string{"companies"}})
		if err != nil {
			t.Fatal(err)
		}
		if as := got.Associations["companies"]; len(as) != 2 {
			t.Fatalf("GET associations %+v", got.Associations)
		}
		for _, a := range got.Associations["companies"] {
			if a.ID == acme.ID && len(a.Types) < 2 {
				t.Fatalf("acme's types %+v", a)
			}
		}

		if err := e.c.RemoveAssociation(ctx, c.ID, ObjectCompanies, acme.ID, hubspottest.TypeContactToCompanyBilling); err != nil {
			t.Fatal(err)
		}
		list, _ = e.c.ListAssociations(ctx, c.ID, ObjectCompanies)
		for _, a := range list {
			if a.ToID == acme.ID && fmt.Sprint(typeIDs(a.Types)) != fmt.Sprint([]int{AssocContactToCompany}) {
				t.Fatalf("after removing the label: %+v", a)
			}
		}
		if err := e.c.RemoveAssociation(ctx, c.ID, ObjectCompanies, acme.ID, AssocContactToCompany); err != nil {
			t.Fatal(err)
		}
		list, _ = e.c.ListAssociations(ctx, c.ID, ObjectCompanies)
		if len(list) != 1 || list[0].ToID != globex.ID {
			t.Fatalf("after removing: %+v", list)
		}
	})
}

func TestAssociationTypesForPair(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		types, err := e.c.AssociationTypes(ctxT(t), ObjectContacts, ObjectCompanies)
		if err != nil {
			t.Fatal(err)
		}
		labels := map[int]string{}
		for _, typ := range types {
			labels[typ.TypeID] = typ.Label
		}
		if l, ok := labels[AssocContactToCompany]; !ok || l != "" {
			t.Fatalf("279 must be there unlabelled: %+v", types)
		}
		if labels[AssocContactToPrimaryCompany] != "Primary" || labels[hubspottest.TypeContactToCompanyBilling] != "Billing contact" {
			t.Fatalf("labels %+v", types)
		}
	})
}

func TestDealsTicketsAndNameSearch(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		c := e.mustCreate(map[string]string{"email": "deals@example.com"})
		deal := e.mustObject(ObjectDeals, map[string]string{"dealname": "Big Renewal", "amount": "1000"})
		ticket := e.mustObject(ObjectTickets, map[string]string{"subject": "Printer on fire", "hs_pipeline_stage": "1"})
		e.mustObject(ObjectCompanies, map[string]string{"name": "Initech Holdings"})
		e.mustObject(ObjectCompanies, map[string]string{"name": "Umbrella"})
		if err := e.c.Associate(ctx, c.ID, ObjectDeals, deal.ID, AssocContactToDeal); err != nil {
			t.Fatal(err)
		}
		if err := e.c.Associate(ctx, c.ID, ObjectTickets, ticket.ID, AssocContactToTicket); err != nil {
			t.Fatal(err)
		}
		for typ, id := range map[string]string{ObjectDeals: deal.ID, ObjectTickets: ticket.ID} {
			l, err := e.c.ListAssociations(ctx, c.ID, typ)
			if err != nil || len(l) != 1 || l[0].ToID != id {
				t.Fatalf("%s: %v %+v", typ, err, l)
			}
		}
		got, err := e.c.GetObject(ctx, ObjectDeals, deal.ID, []string{"dealname", "amount"})
		if err != nil || got.Properties["dealname"] != "Big Renewal" || got.Type != ObjectDeals {
			t.Fatalf("%v %+v", err, got)
		}
		rs, err := e.c.BatchReadObjects(ctx, ObjectTickets, []string{ticket.ID, "424242"}, []string{"subject"})
		if err != nil || rs[0].Object.Properties["subject"] != "Printer on fire" || !IsNotFound(rs[1].Err) {
			t.Fatalf("%v %+v", err, rs)
		}
		for typ, q := range map[string]string{ObjectCompanies: "initech hold", ObjectDeals: "renewal", ObjectTickets: "printer"} {
			page, err := e.c.SearchByName(ctx, typ, q, 10)
			if err != nil || page.Total != 1 || len(page.Results) != 1 {
				t.Fatalf("%s %q: %v %+v", typ, q, err, page)
			}
		}
	})
}

// HubSpot pages associations at 100 per type inside a GET; the layer completes the list
// through the v4 listing, so callers see every associated record.
func TestGetContactCompletesPagedAssociations(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		c := e.mustCreate(map[string]string{"email": "many@example.com"})
		in := make([]map[string]string, 130)
		for i := range in {
			in[i] = map[string]string{"name": fmt.Sprintf("Co %03d", i)}
		}
		rs, err := e.c.BatchCreateObjects(ctx, ObjectCompanies, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if err := e.c.Associate(ctx, c.ID, ObjectCompanies, r.Object.ID, AssocContactToCompany); err != nil {
				t.Fatal(err)
			}
		}
		e.srv.ResetRequests()
		got, err := e.c.GetContact(ctx, c.ID, GetOptions{Associations: []string{"companies"}})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, a := range got.Associations["companies"] {
			seen[a.ID] = true
		}
		if len(seen) != 130 || len(got.Associations["companies"]) != 130 {
			t.Fatalf("%d associated companies (%d distinct)", len(got.Associations["companies"]), len(seen))
		}
		if n := len(e.requests("GET", e.fam.AssociationList("contacts", c.ID, "companies"))); n != 1 {
			t.Fatalf("want one listing (v4's on the numbered family) completing the paged GET, got %d", n)
		}
	})
}
