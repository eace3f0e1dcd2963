package api

import (
	"sync"
	"testing"

	"github.com/hubcontacts/hubcontacts/internal/families"
)

func TestPropertiesCachedPerTypeAndInvalidated(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		props, err := e.c.Properties(ctx, ObjectContacts)
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]Property{}
		for _, p := range props {
			byName[p.Name] = p
		}
		lc := byName["lifecyclestage"]
		if lc.Type != "enumeration" || len(lc.Options) < 7 || lc.Label == "" || lc.GroupName == "" {
			t.Fatalf("lifecyclestage %+v", lc)
		}
		if _, ok := byName["favorite_food"]; !ok {
			t.Fatal("custom property favorite_food missing")
		}
		if !byName["hs_object_id"].ReadOnly || byName["email"].ReadOnly {
			t.Fatalf("flags: %+v %+v", byName["hs_object_id"], byName["email"])
		}
		props[0].Name = "mutated by caller"
		if _, ok, err := e.c.Property(ctx, ObjectContacts, "email"); !ok || err != nil {
			t.Fatal("email definition", err)
		}
		if _, err := e.c.Properties(ctx, ObjectCompanies); err != nil {
			t.Fatal(err)
		}
		again, _ := e.c.Properties(ctx, ObjectContacts)
		if again[0].Name == "mutated by caller" {
			t.Fatal("the cache must not share slices with callers")
		}
		if n := len(e.requests("GET", e.fam.Properties("contacts"))); n != 1 {
			t.Fatalf("cached: %d fetches of contacts", n)
		}
		if n := len(e.requests("GET", e.fam.Properties("companies"))); n != 1 {
			t.Fatalf("%d fetches of companies", n)
		}
		e.c.InvalidateProperties(ObjectContacts)
		if _, err := e.c.Properties(ctx, ObjectContacts); err != nil {
			t.Fatal(err)
		}
		if _, err := e.c.Properties(ctx, ObjectCompanies); err != nil {
			t.Fatal(err)
		}
		if c, co := len(e.requests("GET", e.fam.Properties("contacts"))), len(e.requests("GET", e.fam.Properties("companies"))); c != 2 || co != 1 {
			t.Fatalf("after invalidating contacts: %d/%d fetches", c, co)
		}

		groups, err := e.c.PropertyGroups(ctx, ObjectContacts)
		if err != nil || len(groups) == 0 || groups[0].Name == "" || groups[0].Label == "" {
			t.Fatalf("%v %+v", err, groups)
		}
	})
}

func TestPropertiesColdCacheFetchedOnce(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := e.c.Properties(ctx, ObjectContacts); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if n := len(e.requests("GET", e.fam.Properties("contacts"))); n != 1 {
			t.Fatalf("%d fetches", n)
		}
	})
}
