package hubspottest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// The seed assigns about seven contacts in ten to owners, and gives the sandbox user open tasks
// (some overdue against SeedBase, or TaskDay when given, some due later) and done ones, each on
// a contact, with the other owners' tasks beside them.
func TestSeedOwnersAndTasks(t *testing.T) {
	for _, day := range []time.Time{{}, time.Date(2026, 12, 4, 15, 0, 0, 0, time.UTC)} {
		t.Run(day.Format("2006-01-02"), func(t *testing.T) { seedOwnersAndTasks(t, day) })
	}
}

func seedOwnersAndTasks(t *testing.T, day time.Time) {
	a := newOb(t, func(o *hubspottest.Options) {
		o.Empty, o.Contacts, o.Companies, o.Deals, o.Tickets, o.TaskDay = false, 400, 25, 30, 20, day
	})
	base := hubspottest.SeedBase()
	if !day.IsZero() {
		base = day
	}
	search := func(typ string, filters ...map[string]any) []map[string]any {
		body := a.do("POST", "/crm/v3/objects/"+typ+"/search", map[string]any{
			"filterGroups": []any{map[string]any{"filters": filters}}, "limit": 200,
			"sorts":      []any{map[string]any{"propertyName": "hs_timestamp", "direction": "ASCENDING"}},
			"properties": []string{"hs_timestamp", "hs_task_status", "hs_task_subject"}}).want(http.StatusOK)
		return obResults(t, body)
	}
	f := func(name, op, v string) map[string]any {
		return map[string]any{"propertyName": name, "operator": op, "value": v}
	}
	owned := a.do("POST", "/crm/v3/objects/contacts/search", map[string]any{"filterGroups": []any{map[string]any{
		"filters": []any{map[string]any{"propertyName": "hubspot_owner_id", "operator": "HAS_PROPERTY"}}}}}).want(http.StatusOK)
	assert.InDelta(t, 0.7*400, owned["total"].(float64), 40, "about 70%% of contacts have an owner")

	open := search("tasks", f("hubspot_owner_id", "EQ", hubspottest.MeOwnerID), f("hs_task_status", "NEQ", "COMPLETED"))
	require.Len(t, open, 9)
	overdue, later := 0, 0
	for _, task := range open {
		due, err := time.Parse(time.RFC3339, obPropsOf(t, task)["hs_timestamp"].(string))
		require.NoError(t, err)
		if due.Before(base.Truncate(24 * time.Hour)) {
			overdue++
		}
		if due.After(base.Add(24 * time.Hour)) {
			later++
		}
		contacts := a.do("GET", "/crm/v4/objects/tasks/"+task["id"].(string)+"/associations/contacts", nil).want(http.StatusOK)
		assert.Len(t, obResults(t, contacts), 1, "task %s is on one contact", task["id"])
	}
	assert.Equal(t, 3, overdue, "three overdue")
	assert.GreaterOrEqual(t, later, 4, "several due later")
	done := search("tasks", f("hubspot_owner_id", "EQ", hubspottest.MeOwnerID), f("hs_task_status", "EQ", "COMPLETED"))
	assert.Len(t, done, 2)
	ada := search("tasks", f("hubspot_owner_id", "EQ", hubspottest.AdaOwnerID))
	assert.NotEmpty(t, ada, "Ada has tasks too")
}
