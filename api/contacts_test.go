package api

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

func (e *env) mustCreate(props map[string]string, assocs ...AssociationInput) *Object {
	e.t.Helper()
	o, err := e.c.CreateContact(ctxT(e.t), props, assocs...)
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

// contactsWithEmail counts live contacts holding an email, straight from the sandbox's store.
func (e *env) contactsWithEmail(email string) int {
	n := 0
	_ = e.srv.Store().View(func(tx *hubspottest.Tx) error {
		tx.All(hubspottest.Contacts, func(o *hubspottest.Object) bool {
			if !o.Archived && strings.EqualFold(o.Props["email"], email) {
				n++
			}
			return true
		})
		return nil
	})
	return n
}

func TestContactCRUDByIDAndEmail(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		const email = "Ada.Lovelace+crm@example.com"
		created := e.mustCreate(map[string]string{"email": email, "firstname": "Ada", "lastname": "Lovelace"})
		if created.ID == "" || created.Properties["firstname"] != "Ada" || created.CreatedAt.IsZero() || created.Type != "contacts" {
			t.Fatalf("created %+v", created)
		}

		byEmail, err := e.c.GetContact(ctx, email, GetOptions{Properties: []string{"firstname", "email"}})
		if err != nil {
			t.Fatal(err)
		}
		if byEmail.ID != created.ID {
			t.Fatalf("by email got %s want %s", byEmail.ID, created.ID)
		}
		last := e.srv.Requests()[len(e.srv.Requests())-1]
		if last.RawQuery != "idProperty=email&properties=firstname%2Cemail" || !strings.HasSuffix(last.Path, "/contacts/"+email) {
			t.Fatalf("query folded into the path? path=%q query=%q", last.Path, last.RawQuery)
		}

		updated, err := e.c.UpdateContact(ctx, email, map[string]string{"jobtitle": "Analyst", "firstname": "Augusta"})
		if err != nil {
			t.Fatal(err)
		}
		if updated.Properties["jobtitle"] != "Analyst" {
			t.Fatalf("update by email: %+v", updated.Properties)
		}
		if _, err := e.c.UpdateContact(ctx, created.ID, map[string]string{"firstname": "Ada"}); err != nil {
			t.Fatal(err)
		}
		// Clearing with "".
		if o, err := e.c.UpdateContact(ctx, created.ID, map[string]string{"jobtitle": ""}); err != nil || o.Properties["jobtitle"] != "" {
			t.Fatalf("clear: %v %v", err, o)
		}

		got, err := e.c.GetContact(ctx, created.ID, GetOptions{Properties: []string{"firstname"}, History: []string{"firstname"}})
		if err != nil {
			t.Fatal(err)
		}
		h := got.History["firstname"]
		if len(h) != 3 || h[0].Value != "Ada" || h[1].Value != "Augusta" || h[2].Value != "Ada" || !h[0].Timestamp.After(h[2].Timestamp) && !h[0].Timestamp.Equal(h[2].Timestamp) || h[0].SourceType == "" {
			t.Fatalf("history newest first: %+v", h)
		}

		if err := e.c.DeleteContact(ctx, email); err != nil {
			t.Fatal(err)
		}
		if _, err := e.c.GetContact(ctx, created.ID, GetOptions{}); !IsNotFound(err) {
			t.Fatalf("deleted contact: %v", err)
		}
		bin, err := e.c.GetContact(ctx, created.ID, GetOptions{Archived: true})
		if err != nil || !bin.Archived || bin.ArchivedAt.IsZero() {
			t.Fatalf("recycle bin: %v %+v", err, bin)
		}
		page, err := e.c.ListContacts(ctx, ListOptions{Archived: true})
		if err != nil || len(page.Results) != 1 || page.Results[0].ID != created.ID {
			t.Fatalf("archived list: %v %+v", err, page)
		}
	})
}

func TestEmailWithReservedCharactersStaysOneSegment(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		for _, email := range []string{"a/b@example.com", "what?now@example.com", "hash#tag@example.com", "o'brien+x@example.com"} {
			created, err := e.c.CreateContact(ctx, map[string]string{"email": email})
			if err != nil {
				if _, ok := IsValidation(err); ok {
					t.Logf("sandbox refuses %q as an email: %v", email, err)
					continue
				}
				t.Fatal(err)
			}
			got, err := e.c.GetContact(ctx, email, GetOptions{})
			if err != nil || got.ID != created.ID {
				t.Fatalf("%q: %v", email, err)
			}
			if _, err := e.c.UpdateContact(ctx, email, map[string]string{"lastname": "X"}); err != nil {
				t.Fatalf("%q: %v", email, err)
			}
		}
	})
}

func TestListAndIterateContacts(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		var ids []string
		for i := range 25 {
			ids = append(ids, e.mustCreate(map[string]string{"email": fmt.Sprintf("p%02d@example.com", i)}).ID)
		}
		e.srv.ResetRequests()
		var seen []string
		for o, err := range e.c.IterContacts(ctx, ListOptions{Limit: 10, Properties: []string{"email"}}) {
			if err != nil {
				t.Fatal(err)
			}
			seen = append(seen, o.ID)
		}
		if !slices.Equal(seen, ids) {
			t.Fatalf("iterated %v want %v", seen, ids)
		}
		if n := len(e.requests("GET", "/contacts")); n != 3 {
			t.Fatalf("25 contacts at 10 a page: %d requests", n)
		}
		// Stopping early stops fetching.
		e.srv.ResetRequests()
		for range e.c.IterContacts(ctx, ListOptions{Limit: 10}) {
			break
		}
		if n := len(e.srv.Requests()); n != 1 {
			t.Fatalf("early stop: %d requests", n)
		}
	})
}

func TestCreateConflictCarriesExistingID(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		first := e.mustCreate(map[string]string{"email": "dup@example.com"})
		_, err := e.c.CreateContact(ctxT(t), map[string]string{"email": "DUP@example.com", "firstname": "Again"})
		id, ok := IsConflict(err)
		if !ok || id != first.ID {
			t.Fatalf("want conflict with %s, got %v", first.ID, err)
		}
		if err.Error() != "A contact with this email already exists (id "+first.ID+"); open or update that one instead" {
			t.Fatal(err)
		}
		if n := len(e.requests("POST", "/contacts")); n != 2 {
			t.Fatalf("a 409 must not be retried: %d creates", n)
		}
	})
}

func TestValidationDetailsFromSandbox(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		c := e.mustCreate(map[string]string{"email": "v@example.com"})
		cases := []struct {
			props map[string]string
			name  string
			code  string
		}{
			{map[string]string{"email": "example.lcom"}, "email", "INVALID_EMAIL"},
			{map[string]string{"no_such_property": "x"}, "no_such_property", "PROPERTY_DOESNT_EXIST"},
			{map[string]string{"lifecyclestage": "bogus"}, "lifecyclestage", "INVALID_OPTION"},
		}
		for _, tc := range cases {
			_, err := e.c.UpdateContact(ctx, c.ID, tc.props)
			details, ok := IsValidation(err)
			if !ok || len(details) == 0 || details[0].Name != tc.name || details[0].Code != tc.code || details[0].Message == "" {
				t.Fatalf("%v: got %v (%+v)", tc.props, err, details)
			}
			if !strings.HasPrefix(err.Error(), "HubSpot refused "+tc.name+": ") {
				t.Fatalf("text %q", err)
			}
		}
		if n := len(e.requests("PATCH", "")); n != len(cases) {
			t.Fatalf("a 400 must not be retried: %d PATCHes", n)
		}
	})
}

func TestMissingScopesFromSandbox(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		const readOnly = "pat-na1-aaaaaaaa-0000-4000-8000-000000000001"
		e := newEnv(t, fam, hubspottest.Options{Empty: true, Tokens: map[string][]string{readOnly: {"crm.objects.contacts.read"}}}, Config{Token: readOnly})
		_, err := e.c.CreateContact(ctxT(t), map[string]string{"email": "s@example.com"})
		var ae *Error
		if !IsAuth(err) || !errors.As(err, &ae) || !slices.Contains(ae.RequiredScopes, "crm.objects.contacts.write") {
			t.Fatalf("want missing scopes, got %v", err)
		}
		if !strings.Contains(err.Error(), "lacks the scopes this needs (crm.objects.contacts.write)") || strings.Contains(err.Error(), readOnly) {
			t.Fatal(err)
		}
		if _, err := e.c.ListContacts(ctxT(t), ListOptions{}); err != nil {
			t.Fatalf("reading with the read scope: %v", err)
		}
	})
}

func TestMergeAndGDPRDelete(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		a := e.mustCreate(map[string]string{"email": "a@example.com", "firstname": "A"})
		b := e.mustCreate(map[string]string{"email": "b@example.com", "firstname": "B"})
		merged, err := e.c.MergeContacts(ctx, a.ID, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, old := range []string{a.ID, b.ID} {
			got, err := e.c.GetContact(ctx, old, GetOptions{Properties: []string{"firstname"}})
			if err != nil || got.ID != merged.ID || got.Properties["firstname"] != "A" {
				t.Fatalf("old id %s after merge: %v %+v", old, err, got)
			}
		}
		if err := e.c.GDPRDeleteContact(ctx, "a@example.com"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.c.GetContact(ctx, merged.ID, GetOptions{Archived: true}); !IsNotFound(err) {
			t.Fatalf("gdpr-deleted contact still there: %v", err)
		}
		c := e.mustCreate(map[string]string{"email": "c@example.com"})
		if err := e.c.GDPRDeleteContact(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.c.GetContact(ctx, c.ID, GetOptions{}); !IsNotFound(err) {
			t.Fatalf("gdpr by id: %v", err)
		}
	})
}

func TestLifecycleStageForwardOnlyAndForcedBackward(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		c := e.mustCreate(map[string]string{"email": "l@example.com", "lifecyclestage": "customer"})
		o, err := e.c.UpdateContact(ctx, c.ID, map[string]string{"lifecyclestage": "lead"})
		if err != nil || o.Properties["lifecyclestage"] != "customer" {
			t.Fatalf("HubSpot ignores a backward move: %v %v", err, o.Properties)
		}
		o, err = e.c.SetLifecycleStage(ctx, c.ID, "lead")
		if err != nil || o.Properties["lifecyclestage"] != "lead" {
			t.Fatalf("forced: %v %v", err, o)
		}
	})
}

// The client speaks the family it is configured with, for objects, properties and the account
// alike (newEnv's families.Watch fails any test whose client reaches for another family's path).
func TestTheClientSpeaksItsFamily(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{Empty: true}, Config{})
		ctx := ctxT(t)
		e.mustCreate(map[string]string{"email": "dated@example.com"})
		if _, err := e.c.GetContact(ctx, "dated@example.com", GetOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.c.Properties(ctx, "contacts"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.c.AccountDetails(ctx); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{fam.Objects("contacts"), fam.Properties("contacts"), fam.AccountDetails()} {
			if len(e.requests("", want)) == 0 {
				t.Errorf("no request for %s", want)
			}
		}
	})
}

// A create whose response is lost after the write: the layer looks the email up and returns
// the contact, so exactly one exists and nothing is sent twice.
func TestCreateWithLostResponseMakesOneContact(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultDrop, Match: "POST " + e.fam.Objects("contacts")})
		o, err := e.c.CreateContact(ctxT(t), map[string]string{"email": "once@example.com", "firstname": "Once"})
		if err != nil {
			t.Fatal(err)
		}
		if o.Properties["firstname"] != "Once" || o.ID == "" {
			t.Fatalf("%+v", o)
		}
		if n := e.contactsWithEmail("once@example.com"); n != 1 {
			t.Fatalf("%d contacts", n)
		}
		creates := e.requests("POST", e.fam.Objects("contacts"))
		if len(creates) != 1 || !creates[0].Applied() || creates[0].Fault != hubspottest.FaultDrop {
			t.Fatalf("want the one dropped create, got %d", len(creates))
		}
		if n := len(e.requests("GET", "/contacts/once@example.com")); n != 1 {
			t.Fatalf("want one lookup by email, got %d", n)
		}
		if len(e.requests("POST", "/search")) != 0 {
			t.Fatal("the lookup must not use search (it lags)")
		}
	})
}

// A create refused by a 5xx before it was processed: the lookup finds nothing, so it is re-sent
// once; a truncated answer is settled by the lookup.
func TestCreateAfterServerErrorOrTruncationIsSettled(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault503, Match: "POST " + e.fam.Objects("contacts")})
		if _, err := e.c.CreateContact(ctxT(t), map[string]string{"email": "five@example.com"}); err != nil {
			t.Fatal(err)
		}
		if n := len(e.requests("POST", e.fam.Objects("contacts"))); n != 2 {
			t.Fatalf("want the failed create and one re-send, got %d", n)
		}
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultTruncate, Match: "POST " + e.fam.Objects("contacts")})
		if _, err := e.c.CreateContact(ctxT(t), map[string]string{"email": "trunc@example.com"}); err != nil {
			t.Fatal(err)
		}
		for _, em := range []string{"five@example.com", "trunc@example.com"} {
			if n := e.contactsWithEmail(em); n != 1 {
				t.Fatalf("%s: %d contacts", em, n)
			}
		}
		if n := len(e.requests("POST", e.fam.Objects("contacts"))); n != 3 {
			t.Fatalf("the truncated create must not be re-sent: %d creates", n)
		}
	})
}

func TestCreateWithoutEmailIsNeverResentBlindly(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultDrop, Match: "POST " + e.fam.Objects("contacts")})
		_, err := e.c.CreateContact(ctxT(t), map[string]string{"firstname": "Nameless"})
		var ae *Error
		if !errors.As(err, &ae) || ae.Category != CategoryUnknownOutcome || !strings.Contains(err.Error(), "check the record before trying again") {
			t.Fatalf("want unknown outcome, got %v", err)
		}
		if n := len(e.requests("POST", e.fam.Objects("contacts"))); n != 1 {
			t.Fatalf("%d creates", n)
		}
	})
}

// Idempotent writes succeed after transient failures; attempts counted in the request log.
func TestIdempotentWritesRetried(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		c := e.mustCreate(map[string]string{"email": "r@example.com"})
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault502, Match: "PATCH"})
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultDrop, Match: "PATCH"})
		o, err := e.c.UpdateContact(ctx, c.ID, map[string]string{"firstname": "Retried"})
		if err != nil || o.Properties["firstname"] != "Retried" {
			t.Fatalf("%v %v", err, o)
		}
		if n := len(e.requests("PATCH", "")); n != 3 {
			t.Fatalf("want 3 PATCH attempts, got %d", n)
		}
		// A DELETE whose answer is lost: the retry finds it gone, which is success.
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultDrop, Match: "DELETE"})
		if err := e.c.DeleteContact(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if n := len(e.requests("DELETE", "")); n != 2 {
			t.Fatalf("want 2 DELETE attempts, got %d", n)
		}
	})
}
