package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

func inputsN(n int, prefix string) []map[string]string {
	out := make([]map[string]string, n)
	for i := range out {
		out[i] = map[string]string{"email": fmt.Sprintf("%s%03d@example.com", prefix, i), "firstname": fmt.Sprintf("F%03d", i)}
	}
	return out
}

// batchSizes returns the number of inputs of each logged batch request on a path.
func (e *env) batchSizes(action string) []int {
	var out []int
	for _, r := range e.requests("POST", "/batch/"+action) {
		var b struct {
			Inputs []json.RawMessage `json:"inputs"`
		}
		if err := json.Unmarshal(r.Body, &b); err != nil {
			e.t.Fatalf("batch body: %v", err)
		}
		out = append(out, len(b.Inputs))
	}
	return out
}

func TestBatchCreate250InOrder(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		var progress []int
		in := inputsN(250, "bc")
		rs, err := e.c.BatchCreateContacts(ctxT(t), in, OnProgress(func(done, total int) {
			if total != 250 {
				t.Errorf("total %d", total)
			}
			progress = append(progress, done)
		}))
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(e.batchSizes("create")); got != "[100 100 50]" {
			t.Fatalf("requests %s", got)
		}
		if fmt.Sprint(progress) != "[100 200 250]" {
			t.Fatalf("progress %v", progress)
		}
		if len(rs) != 250 {
			t.Fatalf("%d results", len(rs))
		}
		for i, r := range rs {
			if r.Err != nil || r.Object == nil || !r.Created || r.Index != i || r.Object.Properties["email"] != in[i]["email"] {
				t.Fatalf("result %d: %+v", i, r)
			}
		}
		// Each input carried its own objectWriteTraceId, so HubSpot reports failures per input.
		var body struct {
			Inputs []struct {
				ObjectWriteTraceID string `json:"objectWriteTraceId"`
			} `json:"inputs"`
		}
		_ = json.Unmarshal(e.requests("POST", "/batch/create")[0].Body, &body)
		seen := map[string]bool{}
		for _, in := range body.Inputs {
			if in.ObjectWriteTraceID == "" || seen[in.ObjectWriteTraceID] {
				t.Fatal("trace ids must be set and unique")
			}
			seen[in.ObjectWriteTraceID] = true
		}
	})
}

// A 207: the failed inputs, and only those, carry HubSpot's reason.
func TestBatchCreate207MappedToInputs(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		existing := e.mustCreate(map[string]string{"email": "bc017@example.com"})
		in := inputsN(150, "bc")
		in[3]["email"] = "not-an-email"
		in[120]["lifecyclestage"] = "bogus"
		rs, err := e.c.BatchCreateContacts(ctxT(t), in)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rs {
			switch i {
			case 3:
				if d, ok := IsValidation(r.Err); !ok || d[0].Name != "email" || d[0].Code != "INVALID_EMAIL" {
					t.Fatalf("input 3: %+v", r)
				}
			case 17:
				if id, ok := IsConflict(r.Err); !ok || id != existing.ID {
					t.Fatalf("input 17: %+v (%v)", r, r.Err)
				}
			case 120:
				if d, ok := IsValidation(r.Err); !ok || d[0].Code != "INVALID_OPTION" {
					t.Fatalf("input 120: %+v", r)
				}
			default:
				if r.Err != nil || r.Object == nil || r.Object.Properties["email"] != in[i]["email"] {
					t.Fatalf("input %d: %+v", i, r)
				}
			}
		}
		if n := e.contactsWithEmail("bc017@example.com"); n != 1 {
			t.Fatalf("%d contacts with the conflicting email", n)
		}
	})
}

func TestBatchReadByIDAndEmail(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		created, err := e.c.BatchCreateContacts(ctx, inputsN(250, "br"))
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]string, 0, 250)
		for i := 249; i >= 0; i-- { // reversed, so order cannot come from HubSpot's
			ids = append(ids, created[i].Object.ID)
		}
		ids[10] = "999999999"
		e.srv.ResetRequests()
		rs, err := e.c.BatchReadContacts(ctx, ids, "", []string{"email"})
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(e.batchSizes("read")); got != "[100 100 50]" {
			t.Fatalf("requests %s", got)
		}
		for i, r := range rs {
			if i == 10 {
				if !IsNotFound(r.Err) || r.Input != "999999999" {
					t.Fatalf("missing id: %+v", r)
				}
				continue
			}
			if r.Err != nil || r.Object.ID != ids[i] || r.Input != ids[i] {
				t.Fatalf("result %d: %+v", i, r)
			}
		}

		// By email, mixed case, plus a secondary email.
		if _, err := e.c.UpdateContact(ctx, created[5].Object.ID, map[string]string{"hs_additional_emails": "alias5@example.com"}); err != nil {
			t.Fatal(err)
		}
		emails := []string{"BR001@example.com", "nobody@example.com", "alias5@example.com", "br002@example.com"}
		rs, err = e.c.BatchReadContacts(ctx, emails, "email", nil)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{created[1].Object.ID, "", created[5].Object.ID, created[2].Object.ID}
		for i, r := range rs {
			if want[i] == "" {
				if !IsNotFound(r.Err) {
					t.Fatalf("%s: %+v", emails[i], r)
				}
				continue
			}
			if r.Object == nil || r.Object.ID != want[i] || r.Object.Properties["firstname"] == "" {
				t.Fatalf("%s: %+v", emails[i], r)
			}
		}
	})
}

func TestBatchReadWithHistoryUses50(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		created, err := e.c.BatchCreateContacts(ctx, inputsN(120, "bh"))
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]string, len(created))
		for i, r := range created {
			ids[i] = r.Object.ID
		}
		e.srv.ResetRequests()
		rs, err := e.c.BatchRead(ctx, "contacts", BatchReadRequest{IDs: ids, Properties: []string{"firstname"}, History: []string{"firstname"}})
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(e.batchSizes("read")); got != "[50 50 20]" {
			t.Fatalf("requests %s", got)
		}
		for i, r := range rs {
			if r.Err != nil || len(r.Object.History["firstname"]) != 1 || r.Object.History["firstname"][0].Value != fmt.Sprintf("F%03d", i) {
				t.Fatalf("result %d: %+v", i, r)
			}
		}
	})
}

func TestBatchUpdate207AndByEmail(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		created, err := e.c.BatchCreateContacts(ctx, inputsN(250, "bu"))
		if err != nil {
			t.Fatal(err)
		}
		in := make([]BatchUpdate, 250)
		for i, r := range created {
			in[i] = BatchUpdate{ID: r.Object.ID, Properties: map[string]string{"jobtitle": fmt.Sprintf("J%d", i)}}
		}
		in[7].Properties["email"] = "broken"
		in[150].ID = "999999999"
		in[200].ID = "bu201@example.com" // by email: resolved to the id first
		in[201].ID = "ghost@example.com"
		e.srv.ResetRequests()
		rs, err := e.c.BatchUpdateContacts(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(e.batchSizes("update")); got != "[100 100 49]" {
			t.Fatalf("update requests %s", got)
		}
		for i, r := range rs {
			switch i {
			case 7:
				if d, ok := IsValidation(r.Err); !ok || d[0].Name != "email" {
					t.Fatalf("7: %+v %v", r, r.Err)
				}
			case 150, 201:
				if !IsNotFound(r.Err) {
					t.Fatalf("%d: %+v %v", i, r, r.Err)
				}
			case 200:
				if r.Err != nil || r.Object.ID != created[201].Object.ID || r.Object.Properties["jobtitle"] != "J200" {
					t.Fatalf("200: %+v", r)
				}
			default:
				if r.Err != nil || r.Object.ID != in[i].ID || r.Object.Properties["jobtitle"] != fmt.Sprintf("J%d", i) {
					t.Fatalf("%d: %+v", i, r)
				}
			}
		}
	})
}

func TestBatchUpsertAndArchive(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		if _, err := e.c.BatchCreateContacts(ctx, inputsN(60, "up")); err != nil {
			t.Fatal(err)
		}
		in := make([]BatchUpdate, 120) // 0..59 exist, 60..119 new
		for i := range in {
			in[i] = BatchUpdate{ID: fmt.Sprintf("up%03d@example.com", i), Properties: map[string]string{"jobtitle": "U"}}
		}
		rs, err := e.c.BatchUpsertContacts(ctx, "email", in)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for i, r := range rs {
			if r.Err != nil || r.Object == nil || r.Created != (i >= 60) || !strings.EqualFold(r.Object.Properties["email"], in[i].ID) && r.Object.Properties["email"] != "" {
				t.Fatalf("upsert %d: %+v", i, r)
			}
			ids = append(ids, r.Object.ID)
		}
		e.srv.ResetRequests()
		rs, err = e.c.BatchArchiveContacts(ctx, ids)
		if err != nil || len(rs) != 120 {
			t.Fatal(err)
		}
		if got := fmt.Sprint(e.batchSizes("archive")); got != "[100 20]" {
			t.Fatalf("archive requests %s", got)
		}
		page, err := e.c.ListContacts(ctx, ListOptions{})
		if err != nil || len(page.Results) != 0 {
			t.Fatalf("after archive: %v %d", err, len(page.Results))
		}
	})
}

// Under injected faults, idempotent batches retry and a batch create whose answer is lost
// creates each contact exactly once.
func TestBatchesUnderFaults(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultDrop, Match: "/batch/create"})
		in := inputsN(100, "bf")
		rs, err := e.c.BatchCreateContacts(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rs {
			if r.Err != nil || r.Object == nil || r.Object.Properties["email"] != in[i]["email"] {
				t.Fatalf("%d: %+v", i, r)
			}
		}
		if n := len(e.requests("POST", "/batch/create")); n != 1 {
			t.Fatalf("the dropped batch must not be re-sent: %d creates", n)
		}
		for i := range in {
			if n := e.contactsWithEmail(in[i]["email"]); n != 1 {
				t.Fatalf("%s: %d contacts", in[i]["email"], n)
			}
		}

		// A 503 before processing: the lookup finds none, so the batch is re-sent once.
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault503, Match: "/batch/create"})
		in2 := inputsN(30, "bg")
		if _, err := e.c.BatchCreateContacts(ctx, in2); err != nil {
			t.Fatal(err)
		}
		if n := len(e.requests("POST", "/batch/create")); n != 3 {
			t.Fatalf("want 1 + 1 failed + 1 re-sent creates, got %d", n)
		}

		ids := make([]string, len(rs))
		for i, r := range rs {
			ids[i] = r.Object.ID
		}
		e.srv.ResetRequests()
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultReset, Match: "/batch/read"})
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault504, Match: "/batch/read"})
		if rs, err := e.c.BatchReadContacts(ctx, ids, "", nil); err != nil || rs[99].Object == nil {
			t.Fatal(err)
		}
		if n := len(e.requests("POST", "/batch/read")); n != 3 {
			t.Fatalf("batch read attempts %d", n)
		}
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultDrop, Match: "/batch/update"})
		up := make([]BatchUpdate, len(ids))
		for i, id := range ids {
			up[i] = BatchUpdate{ID: id, Properties: map[string]string{"jobtitle": "after-drop"}}
		}
		urs, err := e.c.BatchUpdateContacts(ctx, up)
		if err != nil || urs[0].Object.Properties["jobtitle"] != "after-drop" {
			t.Fatal(err)
		}
		if n := len(e.requests("POST", "/batch/update")); n != 2 {
			t.Fatalf("batch update attempts %d", n)
		}
	})
}

// Without per-input trace ids HubSpot fails a whole batch create with one 409 naming only the
// first conflict. The layer then reads the inputs' emails, reports each existing one as a
// conflict with its id, and creates the rest.
func TestBatchCreateWhole409Settled(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		e.c.omitTraceIDs = true
		first := e.mustCreate(map[string]string{"email": "w005@example.com"})
		second := e.mustCreate(map[string]string{"email": "w040@example.com"})
		in := inputsN(50, "w")
		in[10] = map[string]string{"firstname": "No email"}
		rs, err := e.c.BatchCreateContacts(ctxT(t), in)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range rs {
			switch i {
			case 5, 40:
				want := map[int]string{5: first.ID, 40: second.ID}[i]
				if id, ok := IsConflict(r.Err); !ok || id != want {
					t.Fatalf("%d: %+v %v", i, r, r.Err)
				}
			case 10:
				if r.Err != nil || r.Object == nil || r.Object.Properties["firstname"] != "No email" {
					t.Fatalf("10: %+v %v", r, r.Err)
				}
			default:
				if r.Err != nil || r.Object == nil || r.Object.Properties["email"] != in[i]["email"] {
					t.Fatalf("%d: %+v %v", i, r, r.Err)
				}
			}
		}
		if got := fmt.Sprint(e.batchSizes("create")); got != "[50 48]" {
			t.Fatalf("creates %s: the whole 409, then the 48 without conflict", got)
		}
	})
}
