package api

import (
	"fmt"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// An upsert whose first answer is lost after HubSpot wrote it is sent again and answered
// new: false; the records this call created still come back Created, those that were there
// before do not. With every attempt's answer lost, the error says when the call first went
// out, and WrittenSince carries that to the call that sends the inputs again.
func TestUpsertCreatedSurvivesALostAnswer(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		if _, err := e.c.BatchCreateContacts(ctx, inputsN(10, "was")); err != nil {
			t.Fatal(err)
		}
		_ = e.c.clock.Sleep(ctx, time.Hour) // those ten are an hour old
		in := make([]BatchUpdate, 20)       // 0..9 exist, 10..19 are new
		for i := range in {
			in[i] = BatchUpdate{ID: fmt.Sprintf("was%03d@example.com", i), Properties: map[string]string{"jobtitle": "U"}}
		}
		check := func(rs []BatchResult, what string) {
			t.Helper()
			for i, r := range rs {
				if r.Err != nil || r.Object == nil || r.Created != (i >= 10) {
					t.Fatalf("%s, input %d: created %v, err %v", what, i, r.Created, r.Err)
				}
			}
		}
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultDrop, Match: "/batch/upsert"})
		rs, err := e.c.BatchUpsertContacts(ctx, "email", in)
		if err != nil {
			t.Fatal(err)
		}
		check(rs, "one answer lost")
		if n := len(e.requests("POST", "/batch/upsert")); n != 2 {
			t.Fatalf("%d upserts, want the lost one and its retry", n)
		}

		for i := range in {
			in[i].ID = fmt.Sprintf("was%03d@example.com", i+10) // 10..19 exist now, 20..29 are new
		}
		for range DefaultMaxRetries + 1 {
			e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultDrop, Match: "/batch/upsert"})
		}
		_, err = e.c.BatchUpsertContacts(ctx, "email", in)
		var ae *Error
		if err == nil || !asError2(err, &ae) || ae.SentAt.IsZero() {
			t.Fatalf("every answer lost: %v", err)
		}
		_ = e.c.clock.Sleep(ctx, time.Minute)
		rs, err = e.c.BatchUpsertContacts(ctx, "email", in, WrittenSince(ae.SentAt))
		if err != nil {
			t.Fatal(err)
		}
		check(rs, "sent again after every answer was lost")
	})
}

func asError2(err error, e **Error) bool {
	v, ok := asError(err)
	*e = v
	return ok
}
