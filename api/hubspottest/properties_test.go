package hubspottest_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPropertiesListContactsDefaultsAndCustom(t *testing.T) {
	a := newOb(t)
	body := a.do("GET", "/crm/v3/properties/contacts", nil).want(http.StatusOK)
	byName := map[string]map[string]any{}
	for _, d := range obResults(t, body) {
		byName[d["name"].(string)] = d
		for _, k := range []string{"label", "type", "fieldType", "groupName", "options", "displayOrder", "calculated", "hasUniqueValue", "hidden", "formField", "modificationMetadata"} {
			assert.Contains(t, d, k, d["name"])
		}
	}
	for _, name := range []string{"email", "firstname", "lastname", "phone", "mobilephone", "company", "jobtitle", "website",
		"address", "city", "state", "zip", "country", "lifecyclestage", "hs_lead_status", "hs_additional_emails",
		"hs_pinned_engagement_id", "hs_object_id", "createdate", "lastmodifieddate", "hs_merged_object_ids",
		"notes_last_updated", "num_associated_deals", "hubspot_owner_id", "date_of_birth", "hs_email_optout",
		"annualrevenue", "industry", "message", "favorite_food", "hobbies", "customer_code"} {
		assert.Contains(t, byName, name)
	}
	email := byName["email"]
	assert.Equal(t, "Email", email["label"])
	assert.Equal(t, "string", email["type"])
	assert.Equal(t, "text", email["fieldType"])
	assert.Equal(t, "contactinformation", email["groupName"])
	assert.Equal(t, true, email["hubspotDefined"])

	for name, typ := range map[string]string{"date_of_birth": "date", "createdate": "datetime", "hs_email_optout": "bool",
		"annualrevenue": "number", "lifecyclestage": "enumeration", "message": "string"} {
		assert.Equal(t, typ, byName[name]["type"], name)
	}
	assert.Equal(t, "textarea", byName["message"]["fieldType"])
	assert.Equal(t, "checkbox", byName["hobbies"]["fieldType"])
	assert.Equal(t, true, byName["customer_code"]["hasUniqueValue"])
	assert.NotContains(t, byName["favorite_food"], "hubspotDefined", "custom properties are not HubSpot's")
	assert.Equal(t, true, byName["favorite_food"]["modificationMetadata"].(map[string]any)["archivable"])
	for _, ro := range []string{"hs_object_id", "createdate", "lastmodifieddate", "hs_merged_object_ids", "num_associated_deals"} {
		assert.Equal(t, true, byName[ro]["modificationMetadata"].(map[string]any)["readOnlyValue"], ro)
	}
	assert.Equal(t, true, byName["num_associated_deals"]["calculated"])

	none := a.do("GET", "/crm/v3/properties/contacts?archived=true", nil).want(http.StatusOK)
	assert.Empty(t, obResults(t, none))
}

func TestPropertyByNameAndUnknown(t *testing.T) {
	a := newOb(t)
	for _, path := range []string{"/crm/v3/properties/contacts/lifecyclestage", "/crm/v3/properties/0-1/lifecyclestage",
		"/crm/properties/2026-03/contacts/lifecyclestage"} {
		d := a.do("GET", path, nil).want(http.StatusOK)
		var values, labels []string
		for _, o := range d["options"].([]any) {
			values = append(values, o.(map[string]any)["value"].(string))
			labels = append(labels, o.(map[string]any)["label"].(string))
		}
		assert.Equal(t, []string{"subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "evangelist", "other"}, values, path)
		assert.Equal(t, "Marketing Qualified Lead", labels[2])
	}
	lead := a.do("GET", "/crm/v3/properties/contacts/hs_lead_status", nil).want(http.StatusOK)
	require.Len(t, lead["options"], 8)

	body := a.do("GET", "/crm/v3/properties/contacts/favorite_color", nil).want(http.StatusNotFound)
	assert.Equal(t, "OBJECT_NOT_FOUND", body["category"])
	assert.Equal(t, "Unable to find property with name favorite_color for object type 0-1", body["message"])
	assert.Equal(t, "error", body["status"])

	body = a.do("GET", "/crm/v3/properties/gadgets", nil).want(http.StatusBadRequest)
	assert.Equal(t, "Unable to infer object type from: gadgets", body["message"])
}

func TestPropertyGroupsAndOtherTypes(t *testing.T) {
	a := newOb(t)
	groups := obResults(t, a.do("GET", "/crm/v3/properties/contacts/groups", nil).want(http.StatusOK))
	names := map[string]bool{}
	for _, g := range groups {
		names[g["name"].(string)] = true
		assert.Contains(t, g, "label")
		assert.Equal(t, false, g["archived"])
	}
	for _, n := range []string{"contactinformation", "emailinformation", "sales_properties"} {
		assert.True(t, names[n], n)
	}
	// Every property of every type sits in one of its type's groups.
	want := map[string][]string{
		"contacts": {"email"}, "companies": {"name", "domain", "industry", "city", "phone"},
		"deals": {"dealname", "dealstage", "amount", "pipeline", "closedate"}, "tickets": {"subject", "content", "hs_pipeline_stage", "hs_ticket_priority"},
		"notes": {"hs_timestamp", "hs_note_body"}, "calls": {"hs_call_title", "hs_call_body", "hs_call_direction", "hs_call_duration", "hs_call_status"},
		"emails": {"hs_email_subject", "hs_email_text", "hs_email_direction"}, "meetings": {"hs_meeting_title", "hs_meeting_body", "hs_meeting_start_time", "hs_meeting_end_time"},
		"tasks": {"hs_task_subject", "hs_task_body", "hs_task_status", "hs_task_priority"},
	}
	for typ, props := range want {
		gs := map[string]bool{}
		for _, g := range obResults(t, a.do("GET", "/crm/v3/properties/"+typ+"/groups", nil).want(http.StatusOK)) {
			gs[g["name"].(string)] = true
		}
		have := map[string]bool{}
		for _, d := range obResults(t, a.do("GET", "/crm/v3/properties/"+typ, nil).want(http.StatusOK)) {
			have[d["name"].(string)] = true
			assert.Truef(t, gs[d["groupName"].(string)], "%s.%s in unknown group %s", typ, d["name"], d["groupName"])
		}
		for _, p := range props {
			assert.Truef(t, have[p], "%s.%s", typ, p)
		}
	}
	stage := a.do("GET", "/crm/v3/properties/deals/dealstage", nil).want(http.StatusOK)
	assert.Len(t, stage["options"], 10, "the sales pipeline's seven stages and the renewals pipeline's three")
	assert.Equal(t, "datetime", a.do("GET", "/crm/v3/properties/meetings/hs_meeting_start_time", nil).want(http.StatusOK)["type"])
}
