package hubspottest_test

import (
	"net/http"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// obAssocIDs returns the association entries of one type as "id:type" strings, sorted.
func obAssocIDs(t *testing.T, obj map[string]any, typ string) []string {
	t.Helper()
	as, ok := obj["associations"].(map[string]any)[typ].(map[string]any)
	if !ok {
		return nil
	}
	var out []string
	for _, r := range as["results"].([]any) {
		m := r.(map[string]any)
		out = append(out, m["id"].(string)+":"+m["type"].(string))
	}
	sort.Strings(out)
	return out
}

func TestMergeContactsMakesANewRecordBothOldIDsResolve(t *testing.T) {
	a := newOb(t)
	c1 := a.create("companies", obProps{"name": "One"})
	c2 := a.create("companies", obProps{"name": "Two"})
	deal := a.create("deals", obProps{"dealname": "D"})
	note := a.create("notes", obProps{"hs_timestamp": "1767225600000"})
	// The secondary is older, has a different primary company, a deal, and values the primary lacks.
	sec := a.create("contacts", obProps{"email": "sam@example.com", "firstname": "Sam", "lastname": "Smith", "jobtitle": "CTO",
		"hs_additional_emails": "sam@old.com"}, obAssoc(c2, 1), obAssoc(c2, 279), obAssoc(deal, 4))
	prim := a.create("contacts", obProps{"email": "pat@example.com", "firstname": "Pat", "hs_additional_emails": "pat@old.com",
		"customer_code": "P-1", "lifecyclestage": "lead", "hs_pinned_engagement_id": note},
		obAssoc(c1, 1), obAssoc(c1, 279), obAssoc(note, 201))
	secCreated := a.do("GET", "/crm/v3/objects/contacts/"+sec, nil).want(http.StatusOK)["createdAt"]
	a.do("PATCH", "/crm/v3/objects/contacts/"+prim, map[string]any{"properties": obProps{"firstname": "Patty"}}).want(http.StatusOK)
	a.do("PATCH", "/crm/v3/objects/contacts/"+prim, map[string]any{"properties": obProps{"firstname": "Pat"}}).want(http.StatusOK)

	merged := a.do("POST", "/crm/v3/objects/contacts/merge", map[string]any{"primaryObjectId": prim, "objectIdToMerge": sec}).want(http.StatusOK)
	id := merged["id"].(string)
	assert.NotEqual(t, prim, id)
	assert.NotEqual(t, sec, id)
	assert.Equal(t, "pat@example.com", obPropsOf(t, merged)["email"])
	assert.Equal(t, id, obPropsOf(t, merged)["hs_object_id"])

	for _, path := range []string{prim, sec, id, "pat@example.com?idProperty=email", "sam@example.com?idProperty=email",
		"sam@old.com?idProperty=email", "pat@old.com?idProperty=email", "P-1?idProperty=customer_code"} {
		got := a.do("GET", "/crm/v3/objects/contacts/"+path, nil).want(http.StatusOK)
		assert.Equal(t, id, got["id"], path)
	}

	q := "?properties=email,firstname,lastname,jobtitle,hs_additional_emails,hs_merged_object_ids,customer_code,lifecyclestage,hs_pinned_engagement_id,createdate" +
		"&associations=companies,deals,notes"
	got := a.do("GET", "/crm/v3/objects/contacts/"+prim+q, nil).want(http.StatusOK)
	p := obPropsOf(t, got)
	assert.Equal(t, "Pat", p["firstname"], "the primary's values win")
	assert.Equal(t, "Smith", p["lastname"], "the other's fill the primary's blanks")
	assert.Equal(t, "CTO", p["jobtitle"])
	assert.Equal(t, "pat@old.com;sam@example.com;sam@old.com", p["hs_additional_emails"])
	assert.Equal(t, sec+";"+prim, p["hs_merged_object_ids"])
	assert.Equal(t, "P-1", p["customer_code"])
	assert.Equal(t, "lead", p["lifecyclestage"])
	assert.Equal(t, note, p["hs_pinned_engagement_id"])
	assert.Equal(t, secCreated, p["createdate"], "the oldest create date is kept")
	assert.Equal(t, secCreated, got["createdAt"])
	// Each value keeps the history of the record it came from.
	hist := a.do("GET", "/crm/v3/objects/contacts/"+id+"?propertiesWithHistory=firstname,lastname", nil).want(http.StatusOK)
	values := func(name string) (out []string) {
		for _, h := range hist["propertiesWithHistory"].(map[string]any)[name].([]any) {
			out = append(out, h.(map[string]any)["value"].(string))
		}
		return out
	}
	assert.Equal(t, []string{"Pat", "Patty", "Pat"}, values("firstname"), "newest first, from the primary")
	assert.Equal(t, []string{"Smith"}, values("lastname"), "from the other record")

	assert.Equal(t, []string{c1 + ":contact_to_company", c1 + ":contact_to_company_unlabeled", c2 + ":contact_to_company_unlabeled"},
		obAssocIDs(t, got, "companies"), "the primary's Primary label wins; the other's is demoted")
	assert.Equal(t, []string{deal + ":contact_to_deal"}, obAssocIDs(t, got, "deals"))
	assert.Equal(t, []string{note + ":contact_to_note"}, obAssocIDs(t, got, "notes"))
	back := a.do("GET", "/crm/v3/objects/deals/"+deal+"?associations=contacts", nil).want(http.StatusOK)
	assert.Equal(t, []string{id + ":deal_to_contact"}, obAssocIDs(t, back, "contacts"), "reverse edges follow")

	list := a.do("GET", "/crm/v3/objects/contacts", nil).want(http.StatusOK)
	assert.Equal(t, []string{id}, obIDs(obResults(t, list)), "the old records are gone")

	// Merging again through an old id accumulates the merged ids.
	third := a.create("contacts", obProps{"email": "third@example.com"})
	again := a.do("POST", "/crm/v3/objects/contacts/merge", map[string]any{"primaryObjectId": sec, "objectIdToMerge": third}).want(http.StatusOK)
	p = obPropsOf(t, a.do("GET", "/crm/v3/objects/contacts/"+prim+"?properties=hs_merged_object_ids,email", nil).want(http.StatusOK))
	assert.Equal(t, sec+";"+prim+";"+id+";"+third, p["hs_merged_object_ids"])
	assert.Equal(t, "pat@example.com", p["email"])
	assert.NotEqual(t, id, again["id"])
}

func TestMergeErrors(t *testing.T) {
	a := newOb(t)
	x := a.create("contacts", obProps{"email": "mx@example.com"})
	body := a.do("POST", "/crm/v3/objects/contacts/merge", map[string]any{"primaryObjectId": x, "objectIdToMerge": "424242"}).want(http.StatusNotFound)
	assert.Equal(t, "Object not found.  objectId are usually numeric.", body["message"])
	body = a.do("POST", "/crm/v3/objects/contacts/merge", map[string]any{"primaryObjectId": x, "objectIdToMerge": x}).want(http.StatusBadRequest)
	assert.Equal(t, "VALIDATION_ERROR", body["category"])
	a.do("POST", "/crm/v3/objects/contacts/merge", map[string]any{"primaryObjectId": x}).want(http.StatusBadRequest)
	a.do("POST", "/crm/v3/objects/notes/merge", map[string]any{"primaryObjectId": "1", "objectIdToMerge": "2"}).want(http.StatusNotFound)

	c1 := a.create("companies", obProps{"name": "A", "domain": "a.test"})
	c2 := a.create("companies", obProps{"name": "B", "city": "Paris"})
	got := a.do("POST", "/crm/objects/2026-03/companies/merge", map[string]any{"primaryObjectId": c1, "objectIdToMerge": c2}).want(http.StatusOK)
	p := obPropsOf(t, a.do("GET", "/crm/v3/objects/companies/"+c2+"?properties=name,city,hs_merged_object_ids", nil).want(http.StatusOK))
	assert.Equal(t, map[string]any{"name": "A", "city": "Paris", "hs_merged_object_ids": c1 + ";" + c2}, p)
	assert.Equal(t, got["id"], a.do("GET", "/crm/v3/objects/companies/"+c1, nil).want(http.StatusOK)["id"])
}

func TestGDPRDeleteIsPermanentAndBlocksUnknownEmails(t *testing.T) {
	a := newOb(t)
	x := a.create("contacts", obProps{"email": "forget@example.com"})
	y := a.create("contacts", obProps{"email": "forget2@example.com"})
	a.do("POST", "/crm/v3/objects/contacts/gdpr-delete", map[string]any{"objectId": x}).wantEmpty(http.StatusNoContent)
	a.do("GET", "/crm/v3/objects/contacts/"+x, nil).want(http.StatusNotFound)
	a.do("GET", "/crm/v3/objects/contacts/"+x+"?archived=true", nil).want(http.StatusNotFound)
	a.do("POST", "/crm/v3/objects/contacts/gdpr-delete", map[string]any{"objectId": "forget2@example.com", "idProperty": "email"}).wantEmpty(http.StatusNoContent)
	a.do("GET", "/crm/v3/objects/contacts/"+y, nil).want(http.StatusNotFound)
	// Found contacts' addresses are not blocked (the documented blocklist is for unknown ones).
	a.create("contacts", obProps{"email": "forget@example.com"})

	body := a.do("POST", "/crm/v3/objects/contacts/gdpr-delete", map[string]any{"objectId": "424242"}).want(http.StatusNotFound)
	assert.Equal(t, "OBJECT_NOT_FOUND", body["category"])

	// An unknown address is blocklisted: no contact may use it afterwards.
	a.do("POST", "/crm/v3/objects/contacts/gdpr-delete", map[string]any{"objectId": "never@example.com", "idProperty": "email"}).wantEmpty(http.StatusNoContent)
	errs := obPropErrors(t, a.do("POST", "/crm/v3/objects/contacts", map[string]any{"properties": obProps{"email": "Never@example.com"}}).want(http.StatusBadRequest))
	require.Len(t, errs, 1)
	assert.Equal(t, "INVALID_EMAIL", errs[0]["error"])
	assert.Equal(t, "email", errs[0]["name"])
	assert.Equal(t, "Email address never@example.com is blocked in this portal: it was GDPR-deleted.", errs[0]["message"])
	other := a.create("contacts", obProps{"email": "other@example.com"})
	errs = obPropErrors(t, a.patch("/crm/v3/objects/contacts/"+other, obProps{"hs_additional_emails": "never@example.com"}).want(http.StatusBadRequest))
	assert.Equal(t, "hs_additional_emails", errs[0]["name"])
	a.do("POST", "/crm/v3/objects/contacts/batch/upsert", map[string]any{"inputs": []map[string]any{
		{"id": "never@example.com", "idProperty": "email", "properties": obProps{"firstname": "N"}}}}).want(http.StatusMultiStatus)

	a.do("POST", "/crm/v3/objects/companies/gdpr-delete", map[string]any{"objectId": "1"}).want(http.StatusNotFound)
	a.do("POST", "/crm/v3/objects/contacts/gdpr-delete", map[string]any{}).want(http.StatusBadRequest)
}
