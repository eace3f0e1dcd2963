package api

import (
	"context"
	"maps"
	"net/http"
	"strings"
	"time"
)

// Writing activities: notes, calls, meetings and tasks created on a contact (associated in the
// create request itself), edited, completed or reopened, and archived to HubSpot's recycle bin;
// the portal's call outcomes; and the tasks assigned to one owner.

// Task statuses the app writes (HubSpot documents these two; others are read as they come).
const (
	TaskCompleted  = "COMPLETED"
	TaskNotStarted = "NOT_STARTED"
)

// EngagementToContactType is the association type id from an engagement type to a contact
// (note 202, call 194, email 198, meeting 200, task 204), 0 when unknown: the id a create's
// associations use.
func EngagementToContactType(engagementType string) int {
	switch engagementType {
	case ObjectNotes:
		return 202
	case ObjectCalls:
		return 194
	case ObjectEmails:
		return 198
	case ObjectMeetings:
		return 200
	case ObjectTasks:
		return 204
	}
	return 0
}

// timestampLayout is how the layer writes hs_timestamp: UTC to the millisecond.
const timestampLayout = "2006-01-02T15:04:05.000Z"

// CreateActivity creates an activity of typ (notes, calls, meetings, tasks, emails) on the
// contact (id or email), associated with it in the create request, and returns it. props are
// the activity's properties; hs_timestamp (required by HubSpot; a task's due date) is now when
// absent. A create whose answer is lost is never re-sent blindly: the contact's activities of
// that type are read first, and one holding exactly these values, created since the first
// attempt, is the one created; only when there is none is the create sent again.
func (c *Client) CreateActivity(ctx context.Context, contactID, typ string, props map[string]string) (Activity, error) {
	typeID := EngagementToContactType(typ)
	if typeID == 0 {
		return Activity{}, argError("%q is not an activity type", typ)
	}
	id, err := c.contactID(ctx, contactID)
	if err != nil {
		return Activity{}, err
	}
	props = maps.Clone(props)
	if props == nil {
		props = map[string]string{}
	}
	started := c.clock.Now()
	if strings.TrimSpace(props["hs_timestamp"]) == "" {
		props["hs_timestamp"] = started.UTC().Format(timestampLayout)
	}
	settle := func(ctx context.Context) (*Object, error) { return c.findCreated(ctx, id, typ, props, started) }
	obj, err := c.createSettled(ctx, typ, props, []AssociationInput{{ToID: id, TypeID: typeID}}, settle)
	if err != nil {
		return Activity{}, err
	}
	return activityOf(typ, obj), nil
}

// createdSkew is how far HubSpot's createdAt may run behind our clock and still count as "since
// the first attempt".
const createdSkew = 5 * time.Minute

// findCreated looks among the contact's activities of typ for one holding every value of props
// and created since started (less createdSkew): the newest such, or nil when there is none.
func (c *Client) findCreated(ctx context.Context, contactID, typ string, props map[string]string, started time.Time) (*Object, error) {
	rs, err := c.contactsEngagements(ctx, contactID, typ, keys(props))
	if err != nil {
		return nil, err
	}
	var found *Object
	for _, r := range rs {
		o := r.Object
		if o == nil || !o.CreatedAt.IsZero() && o.CreatedAt.Before(started.Add(-createdSkew)) || !holds(o.Properties, props) {
			continue
		}
		if found == nil || o.CreatedAt.After(found.CreatedAt) {
			found = o
		}
	}
	return found, nil
}

// holds reports whether stored has every value of sent, times compared as instants (HubSpot
// may write them back in another form).
func holds(stored, sent map[string]string) bool {
	for k, v := range sent {
		got := stored[k]
		if got == v || strings.TrimSpace(got) == strings.TrimSpace(v) {
			continue
		}
		if a, b := parseTime(got), parseTime(v); !a.IsZero() && a.Equal(b) {
			continue
		}
		return false
	}
	return true
}

// UpdateActivity changes properties of an activity ("" clears one) and returns it as HubSpot
// answered (the properties written and HubSpot's defaults).
func (c *Client) UpdateActivity(ctx context.Context, typ, id string, props map[string]string) (Activity, error) {
	obj, err := c.UpdateObject(ctx, typ, id, props)
	if err != nil {
		return Activity{}, err
	}
	return activityOf(typ, obj), nil
}

// SetTaskStatus completes (TaskCompleted) or reopens (TaskNotStarted) a task.
func (c *Client) SetTaskStatus(ctx context.Context, id, status string) (Activity, error) {
	return c.UpdateActivity(ctx, ObjectTasks, id, map[string]string{"hs_task_status": status})
}

// DeleteActivity moves an activity to HubSpot's recycle bin. When it is the contact's pinned
// activity, it is unpinned first, so the contact never points at a deleted one; if unpinning
// fails, nothing is deleted.
func (c *Client) DeleteActivity(ctx context.Context, contactID string, a Activity) error {
	if a.Pinned {
		if _, err := c.UnpinActivity(ctx, contactID); err != nil {
			return err
		}
	}
	return c.DeleteObject(ctx, a.Type, a.ID)
}

// CallOutcomes returns the portal's call outcomes (hs_call_disposition's values and labels)
// from HubSpot's call dispositions (a legacy endpoint HubSpot calls unsupported); when HubSpot
// does not serve it (404), from the options of hs_call_disposition's definition. Cached per
// Client like property definitions.
func (c *Client) CallOutcomes(ctx context.Context) ([]Option, error) {
	e, err := c.props.get(ctx, "outcomes", func(e *propEntry) {
		var w []struct {
			ID    string `json:"id"`
			Label string `json:"label"`
		}
		_, err := c.do(ctx, call{method: http.MethodGet, path: c.paths.dispositions(), out: &w, idempotent: true})
		switch {
		case err == nil:
			for i, d := range w {
				e.outcomes = append(e.outcomes, Option{Label: d.Label, Value: d.ID, DisplayOrder: i})
			}
		case IsNotFound(err):
			p, _, perr := c.Property(ctx, ObjectCalls, "hs_call_disposition")
			e.outcomes, e.err = p.Options, perr
		default:
			e.err = err
		}
	})
	if err != nil {
		return nil, err
	}
	return append([]Option(nil), e.outcomes...), nil
}

// With is the activity with props written over its own (an update's answer), its title, body
// and time read again from them.
func (a Activity) With(props map[string]string) Activity {
	merged := maps.Clone(a.Properties)
	if merged == nil {
		merged = map[string]string{}
	}
	maps.Copy(merged, props)
	b := activityOf(a.Type, &Object{ID: a.ID, Type: a.Type, Properties: merged})
	if b.Timestamp.IsZero() {
		b.Timestamp = a.Timestamp
	}
	b.Pinned = a.Pinned
	return b
}

// activityOf is a record of an engagement type as an Activity.
func activityOf(typ string, o *Object) Activity {
	f := fieldsFor(typ)
	p := o.Properties
	ts := parseTime(firstSet(p, f.when))
	if ts.IsZero() {
		ts = o.CreatedAt
	}
	return Activity{ID: o.ID, Type: typ, Timestamp: ts, Title: firstSet(p, f.title), Body: firstSet(p, f.body), Properties: p}
}
