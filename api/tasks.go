package api

import (
	"context"
	"net/http"
)

// TaskItem is an open task and the contact it is on.
type TaskItem struct {
	Activity
	// Contact is the task's first associated contact (firstname, lastname, email), nil when the
	// task is on no contact.
	Contact *Object
}

// maxOwnerTasks bounds OwnerTasks when no limit is given.
const maxOwnerTasks = 500

// OwnerTasks returns the open tasks (any status but COMPLETED) assigned to an owner, due first
// (the overdue at the top), at most limit (0 for 500), each with its contact. It searches, so a
// task written a moment ago may be missing for the few seconds HubSpot's search lags.
func (c *Client) OwnerTasks(ctx context.Context, ownerID string, limit int) ([]TaskItem, error) {
	if ownerID == "" {
		return nil, argError("no owner given")
	}
	if limit <= 0 {
		limit = maxOwnerTasks
	}
	req := SearchRequest{Groups: []FilterGroup{Where(Eq("hubspot_owner_id", ownerID), Neq("hs_task_status", TaskCompleted))},
		Sort: Asc("hs_timestamp"), Properties: fieldsFor(ObjectTasks).props, Limit: min(limit, MaxSearchLimit)}
	var out []TaskItem
	var ids []string
	for o, err := range c.IterSearch(ctx, ObjectTasks, req) {
		if err != nil {
			return nil, err
		}
		out = append(out, TaskItem{Activity: activityOf(ObjectTasks, o)})
		ids = append(ids, o.ID)
		if len(out) == limit {
			break
		}
	}
	if len(out) == 0 {
		return out, nil
	}
	links, err := c.firstAssociated(ctx, ObjectTasks, ObjectContacts, ids)
	if err != nil {
		return nil, err
	}
	var contactIDs []string
	for _, id := range links {
		contactIDs = append(contactIDs, id)
	}
	contacts := map[string]*Object{}
	if len(contactIDs) > 0 {
		rs, err := c.BatchReadObjects(ctx, ObjectContacts, uniq(contactIDs), []string{"firstname", "lastname", "email"})
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if r.Object != nil {
				contacts[r.Object.ID] = r.Object
			}
		}
	}
	for i := range out {
		out[i].Contact = contacts[links[out[i].ID]]
	}
	return out, nil
}

// maxAssocBatchRead is the most inputs one v4 association batch read takes (HubSpot: 1,000;
// smaller requests keep each answer small).
const maxAssocBatchRead = 100

// firstAssociated maps each record (of fromType, by id) to its first associated record of
// toType (lowest position in HubSpot's answer), through the v4 batch read; records with none
// are absent from the map.
func (c *Client) firstAssociated(ctx context.Context, fromType, toType string, ids []string) (map[string]string, error) {
	out := map[string]string{}
	for lo := 0; lo < len(ids); lo += maxAssocBatchRead {
		chunk := ids[lo:min(lo+maxAssocBatchRead, len(ids))]
		inputs := make([]map[string]string, len(chunk))
		for i, id := range chunk {
			inputs[i] = map[string]string{"id": id}
		}
		var w struct {
			Results []struct {
				From struct {
					ID wireValue `json:"id"`
				} `json:"from"`
				To []struct {
					ToObjectID wireValue `json:"toObjectId"`
				} `json:"to"`
			} `json:"results"`
		}
		cl := call{method: http.MethodPost, path: c.paths.assocBatchRead(fromType, toType),
			body: map[string]any{"inputs": inputs}, out: &w, idempotent: true, read: true}
		if _, err := c.do(ctx, cl); err != nil {
			return nil, err
		}
		for _, r := range w.Results {
			if len(r.To) > 0 {
				out[r.From.ID.s] = r.To[0].ToObjectID.s
			}
		}
	}
	return out, nil
}

func uniq(in []string) []string {
	seen := map[string]bool{}
	out := in[:0:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
