package hubspottest_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	hs "github.com/hubcontacts/hubcontacts/api/hubspottest"
)

func spec(category string, typeID int) map[string]any {
	return map[string]any{"associationCategory": category, "associationTypeId": typeID}
}

func TestV4ListWithLabelsAndPaging(t *testing.T) {
	aw := newAssocWorld(t)
	aw.link(t, hs.Contacts, aw.contact, hs.Companies, aw.co1, hs.TypeContactToPrimaryCompany)
	aw.link(t, hs.Contacts, aw.contact, hs.Companies, aw.co2, hs.TypeContactToCompany)
	path := "/crm/v4/objects/contacts/" + aw.contact + "/associations/companies"
	rp := call(t, aw.srv, "GET", path, readOnlyToken, nil)
	wantStatus(t, rp, http.StatusOK)
	want := map[string]any{"results": []any{
		map[string]any{"toObjectId": num(aw.co1), "associationTypes": []any{
			map[string]any{"category": "HUBSPOT_DEFINED", "typeId": float64(279), "label": nil},
			map[string]any{"category": "HUBSPOT_DEFINED", "typeId": float64(1), "label": "Primary"}}},
		map[string]any{"toObjectId": num(aw.co2), "associationTypes": []any{
			map[string]any{"category": "HUBSPOT_DEFINED", "typeId": float64(279), "label": nil}}},
	}}
	if got := rp.JSON(t); !reflect.DeepEqual(got, want) {
		t.Errorf("list\n got %v\nwant %v", got, want)
	}
	page := call(t, aw.srv, "GET", path+"?limit=1", readOnlyToken, nil).JSON(t)
	next := page["paging"].(map[string]any)["next"].(map[string]any)
	if len(page["results"].([]any)) != 1 || next["after"] != aw.co1 {
		t.Fatalf("page 1 = %v", page)
	}
	rest := call(t, aw.srv, "GET", path+"?limit=1&after="+aw.co1, readOnlyToken, nil).JSON(t)
	if !reflect.DeepEqual(rest["results"], want["results"].([]any)[1:]) || rest["paging"] != nil {
		t.Errorf("page 2 = %v", rest)
	}
	// Singular type names and the date-versioned family, whose ids are strings.
	dated := call(t, aw.srv, "GET", "/crm/objects/2026-03/contact/"+aw.contact+"/associations/company?limit=600", readOnlyToken, nil).JSON(t)
	if res := dated["results"].([]any); len(res) != 2 || res[0].(map[string]any)["toObjectId"] != aw.co1 {
		t.Errorf("dated list %v", dated)
	}
	wantStatus(t, call(t, aw.srv, "GET", "/crm/v4/objects/contacts/4242/associations/companies", readOnlyToken, nil), http.StatusNotFound)
	wantStatus(t, call(t, aw.srv, "GET", path+"?limit=0", readOnlyToken, nil), http.StatusBadRequest)
}

func TestV4ListCapsLimitAt500(t *testing.T) {
	srv := newTestServer(t)
	contact := insert(t, srv, hs.Contacts, map[string]string{"email": "many@example.com"})
	_ = srv.Store().Do(func(tx *hs.Tx) error {
		c := tx.Get(hs.Contacts, contact)
		for i := 0; i < 501; i++ {
			tx.Associate(c, tx.Insert(hs.Notes, "", map[string]string{"hs_note_body": "n"}, "API"), hs.TypeContactToNote)
		}
		return nil
	})
	for _, q := range []string{"", "?limit=1000"} {
		got := call(t, srv, "GET", "/crm/v4/objects/contacts/"+contact+"/associations/notes"+q, readOnlyToken, nil).JSON(t)
		if n := len(got["results"].([]any)); n != 500 || got["paging"] == nil {
			t.Errorf("%q: %d results, paging %v", q, n, got["paging"])
		}
	}
}

func TestV4PutLabelled(t *testing.T) {
	aw := newAssocWorld(t)
	path := "/crm/v4/objects/contacts/" + aw.contact + "/associations/companies/" + aw.co1
	rp := call(t, aw.srv, "PUT", path, fullToken, []any{spec("USER_DEFINED", 1001), spec("HUBSPOT_DEFINED", 1)})
	wantStatus(t, rp, http.StatusCreated)
	if loc := rp.Header.Get("Location"); loc != path {
		t.Errorf("Location %q", loc)
	}
	want := map[string]any{"fromObjectTypeId": "0-1", "fromObjectId": num(aw.contact), "toObjectTypeId": "0-2",
		"toObjectId": num(aw.co1), "labels": []any{"Billing contact", "Primary"}}
	if got := rp.JSON(t); !reflect.DeepEqual(got, want) {
		t.Errorf("body\n got %v\nwant %v", got, want)
	}
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co1); !reflect.DeepEqual(ids, []int{279, 1001, 1}) {
		t.Errorf("types %v", ids)
	}
	// Dated family: category may be omitted, ids are strings.
	rp = call(t, aw.srv, "PUT", "/crm/objects/2026-03/companies/"+aw.co2+"/associations/contacts/"+aw.contact, fullToken,
		[]any{map[string]any{"associationTypeId": 280}})
	wantStatus(t, rp, http.StatusCreated)
	if got := rp.JSON(t); got["fromObjectId"] != aw.co2 || got["toObjectTypeId"] != "0-1" || !reflect.DeepEqual(got["labels"], []any{}) {
		t.Errorf("dated body %v", got)
	}
}

func TestV4PutErrors(t *testing.T) {
	aw := newAssocWorld(t)
	path := "/crm/v4/objects/contacts/" + aw.contact + "/associations/companies/" + aw.co1
	cases := []struct {
		name string
		path string
		body any
		want map[string]any
	}{
		{"category mismatch", path, []any{spec("USER_DEFINED", 279)}, map[string]any{"message": "One or more associations are invalid"}},
		{"type of another pair", path, []any{spec("HUBSPOT_DEFINED", 1), spec("HUBSPOT_DEFINED", 4)}, map[string]any{
			"message": "One or more associations are invalid"}},
		{"missing fields", path, []any{map[string]any{}}, map[string]any{
			"message": "Invalid input JSON on line 1, column 3. Some required fields were not set: [associationCategory, associationTypeId]"}},
		{"empty list", path, []any{}, nil},
		{"not a list", path, spec("HUBSPOT_DEFINED", 279), nil},
		{"unknown company", "/crm/v4/objects/contacts/" + aw.contact + "/associations/companies/31337", []any{spec("HUBSPOT_DEFINED", 279)},
			map[string]any{"message": "One or more associations are invalid", "context": map[string]any{
				"INVALID_OBJECT_IDS": []any{"COMPANY=31337 is not valid"}, "objectId": []any{"31337"}, "objectType": []any{"COMPANY"}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rp := call(t, aw.srv, "PUT", c.path, fullToken, c.body)
			wantStatus(t, rp, http.StatusBadRequest)
			got := rp.JSON(t)
			if got["category"] != "VALIDATION_ERROR" {
				t.Errorf("category %v", got["category"])
			}
			for k, v := range c.want {
				if !reflect.DeepEqual(got[k], v) {
					t.Errorf("%s = %v, want %v", k, got[k], v)
				}
			}
		})
	}
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co1); len(ids) != 0 {
		t.Errorf("failed writes left types %v (a batch with one bad spec must change nothing)", ids)
	}
}

func TestV4PutDefault(t *testing.T) {
	aw := newAssocWorld(t)
	rp := call(t, aw.srv, "PUT", "/crm/v4/objects/contact/"+aw.contact+"/associations/default/deal/"+aw.deal, fullToken, nil)
	wantStatus(t, rp, http.StatusOK)
	got := rp.JSON(t)
	want := []any{
		map[string]any{"from": map[string]any{"id": aw.contact}, "to": map[string]any{"id": aw.deal},
			"associationSpec": map[string]any{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": float64(4)}},
		map[string]any{"from": map[string]any{"id": aw.deal}, "to": map[string]any{"id": aw.contact},
			"associationSpec": map[string]any{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": float64(3)}},
	}
	if got["status"] != "COMPLETE" || !reflect.DeepEqual(got["results"], want) || got["startedAt"] != "2026-01-15T12:00:00.000Z" {
		t.Errorf("body %v", got)
	}
	if ids := aw.types(t, hs.Deals, aw.deal, hs.Contacts, aw.contact); !reflect.DeepEqual(ids, []int{3}) {
		t.Errorf("deal→contact types %v", ids)
	}
	wantStatus(t, call(t, aw.srv, "PUT", "/crm/v4/objects/companies/"+aw.co1+"/associations/default/deals/"+aw.deal, fullToken, nil), http.StatusBadRequest)
	wantStatus(t, call(t, aw.srv, "PUT", "/crm/v4/objects/contacts/1/associations/default/deals/"+aw.deal, fullToken, nil), http.StatusBadRequest)
}

func TestV4DeleteRemovesEverythingBetweenThePair(t *testing.T) {
	aw := newAssocWorld(t)
	aw.link(t, hs.Contacts, aw.contact, hs.Companies, aw.co1, hs.TypeContactToPrimaryCompany)
	aw.link(t, hs.Contacts, aw.contact, hs.Companies, aw.co1, hs.TypeContactToCompanyBilling)
	aw.link(t, hs.Contacts, aw.contact, hs.Companies, aw.co2, hs.TypeContactToCompany)
	rp := call(t, aw.srv, "DELETE", "/crm/objects/2026-03/companies/"+aw.co1+"/associations/contacts/"+aw.contact, fullToken, nil)
	wantStatus(t, rp, http.StatusNoContent)
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co1); len(ids) != 0 {
		t.Errorf("types left %v", ids)
	}
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co2); !reflect.DeepEqual(ids, []int{279}) {
		t.Errorf("the other company lost its association: %v", ids)
	}
	wantStatus(t, call(t, aw.srv, "DELETE", "/crm/v4/objects/contacts/"+aw.contact+"/associations/companies/"+aw.co1, fullToken, nil), http.StatusNoContent)
	wantStatus(t, call(t, aw.srv, "DELETE", "/crm/v4/objects/contacts/"+aw.contact+"/associations/companies/777", fullToken, nil), http.StatusBadRequest)
}

// batch/labels/archive removes one label and leaves the association; removing the unlabelled
// type takes every label with it. v4 answers 204, the date-versioned family a BatchResponse.
func TestLabelsArchive(t *testing.T) {
	aw := newAssocWorld(t)
	aw.link(t, hs.Contacts, aw.contact, hs.Companies, aw.co1, hs.TypeContactToPrimaryCompany)
	aw.link(t, hs.Contacts, aw.contact, hs.Companies, aw.co1, hs.TypeContactToCompanyBilling)
	aw.link(t, hs.Contacts, aw.contact, hs.Companies, aw.co2, hs.TypeContactToCompany)
	input := func(from, to string, specs ...any) map[string]any {
		return map[string]any{"inputs": []any{map[string]any{"from": map[string]any{"id": from}, "to": map[string]any{"id": to}, "types": specs}}}
	}
	rp := call(t, aw.srv, "POST", "/crm/v4/associations/contacts/companies/batch/labels/archive", fullToken,
		input(aw.contact, aw.co1, spec("USER_DEFINED", 1001)))
	wantStatus(t, rp, http.StatusNoContent)
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co1); !reflect.DeepEqual(ids, []int{279, 1}) {
		t.Errorf("types %v after removing one label, want [279 1]", ids)
	}
	// Dated: from the company side, the unlabelled type (280) removes everything between the pair.
	rp = call(t, aw.srv, "POST", "/crm/associations/2026-03/companies/contacts/batch/labels/archive", fullToken,
		input(aw.co1, aw.contact, spec("HUBSPOT_DEFINED", 280)))
	wantStatus(t, rp, http.StatusOK)
	if got := rp.JSON(t); got["status"] != "COMPLETE" || !reflect.DeepEqual(got["results"], []any{}) || got["completedAt"] != "2026-01-15T12:00:00.000Z" {
		t.Errorf("dated body %v", got)
	}
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co1); len(ids) != 0 {
		t.Errorf("types left %v", ids)
	}
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co2); !reflect.DeepEqual(ids, []int{279}) {
		t.Errorf("the other company lost its association: %v", ids)
	}
	// Refused, changing nothing: every input is checked before any is applied.
	path := "/crm/associations/2026-03/contacts/companies/batch/labels/archive"
	two := func(second map[string]any) map[string]any {
		first := input(aw.contact, aw.co2, spec("HUBSPOT_DEFINED", 279))["inputs"].([]any)[0]
		return map[string]any{"inputs": []any{first, second}}
	}
	for name, body := range map[string]any{
		"unknown company":      two(map[string]any{"from": map[string]any{"id": aw.contact}, "to": map[string]any{"id": "31337"}, "types": []any{spec("HUBSPOT_DEFINED", 279)}}),
		"type of another pair": two(map[string]any{"from": map[string]any{"id": aw.contact}, "to": map[string]any{"id": aw.co2}, "types": []any{spec("HUBSPOT_DEFINED", 4)}}),
		"category mismatch":    two(map[string]any{"from": map[string]any{"id": aw.contact}, "to": map[string]any{"id": aw.co2}, "types": []any{spec("USER_DEFINED", 279)}}),
		"no type id":           two(map[string]any{"from": map[string]any{"id": aw.contact}, "to": map[string]any{"id": aw.co2}, "types": []any{map[string]any{}}}),
		"no types":             two(map[string]any{"from": map[string]any{"id": aw.contact}, "to": map[string]any{"id": aw.co2}, "types": []any{}}),
	} {
		rp := call(t, aw.srv, "POST", path, fullToken, body)
		wantStatus(t, rp, http.StatusBadRequest)
		if got := rp.JSON(t); got["category"] != "VALIDATION_ERROR" {
			t.Errorf("%s: %v", name, got)
		}
	}
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co2); !reflect.DeepEqual(ids, []int{279}) {
		t.Errorf("a refused batch changed %v", ids)
	}
	// v4 wants the category; a token without the write scope is refused.
	wantStatus(t, call(t, aw.srv, "POST", "/crm/v4/associations/contacts/companies/batch/labels/archive", fullToken,
		input(aw.contact, aw.co2, map[string]any{"associationTypeId": 279})), http.StatusBadRequest)
	wantStatus(t, call(t, aw.srv, "POST", path, readOnlyToken, input(aw.contact, aw.co2, spec("HUBSPOT_DEFINED", 279))), http.StatusForbidden)
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co2); !reflect.DeepEqual(ids, []int{279}) {
		t.Errorf("refused calls changed %v", ids)
	}
}

func TestOnePrimaryCompanyPerContact(t *testing.T) {
	aw := newAssocWorld(t)
	for _, co := range []string{aw.co1, aw.co2} {
		rp := call(t, aw.srv, "PUT", "/crm/v4/objects/contacts/"+aw.contact+"/associations/companies/"+co, fullToken, []any{spec("HUBSPOT_DEFINED", 1)})
		wantStatus(t, rp, http.StatusCreated)
	}
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co1); !reflect.DeepEqual(ids, []int{279}) {
		t.Errorf("old primary keeps %v, want [279]", ids)
	}
	if ids := aw.types(t, hs.Companies, aw.co1, hs.Contacts, aw.contact); !reflect.DeepEqual(ids, []int{280}) {
		t.Errorf("old primary reverse keeps %v, want [280]", ids)
	}
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co2); !reflect.DeepEqual(ids, []int{279, 1}) {
		t.Errorf("new primary has %v", ids)
	}
	// From the company side (type 2) the rule holds too.
	wantStatus(t, call(t, aw.srv, "PUT", "/crm/v3/objects/companies/"+aw.co1+"/associations/contacts/"+aw.contact+"/2", fullToken, nil), http.StatusOK)
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co2); !reflect.DeepEqual(ids, []int{279}) {
		t.Errorf("primary did not move back: co2 has %v", ids)
	}
}

func TestV4Labels(t *testing.T) {
	srv := newTestServer(t)
	want := map[string]any{"results": []any{
		map[string]any{"category": "HUBSPOT_DEFINED", "typeId": float64(279), "label": nil},
		map[string]any{"category": "HUBSPOT_DEFINED", "typeId": float64(1), "label": "Primary"},
		map[string]any{"category": "USER_DEFINED", "typeId": float64(1001), "label": "Billing contact"},
		map[string]any{"category": "USER_DEFINED", "typeId": float64(1003), "label": "Former employee"},
	}}
	for _, p := range []string{"/crm/v4/associations/contacts/companies/labels", "/crm/associations/v4/contact/company/labels",
		"/crm/associations/2026-03/0-1/0-2/labels"} {
		rp := call(t, srv, "GET", p, readOnlyToken, nil)
		wantStatus(t, rp, http.StatusOK)
		if got := rp.JSON(t); !reflect.DeepEqual(got, want) {
			t.Errorf("%s\n got %v\nwant %v", p, got, want)
		}
	}
	got := call(t, srv, "GET", "/crm/v4/associations/companies/contacts/labels", readOnlyToken, nil).JSON(t)
	var ids []float64
	for _, r := range got["results"].([]any) {
		ids = append(ids, r.(map[string]any)["typeId"].(float64))
	}
	if !reflect.DeepEqual(ids, []float64{280, 2, 1002, 1004}) {
		t.Errorf("company→contact type ids %v", ids)
	}
	wantStatus(t, call(t, srv, "GET", "/crm/associations/1999-01/contacts/companies/labels", readOnlyToken, nil), http.StatusNotFound)
	wantStatus(t, call(t, srv, "GET", "/crm/v4/associations/contacts/widgets/labels", readOnlyToken, nil), http.StatusBadRequest)
}

func TestV4BatchRead(t *testing.T) {
	aw := newAssocWorld(t)
	lonely := insert(t, aw.srv, hs.Contacts, map[string]string{"email": "lonely@example.com"})
	aw.link(t, hs.Contacts, aw.contact, hs.Notes, aw.n1, hs.TypeContactToNote)
	aw.link(t, hs.Contacts, aw.contact, hs.Notes, aw.n2, hs.TypeContactToNote)
	body := map[string]any{"inputs": []any{map[string]any{"id": aw.contact}, map[string]any{"id": lonely}, map[string]any{"id": "123456789"}}}
	rp := call(t, aw.srv, "POST", "/crm/v4/associations/contacts/notes/batch/read", readOnlyToken, body)
	wantStatus(t, rp, http.StatusMultiStatus)
	got := rp.JSON(t)
	wantResults := []any{map[string]any{"from": map[string]any{"id": aw.contact}, "to": []any{
		map[string]any{"toObjectId": num(aw.n1), "associationTypes": []any{map[string]any{"category": "HUBSPOT_DEFINED", "typeId": float64(201), "label": nil}}},
		map[string]any{"toObjectId": num(aw.n2), "associationTypes": []any{map[string]any{"category": "HUBSPOT_DEFINED", "typeId": float64(201), "label": nil}}},
	}}}
	if !reflect.DeepEqual(got["results"], wantResults) || got["numErrors"] != float64(2) || got["status"] != "COMPLETE" {
		t.Errorf("batch read %v", got)
	}
	errs := got["errors"].([]any)
	first := errs[0].(map[string]any)
	if len(errs) != 2 || first["category"] != "OBJECT_NOT_FOUND" || first["subCategory"] != "crm.associations.NO_ASSOCIATIONS_FOUND" ||
		first["message"] != "No note is associated with contact "+lonely+"." ||
		!reflect.DeepEqual(first["context"], map[string]any{"fromObjectId": []any{lonely}}) {
		t.Errorf("errors %v", errs)
	}
	ok := call(t, aw.srv, "POST", "/crm/associations/2026-03/notes/contacts/batch/read", readOnlyToken,
		map[string]any{"inputs": []any{map[string]any{"id": aw.n1}}})
	wantStatus(t, ok, http.StatusOK)
	res := ok.JSON(t)["results"].([]any)[0].(map[string]any)["to"].([]any)[0].(map[string]any)
	if res["toObjectId"] != aw.contact || res["associationTypes"].([]any)[0].(map[string]any)["typeId"] != float64(202) {
		t.Errorf("note→contact read %v", res)
	}
	many := make([]any, 1001)
	for i := range many {
		many[i] = map[string]any{"id": aw.contact}
	}
	wantStatus(t, call(t, aw.srv, "POST", "/crm/v4/associations/contacts/notes/batch/read", readOnlyToken, map[string]any{"inputs": many}), http.StatusBadRequest)
	wantStatus(t, call(t, aw.srv, "POST", "/crm/v4/associations/contacts/notes/batch/read", readOnlyToken, "{"), http.StatusBadRequest)
	// v4's batch endpoints live under /crm/v4/associations only; /crm/associations/v4 is the
	// schema API's (labels).
	wantStatus(t, call(t, aw.srv, "POST", "/crm/associations/v4/contacts/notes/batch/read", readOnlyToken, body), http.StatusNotFound)
}

func TestRemovingAPinnedEngagementsAssociationUnpinsIt(t *testing.T) {
	for _, c := range []struct{ name, method, path string }{
		{"v3 delete", "DELETE", "/crm/v3/objects/contacts/%c/associations/notes/%n/201"},
		{"v3 delete from the note", "DELETE", "/crm/v3/objects/notes/%n/associations/contacts/%c/202"},
		{"v4 delete", "DELETE", "/crm/v4/objects/contacts/%c/associations/notes/%n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			aw := newAssocWorld(t)
			aw.link(t, hs.Contacts, aw.contact, hs.Notes, aw.n1, hs.TypeContactToNote)
			aw.link(t, hs.Contacts, aw.contact, hs.Notes, aw.n2, hs.TypeContactToNote)
			_ = aw.srv.Store().Do(func(tx *hs.Tx) error {
				tx.SetProps(tx.Get(hs.Contacts, aw.contact), map[string]string{hs.PinnedEngagementProperty: aw.n1}, "API")
				return nil
			})
			other := replaceIDs(c.path, aw.contact, aw.n2)
			wantStatus(t, call(t, aw.srv, c.method, other, fullToken, nil), http.StatusNoContent)
			if got := aw.prop(t, hs.Contacts, aw.contact, hs.PinnedEngagementProperty); got != aw.n1 {
				t.Fatalf("removing another note changed the pin to %q", got)
			}
			wantStatus(t, call(t, aw.srv, c.method, replaceIDs(c.path, aw.contact, aw.n1), fullToken, nil), http.StatusNoContent)
			if got := aw.prop(t, hs.Contacts, aw.contact, hs.PinnedEngagementProperty); got != "" {
				t.Errorf("pin left on a note no longer associated: %q", got)
			}
		})
	}
}

func replaceIDs(path, contact, note string) string {
	return strings.NewReplacer("%c", contact, "%n", note).Replace(path)
}
