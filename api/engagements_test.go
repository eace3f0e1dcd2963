package api

import (
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

func iso(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func TestActivitiesNewestFirstWithTitlesAndPin(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		c := e.mustCreate(map[string]string{"email": "act@example.com"})
		other := e.mustCreate(map[string]string{"email": "other@example.com"})
		base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		to := func(typ string) AssociationInput {
			ids := map[string]int{ObjectNotes: hubspottest.TypeNoteToContact, ObjectCalls: hubspottest.TypeCallToContact,
				ObjectEmails: hubspottest.TypeEmailToContact, ObjectMeetings: hubspottest.TypeMeetingToContact, ObjectTasks: hubspottest.TypeTaskToContact}
			return AssociationInput{ToID: c.ID, TypeID: ids[typ]}
		}
		note := e.mustObject(ObjectNotes, map[string]string{"hs_timestamp": iso(base.Add(1 * time.Hour)), "hs_note_body": "Called back later"}, to(ObjectNotes))
		call := e.mustObject(ObjectCalls, map[string]string{"hs_timestamp": iso(base.Add(5 * time.Hour)), "hs_call_title": "Intro call", "hs_call_body": "Talked pricing"}, to(ObjectCalls))
		email := e.mustObject(ObjectEmails, map[string]string{"hs_timestamp": iso(base.Add(3 * time.Hour)), "hs_email_subject": "Quote", "hs_email_text": "Here it is", "hs_email_direction": "EMAIL"}, to(ObjectEmails))
		meeting := e.mustObject(ObjectMeetings, map[string]string{"hs_timestamp": iso(base.Add(4 * time.Hour)), "hs_meeting_title": "Demo", "hs_meeting_body": "Agenda"}, to(ObjectMeetings))
		task := e.mustObject(ObjectTasks, map[string]string{"hs_timestamp": iso(base.Add(2 * time.Hour)), "hs_task_subject": "Send contract", "hs_task_body": "By Friday", "hs_task_status": "NOT_STARTED"}, to(ObjectTasks))
		stranger := e.mustObject(ObjectNotes, map[string]string{"hs_timestamp": iso(base), "hs_note_body": "not theirs"},
			AssociationInput{ToID: other.ID, TypeID: hubspottest.TypeNoteToContact})

		if _, err := e.c.PinActivity(ctx, c.ID, email.ID); err != nil {
			t.Fatal(err)
		}
		acts, err := e.c.Activities(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			id, typ, title, body string
		}{
			{call.ID, ObjectCalls, "Intro call", "Talked pricing"},
			{meeting.ID, ObjectMeetings, "Demo", "Agenda"},
			{email.ID, ObjectEmails, "Quote", "Here it is"},
			{task.ID, ObjectTasks, "Send contract", "By Friday"},
			{note.ID, ObjectNotes, "", "Called back later"},
		}
		if len(acts) != len(want) {
			t.Fatalf("%d activities: %+v", len(acts), acts)
		}
		for i, w := range want {
			a := acts[i]
			if a.ID != w.id || a.Type != w.typ || a.Title != w.title || a.Body != w.body || a.Pinned != (a.ID == email.ID) {
				t.Fatalf("activity %d: %+v, want %+v", i, a, w)
			}
		}
		if !acts[0].Timestamp.Equal(base.Add(5 * time.Hour)) {
			t.Fatalf("timestamp %v", acts[0].Timestamp)
		}

		// Pinning an activity of another contact is refused by HubSpot, on that property.
		_, err = e.c.PinActivity(ctx, c.ID, stranger.ID)
		if d, ok := IsValidation(err); !ok || d[0].Name != "hs_pinned_engagement_id" {
			t.Fatalf("pinning a stranger's note: %v", err)
		}
		o, err := e.c.UnpinActivity(ctx, c.ID)
		if err != nil || o.Properties["hs_pinned_engagement_id"] != "" {
			t.Fatalf("unpin: %v %+v", err, o)
		}

		// Create a contact already associated with an activity and pinned to it, in one POST.
		n2 := e.mustObject(ObjectNotes, map[string]string{"hs_timestamp": iso(base), "hs_note_body": "first touch"})
		pinned := e.mustCreate(map[string]string{"email": "pinned@example.com", "hs_pinned_engagement_id": n2.ID},
			AssociationInput{ToID: n2.ID, TypeID: ContactToEngagementType(ObjectNotes)})
		acts, err = e.c.Activities(ctx, pinned.ID)
		if err != nil || len(acts) != 1 || !acts[0].Pinned || acts[0].ID != n2.ID {
			t.Fatalf("created pinned: %v %+v", err, acts)
		}
		if n := len(e.requests("POST", e.fam.Objects("contacts"))); n != 3 {
			t.Fatalf("%d contact creates", n)
		}
	})
}

func TestAddNote(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		c := e.mustCreate(map[string]string{"email": "note@example.com"})
		before := e.clock.Now()
		a, err := e.c.AddNote(ctx, c.ID, "Met at the conference")
		if err != nil {
			t.Fatal(err)
		}
		after := e.clock.Now() // the limiter's pacing may move the test clock during the call
		acts, err := e.c.Activities(ctx, c.ID)
		if err != nil || len(acts) != 1 || acts[0].ID != a.ID || acts[0].Body != "Met at the conference" ||
			acts[0].Timestamp.Before(before.Truncate(time.Millisecond)) || acts[0].Timestamp.After(after) {
			t.Fatalf("%v %+v", err, acts)
		}
	})
}

func TestActivitiesOfUnknownContact(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		if _, err := e.c.Activities(ctxT(t), "987654321"); !IsNotFound(err) {
			t.Fatalf("want not found, got %v", err)
		}
	})
}
