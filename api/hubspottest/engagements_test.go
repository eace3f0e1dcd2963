package hubspottest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// Each kind of activity is created with its association to a contact in the create request
// (the engagement → contact type), in both path families, and the contact lists it.
func TestActivityCreateWithContactAssociation(t *testing.T) {
	a := newOb(t)
	contact := a.create("contacts", obProps{"email": "logged@example.com"})
	when := "2026-02-03T10:00:00.000Z"
	kinds := []struct {
		typ    string
		typeID int
		props  obProps
	}{
		{"notes", 202, obProps{"hs_note_body": "<p>Call recap</p>"}},
		{"calls", 194, obProps{"hs_call_title": "Pricing", "hs_call_direction": "OUTBOUND",
			"hs_call_disposition": hubspottest.DispositionConnected, "hs_call_duration": "300000"}},
		{"meetings", 200, obProps{"hs_meeting_title": "Demo", "hs_meeting_start_time": when,
			"hs_meeting_end_time": "2026-02-03T10:30:00.000Z", "hs_meeting_outcome": "SCHEDULED"}},
		{"tasks", 204, obProps{"hs_task_subject": "Send proposal", "hs_task_status": "NOT_STARTED",
			"hs_task_priority": "HIGH", "hs_task_type": "TODO", "hubspot_owner_id": hubspottest.MeOwnerID}},
	}
	for i, k := range kinds {
		k.props["hs_timestamp"] = when
		path := "/crm/v3/objects/" + k.typ
		if i%2 == 1 {
			path = "/crm/objects/2026-03/" + k.typ
		}
		got := a.do("POST", path, map[string]any{"properties": k.props,
			"associations": []map[string]any{obAssoc(contact, k.typeID)}}).want(http.StatusCreated)
		id := got["id"].(string)
		for name, v := range k.props {
			if name != "hs_timestamp" {
				assert.Equal(t, v, obPropsOf(t, got)[name], "%s %s", k.typ, name)
			}
		}
		listed := a.do("GET", "/crm/v4/objects/contacts/"+contact+"/associations/"+k.typ, nil).want(http.StatusOK)
		assert.Equal(t, id, fmt.Sprint(int64(obResults(t, listed)[0]["toObjectId"].(float64))), "the contact lists its new %s", k.typ)
	}
}

// hs_timestamp is required when creating a note, call, email or task (HubSpot's own 400, with
// the type named and the property in context); a meeting takes its start time.
func TestActivityTimestampRequired(t *testing.T) {
	a := newOb(t)
	for typ, props := range map[string]obProps{
		"notes": {"hs_note_body": "x"}, "calls": {"hs_call_title": "x"}, "emails": {"hs_email_subject": "x"},
		"tasks": {"hs_task_subject": "x"},
	} {
		body := a.do("POST", "/crm/v3/objects/"+typ, map[string]any{"properties": props}).want(http.StatusBadRequest)
		assert.Equal(t, "VALIDATION_ERROR", body["category"])
		assert.Contains(t, body["message"], "Some required properties were not set.")
		assert.Equal(t, map[string]any{"properties": []any{"hs_timestamp"}}, body["context"], typ)
	}
	got := a.do("POST", "/crm/v3/objects/meetings", map[string]any{"properties": obProps{
		"hs_meeting_title": "Kickoff", "hs_meeting_start_time": "2026-03-01T09:00:00Z"}}).want(http.StatusCreated)
	read := a.do("GET", "/crm/v3/objects/meetings/"+got["id"].(string)+"?properties=hs_timestamp", nil).want(http.StatusOK)
	assert.Equal(t, "2026-03-01T09:00:00.000Z", obPropsOf(t, read)["hs_timestamp"], "a meeting's timestamp is its start")
	a.do("POST", "/crm/v3/objects/meetings", map[string]any{"properties": obProps{"hs_meeting_title": "When?"}}).
		want(http.StatusBadRequest)
	// an update need not repeat it
	id := a.create("notes", obProps{"hs_note_body": "a", "hs_timestamp": "2026-03-01T09:00:00Z"})
	a.do("PATCH", "/crm/v3/objects/notes/"+id, map[string]any{"properties": obProps{"hs_note_body": "b"}}).want(http.StatusOK)
}

// A task's edit and completion are PATCHes; archiving moves it to the recycle bin: gone from
// GET and the contact's associations, found with archived=true.
func TestActivityUpdateAndArchive(t *testing.T) {
	a := newOb(t)
	contact := a.create("contacts", obProps{"email": "t@example.com"})
	id := a.create("tasks", obProps{"hs_task_subject": "Call back", "hs_timestamp": "2026-03-01T09:00:00Z",
		"hs_task_status": "NOT_STARTED"}, obAssoc(contact, 204))
	done := a.do("PATCH", "/crm/v3/objects/tasks/"+id, map[string]any{"properties": obProps{"hs_task_status": "COMPLETED"}}).want(http.StatusOK)
	assert.Equal(t, "COMPLETED", obPropsOf(t, done)["hs_task_status"])
	a.do("PATCH", "/crm/v3/objects/tasks/"+id, map[string]any{"properties": obProps{"hs_task_status": "DONE"}}).want(http.StatusBadRequest)

	a.do("DELETE", "/crm/v3/objects/tasks/"+id, nil).wantEmpty(http.StatusNoContent)
	a.do("GET", "/crm/v3/objects/tasks/"+id, nil).want(http.StatusNotFound)
	a.do("GET", "/crm/v3/objects/tasks/"+id+"?archived=true", nil).want(http.StatusOK)
	listed := a.do("GET", "/crm/v4/objects/contacts/"+contact+"/associations/tasks", nil).want(http.StatusOK)
	assert.Empty(t, obResults(t, listed), "an archived task is not listed on the contact")
}

// Call outcomes: the legacy dispositions endpoint lists the portal's; a call's
// hs_call_disposition must be one of them. Switches: the endpoint gone (404), the outcomes as
// the property's options.
func TestCallDispositions(t *testing.T) {
	a := newOb(t)
	res := a.do("GET", "/calling/v1/dispositions", nil)
	require.Equal(t, http.StatusOK, res.Status)
	var got []hubspottest.Disposition
	require.NoError(t, json.Unmarshal(res.Body, &got))
	assert.Equal(t, hubspottest.DefaultDispositions(), got)
	def := a.do("GET", "/crm/v3/properties/calls/hs_call_disposition", nil).want(http.StatusOK)
	assert.Equal(t, true, def["externalOptions"])
	assert.Empty(t, def["options"])
	errs := obPropErrors(t, a.do("POST", "/crm/v3/objects/calls", map[string]any{"properties": obProps{
		"hs_timestamp": "2026-03-01T09:00:00Z", "hs_call_disposition": "Connected"}}).want(http.StatusBadRequest))
	assert.Equal(t, "INVALID_OPTION", errs[0]["error"])

	b := newOb(t, func(o *hubspottest.Options) { o.NoLegacyDispositions, o.DispositionOptions = true, true })
	b.do("GET", "/calling/v1/dispositions", nil).want(http.StatusNotFound)
	def = b.do("GET", "/crm/v3/properties/calls/hs_call_disposition", nil).want(http.StatusOK)
	opts := def["options"].([]any)
	require.Len(t, opts, 5)
	assert.Equal(t, "Busy", opts[0].(map[string]any)["label"])
	assert.Equal(t, hubspottest.DispositionBusy, opts[0].(map[string]any)["value"])
}

// "My tasks": a search of tasks by owner and open status, due first, pages as search does.
func TestSearchOpenTasksByOwner(t *testing.T) {
	a := newOb(t)
	for i, due := range []string{"2026-03-05T09:00:00Z", "2026-03-01T09:00:00Z", "2026-03-03T09:00:00Z"} {
		a.create("tasks", obProps{"hs_task_subject": "mine", "hs_timestamp": due, "hs_task_status": []string{"NOT_STARTED", "NOT_STARTED", "IN_PROGRESS"}[i],
			"hubspot_owner_id": hubspottest.MeOwnerID})
	}
	a.create("tasks", obProps{"hs_task_subject": "done", "hs_timestamp": "2026-02-01T09:00:00Z", "hs_task_status": "COMPLETED", "hubspot_owner_id": hubspottest.MeOwnerID})
	a.create("tasks", obProps{"hs_task_subject": "Ada's", "hs_timestamp": "2026-02-01T09:00:00Z", "hubspot_owner_id": hubspottest.AdaOwnerID})
	body := a.do("POST", "/crm/v3/objects/tasks/search", map[string]any{
		"filterGroups": []any{map[string]any{"filters": []any{
			map[string]any{"propertyName": "hubspot_owner_id", "operator": "EQ", "value": hubspottest.MeOwnerID},
			map[string]any{"propertyName": "hs_task_status", "operator": "NEQ", "value": "COMPLETED"}}}},
		"sorts":      []any{map[string]any{"propertyName": "hs_timestamp", "direction": "ASCENDING"}},
		"properties": []string{"hs_task_subject", "hs_timestamp"}}).want(http.StatusOK)
	var due []string
	for _, r := range obResults(t, body) {
		due = append(due, obPropsOf(t, r)["hs_timestamp"].(string))
	}
	assert.Equal(t, []string{"2026-03-01T09:00:00.000Z", "2026-03-03T09:00:00.000Z", "2026-03-05T09:00:00.000Z"}, due)
}
