package api

import (
	"fmt"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

func TestSecondaryEmailsDefaultMode(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		c := e.mustCreate(map[string]string{"email": "main@example.com"})
		for _, em := range []string{"two@example.com", "three@example.com", "TWO@example.com"} {
			if err := e.c.AddSecondaryEmail(ctx, c.ID, em); err != nil {
				t.Fatal(err)
			}
		}
		got, err := e.c.SecondaryEmails(ctx, c.ID)
		if err != nil || fmt.Sprint(got) != "[two@example.com three@example.com]" {
			t.Fatalf("%v %v", err, got)
		}
		if err := e.c.RemoveSecondaryEmail(ctx, "main@example.com", "two@example.com"); err != nil {
			t.Fatal(err)
		}
		got, _ = e.c.SecondaryEmails(ctx, c.ID)
		if fmt.Sprint(got) != "[three@example.com]" {
			t.Fatalf("after remove %v", got)
		}
		// The seed's way: comma-separated writes of the whole set; never the v1 endpoints.
		patches := e.requests("PATCH", "/contacts/"+c.ID)
		if len(patches) != 3 || string(patches[1].Body) != `{"properties":{"hs_additional_emails":"two@example.com,three@example.com"}}` {
			t.Fatalf("patches %d %s", len(patches), patches[len(patches)-1].Body)
		}
		if n := len(e.requests("", "/contacts/v1/")); n != 0 {
			t.Fatalf("%d v1 calls in default mode", n)
		}
		// A secondary email is a unique identifier across contacts.
		d := e.mustCreate(map[string]string{"email": "d@example.com"})
		if err := e.c.AddSecondaryEmail(ctx, d.ID, "three@example.com"); err == nil {
			t.Fatal("another contact's secondary email must be refused")
		}
	})
}

func TestSecondaryEmailsStrictModeFallsBackToV1(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{Empty: true, Strict: true}, Config{})
		ctx := ctxT(t)
		c := e.mustCreate(map[string]string{"email": "strict@example.com"})
		if err := e.c.AddSecondaryEmail(ctx, c.ID, "s1@example.com"); err != nil {
			t.Fatal(err)
		}
		if err := e.c.AddSecondaryEmail(ctx, "strict@example.com", "s2@example.com"); err != nil {
			t.Fatal(err)
		}
		got, err := e.c.SecondaryEmails(ctx, c.ID)
		if err != nil || fmt.Sprint(got) != "[s1@example.com s2@example.com]" {
			t.Fatalf("%v %v", err, got)
		}
		if err := e.c.RemoveSecondaryEmail(ctx, c.ID, "s1@example.com"); err != nil {
			t.Fatal(err)
		}
		got, _ = e.c.SecondaryEmails(ctx, c.ID)
		if fmt.Sprint(got) != "[s2@example.com]" {
			t.Fatalf("after remove %v", got)
		}
		// One refused PATCH taught the client; the rest went straight to v1.
		if n := len(e.requests("PATCH", e.fam.Objects("contacts")+"/")); n != 1 {
			t.Fatalf("%d PATCHes, want the one refused", n)
		}
		if n := len(e.requests("PUT", "/contacts/v1/secondary-email/"+c.ID+"/email/")); n != 2 {
			t.Fatalf("%d v1 adds", n)
		}
		if n := len(e.requests("DELETE", "/contacts/v1/secondary-email/"+c.ID+"/email/s1@example.com")); n != 1 {
			t.Fatalf("%d v1 removes", n)
		}
	})
}
