package hubspottest_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var obISO = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$`)

func TestCreateContactReturns201WithStringPropertiesAndEnvelope(t *testing.T) {
	a := newOb(t)
	got := a.do("POST", "/crm/v3/objects/contacts", map[string]any{"properties": obProps{
		"email": "Jane.Doe@Example.com", "firstname": "Jane", "lastname": "Doe", "phone": "(555) 555-5555",
		"annualrevenue": 1000000, "hs_email_optout": nil,
	}}).want(http.StatusCreated)

	id := got["id"].(string)
	assert.Regexp(t, `^\d+$`, id)
	assert.Equal(t, false, got["archived"])
	assert.Regexp(t, obISO, got["createdAt"])
	assert.Regexp(t, obISO, got["updatedAt"])
	assert.NotContains(t, got, "archivedAt")
	p := obPropsOf(t, got)
	assert.Equal(t, "jane.doe@example.com", p["email"], "HubSpot stores addresses lower-cased")
	assert.Equal(t, "Jane", p["firstname"])
	assert.Equal(t, "(555) 555-5555", p["phone"])
	assert.Equal(t, "1000000", p["annualrevenue"], "numbers come back as strings")
	assert.Equal(t, id, p["hs_object_id"])
	assert.Equal(t, got["createdAt"], p["createdate"])
	assert.Equal(t, got["updatedAt"], p["lastmodifieddate"])
	assert.NotContains(t, p, "hs_email_optout", "null is ignored, not written")
	for k, v := range p {
		if v != nil {
			assert.IsTypef(t, "", v, "property %s", k)
		}
	}
}

func TestCreateContactNeedsEmailOrName(t *testing.T) {
	a := newOb(t)
	body := a.do("POST", "/crm/v3/objects/contacts", map[string]any{"properties": obProps{"phone": "123"}}).want(http.StatusBadRequest)
	errs := obPropErrors(t, body)
	require.Len(t, errs, 1)
	assert.Equal(t, "MISSING_REQUIRED_PROPERTY", errs[0]["error"])
	assert.Equal(t, "email", errs[0]["name"])
	assert.Equal(t, false, errs[0]["isValid"])
	assert.Equal(t, "error", body["status"])
	assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, body["correlationId"])

	for _, p := range []obProps{{"email": "a@b.co"}, {"firstname": "A"}, {"lastname": "B"}} {
		a.do("POST", "/crm/v3/objects/contacts", map[string]any{"properties": p}).want(http.StatusCreated)
	}
	// Other object types have no such rule.
	a.do("POST", "/crm/v3/objects/companies", map[string]any{"properties": obProps{}}).want(http.StatusCreated)
}

func TestCreateDuplicateEmailIs409WithExistingID(t *testing.T) {
	a := newOb(t)
	id := a.create("contacts", obProps{"email": "first@example.com", "hs_additional_emails": "second@example.com"})
	for _, email := range []string{"first@example.com", "FIRST@Example.COM", "second@example.com"} {
		body := a.do("POST", "/crm/v3/objects/contacts", map[string]any{"properties": obProps{"email": email}}).want(http.StatusConflict)
		assert.Equal(t, "CONFLICT", body["category"])
		assert.Equal(t, "Contact already exists. Existing ID: "+id, body["message"])
		assert.Equal(t, "error", body["status"])
	}
}

func TestCreateWithAssociationsFromTheSeedExample(t *testing.T) {
	a := newOb(t)
	company := a.create("companies", obProps{"name": "HubSpot", "domain": "hubspot.com"})
	email := a.create("emails", obProps{"hs_timestamp": "2026-01-02T03:04:05Z", "hs_email_subject": "Hi"})
	var companyNum, emailNum int
	fmt.Sscan(company, &companyNum)
	fmt.Sscan(email, &emailNum)
	// The seed sends ids as JSON numbers.
	id := a.create("contacts", obProps{"email": "example@hubspot.com", "firstname": "Jane", "lastname": "Doe",
		"phone": "(555) 555-5555", "company": "HubSpot", "website": "hubspot.com", "lifecyclestage": "marketingqualifiedlead"},
		obAssoc(companyNum, 279), obAssoc(emailNum, 197))

	got := a.do("GET", "/crm/v3/objects/contacts/"+id+"?associations=companies,emails,deals", nil).want(http.StatusOK)
	assocs := got["associations"].(map[string]any)
	assert.Equal(t, map[string]any{"results": []any{map[string]any{"id": company, "type": "contact_to_company_unlabeled"}}}, assocs["companies"])
	assert.Equal(t, map[string]any{"results": []any{map[string]any{"id": email, "type": "contact_to_email"}}}, assocs["emails"])
	assert.NotContains(t, assocs, "deals", "types with no associations are omitted")

	// The reverse direction exists too.
	back := a.do("GET", "/crm/v3/objects/companies/"+company+"?associations=contacts", nil).want(http.StatusOK)
	assert.Equal(t, []any{map[string]any{"id": id, "type": "company_to_contact_unlabeled"}},
		back["associations"].(map[string]any)["contacts"].(map[string]any)["results"])
}

func TestCreateWithInvalidAssociationIs400AndCreatesNothing(t *testing.T) {
	a := newOb(t)
	body := a.do("POST", "/crm/v3/objects/contacts", map[string]any{
		"properties": obProps{"email": "x@example.com"}, "associations": []any{obAssoc("999999", 279)},
	}).want(http.StatusBadRequest)
	assert.Equal(t, "VALIDATION_ERROR", body["category"])
	assert.Equal(t, "One or more associations are invalid", body["message"])
	assert.Equal(t, map[string]any{"INVALID_OBJECT_IDS": []any{"COMPANY=999999 is not valid"},
		"objectId": []any{"999999"}, "objectType": []any{"COMPANY"}}, body["context"])

	company := a.create("companies", obProps{"name": "Acme"})
	body = a.do("POST", "/crm/v3/objects/contacts", map[string]any{
		"properties": obProps{"email": "x@example.com"}, "associations": []any{obAssoc(company, 4242)},
	}).want(http.StatusBadRequest)
	assert.Equal(t, "One or more associations are invalid", body["message"])
	assert.Contains(t, body["context"], "INVALID_ASSOCIATION_TYPES")

	// Nothing was created: the address is still free.
	a.create("contacts", obProps{"email": "x@example.com"})
}

func TestGetByIDEmailSecondaryEmailAndUniqueProperty(t *testing.T) {
	a := newOb(t)
	id := a.create("contacts", obProps{"email": "jon@website.com", "hs_additional_emails": "jon@old.com",
		"customer_code": "C-42", "firstname": "Jon"})
	for _, path := range []string{
		"/crm/v3/objects/contacts/" + id,
		"/crm/v3/objects/contacts/jon@website.com?idProperty=email",
		"/crm/v3/objects/contacts/" + url.PathEscape("JON@website.com") + "?idProperty=email",
		"/crm/v3/objects/contacts/jon@old.com?idProperty=email",
		"/crm/v3/objects/contacts/C-42?idProperty=customer_code",
		"/crm/v3/objects/contacts/" + id + "?idProperty=hs_object_id",
	} {
		got := a.do("GET", path, nil).want(http.StatusOK)
		assert.Equal(t, id, got["id"], path)
		assert.Equal(t, "Jon", obPropsOf(t, got)["firstname"], path)
	}
}

func TestGetUnknownIs404WithHubSpotBody(t *testing.T) {
	a := newOb(t)
	for _, path := range []string{"/crm/v3/objects/contacts/12345", "/crm/v3/objects/contacts/nobody@example.com?idProperty=email"} {
		body := a.do("GET", path, nil).want(http.StatusNotFound)
		assert.Equal(t, "OBJECT_NOT_FOUND", body["category"])
		assert.Equal(t, "Object not found.  objectId are usually numeric.", body["message"])
		assert.Equal(t, "error", body["status"])
		assert.Len(t, body["context"].(map[string]any)["id"], 1)
	}
	body := a.do("GET", "/crm/v3/objects/contacts/Jon?idProperty=firstname", nil).want(http.StatusBadRequest)
	assert.Equal(t, "VALIDATION_ERROR", body["category"])
	assert.Contains(t, body["message"], "firstname is not a unique identifier")
}

func TestGetDefaultRequestedUnknownAndEmptyProperties(t *testing.T) {
	a := newOb(t)
	id := a.create("contacts", obProps{"email": "p@example.com", "firstname": "Pat", "jobtitle": "CTO"})

	def := obPropsOf(t, a.do("GET", "/crm/v3/objects/contacts/"+id, nil).want(http.StatusOK))
	keys := make([]string, 0, len(def))
	for k := range def {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	assert.Equal(t, []string{"createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"}, keys)
	assert.Nil(t, def["lastname"], "a default property with no value is null")

	for _, q := range []string{"properties=jobtitle,phone,no_such_prop", "properties=jobtitle&properties=phone&properties=no_such_prop",
		"properties=jobtitle,phone&properties=no_such_prop"} {
		p := obPropsOf(t, a.do("GET", "/crm/v3/objects/contacts/"+id+"?"+q, nil).want(http.StatusOK))
		assert.Equal(t, map[string]any{"jobtitle": "CTO", "phone": nil}, p, q)
	}
}

func TestGetPropertiesWithHistoryNewestFirst(t *testing.T) {
	a := newOb(t)
	id := a.create("contacts", obProps{"email": "h@example.com", "jobtitle": "Intern"})
	a.do("PATCH", "/crm/v3/objects/contacts/"+id, map[string]any{"properties": obProps{"jobtitle": "Engineer"}}).want(http.StatusOK)
	a.do("PATCH", "/crm/v3/objects/contacts/"+id, map[string]any{"properties": obProps{"jobtitle": ""}}).want(http.StatusOK)
	a.do("PATCH", "/crm/v3/objects/contacts/"+id, map[string]any{"properties": obProps{"jobtitle": "CTO"}}).want(http.StatusOK)

	got := a.do("GET", "/crm/v3/objects/contacts/"+id+"?propertiesWithHistory=jobtitle,nope", nil).want(http.StatusOK)
	hist := got["propertiesWithHistory"].(map[string]any)
	require.NotContains(t, hist, "nope")
	entries := hist["jobtitle"].([]any)
	var values []string
	var stamps []string
	for _, e := range entries {
		m := e.(map[string]any)
		values = append(values, m["value"].(string))
		stamps = append(stamps, m["timestamp"].(string))
		assert.Equal(t, "INTEGRATION", m["sourceType"])
	}
	assert.Equal(t, []string{"CTO", "", "Engineer", "Intern"}, values)
	assert.True(t, sort.IsSorted(sort.Reverse(sort.StringSlice(stamps))), "newest first: %v", stamps)
	assert.Equal(t, "CTO", obPropsOf(t, got)["jobtitle"], "history properties are in properties too")
	assert.Contains(t, obPropsOf(t, got), "email", "and the defaults stay")
}

func TestGetAssociationsArePagedAt100PerType(t *testing.T) {
	a := newOb(t)
	contact := a.create("contacts", obProps{"email": "busy@example.com"})
	var notes []string
	for i := 0; i < 120; i++ {
		notes = append(notes, a.create("notes", obProps{"hs_timestamp": "1700000000000", "hs_note_body": fmt.Sprint(i)}, obAssoc(contact, 202)))
	}
	got := a.do("GET", "/crm/v3/objects/contacts/"+contact+"?associations=notes", nil).want(http.StatusOK)
	c := got["associations"].(map[string]any)["notes"].(map[string]any)
	rs := c["results"].([]any)
	require.Len(t, rs, 100)
	assert.Equal(t, map[string]any{"id": notes[0], "type": "contact_to_note"}, rs[0])
	next := c["paging"].(map[string]any)["next"].(map[string]any)
	assert.Equal(t, "100", next["after"], "the v3 association list's offset cursor")
	assert.Equal(t, "/crm/v3/objects/contacts/"+contact+"/associations/notes?after=100", next["link"])
	more := a.do("GET", next["link"].(string), nil).want(http.StatusOK)
	assert.Equal(t, map[string]any{"id": notes[100], "type": "contact_to_note"}, obResults(t, more)[0], "the link continues the list")
	assert.Len(t, obResults(t, more), 20)
}

func TestListPagesWithOpaqueCursorWithoutGapsOrRepeats(t *testing.T) {
	a := newOb(t)
	var want []string
	for i := 0; i < 25; i++ {
		want = append(want, a.create("contacts", obProps{"email": fmt.Sprintf("c%02d@example.com", i)}))
	}
	first := a.do("GET", "/crm/v3/objects/contacts", nil).want(http.StatusOK)
	require.Len(t, obResults(t, first), 10, "default limit is 10")

	var got []string
	path := "/crm/v3/objects/contacts?limit=7&properties=email"
	for pages := 0; pages < 10; pages++ {
		body := a.do("GET", path, nil).want(http.StatusOK)
		rs := obResults(t, body)
		got = append(got, obIDs(rs)...)
		for _, r := range rs {
			assert.Equal(t, map[string]any{"email": obPropsOf(t, r)["email"]}, obPropsOf(t, r))
		}
		pg, ok := body["paging"].(map[string]any)
		if !ok {
			break
		}
		next := pg["next"].(map[string]any)
		after := next["after"].(string)
		assert.NotRegexp(t, `^\d+$`, after, "the cursor is opaque")
		u, err := url.Parse(next["link"].(string))
		require.NoError(t, err)
		assert.Equal(t, after, u.Query().Get("after"))
		assert.Equal(t, "7", u.Query().Get("limit"))
		path = "/crm/v3/objects/contacts?limit=7&properties=email&after=" + url.QueryEscape(after)
	}
	assert.Equal(t, want, got)
}

func TestListLimitAboveMaximumIsCappedOrRefused(t *testing.T) {
	a := newOb(t)
	a.create("contacts", obProps{"email": "one@example.com"})
	body := a.do("GET", "/crm/v3/objects/contacts?limit=500", nil).want(http.StatusOK)
	assert.Len(t, obResults(t, body), 1)

	strict := newOb(t, func(o *hubspottest.Options) { o.ListLimitError = true })
	body = strict.do("GET", "/crm/v3/objects/contacts?limit=101", nil).want(http.StatusBadRequest)
	assert.Equal(t, "limit may not exceed 100; got 101", body["message"])
	body = strict.do("GET", "/crm/v3/objects/contacts?limit=51&propertiesWithHistory=email", nil).want(http.StatusBadRequest)
	assert.Equal(t, "limit may not exceed 50; got 51", body["message"])
	strict.do("GET", "/crm/v3/objects/contacts?limit=100", nil).want(http.StatusOK)

	for _, q := range []string{"limit=0", "limit=ten", "after=not-a-cursor", "archived=maybe"} {
		body = a.do("GET", "/crm/v3/objects/contacts?"+q, nil).want(http.StatusBadRequest)
		assert.Equal(t, "VALIDATION_ERROR", body["category"], q)
	}
}

func TestListCapsLimitAt100WhenMoreExist(t *testing.T) {
	a := newOb(t)
	a.srv.Store().Do(func(tx *hubspottest.Tx) error {
		for i := 0; i < 150; i++ {
			tx.Insert(hubspottest.Contacts, "", map[string]string{"email": fmt.Sprintf("m%d@example.com", i)}, "IMPORT")
		}
		return nil
	})
	body := a.do("GET", "/crm/v3/objects/contacts?limit=1000", nil).want(http.StatusOK)
	assert.Len(t, obResults(t, body), 100)
	assert.Contains(t, body, "paging")
	body = a.do("GET", "/crm/v3/objects/contacts?limit=100&propertiesWithHistory=email", nil).want(http.StatusOK)
	assert.Len(t, obResults(t, body), 50, "history lowers the page size to 50")
}

func TestDeleteMovesToRecycleBin(t *testing.T) {
	a := newOb(t)
	keep := a.create("contacts", obProps{"email": "keep@example.com"})
	gone := a.create("contacts", obProps{"email": "gone@example.com", "firstname": "Gone"})

	a.do("DELETE", "/crm/v3/objects/contacts/"+gone, nil).wantEmpty(http.StatusNoContent)
	a.do("GET", "/crm/v3/objects/contacts/"+gone, nil).want(http.StatusNotFound)
	a.do("GET", "/crm/v3/objects/contacts/gone@example.com?idProperty=email", nil).want(http.StatusNotFound)

	got := a.do("GET", "/crm/v3/objects/contacts/"+gone+"?archived=true", nil).want(http.StatusOK)
	assert.Equal(t, true, got["archived"])
	assert.Regexp(t, obISO, got["archivedAt"])
	assert.Equal(t, "Gone", obPropsOf(t, got)["firstname"])
	a.do("GET", "/crm/v3/objects/contacts/gone@example.com?idProperty=email&archived=true", nil).want(http.StatusOK)
	a.do("GET", "/crm/v3/objects/contacts/"+keep+"?archived=true", nil).want(http.StatusNotFound)

	live := a.do("GET", "/crm/v3/objects/contacts", nil).want(http.StatusOK)
	assert.Equal(t, []string{keep}, obIDs(obResults(t, live)))
	bin := a.do("GET", "/crm/v3/objects/contacts?archived=true", nil).want(http.StatusOK)
	assert.Equal(t, []string{gone}, obIDs(obResults(t, bin)))
	assert.Regexp(t, obISO, obResults(t, bin)[0]["archivedAt"])

	// Deleting again, or deleting an id that never existed, is still 204 (HubSpot is idempotent).
	a.do("DELETE", "/crm/v3/objects/contacts/"+gone, nil).wantEmpty(http.StatusNoContent)
	a.do("DELETE", "/crm/v3/objects/contacts/987654321", nil).wantEmpty(http.StatusNoContent)
	// The archived contact's address is free again.
	a.create("contacts", obProps{"email": "gone@example.com"})
}

func TestObjectTypeSpellingsAndBothPathFamilies(t *testing.T) {
	a := newOb(t)
	id := a.create("contacts", obProps{"email": "v@example.com"})
	for _, path := range []string{
		"/crm/v3/objects/0-1/" + id, "/crm/v3/objects/contact/" + id, "/crm/v3/objects/CONTACTS/" + id,
		"/crm/objects/2026-03/contacts/" + id, "/crm/objects/2026-09/0-1/" + id,
	} {
		assert.Equal(t, id, a.do("GET", path, nil).want(http.StatusOK)["id"], path)
	}
	created := a.do("POST", "/crm/objects/2026-03/companies", map[string]any{"properties": obProps{"name": "Dated"}}).want(http.StatusCreated)
	assert.Equal(t, "Dated", obPropsOf(t, created)["name"])
	a.do("GET", "/crm/objects/2026-03/companies?limit=1", nil).want(http.StatusOK)
	a.do("GET", "/crm/objects/1999-01/contacts/"+id, nil).want(http.StatusNotFound)

	body := a.do("GET", "/crm/v3/objects/widgets/1", nil).want(http.StatusBadRequest)
	assert.Equal(t, "Unable to infer object type from: widgets", body["message"])
}

func TestMalformedJSONIs400(t *testing.T) {
	a := newOb(t)
	body := a.do("POST", "/crm/v3/objects/contacts", `{"properties": {`).want(http.StatusBadRequest)
	assert.Equal(t, "VALIDATION_ERROR", body["category"])
	assert.Contains(t, body["message"], "Invalid input JSON")
	body = a.do("POST", "/crm/v3/objects/contacts", `{"properties": {"email": {"nested": true}}}`).want(http.StatusBadRequest)
	assert.Contains(t, body["message"], "must be a string, number or boolean")
}

func TestOtherObjectTypesDefaultsAndFormats(t *testing.T) {
	a := newOb(t)
	company := a.do("POST", "/crm/v3/objects/companies", map[string]any{"properties": obProps{
		"name": "Acme", "domain": "acme.test", "industry": "COMPUTER_SOFTWARE", "numberofemployees": "250"}}).want(http.StatusCreated)
	cp := obPropsOf(t, company)
	assert.Equal(t, "Acme", cp["name"])
	assert.Equal(t, company["updatedAt"], cp["hs_lastmodifieddate"])

	got := a.do("GET", "/crm/v3/objects/companies/"+company["id"].(string), nil).want(http.StatusOK)
	assert.Equal(t, []string{"createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"}, obKeys(obPropsOf(t, got)))

	deal := a.do("POST", "/crm/v3/objects/deals", map[string]any{"properties": obProps{
		"dealname": "Big", "amount": "1500.50", "dealstage": "qualifiedtobuy", "pipeline": "default", "closedate": "1767225600000"}}).want(http.StatusCreated)
	dp := obPropsOf(t, deal)
	assert.Equal(t, "2026-01-01T00:00:00.000Z", dp["closedate"], "datetimes are stored and returned as ISO")
	assert.Equal(t, "1500.50", dp["amount"])

	ticket := a.create("tickets", obProps{"subject": "Broken", "hs_pipeline": "0", "hs_pipeline_stage": "1", "hs_ticket_priority": "HIGH"})
	tp := obPropsOf(t, a.do("GET", "/crm/v3/objects/tickets/"+ticket, nil).want(http.StatusOK))
	assert.Equal(t, "Broken", tp["subject"])
	assert.Equal(t, "HIGH", tp["hs_ticket_priority"])

	for typ, p := range map[string]obProps{
		"notes":    {"hs_timestamp": "2026-01-02T03:04:05.678Z", "hs_note_body": "Called back"},
		"calls":    {"hs_timestamp": "1767225600000", "hs_call_title": "Intro", "hs_call_direction": "OUTBOUND", "hs_call_duration": "60000", "hs_call_status": "COMPLETED", "hs_call_body": "ok"},
		"emails":   {"hs_timestamp": "1767225600000", "hs_email_subject": "Hello", "hs_email_text": "Body", "hs_email_direction": "EMAIL"},
		"meetings": {"hs_timestamp": "1767225600000", "hs_meeting_title": "Demo", "hs_meeting_start_time": "2026-01-01T10:00:00Z", "hs_meeting_end_time": "2026-01-01T11:00:00Z"},
		"tasks":    {"hs_timestamp": "1767225600000", "hs_task_subject": "Follow up", "hs_task_status": "NOT_STARTED", "hs_task_priority": "HIGH", "hs_task_body": "x"},
	} {
		created := a.do("POST", "/crm/v3/objects/"+typ, map[string]any{"properties": p}).want(http.StatusCreated)
		id := created["id"].(string)
		def := obPropsOf(t, a.do("GET", "/crm/v3/objects/"+typ+"/"+id, nil).want(http.StatusOK))
		assert.Equal(t, []string{"hs_createdate", "hs_lastmodifieddate", "hs_object_id"}, obKeys(def), typ)
		names := make([]string, 0, len(p))
		for k := range p {
			names = append(names, k)
		}
		all := obPropsOf(t, a.do("GET", "/crm/v3/objects/"+typ+"/"+id+"?properties="+url.QueryEscape(obJoin(names)), nil).want(http.StatusOK))
		for k := range p {
			assert.NotNil(t, all[k], "%s.%s", typ, k)
		}
	}
	note := a.create("notes", obProps{"hs_timestamp": "1767225600000"})
	np := obPropsOf(t, a.do("GET", "/crm/v3/objects/notes/"+note+"?properties=hs_timestamp", nil).want(http.StatusOK))
	assert.Equal(t, "2026-01-01T00:00:00.000Z", np["hs_timestamp"])
}

func obKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func obJoin(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += ","
		}
		out += v
	}
	return out
}

func TestListWithAssociationsAndHistory(t *testing.T) {
	a := newOb(t)
	company := a.create("companies", obProps{"name": "Acme"})
	with := a.create("contacts", obProps{"email": "w@example.com"}, obAssoc(company, 279))
	without := a.create("contacts", obProps{"email": "wo@example.com"})
	body := a.do("GET", "/crm/v3/objects/contacts?associations=companies&propertiesWithHistory=email", nil).want(http.StatusOK)
	rs := obResults(t, body)
	require.Equal(t, []string{with, without}, obIDs(rs))
	assert.Equal(t, []string{company + ":contact_to_company_unlabeled"}, obAssocIDs(t, rs[0], "companies"))
	assert.NotContains(t, rs[1], "associations", "no associations, no key")
	assert.Len(t, rs[1]["propertiesWithHistory"].(map[string]any)["email"], 1)
	assert.NotContains(t, body, "paging", "the last page has no paging")
}
