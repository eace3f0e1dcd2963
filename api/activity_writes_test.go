package api

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// countLive counts the live records of a type whose property holds a value, in the sandbox's
// store (what HubSpot holds, not what the client believes).
func (e *env) countLive(typ, prop, value string) int {
	n := 0
	_ = e.srv.Store().View(func(tx *hubspottest.Tx) error {
		tx.All(typ, func(o *hubspottest.Object) bool {
			if !o.Archived && o.Props[prop] == value {
				n++
			}
			return true
		})
		return nil
	})
	return n
}

// Each kind is created on a contact (by id or email), associated in the create request, and
// listed among the contact's activities with its values.
func TestCreateActivityOfEachKind(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		c := e.mustCreate(map[string]string{"email": "kinds@example.com"})
		due := "2026-06-01T09:00:00.000Z"
		made := map[string]Activity{}
		for typ, props := range map[string]map[string]string{
			ObjectNotes: {"hs_note_body": "<p>Recap</p>"},
			ObjectCalls: {"hs_call_title": "Intro", "hs_call_direction": "OUTBOUND", "hs_call_disposition": hubspottest.DispositionConnected,
				"hs_call_duration": "90000"},
			ObjectMeetings: {"hs_meeting_title": "Demo", "hs_meeting_start_time": due, "hs_meeting_end_time": "2026-06-01T10:00:00.000Z",
				"hs_meeting_outcome": "SCHEDULED"},
			ObjectTasks: {"hs_task_subject": "Send contract", "hs_timestamp": due, "hs_task_priority": "HIGH",
				"hubspot_owner_id": hubspottest.AdaOwnerID},
		} {
			a, err := e.c.CreateActivity(ctx, "kinds@example.com", typ, props)
			if err != nil {
				t.Fatalf("%s: %v", typ, err)
			}
			for k, v := range props {
				if a.Properties[k] != v {
					t.Errorf("%s %s: %q, want %q", typ, k, a.Properties[k], v)
				}
			}
			made[typ] = a
		}
		if made[ObjectTasks].Timestamp.Format(timestampLayout) != due || made[ObjectTasks].Title != "Send contract" {
			t.Errorf("the task's due date and subject: %+v", made[ObjectTasks])
		}
		acts, err := e.c.Activities(ctx, c.ID)
		if err != nil || len(acts) != 4 {
			t.Fatalf("%v %d activities", err, len(acts))
		}
		for _, a := range acts {
			if made[a.Type].ID != a.ID {
				t.Errorf("%s %s is not the one created", a.Type, a.ID)
			}
		}
		if _, err := e.c.CreateActivity(ctx, c.ID, ObjectContacts, nil); err == nil {
			t.Error("a contact is not an activity")
		}
	})
}

// A create through a 502, a reset, a truncated answer or a lost answer stores exactly one
// activity: the client looks among the contact's activities before sending it again, and sends
// it again only when HubSpot certainly did not make it (the 502 and the reset came before).
func TestCreateActivityThroughFaultsStoresOne(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		for _, f := range []struct {
			kind    hubspottest.FaultKind
			creates int
		}{{hubspottest.Fault502, 2}, {hubspottest.FaultReset, 2}, {hubspottest.FaultTruncate, 1}, {hubspottest.FaultDrop, 1}} {
			t.Run(f.kind.String(), func(t *testing.T) {
				e := emptyEnv(t, fam)
				c := e.mustCreate(map[string]string{"email": "faults@example.com"})
				// an older note with the same values is not taken for the new one
				same := map[string]string{"hs_note_body": "same", "hs_timestamp": "2026-01-01T00:00:00.000Z"}
				old, err := e.c.CreateActivity(ctxT(t), c.ID, ObjectNotes, same)
				if err != nil {
					t.Fatal(err)
				}
				e.clock.Advance(time.Hour) // more than createdSkew later
				e.srv.ResetRequests()
				e.srv.InjectNext(hubspottest.Fault{Kind: f.kind, Match: "POST " + e.fam.Objects("notes")})
				a, err := e.c.CreateActivity(ctxT(t), c.ID, ObjectNotes, same)
				if err != nil {
					t.Fatal(err)
				}
				if a.ID == old.ID || a.ID == "" {
					t.Fatalf("got %q, the old note is %q", a.ID, old.ID)
				}
				if n := e.countLive(hubspottest.Notes, "hs_note_body", "same"); n != 2 {
					t.Fatalf("%d notes: want the old one and exactly one new", n)
				}
				creates := 0
				for _, r := range e.requests("POST", e.fam.Objects("notes")) {
					if r.Path == e.fam.Objects("notes") {
						creates++
					}
				}
				if n := creates; n != f.creates {
					t.Fatalf("%d creates sent, want %d", n, f.creates)
				}
			})
		}
	})
}

// Edit, complete, reopen, and delete: a pinned activity is unpinned first.
func TestUpdateCompleteReopenDeleteActivity(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		c := e.mustCreate(map[string]string{"email": "edit@example.com"})
		note, err := e.c.AddNote(ctx, c.ID, "Fisrt draft")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.c.UpdateActivity(ctx, ObjectNotes, note.ID, map[string]string{"hs_note_body": "First draft"}); err != nil {
			t.Fatal(err)
		}
		task, err := e.c.CreateActivity(ctx, c.ID, ObjectTasks, map[string]string{"hs_task_subject": "Call", "hs_task_status": TaskNotStarted})
		if err != nil {
			t.Fatal(err)
		}
		for _, status := range []string{TaskCompleted, TaskNotStarted} {
			a, err := e.c.SetTaskStatus(ctx, task.ID, status)
			if err != nil || a.Properties["hs_task_status"] != status || e.countLive(hubspottest.Tasks, "hs_task_status", status) != 1 {
				t.Fatalf("%s: %v %+v", status, err, a)
			}
		}
		if _, err := e.c.PinActivity(ctx, c.ID, note.ID); err != nil {
			t.Fatal(err)
		}
		acts, err := e.c.Activities(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(acts, func(a Activity) bool { return a.ID == note.ID })
		if i < 0 || !acts[i].Pinned || acts[i].Body != "First draft" {
			t.Fatalf("%+v", acts)
		}
		if err := e.c.DeleteActivity(ctx, c.ID, acts[i]); err != nil {
			t.Fatal(err)
		}
		got, err := e.c.GetContact(ctx, c.ID, GetOptions{Properties: []string{"hs_pinned_engagement_id"}})
		if err != nil || got.Properties["hs_pinned_engagement_id"] != "" {
			t.Fatalf("the contact still pins %q (%v)", got.Properties["hs_pinned_engagement_id"], err)
		}
		if n := e.countLive(hubspottest.Notes, "hs_note_body", "First draft"); n != 0 {
			t.Fatal("the note is still live")
		}
		patches := e.requests("PATCH", "/contacts/"+c.ID)
		deletes := e.requests("DELETE", "/notes/"+note.ID)
		if len(patches) == 0 || len(deletes) != 1 || patches[len(patches)-1].Time.After(deletes[0].Time) {
			t.Fatal("unpinned, then deleted")
		}
	})
}

// The owners are read once per client, every page of the active ones and the deactivated, and
// found by email in any case.
func TestOwnersCachedPerClient(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		var many []hubspottest.Owner
		for i := range 150 {
			many = append(many, hubspottest.Owner{ID: fmt.Sprint(700 + i), Email: fmt.Sprintf("o%d@example.com", i),
				FirstName: "Own", LastName: fmt.Sprint(i), Type: "PERSON", Archived: i == 3})
		}
		e := newEnv(t, fam, hubspottest.Options{Empty: true, Owners: many}, Config{})
		ctx := ctxT(t)
		all, err := e.c.Owners(ctx)
		if err != nil || len(all) != 150 || !all[149].Archived || all[0].Name() != "Own 0" {
			t.Fatalf("%v %d", err, len(all))
		}
		if n := len(e.requests("GET", e.fam.Owners())); n != 3 {
			t.Fatalf("%d owner requests: want two pages of active owners and one of deactivated", n)
		}
		o, ok, err := e.c.OwnerByEmail(ctx, "O42@Example.com")
		if err != nil || !ok || o.ID != "742" {
			t.Fatalf("%v %v %+v", err, ok, o)
		}
		if _, ok, _ := e.c.OwnerByEmail(ctx, "o3@example.com"); ok {
			t.Error("a deactivated owner is nobody's to assign")
		}
		if n := len(e.requests("GET", e.fam.Owners())); n != 3 {
			t.Fatalf("cached: %d owner requests", n)
		}
		if (Owner{Email: "q@example.com"}).Name() != "q@example.com" || (Owner{ID: "9"}).Name() != "owner 9" {
			t.Error("a nameless owner is named by email, else id")
		}
	})
}

// Call outcomes come from the dispositions endpoint; where HubSpot has retired it, from the
// options of hs_call_disposition's definition.
func TestCallOutcomes(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		got, err := e.c.CallOutcomes(ctxT(t))
		if err != nil || len(got) != 5 || got[1].Label != "Connected" || got[1].Value != hubspottest.DispositionConnected {
			t.Fatalf("%v %+v", err, got)
		}
		e2 := newEnv(t, fam, hubspottest.Options{Empty: true, NoLegacyDispositions: true, DispositionOptions: true}, Config{})
		got, err = e2.c.CallOutcomes(ctxT(t))
		if err != nil || len(got) != 5 || got[0].Label != "Busy" {
			t.Fatalf("%v %+v", err, got)
		}
		if _, err := e2.c.CallOutcomes(ctxT(t)); err != nil || len(e2.requests("GET", "/calling/v1/dispositions")) != 1 {
			t.Fatal("outcomes are cached")
		}
	})
}

// An owner's open tasks, due first, each with its contact's name; done and others' tasks are
// not listed.
func TestOwnerTasks(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		ada := e.mustCreate(map[string]string{"email": "ada@example.com", "firstname": "Ada"})
		bob := e.mustCreate(map[string]string{"email": "bob@example.com", "firstname": "Bob"})
		task := func(c *Object, subject, due, owner, status string) {
			if _, err := e.c.CreateActivity(ctx, c.ID, ObjectTasks, map[string]string{"hs_task_subject": subject, "hs_timestamp": due,
				"hubspot_owner_id": owner, "hs_task_status": status}); err != nil {
				t.Fatal(err)
			}
		}
		me := hubspottest.MeOwnerID
		task(ada, "later", "2026-06-03T09:00:00Z", me, "NOT_STARTED")
		task(bob, "first", "2026-06-01T09:00:00Z", me, "IN_PROGRESS")
		task(ada, "done", "2026-05-01T09:00:00Z", me, TaskCompleted)
		task(bob, "not mine", "2026-05-01T09:00:00Z", hubspottest.AdaOwnerID, "NOT_STARTED")
		got, err := e.c.OwnerTasks(ctx, me, 0)
		if err != nil || len(got) != 2 {
			t.Fatalf("%v %+v", err, got)
		}
		if got[0].Title != "first" || got[0].Contact == nil || got[0].Contact.ID != bob.ID || got[0].Contact.Properties["firstname"] != "Bob" {
			t.Errorf("%+v", got[0])
		}
		if got[1].Title != "later" || got[1].Contact.ID != ada.ID {
			t.Errorf("%+v", got[1])
		}
	})
}
