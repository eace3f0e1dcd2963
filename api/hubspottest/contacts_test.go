package hubspottest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func (a *obAPI) patch(path string, props obProps) obRes {
	a.t.Helper()
	return a.do("PATCH", path, map[string]any{"properties": props})
}

func TestPatchByIDAndByEmailClearsWithEmptyString(t *testing.T) {
	a := newOb(t)
	id := a.create("contacts", obProps{"email": "jon@website.com", "firstname": "Jon", "jobtitle": "Dev"})

	got := a.patch("/crm/v3/objects/contacts/"+id, obProps{"favorite_food": "burger", "jobtitle": "Manager"}).want(http.StatusOK)
	p := obPropsOf(t, got)
	assert.Equal(t, "burger", p["favorite_food"], "the written properties come back")
	assert.Equal(t, "Manager", p["jobtitle"])
	assert.Equal(t, "jon@website.com", p["email"], "with the defaults")
	assert.Equal(t, got["updatedAt"], p["lastmodifieddate"])
	assert.Greater(t, got["updatedAt"], got["createdAt"])

	got = a.patch("/crm/v3/objects/contacts/jon@website.com?idProperty=email", obProps{"jobtitle": ""}).want(http.StatusOK)
	assert.Nil(t, obPropsOf(t, got)["jobtitle"], `"" clears`)
	after := obPropsOf(t, a.do("GET", "/crm/v3/objects/contacts/"+id+"?properties=jobtitle,favorite_food", nil).want(http.StatusOK))
	assert.Equal(t, map[string]any{"jobtitle": nil, "favorite_food": "burger"}, after)

	// null does not clear.
	a.patch("/crm/v3/objects/contacts/"+id, obProps{"favorite_food": nil}).want(http.StatusOK)
	assert.Equal(t, "burger", obPropsOf(t, a.do("GET", "/crm/v3/objects/contacts/"+id+"?properties=favorite_food", nil).want(http.StatusOK))["favorite_food"])

	a.patch("/crm/v3/objects/contacts/404404", obProps{"jobtitle": "x"}).want(http.StatusNotFound)
	a.patch("/crm/v3/objects/contacts/nobody@x.com?idProperty=email", obProps{"jobtitle": "x"}).want(http.StatusNotFound)
}

func TestPatchReportsEveryInvalidPropertyTogether(t *testing.T) {
	a := newOb(t)
	id := a.create("contacts", obProps{"email": "v@example.com"})
	body := a.patch("/crm/v3/objects/contacts/"+id, obProps{
		"missing": "x", "email": "example.lcom", "hs_lead_status": "HOT", "hs_object_id": "1",
		"createdate": "2020-01-01T00:00:00Z", "annualrevenue": "1e3", "firstname": "Ok",
	}).want(http.StatusBadRequest)
	errs := obPropErrors(t, body)
	byName := map[string]map[string]any{}
	for _, e := range errs {
		byName[e["name"].(string)] = e
		assert.Equal(t, false, e["isValid"])
		assert.Equal(t, float64(hubspottest.DefaultPortalID), e["portalId"])
		assert.Equal(t, e["message"], e["localizedErrorMessage"])
	}
	require.Len(t, byName, 6, "every bad property, and only those: %v", errs)
	assert.Equal(t, "PROPERTY_DOESNT_EXIST", byName["missing"]["error"])
	assert.Equal(t, `Property "missing" does not exist`, byName["missing"]["message"])
	assert.Equal(t, "INVALID_EMAIL", byName["email"]["error"])
	assert.Equal(t, "Email address example.lcom is invalid", byName["email"]["message"])
	assert.Equal(t, "INVALID_OPTION", byName["hs_lead_status"]["error"])
	assert.Equal(t, "HOT was not one of the allowed options: [NEW, OPEN, IN_PROGRESS, OPEN_DEAL, UNQUALIFIED, ATTEMPTED_TO_CONTACT, CONNECTED, BAD_TIMING]",
		byName["hs_lead_status"]["message"])
	assert.Equal(t, "READ_ONLY_VALUE", byName["hs_object_id"]["error"])
	assert.Equal(t, "READ_ONLY_VALUE", byName["createdate"]["error"])
	assert.Equal(t, "INVALID_INTEGER", byName["annualrevenue"]["error"])
	assert.Equal(t, "1e3 was not a valid number.", byName["annualrevenue"]["message"])
	assert.Equal(t, "1e3", byName["annualrevenue"]["propertyValue"])

	// errors[] repeats each failure with its code and property.
	details := body["errors"].([]any)
	require.Len(t, details, 6)
	first := details[0].(map[string]any)
	assert.Contains(t, first, "code")
	assert.Len(t, first["context"].(map[string]any)["propertyName"], 1)

	// The message is HubSpot's exact shape: a JSON array serialised into the string.
	assert.True(t, strings.HasPrefix(body["message"].(string), `Property values were not valid: [{"isValid":false,"message":`))
	// Nothing was written.
	assert.Nil(t, obPropsOf(t, a.do("GET", "/crm/v3/objects/contacts/"+id, nil).want(http.StatusOK))["firstname"])
}

func TestPropertyValueTypes(t *testing.T) {
	a := newOb(t)
	id := a.create("contacts", obProps{"email": "types@example.com"})
	path := "/crm/v3/objects/contacts/" + id
	read := func(name string) any {
		return obPropsOf(t, a.do("GET", path+"?properties="+name, nil).want(http.StatusOK))[name]
	}
	ok := map[string][2]any{
		"date_of_birth":   {"1990-05-17", "1990-05-17"},
		"hs_email_optout": {nil, nil},
		"vip":             {true, "true"},
		"annualrevenue":   {-12.5, "-12.5"},
		"hobbies":         {"hiking;chess", "hiking;chess"},
		"customer_tier":   {"gold", "gold"},
		"lifecyclestage":  {"lead", "lead"},
		"favorite_food":   {"  spaced  ", "  spaced  "},
	}
	for name, c := range ok {
		a.patch(path, obProps{name: c[0]}).want(http.StatusOK)
		assert.Equal(t, c[1], read(name), name)
	}
	a.patch(path, obProps{"date_of_birth": "642902400000"}).want(http.StatusOK) // 1990-05-17T00:00Z
	assert.Equal(t, "1990-05-17", read("date_of_birth"), "midnight ms are stored as a date")

	bad := map[string]struct {
		value     any
		code, msg string
	}{
		"date_of_birth":   {"1606768561954", "INVALID_DATE", "1606768561954 is at 20:36:1.954 UTC, not midnight!"},
		"vip":             {"True", "INVALID_OPTION", "True was not one of the allowed options: [true, false]"},
		"hobbies":         {"hiking;golf", "INVALID_OPTION", "golf was not one of the allowed options: [hiking, cooking, music, travel, chess]"},
		"customer_tier":   {" gold", "LEADING_TRAILING_WHITESPACE", `" gold" includes leading or trailing whitespace.`},
		"annualrevenue":   {"12,5", "INVALID_INTEGER", "12,5 was not a valid number."},
		"hs_email_optout": {"true", "READ_ONLY_VALUE", "hs_email_optout is a read only property; its value cannot be set."},
	}
	for name, c := range bad {
		errs := obPropErrors(t, a.patch(path, obProps{name: c.value}).want(http.StatusBadRequest))
		require.Len(t, errs, 1, name)
		assert.Equal(t, c.code, errs[0]["error"], name)
		assert.Equal(t, c.msg, errs[0]["message"], name)
	}
	errs := obPropErrors(t, a.patch(path, obProps{"notes_last_updated": "x", "num_associated_deals": "3", "hs_merged_object_ids": "1"}).want(http.StatusBadRequest))
	assert.Len(t, errs, 3, "calculated and HubSpot-set properties are read-only")
}

func TestEnumerationLabelsAcceptedUnlessStrict(t *testing.T) {
	a := newOb(t)
	id := a.create("contacts", obProps{"email": "l@example.com"})
	// The seed's own example writes the label.
	got := a.patch("/crm/v3/objects/contacts/"+id, obProps{"favorite_food": "burger", "jobtitle": "Manager", "lifecyclestage": "Customer"}).want(http.StatusOK)
	assert.Equal(t, "customer", obPropsOf(t, got)["lifecyclestage"], "stored as the option's value")

	s := newOb(t, func(o *hubspottest.Options) { o.Strict = true })
	sid := s.create("contacts", obProps{"email": "l@example.com"})
	errs := obPropErrors(t, s.patch("/crm/v3/objects/contacts/"+sid, obProps{"lifecyclestage": "Customer"}).want(http.StatusBadRequest))
	assert.Equal(t, "Customer was not one of the allowed options: [subscriber, lead, marketingqualifiedlead, salesqualifiedlead, opportunity, customer, evangelist, other]",
		errs[0]["message"])
}

func TestLifecycleStageOnlyMovesForwardUnlessCleared(t *testing.T) {
	a := newOb(t)
	id := a.create("contacts", obProps{"email": "life@example.com", "lifecyclestage": "lead"})
	path := "/crm/v3/objects/contacts/" + id
	stage := func(r map[string]any) any { return obPropsOf(t, r)["lifecyclestage"] }

	assert.Equal(t, "customer", stage(a.patch(path, obProps{"lifecyclestage": "customer"}).want(http.StatusOK)))
	// Backward: 200, silently ignored, other properties still written.
	got := a.patch(path, obProps{"lifecyclestage": "lead", "jobtitle": "Boss"}).want(http.StatusOK)
	assert.Equal(t, "customer", stage(got))
	assert.Equal(t, "Boss", obPropsOf(t, got)["jobtitle"])
	hist := a.do("GET", path+"?propertiesWithHistory=lifecyclestage", nil).want(http.StatusOK)["propertiesWithHistory"].(map[string]any)["lifecyclestage"].([]any)
	assert.Len(t, hist, 2, "the ignored value left no history")

	// Clearing first, in an earlier request, allows any stage.
	assert.Nil(t, stage(a.patch(path, obProps{"lifecyclestage": ""}).want(http.StatusOK)))
	assert.Equal(t, "subscriber", stage(a.patch(path, obProps{"lifecyclestage": "subscriber"}).want(http.StatusOK)))
	assert.Equal(t, "other", stage(a.patch(path, obProps{"lifecyclestage": "other"}).want(http.StatusOK)))
	assert.Equal(t, "other", stage(a.patch(path, obProps{"lifecyclestage": "evangelist"}).want(http.StatusOK)))
}

func TestPinnedEngagementMustBeAssociated(t *testing.T) {
	a := newOb(t)
	note := a.create("notes", obProps{"hs_timestamp": "1767225600000", "hs_note_body": "pin me"})
	stray := a.create("calls", obProps{"hs_timestamp": "1767225600000", "hs_call_title": "unrelated"})
	company := a.create("companies", obProps{"name": "Not an activity"})

	// Create, associate and pin in one POST (the seed's flow).
	id := a.create("contacts", obProps{"email": "pin@example.com", "hs_pinned_engagement_id": note}, obAssoc(note, 201))
	assert.Equal(t, note, obPropsOf(t, a.do("GET", "/crm/v3/objects/contacts/"+id+"?properties=hs_pinned_engagement_id", nil).want(http.StatusOK))["hs_pinned_engagement_id"])

	path := "/crm/v3/objects/contacts/" + id
	for _, bad := range []string{stray, company, "99999999"} {
		errs := obPropErrors(t, a.patch(path, obProps{"hs_pinned_engagement_id": bad}).want(http.StatusBadRequest))
		require.Len(t, errs, 1)
		assert.Equal(t, "INVALID_PINNED_ENGAGEMENT", errs[0]["error"])
		assert.Equal(t, "hs_pinned_engagement_id", errs[0]["name"])
		assert.Contains(t, errs[0]["message"], "is not an activity associated with contact "+id)
	}
	errs := obPropErrors(t, a.patch(path, obProps{"hs_pinned_engagement_id": "abc"}).want(http.StatusBadRequest))
	assert.Equal(t, "INVALID_INTEGER", errs[0]["error"])
	// Without the association in the same create, pinning at create fails and creates nothing.
	errs = obPropErrors(t, a.do("POST", "/crm/v3/objects/contacts", map[string]any{"properties": obProps{"email": "p2@example.com", "hs_pinned_engagement_id": note}}).want(http.StatusBadRequest))
	assert.Contains(t, errs[0]["message"], "this contact")
	a.create("contacts", obProps{"email": "p2@example.com"})

	// A second associated activity can be pinned by PATCH; the seed sends the id as a number.
	call := a.create("calls", obProps{"hs_timestamp": "1767225600000", "hs_call_title": "mine"}, obAssoc(id, 194))
	var n json.Number = json.Number(call)
	got := a.do("PATCH", path, map[string]any{"properties": map[string]any{"hs_pinned_engagement_id": n}}).want(http.StatusOK)
	assert.Equal(t, call, obPropsOf(t, got)["hs_pinned_engagement_id"])
	// "" unpins.
	got = a.patch(path, obProps{"hs_pinned_engagement_id": ""}).want(http.StatusOK)
	assert.Nil(t, obPropsOf(t, got)["hs_pinned_engagement_id"])
	// An archived activity cannot be pinned.
	a.do("DELETE", "/crm/v3/objects/calls/"+call, nil).wantEmpty(http.StatusNoContent)
	a.patch(path, obProps{"hs_pinned_engagement_id": call}).want(http.StatusBadRequest)
}

func TestAdditionalEmailsDefaultModeReplacesTheSet(t *testing.T) {
	a := newOb(t)
	id := a.create("contacts", obProps{"email": "main@example.com", "hs_additional_emails": "One@example.com, two@example.com"})
	path := "/crm/v3/objects/contacts/" + id
	read := func() any {
		return obPropsOf(t, a.do("GET", path+"?properties=hs_additional_emails", nil).want(http.StatusOK))["hs_additional_emails"]
	}
	assert.Equal(t, "one@example.com;two@example.com", read(), "read back ;-separated")
	a.do("GET", "/crm/v3/objects/contacts/two@example.com?idProperty=email", nil).want(http.StatusOK)

	a.patch(path, obProps{"hs_additional_emails": "three@example.com;two@example.com"}).want(http.StatusOK)
	assert.Equal(t, "three@example.com;two@example.com", read())
	a.do("GET", "/crm/v3/objects/contacts/one@example.com?idProperty=email", nil).want(http.StatusNotFound)
	a.create("contacts", obProps{"email": "one@example.com"}) // freed

	other := a.create("contacts", obProps{"email": "other@example.com"})
	body := a.patch("/crm/v3/objects/contacts/"+other, obProps{"hs_additional_emails": "two@example.com"}).want(http.StatusConflict)
	assert.Equal(t, "Contact already exists. Existing ID: "+id, body["message"])
	body = a.patch("/crm/v3/objects/contacts/"+other, obProps{"email": "THREE@example.com"}).want(http.StatusConflict)
	assert.Equal(t, "Contact already exists. Existing ID: "+id, body["message"], "a PATCH may not take another contact's address")

	errs := obPropErrors(t, a.patch(path, obProps{"hs_additional_emails": "main@example.com"}).want(http.StatusBadRequest))
	assert.Equal(t, "Email address main@example.com is already this contact's primary email", errs[0]["message"])
	errs = obPropErrors(t, a.patch(path, obProps{"hs_additional_emails": "ok@example.com,not-an-email"}).want(http.StatusBadRequest))
	assert.Equal(t, "INVALID_EMAIL", errs[0]["error"])
	assert.Equal(t, "Email address not-an-email is invalid", errs[0]["message"])

	// Making one of its own secondary addresses the primary promotes it.
	got := a.patch(path+"?properties=hs_additional_emails", obProps{"email": "two@example.com"}).want(http.StatusOK)
	assert.Equal(t, "two@example.com", obPropsOf(t, got)["email"])
	assert.Equal(t, "three@example.com", read())
	a.patch(path, obProps{"hs_additional_emails": ""}).want(http.StatusOK)
	assert.Nil(t, read())
}

func TestAdditionalEmailsStrictModeIsReadOnly(t *testing.T) {
	a := newOb(t, func(o *hubspottest.Options) { o.Strict = true })
	body := a.do("POST", "/crm/v3/objects/contacts", map[string]any{"properties": obProps{"email": "s@example.com", "hs_additional_emails": "t@example.com"}}).want(http.StatusBadRequest)
	errs := obPropErrors(t, body)
	require.Len(t, errs, 1)
	assert.Equal(t, "READ_ONLY_VALUE", errs[0]["error"])
	assert.Equal(t, "hs_additional_emails", errs[0]["name"])

	def := a.do("GET", "/crm/v3/properties/contacts/hs_additional_emails", nil).want(http.StatusOK)
	assert.Equal(t, true, def["modificationMetadata"].(map[string]any)["readOnlyValue"])
	def = newOb(t).do("GET", "/crm/v3/properties/contacts/hs_additional_emails", nil).want(http.StatusOK)
	assert.Equal(t, false, def["modificationMetadata"].(map[string]any)["readOnlyValue"])
}

func TestUniqueCustomPropertyConflicts(t *testing.T) {
	a := newOb(t)
	id := a.create("contacts", obProps{"email": "u1@example.com", "customer_code": "C-1"})
	body := a.do("POST", "/crm/v3/objects/contacts", map[string]any{"properties": obProps{"email": "u2@example.com", "customer_code": "C-1"}}).want(http.StatusConflict)
	assert.Equal(t, `A contact with customer_code "C-1" already exists. Existing ID: `+id, body["message"])
	a.patch("/crm/v3/objects/contacts/"+id, obProps{"customer_code": "C-2"}).want(http.StatusOK)
	a.do("GET", "/crm/v3/objects/contacts/C-1?idProperty=customer_code", nil).want(http.StatusNotFound)
	a.do("GET", "/crm/v3/objects/contacts/C-2?idProperty=customer_code", nil).want(http.StatusOK)
	a.create("contacts", obProps{"email": "u2@example.com", "customer_code": "C-1"})
	got := a.patch("/crm/v3/objects/contacts/C-2?idProperty=customer_code", obProps{"firstname": "ByCode"}).want(http.StatusOK)
	assert.Equal(t, id, got["id"])
}
