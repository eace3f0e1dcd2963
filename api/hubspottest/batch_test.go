package hubspottest_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func obIDInputs(idList ...string) []map[string]any {
	out := make([]map[string]any, len(idList))
	for i, id := range idList {
		out[i] = map[string]any{"id": id}
	}
	return out
}

func obBatchEnvelope(t *testing.T, body map[string]any) {
	t.Helper()
	assert.Equal(t, "COMPLETE", body["status"])
	assert.Regexp(t, obISO, body["startedAt"])
	assert.Regexp(t, obISO, body["completedAt"])
	assert.GreaterOrEqual(t, body["completedAt"], body["startedAt"])
}

func TestBatchReadByIDAndEmailWithMissingOnesAs207(t *testing.T) {
	a := newOb(t)
	x := a.create("contacts", obProps{"email": "lgilmore@thedragonfly.com", "jobtitle": "Owner", "hs_additional_emails": "lorelai@stars.com"})
	y := a.create("contacts", obProps{"email": "sstjames@thedragonfly.com", "lifecyclestage": "lead"})

	body := a.do("POST", "/crm/v3/objects/contacts/batch/read", map[string]any{
		"properties": []string{"email", "lifecyclestage", "jobtitle"}, "idProperty": "email",
		"inputs": obIDInputs("lgilmore@thedragonfly.com", "sstjames@thedragonfly.com"),
	}).want(http.StatusOK)
	obBatchEnvelope(t, body)
	rs := obResults(t, body)
	assert.Equal(t, []string{x, y}, obIDs(rs))
	assert.Equal(t, map[string]any{"email": "lgilmore@thedragonfly.com", "lifecyclestage": nil, "jobtitle": "Owner"}, obPropsOf(t, rs[0]))
	assert.NotContains(t, body, "errors")
	assert.NotContains(t, body, "numErrors")

	body = a.do("POST", "/crm/v3/objects/contacts/batch/read", map[string]any{
		"idProperty": "email", "inputs": obIDInputs("lorelai@stars.com", "ghost@nowhere.com", "ghost2@nowhere.com"),
	}).want(http.StatusMultiStatus)
	assert.Equal(t, []string{x}, obIDs(obResults(t, body)), "a secondary address finds its contact")
	assert.Equal(t, float64(1), body["numErrors"])
	e := body["errors"].([]any)[0].(map[string]any)
	assert.Equal(t, "error", e["status"])
	assert.Equal(t, "OBJECT_NOT_FOUND", e["category"])
	assert.Equal(t, "Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.", e["message"])
	assert.Equal(t, map[string]any{"ids": []any{"ghost@nowhere.com", "ghost2@nowhere.com"}}, e["context"])

	body = a.do("POST", "/crm/v3/objects/contacts/batch/read", map[string]any{"inputs": obIDInputs(y, "1", x, y)}).want(http.StatusMultiStatus)
	assert.Equal(t, []string{y, x}, obIDs(obResults(t, body)), "by record id, each record once, defaults")
	assert.Contains(t, obPropsOf(t, obResults(t, body)[0]), "lastmodifieddate")
}

func TestBatchReadArchivedAndHistory(t *testing.T) {
	a := newOb(t)
	id := a.create("contacts", obProps{"email": "b@example.com", "jobtitle": "A"})
	a.patch("/crm/v3/objects/contacts/"+id, obProps{"jobtitle": "B"}).want(http.StatusOK)
	body := a.do("POST", "/crm/v3/objects/contacts/batch/read", map[string]any{
		"inputs": obIDInputs(id), "propertiesWithHistory": []string{"jobtitle"}}).want(http.StatusOK)
	hist := obResults(t, body)[0]["propertiesWithHistory"].(map[string]any)["jobtitle"].([]any)
	assert.Len(t, hist, 2)
	assert.NotContains(t, obResults(t, body)[0], "associations", "batch/read cannot return associations")

	a.do("DELETE", "/crm/v3/objects/contacts/"+id, nil).wantEmpty(http.StatusNoContent)
	a.do("POST", "/crm/v3/objects/contacts/batch/read", map[string]any{"inputs": obIDInputs(id)}).want(http.StatusMultiStatus)
	body = a.do("POST", "/crm/v3/objects/contacts/batch/read?archived=true", map[string]any{"inputs": obIDInputs(id)}).want(http.StatusOK)
	assert.Equal(t, true, obResults(t, body)[0]["archived"])
}

func TestBatchSizeLimits(t *testing.T) {
	a := newOb(t)
	many := func(n int) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = map[string]any{"id": fmt.Sprint(i + 1), "properties": obProps{"firstname": "x"}}
		}
		return out
	}
	const over = "The maximum number of inputs supported in a batch request is 100. Please reduce the number of items and try again"
	for _, op := range []string{"read", "create", "update", "upsert", "archive"} {
		body := a.do("POST", "/crm/v3/objects/contacts/batch/"+op, map[string]any{"inputs": many(101), "idProperty": "customer_code"}).want(http.StatusBadRequest)
		assert.Equal(t, "VALIDATION_ERROR", body["category"], op)
		assert.Equal(t, over, body["message"], op)
		body = a.do("POST", "/crm/v3/objects/contacts/batch/"+op, map[string]any{}).want(http.StatusBadRequest)
		assert.Contains(t, body["message"], "Some required fields were not set: [inputs]", op)
	}
	body := a.do("POST", "/crm/v3/objects/contacts/batch/read", map[string]any{"inputs": many(51), "propertiesWithHistory": []string{"email"}}).want(http.StatusBadRequest)
	assert.Equal(t, "The maximum number of inputs supported in a batch request for property histories is 50. Please reduce the number of items and try again", body["message"])
	a.do("POST", "/crm/v3/objects/contacts/batch/read", map[string]any{"inputs": many(50), "propertiesWithHistory": []string{"email"}}).want(http.StatusMultiStatus)
	a.do("POST", "/crm/v3/objects/contacts/batch/read", map[string]any{"inputs": many(100)}).want(http.StatusMultiStatus)
}

func obCreates(ps ...obProps) map[string]any {
	in := make([]map[string]any, len(ps))
	for i, p := range ps {
		in[i] = map[string]any{"properties": p}
	}
	return map[string]any{"inputs": in}
}

func TestBatchCreate201AndWholeBatchFailures(t *testing.T) {
	a := newOb(t)
	company := a.create("companies", obProps{"name": "Acme"})
	body := a.do("POST", "/crm/v3/objects/contacts/batch/create", map[string]any{"inputs": []map[string]any{
		{"properties": obProps{"email": "new1@example.com"}},
		{"properties": obProps{"email": "new2@example.com", "firstname": "Two"}, "associations": []any{obAssoc(company, 279)}},
	}}).want(http.StatusCreated)
	obBatchEnvelope(t, body)
	rs := obResults(t, body)
	require.Len(t, rs, 2)
	assert.Equal(t, "new1@example.com", obPropsOf(t, rs[0])["email"])
	assert.Equal(t, "Two", obPropsOf(t, rs[1])["firstname"])
	links := a.do("GET", "/crm/v3/objects/contacts/"+rs[1]["id"].(string)+"?associations=companies", nil).want(http.StatusOK)
	assert.Contains(t, links["associations"], "companies")

	// Existing addresses: one 409 naming only the first conflict; nothing created.
	body = a.do("POST", "/crm/v3/objects/contacts/batch/create", obCreates(
		obProps{"email": "fresh@example.com"}, obProps{"email": "new2@example.com"}, obProps{"email": "new1@example.com"},
	)).want(http.StatusConflict)
	assert.Equal(t, "CONFLICT", body["category"])
	assert.Equal(t, "Contact already exists. Existing ID: "+rs[1]["id"].(string), body["message"])
	a.create("contacts", obProps{"email": "fresh@example.com"})

	// One invalid input fails the whole batch with its validation error.
	body = a.do("POST", "/crm/v3/objects/contacts/batch/create", obCreates(obProps{"email": "ok@example.com"}, obProps{"email": "bad"})).want(http.StatusBadRequest)
	assert.Equal(t, "INVALID_EMAIL", obPropErrors(t, body)[0]["error"])
	a.create("contacts", obProps{"email": "ok@example.com"})

	// Two inputs may not take the same address.
	body = a.do("POST", "/crm/v3/objects/contacts/batch/create", obCreates(obProps{"email": "twin@example.com"}, obProps{"email": "TWIN@example.com"})).want(http.StatusBadRequest)
	assert.Contains(t, body["message"], "Duplicate value in batch inputs: email twin@example.com is written by two inputs")
}

func TestBatchCreateWithTraceIDsReportsPerInput207(t *testing.T) {
	a := newOb(t)
	existing := a.create("contacts", obProps{"email": "taken@example.com"})
	body := a.do("POST", "/crm/v3/objects/contacts/batch/create", map[string]any{"inputs": []map[string]any{
		{"properties": obProps{"email": "good@example.com"}, "objectWriteTraceId": "t1"},
		{"properties": obProps{"email": "nope"}, "objectWriteTraceId": "t2"},
		{"properties": obProps{"email": "taken@example.com"}, "objectWriteTraceId": "t3"},
		{"properties": obProps{"email": "good2@example.com", "lifecyclestage": "lead"}, "objectWriteTraceId": "t4"},
	}}).want(http.StatusMultiStatus)
	obBatchEnvelope(t, body)
	rs := obResults(t, body)
	require.Len(t, rs, 2)
	assert.Equal(t, "t1", rs[0]["objectWriteTraceId"])
	assert.Equal(t, "t4", rs[1]["objectWriteTraceId"])
	assert.Equal(t, float64(2), body["numErrors"])
	errs := body["errors"].([]any)
	e2, e3 := errs[0].(map[string]any), errs[1].(map[string]any)
	assert.Equal(t, "VALIDATION_ERROR", e2["category"])
	assert.Contains(t, e2["message"], `"error":"INVALID_EMAIL"`)
	assert.Equal(t, map[string]any{"objectWriteTraceId": []any{"t2"}}, e2["context"])
	assert.Equal(t, "CONFLICT", e3["category"])
	assert.Equal(t, "Contact already exists. Existing ID: "+existing, e3["message"])
	assert.Equal(t, map[string]any{"objectWriteTraceId": []any{"t3"}}, e3["context"])
	a.do("GET", "/crm/v3/objects/contacts/good2@example.com?idProperty=email", nil).want(http.StatusOK)

	// A repeated trace id means no per-input reporting: the first failure fails everything.
	a.do("POST", "/crm/v3/objects/contacts/batch/create", map[string]any{"inputs": []map[string]any{
		{"properties": obProps{"email": "g3@example.com"}, "objectWriteTraceId": "same"},
		{"properties": obProps{"email": "nope"}, "objectWriteTraceId": "same"},
	}}).want(http.StatusBadRequest)
	a.do("GET", "/crm/v3/objects/contacts/g3@example.com?idProperty=email", nil).want(http.StatusNotFound)
}

func TestBatchUpdateByIDOnly(t *testing.T) {
	a := newOb(t)
	x := a.create("contacts", obProps{"email": "x@example.com", "lifecyclestage": "customer"})
	y := a.create("contacts", obProps{"email": "y@example.com", "customer_code": "Y-1"})

	body := a.do("POST", "/crm/v3/objects/contacts/batch/update", map[string]any{"inputs": []map[string]any{
		{"id": x, "properties": obProps{"favorite_food": "burger", "lifecyclestage": "lead"}},
		{"id": y, "properties": obProps{"favorite_food": "Donut"}},
		{"id": "x@example.com", "properties": obProps{"favorite_food": "ignored"}},
		{"id": "424242", "properties": obProps{"favorite_food": "ignored"}},
	}}).want(http.StatusOK)
	obBatchEnvelope(t, body)
	rs := obResults(t, body)
	assert.Equal(t, []string{x, y}, obIDs(rs), "ids that name no record update nothing, silently")
	assert.Equal(t, "burger", obPropsOf(t, rs[0])["favorite_food"])
	assert.Equal(t, "customer", obPropsOf(t, rs[0])["lifecyclestage"], "backward stage ignored in batches too")
	assert.Equal(t, "Donut", obPropsOf(t, rs[1])["favorite_food"])

	for _, in := range []map[string]any{
		{"idProperty": "email", "inputs": []map[string]any{{"id": "x@example.com", "properties": obProps{"jobtitle": "a"}}}},
		{"inputs": []map[string]any{{"id": "x@example.com", "idProperty": "email", "properties": obProps{"jobtitle": "a"}}}},
		{"inputs": []map[string]any{{"id": "Jon", "idProperty": "firstname", "properties": obProps{"jobtitle": "a"}}}},
	} {
		body = a.do("POST", "/crm/v3/objects/contacts/batch/update", in).want(http.StatusBadRequest)
		assert.Equal(t, "Unable to perform update/upsert by non-unique 0-1 property", body["message"])
		assert.Equal(t, "VALIDATION_ERROR", body["category"])
	}
	// A unique custom property works as idProperty.
	body = a.do("POST", "/crm/v3/objects/contacts/batch/update", map[string]any{"idProperty": "customer_code",
		"inputs": []map[string]any{{"id": "Y-1", "properties": obProps{"jobtitle": "Chef"}}}}).want(http.StatusOK)
	assert.Equal(t, []string{y}, obIDs(obResults(t, body)))

	body = a.do("POST", "/crm/v3/objects/contacts/batch/update", map[string]any{"inputs": []map[string]any{
		{"id": x, "properties": obProps{"jobtitle": "a"}}, {"id": x, "properties": obProps{"jobtitle": "b"}}}}).want(http.StatusBadRequest)
	assert.Equal(t, "Duplicate IDs found in batch input: ["+x+"]. IDs must be unique", body["message"])

	// Without trace ids, one bad input fails all; with them, 207 per input.
	body = a.do("POST", "/crm/v3/objects/contacts/batch/update", map[string]any{"inputs": []map[string]any{
		{"id": x, "properties": obProps{"jobtitle": "first"}}, {"id": y, "properties": obProps{"email": "x@example.com"}}}}).want(http.StatusConflict)
	assert.Equal(t, "Contact already exists. Existing ID: "+x, body["message"])
	assert.Nil(t, obPropsOf(t, a.do("GET", "/crm/v3/objects/contacts/"+x+"?properties=jobtitle", nil).want(http.StatusOK))["jobtitle"])
	body = a.do("POST", "/crm/v3/objects/contacts/batch/update", map[string]any{"inputs": []map[string]any{
		{"id": x, "properties": obProps{"jobtitle": "first"}, "objectWriteTraceId": "a"},
		{"id": y, "properties": obProps{"hs_lead_status": "nope"}, "objectWriteTraceId": "b"}}}).want(http.StatusMultiStatus)
	assert.Equal(t, []string{x}, obIDs(obResults(t, body)))
	assert.Equal(t, map[string]any{"objectWriteTraceId": []any{"b"}}, body["errors"].([]any)[0].(map[string]any)["context"])
}

func TestBatchUpsertByEmailAndUniqueProperty(t *testing.T) {
	a := newOb(t)
	old := a.create("contacts", obProps{"email": "test@test.com", "phone": "1", "hs_additional_emails": "alias@test.com"})

	body := a.do("POST", "/crm/v3/objects/contacts/batch/upsert", map[string]any{"inputs": []map[string]any{
		{"properties": obProps{"phone": "5555555555"}, "id": "test@test.com", "idProperty": "email"},
		{"properties": obProps{"phone": "7777777777"}, "id": "example@hubspot.com", "idProperty": "email"},
		{"properties": obProps{"phone": "8"}, "id": "alias@test.com", "idProperty": "email"},
	}}).want(http.StatusOK)
	obBatchEnvelope(t, body)
	rs := obResults(t, body)
	require.Len(t, rs, 3)
	assert.Equal(t, old, rs[0]["id"])
	assert.Equal(t, false, rs[0]["new"])
	assert.Equal(t, true, rs[1]["new"])
	assert.Equal(t, "example@hubspot.com", obPropsOf(t, rs[1])["email"], "the id becomes the new contact's email")
	assert.Equal(t, "7777777777", obPropsOf(t, rs[1])["phone"])
	assert.Equal(t, old, rs[2]["id"], "a secondary address finds its contact")
	assert.Equal(t, false, rs[2]["new"])

	// By email no partial upserts: one failure, nothing written, results empty, 207.
	body = a.do("POST", "/crm/v3/objects/contacts/batch/upsert", map[string]any{"inputs": []map[string]any{
		{"properties": obProps{"phone": "1"}, "id": "brand-new@x.com", "idProperty": "email"},
		{"properties": obProps{"hs_lead_status": "bogus"}, "id": "test@test.com", "idProperty": "email"},
	}}).want(http.StatusMultiStatus)
	assert.Empty(t, obResults(t, body))
	assert.Equal(t, float64(1), body["numErrors"])
	assert.Equal(t, map[string]any{"ids": []any{"test@test.com"}}, body["errors"].([]any)[0].(map[string]any)["context"])
	a.do("GET", "/crm/v3/objects/contacts/brand-new@x.com?idProperty=email", nil).want(http.StatusNotFound)

	// By a unique property failures are per input and the rest is written.
	body = a.do("POST", "/crm/v3/objects/contacts/batch/upsert", map[string]any{"inputs": []map[string]any{
		{"properties": obProps{"firstname": "Coded"}, "id": "K-1", "idProperty": "customer_code", "objectWriteTraceId": "k1"},
		{"properties": obProps{"email": "test@test.com"}, "id": "K-2", "idProperty": "customer_code", "objectWriteTraceId": "k2"},
	}}).want(http.StatusMultiStatus)
	rs = obResults(t, body)
	require.Len(t, rs, 1)
	assert.Equal(t, true, rs[0]["new"])
	assert.Equal(t, "K-1", obPropsOf(t, a.do("GET", "/crm/v3/objects/contacts/K-1?idProperty=customer_code&properties=customer_code", nil).want(http.StatusOK))["customer_code"])
	e := body["errors"].([]any)[0].(map[string]any)
	assert.Equal(t, "CONFLICT", e["category"])
	assert.Equal(t, map[string]any{"objectWriteTraceId": []any{"k2"}}, e["context"])
	body = a.do("POST", "/crm/v3/objects/contacts/batch/upsert", map[string]any{"inputs": []map[string]any{
		{"properties": obProps{"lastname": "Again"}, "id": "K-1", "idProperty": "customer_code"}}}).want(http.StatusOK)
	assert.Equal(t, false, obResults(t, body)[0]["new"])

	body = a.do("POST", "/crm/v3/objects/contacts/batch/upsert", map[string]any{"inputs": []map[string]any{
		{"properties": obProps{"phone": "1"}, "id": old}}}).want(http.StatusBadRequest)
	assert.Contains(t, body["message"], "[idProperty]")
	body = a.do("POST", "/crm/v3/objects/contacts/batch/upsert", map[string]any{"inputs": []map[string]any{
		{"properties": obProps{"phone": "1"}, "id": "Jon", "idProperty": "firstname"}}}).want(http.StatusBadRequest)
	assert.Equal(t, "Unable to perform update/upsert by non-unique 0-1 property", body["message"])
}

func TestBatchArchive(t *testing.T) {
	a := newOb(t)
	x := a.create("contacts", obProps{"email": "ax@example.com"})
	y := a.create("contacts", obProps{"email": "ay@example.com"})
	keep := a.create("contacts", obProps{"email": "ak@example.com"})
	a.do("POST", "/crm/v3/objects/contacts/batch/archive", map[string]any{"inputs": obIDInputs(x, y, "999999")}).wantEmpty(http.StatusNoContent)
	live := a.do("GET", "/crm/v3/objects/contacts", nil).want(http.StatusOK)
	assert.Equal(t, []string{keep}, obIDs(obResults(t, live)))
	bin := a.do("GET", "/crm/v3/objects/contacts?archived=true", nil).want(http.StatusOK)
	assert.Equal(t, []string{x, y}, obIDs(obResults(t, bin)))
}

func TestBatchOnOtherTypesAndDatedPaths(t *testing.T) {
	a := newOb(t)
	body := a.do("POST", "/crm/objects/2026-03/notes/batch/create", obCreates(
		obProps{"hs_timestamp": "1767225600000", "hs_note_body": "one"}, obProps{"hs_timestamp": "1767225600000", "hs_note_body": "two"},
	)).want(http.StatusCreated)
	noteIDs := obIDs(obResults(t, body))
	body = a.do("POST", "/crm/v3/objects/notes/batch/read", map[string]any{"inputs": obIDInputs(noteIDs...), "properties": []string{"hs_note_body"}}).want(http.StatusOK)
	assert.Equal(t, "two", obPropsOf(t, obResults(t, body)[1])["hs_note_body"])
	body = a.do("POST", "/crm/v3/objects/companies/batch/read", map[string]any{"inputs": obIDInputs("1")}).want(http.StatusMultiStatus)
	assert.Equal(t, "Could not get some COMPANY objects, they may be deleted or not exist. Check that ids are valid.",
		body["errors"].([]any)[0].(map[string]any)["message"])
}
