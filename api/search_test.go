package api

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// searchFixture creates contacts whose properties every operator can tell apart, returning
// their ids by first name.
func searchFixture(t *testing.T, e *env) map[string]string {
	t.Helper()
	people := []map[string]string{
		{"firstname": "Ann", "lastname": "Archer", "email": "ann@alpha.example", "annualrevenue": "100", "lifecyclestage": "lead", "favorite_food": "pizza"},
		{"firstname": "Bob", "lastname": "Baker", "email": "bob@beta.example", "annualrevenue": "200", "lifecyclestage": "customer"},
		{"firstname": "Cid", "lastname": "Cooper", "email": "cid@alpha.example", "annualrevenue": "300", "lifecyclestage": "lead", "favorite_food": "sushi rolls"},
		{"firstname": "Dee", "lastname": "Dyer", "email": "dee@gamma.example", "annualrevenue": "400", "lifecyclestage": "opportunity"},
		{"firstname": "Eve", "lastname": "Evans", "email": "eve@beta.example", "lifecyclestage": "subscriber"},
	}
	ids := map[string]string{}
	for _, p := range people {
		ids[p["firstname"]] = e.mustCreate(p).ID
	}
	return ids
}

func names(ids map[string]string, page SearchPage) string {
	byID := map[string]string{}
	for n, id := range ids {
		byID[id] = n
	}
	var out []string
	for _, o := range page.Results {
		out = append(out, byID[o.ID])
	}
	return strings.Join(out, ",")
}

func TestSearchEveryOperator(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		ids := searchFixture(t, e)
		cases := []struct {
			f    Filter
			want string
		}{
			{Eq("firstname", "bob"), "Bob"},
			{Neq("lifecyclestage", "lead"), "Bob,Dee,Eve"},
			{Lt("annualrevenue", "200"), "Ann"},
			{Lte("annualrevenue", "200"), "Ann,Bob"},
			{Gt("annualrevenue", "300"), "Dee"},
			{Gte("annualrevenue", "300"), "Cid,Dee"},
			{Between("annualrevenue", "150", "350"), "Bob,Cid"},
			{In("lifecyclestage", "customer", "opportunity"), "Bob,Dee"},
			{NotIn("lifecyclestage", "lead", "customer"), "Dee,Eve"},
			{HasProperty("favorite_food"), "Ann,Cid"},
			{NotHasProperty("annualrevenue"), "Eve"},
			{ContainsToken("email", "*@alpha.example"), "Ann,Cid"},
			{NotContainsToken("lastname", "cooper"), "Ann,Bob,Dee,Eve"},
		}
		for _, tc := range cases {
			page, err := e.c.SearchContacts(ctx, SearchRequest{Groups: []FilterGroup{Where(tc.f)}, Sort: Asc("firstname")})
			if err != nil {
				t.Fatalf("%s: %v", tc.f.Operator, err)
			}
			if got := names(ids, page); got != tc.want || page.Total != len(page.Results) {
				t.Errorf("%s %s: got %q (total %d), want %q", tc.f.Operator, tc.f.Property, got, page.Total, tc.want)
			}
		}
		// Groups OR, filters AND; descending sort; query; properties.
		page, err := e.c.SearchContacts(ctx, SearchRequest{
			Groups:     []FilterGroup{Where(Eq("lifecyclestage", "lead"), Gt("annualrevenue", "150")), Where(Eq("lastname", "Evans"))},
			Sort:       Desc("firstname"),
			Properties: []string{"firstname", "annualrevenue"},
		})
		if err != nil || names(ids, page) != "Eve,Cid" || page.Results[1].Properties["annualrevenue"] != "300" {
			t.Fatalf("groups: %v %q", err, names(ids, page))
		}
		var body struct {
			Sorts []map[string]string `json:"sorts"`
		}
		_ = jsonUnmarshal(e.requests("POST", "/search")[len(e.requests("POST", "/search"))-1].Body, &body)
		if fmt.Sprint(body.Sorts) != "[map[direction:DESCENDING propertyName:firstname]]" {
			t.Fatalf("sorts sent as %v", body.Sorts)
		}
		page, err = e.c.SearchContacts(ctx, SearchRequest{Query: "beta.example", Sort: Asc("firstname")})
		if err != nil || names(ids, page) != "Bob,Eve" {
			t.Fatalf("query: %v %q", err, names(ids, page))
		}
	})
}

func TestSearchPagingAndIter(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		if _, err := e.c.BatchCreateContacts(ctx, inputsN(45, "sp")); err != nil {
			t.Fatal(err)
		}
		r := SearchRequest{Groups: []FilterGroup{Where(ContainsToken("email", "*@example.com"))}, Limit: 20, Sort: Asc("email")}
		page, err := e.c.SearchContacts(ctx, r)
		if err != nil || page.Total != 45 || len(page.Results) != 20 || page.After == "" {
			t.Fatalf("%v total=%d n=%d after=%q", err, page.Total, len(page.Results), page.After)
		}
		var emails []string
		for o, err := range e.c.IterSearch(ctx, ObjectContacts, SearchRequest{Groups: r.Groups, Sort: r.Sort, Limit: 20, Properties: []string{"email"}}) {
			if err != nil {
				t.Fatal(err)
			}
			emails = append(emails, o.Properties["email"])
		}
		if len(emails) != 45 || !slices.IsSorted(emails) || emails[0] != "sp000@example.com" {
			t.Fatalf("iterated %d: %v", len(emails), emails[:3])
		}
		if _, err := e.c.SearchContacts(ctx, SearchRequest{Limit: 201}); err == nil {
			t.Fatal("limit 201 must be refused before sending")
		}
		if _, err := e.c.SearchContacts(ctx, SearchRequest{After: "9990", Limit: 20}); err == nil || !strings.Contains(err.Error(), "10000") {
			t.Fatalf("past 10,000: %v", err)
		}
		if _, err := e.c.SearchContacts(ctx, SearchRequest{Groups: []FilterGroup{Where(Filter{Property: "x", Operator: OpBetween, Value: "1"})}}); err == nil {
			t.Fatal("BETWEEN without a high value must be refused")
		}
	})
}

// Search runs on its own per-second budget: a burst of searches is paced and HubSpot's
// secondly limit is never hit; an injected secondly 429 waits a second and retries.
func TestSearchOwnBudget(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		for range 30 {
			if _, err := e.c.SearchContacts(ctx, SearchRequest{Query: "x"}); err != nil {
				t.Fatal(err)
			}
		}
		if n := e.count429(); n != 0 {
			t.Fatalf("%d 429s", n)
		}
		reqs := e.requests("POST", "/search")
		if span := reqs[len(reqs)-1].Time.Sub(reqs[0].Time); span < 6*time.Second {
			t.Fatalf("30 searches in %v: faster than 5 a second", span)
		}
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault429, Match: "/search"})
		if _, err := e.c.SearchContacts(ctx, SearchRequest{Query: "x"}); err != nil {
			t.Fatal(err)
		}
		var w *Wait
		for _, x := range e.waits.all() {
			if x.Reason == WaitRateLimit {
				w = &x
			}
		}
		if w == nil || w.Policy != PolicySecondly || w.Duration != time.Second {
			t.Fatalf("want a 1 s wait for the secondly limit, got %+v", w)
		}
	})
}

func TestSearchValidationFromSandbox(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		groups := make([]FilterGroup, 7)
		for i := range groups {
			groups[i] = Where(Eq("firstname", "x"))
		}
		_, err := e.c.SearchContacts(ctxT(t), SearchRequest{Groups: groups})
		var ae *Error
		if !errors.As(err, &ae) || ae.Status != 400 {
			t.Fatalf("too many groups: %v", err)
		}
	})
}
