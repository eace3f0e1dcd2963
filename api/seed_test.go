package api

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// The layer over the seeded sandbox: every contact reachable by paging, and the fixtures'
// values (hostile ones included) returned exactly as HubSpot stores them.
func TestSeededSandbox(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{Seed: 7}, Config{})
		ctx := ctxT(t)

		t.Run("iterate every contact", func(t *testing.T) {
			live := 0
			_ = e.srv.Store().View(func(tx *hubspottest.Tx) error { live = tx.Count(hubspottest.Contacts); return nil })
			e.srv.ResetRequests()
			seen := map[string]bool{}
			for o, err := range e.c.IterContacts(ctx, ListOptions{Properties: []string{"email"}}) {
				if err != nil {
					t.Fatal(err)
				}
				if seen[o.ID] {
					t.Fatalf("%s twice", o.ID)
				}
				seen[o.ID] = true
			}
			if len(seen) != live || live < 2000 {
				t.Fatalf("iterated %d of %d", len(seen), live)
			}
			if n, want := len(e.requests("GET", e.fam.Objects("contacts"))), (live+99)/100; n != want {
				t.Fatalf("%d pages for %d contacts, want %d", n, live, want)
			}
		})

		t.Run("hostile values come back raw", func(t *testing.T) {
			props := []string{"firstname", "lastname", "company", "jobtitle", "city", "phone", "favorite_food", "message"}
			got, err := e.c.GetContact(ctx, hubspottest.HostileContactEmail, GetOptions{Properties: props, Associations: []string{"companies", "deals", "tickets"}})
			if err != nil {
				t.Fatal(err)
			}
			var stored map[string]string
			_ = e.srv.Store().View(func(tx *hubspottest.Tx) error {
				stored = tx.ContactByEmail(hubspottest.HostileContactEmail).Props
				return nil
			})
			hostile := 0
			for _, p := range props {
				if got.Properties[p] != stored[p] {
					t.Fatalf("%s changed on the way: %q vs %q", p, got.Properties[p], stored[p])
				}
				for _, seq := range hubspottest.HostileSequences() {
					if strings.Contains(got.Properties[p], seq) {
						hostile++
					}
				}
			}
			if hostile == 0 {
				t.Fatal("the hostile fixture lost its payloads")
			}
			for _, typ := range []string{"companies", "deals", "tickets"} {
				if len(got.Associations[typ]) == 0 {
					t.Fatalf("no %s associated", typ)
				}
			}
			deal, err := e.c.GetObject(ctx, ObjectDeals, got.Associations["deals"][0].ID, []string{"dealname"})
			if err != nil || deal.Properties["dealname"] != hubspottest.HostileDealName {
				t.Fatalf("deal name %q %v", deal.Properties["dealname"], err)
			}
			page, err := e.c.SearchByName(ctx, ObjectCompanies, "evil corp", 10)
			if err != nil || page.Total == 0 || !slices.ContainsFunc(page.Results, func(o *Object) bool { return o.Properties["name"] == hubspottest.HostileCompanyName }) {
				t.Fatalf("hostile company by name: %v %+v", err, page)
			}
		})

		t.Run("secondary emails", func(t *testing.T) {
			got, err := e.c.SecondaryEmails(ctx, hubspottest.SecondaryEmailsContactEmail)
			if err != nil || fmt.Sprint(got) != fmt.Sprint([]string{hubspottest.SecondaryEmail1, hubspottest.SecondaryEmail2}) {
				t.Fatalf("%v %v", err, got)
			}
			rs, err := e.c.BatchReadContacts(ctx, []string{hubspottest.SecondaryEmail2, hubspottest.FirstContactEmail}, "email", []string{"email"})
			if err != nil || rs[0].Object == nil || rs[0].Object.Properties["email"] != hubspottest.SecondaryEmailsContactEmail ||
				rs[1].Object == nil || rs[1].Object.Properties["email"] != hubspottest.FirstContactEmail {
				t.Fatalf("batch read by a secondary email: %v %+v", err, rs)
			}
		})

		t.Run("pinned activity", func(t *testing.T) {
			acts, err := e.c.Activities(ctx, hubspottest.PinnedContactEmail)
			if err != nil {
				t.Fatal(err)
			}
			pinned := slices.IndexFunc(acts, func(a Activity) bool { return a.Pinned })
			if pinned < 0 || acts[pinned].Type != ObjectCalls || acts[pinned].Title != hubspottest.PinnedCallTitle {
				t.Fatalf("pinned %d in %+v", pinned, acts)
			}
			if !slices.IsSortedFunc(acts, func(a, b Activity) int { return b.Timestamp.Compare(a.Timestamp) }) {
				t.Fatal("activities must be newest first")
			}
		})

		t.Run("history and labels", func(t *testing.T) {
			c, err := e.c.GetContact(ctx, hubspottest.CustomerContactEmail, GetOptions{History: []string{"lifecyclestage"}})
			if err != nil {
				t.Fatal(err)
			}
			var vals []string
			for _, h := range c.History["lifecyclestage"] {
				vals = append(vals, h.Value)
			}
			if strings.Join(vals, ",") != "customer,opportunity,lead,subscriber" {
				t.Fatalf("lifecycle history newest first: %v", vals)
			}
			first, err := e.c.GetContact(ctx, hubspottest.FirstContactEmail, GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			list, err := e.c.ListAssociations(ctx, first.ID, ObjectCompanies)
			if err != nil || len(list) == 0 {
				t.Fatal(err)
			}
			co, err := e.c.GetObject(ctx, ObjectCompanies, list[0].ToID, []string{"name"})
			if err != nil || co.Properties["name"] != hubspottest.FirstCompanyName ||
				!slices.ContainsFunc(list[0].Types, func(t AssociationType) bool { return t.Label == "Primary" }) {
				t.Fatalf("primary company: %v %+v %+v", err, co, list[0])
			}
		})
	})
}

func TestContactCallsAcceptEmail(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		co := e.mustObject(ObjectCompanies, map[string]string{"name": "ByEmail Inc"})
		e.mustCreate(map[string]string{"email": "by.email@example.com"})
		if err := e.c.Associate(ctx, "by.email@example.com", ObjectCompanies, co.ID, AssocContactToCompany); err != nil {
			t.Fatal(err)
		}
		l, err := e.c.ListAssociations(ctx, "by.email@example.com", ObjectCompanies)
		if err != nil || len(l) != 1 {
			t.Fatalf("%v %+v", err, l)
		}
		if err := e.c.RemoveAssociation(ctx, "by.email@example.com", ObjectCompanies, co.ID, AssocContactToCompany); err != nil {
			t.Fatal(err)
		}
		if acts, err := e.c.Activities(ctx, "by.email@example.com"); err != nil || len(acts) != 0 {
			t.Fatalf("%v %+v", err, acts)
		}
	})
}
