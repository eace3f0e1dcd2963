package api

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"sync"
	"time"
)

// engagementTypes are the activity object types, in display order (a constant table).
var engagementTypes = [...]string{ObjectNotes, ObjectCalls, ObjectEmails, ObjectMeetings, ObjectTasks}

// EngagementTypes returns the activity object types (notes, calls, emails, meetings, tasks).
func EngagementTypes() []string { return slices.Clone(engagementTypes[:]) }

// Activity is one engagement associated with a contact.
type Activity struct {
	ID        string
	Type      string    // "notes", "calls", "emails", "meetings", "tasks"
	Timestamp time.Time // hs_timestamp (when it happened)
	Title     string    // call title, email subject, meeting title, task subject; "" for notes
	Body      string    // note body, call notes, email text, meeting notes, task notes
	// Pinned marks the contact's pinned activity (hs_pinned_engagement_id).
	Pinned     bool
	Properties map[string]string
}

// activityFields names, per engagement type, the properties read and which give title and body
// (the first non-empty of each list wins).
type activityFields struct {
	props []string
	title []string
	body  []string
	when  []string
}

func fieldsFor(typ string) activityFields {
	switch typ {
	case ObjectNotes:
		return activityFields{
			props: []string{"hs_timestamp", "hs_note_body", "hubspot_owner_id"},
			body:  []string{"hs_note_body"}, when: []string{"hs_timestamp"}}
	case ObjectCalls:
		return activityFields{
			props: []string{"hs_timestamp", "hs_call_title", "hs_call_body", "hs_call_direction", "hs_call_duration", "hs_call_status", "hs_call_disposition", "hubspot_owner_id"},
			title: []string{"hs_call_title"}, body: []string{"hs_call_body"}, when: []string{"hs_timestamp"}}
	case ObjectEmails:
		return activityFields{
			props: []string{"hs_timestamp", "hs_email_subject", "hs_email_text", "hs_email_html", "hs_email_direction", "hs_email_status", "hs_email_sender_email", "hs_email_to_email", "hubspot_owner_id"},
			title: []string{"hs_email_subject"}, body: []string{"hs_email_text", "hs_email_html"}, when: []string{"hs_timestamp"}}
	case ObjectMeetings:
		return activityFields{
			props: []string{"hs_timestamp", "hs_meeting_title", "hs_meeting_body", "hs_internal_meeting_notes", "hs_meeting_start_time", "hs_meeting_end_time", "hs_meeting_location", "hs_meeting_outcome", "hubspot_owner_id"},
			title: []string{"hs_meeting_title"}, body: []string{"hs_meeting_body", "hs_internal_meeting_notes"}, when: []string{"hs_timestamp", "hs_meeting_start_time"}}
	case ObjectTasks:
		return activityFields{
			props: []string{"hs_timestamp", "hs_task_subject", "hs_task_body", "hs_task_status", "hs_task_priority", "hs_task_type", "hubspot_owner_id"},
			title: []string{"hs_task_subject"}, body: []string{"hs_task_body"}, when: []string{"hs_timestamp"}}
	}
	return activityFields{props: []string{"hs_timestamp"}, when: []string{"hs_timestamp"}}
}

func firstSet(props map[string]string, names []string) string {
	for _, n := range names {
		if v := props[n]; v != "" {
			return v
		}
	}
	return ""
}

// Activities returns the contact's (by id or email) notes, calls, emails, meetings and tasks,
// newest first (by hs_timestamp; ties by id, newest first), with the pinned one marked. Each
// type is listed through its associations and read in batches, the types concurrently.
func (c *Client) Activities(ctx context.Context, contactID string) ([]Activity, error) {
	contactID, err := c.contactID(ctx, contactID)
	if err != nil {
		return nil, err
	}
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		out    []Activity
		first  error
		pinned string
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if first == nil {
			first = err
		}
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		obj, err := c.GetContact(ctx, contactID, GetOptions{Properties: []string{"hs_pinned_engagement_id"}})
		if err != nil {
			fail(err)
			return
		}
		mu.Lock()
		pinned = obj.Properties["hs_pinned_engagement_id"]
		mu.Unlock()
	}()
	for _, typ := range engagementTypes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			acts, err := c.activitiesOfType(ctx, contactID, typ)
			if err != nil {
				fail(err)
				return
			}
			mu.Lock()
			out = append(out, acts...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if first != nil {
		return nil, first
	}
	for i := range out {
		out[i].Pinned = pinned != "" && out[i].ID == pinned
	}
	slices.SortStableFunc(out, func(a, b Activity) int {
		if n := b.Timestamp.Compare(a.Timestamp); n != 0 {
			return n
		}
		return cmp.Compare(idNumber(b.ID), idNumber(a.ID))
	})
	return out, nil
}

func idNumber(id string) int64 {
	n, _ := strconv.ParseInt(id, 10, 64)
	return n
}

func (c *Client) activitiesOfType(ctx context.Context, contactID, typ string) ([]Activity, error) {
	rs, err := c.contactsEngagements(ctx, contactID, typ, fieldsFor(typ).props)
	if err != nil {
		return nil, err
	}
	out := make([]Activity, 0, len(rs))
	for _, r := range rs {
		if r.Object == nil {
			continue // associated but gone (deleted since): not an activity to show
		}
		out = append(out, activityOf(typ, r.Object))
	}
	return out, nil
}

// contactsEngagements reads the contact's engagements of one type (props of each): the v4
// association listing, then batch reads. A record associated but gone has a nil Object.
func (c *Client) contactsEngagements(ctx context.Context, contactID, typ string, props []string) ([]BatchResult, error) {
	assocs, err := c.ListObjectAssociations(ctx, ObjectContacts, contactID, typ)
	if err != nil || len(assocs) == 0 {
		return nil, err
	}
	ids := make([]string, len(assocs))
	for i, a := range assocs {
		ids[i] = a.ToID
	}
	return c.BatchReadObjects(ctx, typ, ids, props)
}

// PinActivity pins an engagement on a contact (hs_pinned_engagement_id). The engagement must
// already be associated with the contact; HubSpot refuses it otherwise.
func (c *Client) PinActivity(ctx context.Context, contactID, engagementID string) (*Object, error) {
	return c.UpdateContact(ctx, contactID, map[string]string{"hs_pinned_engagement_id": engagementID})
}

// UnpinActivity clears the contact's pinned activity.
func (c *Client) UnpinActivity(ctx context.Context, contactID string) (*Object, error) {
	return c.UpdateContact(ctx, contactID, map[string]string{"hs_pinned_engagement_id": ""})
}

// AddNote creates a note on a contact, timestamped now, and returns it as an activity.
func (c *Client) AddNote(ctx context.Context, contactID, body string) (Activity, error) {
	return c.CreateActivity(ctx, contactID, ObjectNotes, map[string]string{"hs_note_body": body})
}
