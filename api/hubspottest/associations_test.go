package hubspottest_test

import (
	"net/http"
	"reflect"
	"strconv"
	"testing"

	hs "github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// assocWorld is a contact, two companies, a deal and two notes, nothing associated.
type assocWorld struct {
	srv                             *hs.Server
	contact, co1, co2, deal, n1, n2 string
}

func newAssocWorld(t *testing.T, mod ...func(*hs.Options)) assocWorld {
	t.Helper()
	srv := newTestServer(t, mod...)
	return assocWorld{
		srv:     srv,
		contact: insert(t, srv, hs.Contacts, map[string]string{"email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace"}),
		co1:     insert(t, srv, hs.Companies, map[string]string{"name": "Analytical Engines", "domain": "engines.example"}),
		co2:     insert(t, srv, hs.Companies, map[string]string{"name": "Difference Ltd"}),
		deal:    insert(t, srv, hs.Deals, map[string]string{"dealname": "Big one"}),
		n1:      insert(t, srv, hs.Notes, map[string]string{"hs_note_body": "first"}),
		n2:      insert(t, srv, hs.Notes, map[string]string{"hs_note_body": "second"}),
	}
}

// types returns the type ids stored from one record to another.
func (aw assocWorld) types(t *testing.T, fromType, fromID, toType, toID string) []int {
	t.Helper()
	var ids []int
	_ = aw.srv.Store().View(func(tx *hs.Tx) error {
		for _, at := range tx.AssocTypes(hs.AssocKey{FromType: fromType, FromID: fromID, ToType: toType, ToID: toID}) {
			ids = append(ids, at.TypeID)
		}
		return nil
	})
	return ids
}

// link associates two records directly in the store.
func (aw assocWorld) link(t *testing.T, fromType, fromID, toType, toID string, typeID int) {
	t.Helper()
	_ = aw.srv.Store().Do(func(tx *hs.Tx) error {
		if !tx.Associate(tx.Get(fromType, fromID), tx.Get(toType, toID), typeID) {
			t.Fatalf("Associate(%s %s → %s %s, %d) refused", fromType, fromID, toType, toID, typeID)
		}
		return nil
	})
}

// prop reads a property straight from the store ("" when absent).
func (aw assocWorld) prop(t *testing.T, typ, id, name string) string {
	t.Helper()
	var v string
	_ = aw.srv.Store().View(func(tx *hs.Tx) error {
		v = tx.Get(typ, id).Props[name]
		return nil
	})
	return v
}

func num(id string) float64 {
	n, _ := strconv.ParseFloat(id, 64)
	return n
}

func TestV3PutAssociationReturnsTheRecordWithItsAssociations(t *testing.T) {
	aw := newAssocWorld(t)
	rp := call(t, aw.srv, "PUT", "/crm/v3/objects/contacts/"+aw.contact+"/associations/companies/"+aw.co1+"/279", fullToken, nil)
	wantStatus(t, rp, http.StatusOK)
	got := rp.JSON(t)
	props := got["properties"].(map[string]any)
	if got["id"] != aw.contact || got["archived"] != false || got["createdAt"] == nil || got["updatedAt"] == nil ||
		props["email"] != "ada@example.com" || props["hs_object_id"] != aw.contact || len(props) != 6 {
		t.Errorf("record = %v", got)
	}
	want := map[string]any{"companies": map[string]any{"results": []any{
		map[string]any{"id": aw.co1, "type": "contact_to_company_unlabeled"}}}}
	if !reflect.DeepEqual(got["associations"], want) {
		t.Errorf("associations = %v, want %v", got["associations"], want)
	}
	if ids := aw.types(t, hs.Companies, aw.co1, hs.Contacts, aw.contact); !reflect.DeepEqual(ids, []int{280}) {
		t.Errorf("reverse types %v, want [280]", ids)
	}
}

func TestV3PutByTypeNameAndLabelBringsTheUnlabelledType(t *testing.T) {
	aw := newAssocWorld(t)
	rp := call(t, aw.srv, "PUT", "/crm/v3/objects/contacts/"+aw.contact+"/associations/companies/"+aw.co1+"/contact_to_company", fullToken, nil)
	wantStatus(t, rp, http.StatusOK)
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co1); !reflect.DeepEqual(ids, []int{279, 1}) {
		t.Errorf("types %v, want [279 1]", ids)
	}
	// The other direction, from the company side, by id.
	rp = call(t, aw.srv, "PUT", "/crm/v3/objects/companies/"+aw.co2+"/associations/contacts/"+aw.contact+"/1002", fullToken, nil)
	wantStatus(t, rp, http.StatusOK)
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co2); !reflect.DeepEqual(ids, []int{279, 1001}) {
		t.Errorf("types %v, want [279 1001]", ids)
	}
	// HubSpot's date-versioned record paths take no type id (the types go in the body), so
	// this shape is no route there.
	for _, method := range []string{"PUT", "DELETE"} {
		rp = call(t, aw.srv, method, "/crm/objects/2026-03/companies/"+aw.co1+"/associations/contacts/"+aw.contact+"/280", fullToken, nil)
		wantStatus(t, rp, http.StatusNotFound)
	}
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co2); !reflect.DeepEqual(ids, []int{279, 1001}) {
		t.Errorf("types %v after the unrouted calls, want [279 1001]", ids)
	}
}

func TestV3AssociationErrors(t *testing.T) {
	aw := newAssocWorld(t)
	base := "/crm/v3/objects/contacts/"
	cases := []struct {
		name, method, path string
		status             int
		want               map[string]any
	}{
		{"unknown contact", "PUT", base + "999999/associations/companies/" + aw.co1 + "/279", 404, map[string]any{
			"category": "OBJECT_NOT_FOUND", "message": "Object not found.  objectId are usually numeric.",
			"context": map[string]any{"id": []any{"999999"}}}},
		{"unknown company", "DELETE", base + aw.contact + "/associations/companies/888888/279", 404, map[string]any{
			"category": "OBJECT_NOT_FOUND", "context": map[string]any{"id": []any{"888888"}}}},
		{"type of another pair", "PUT", base + aw.contact + "/associations/companies/" + aw.co1 + "/4", 400, map[string]any{
			"category": "VALIDATION_ERROR", "message": "One or more associations are invalid",
			"context": map[string]any{"associationTypeId": []any{"4"},
				"INVALID_ASSOCIATION_TYPES": []any{"4 is not a valid association type from CONTACT to COMPANY"}}}},
		{"reverse-direction id", "DELETE", base + aw.contact + "/associations/companies/" + aw.co1 + "/280", 400, map[string]any{
			"category": "VALIDATION_ERROR"}},
		{"unknown object type", "PUT", base + aw.contact + "/associations/widgets/" + aw.co1 + "/279", 400, map[string]any{
			"category": "VALIDATION_ERROR", "message": "Unable to infer object type from: widgets"}},
		{"bad version", "PUT", "/crm/objects/2019-01/contacts/" + aw.contact + "/associations/companies/" + aw.co1 + "/279", 404, map[string]any{
			"category": "NOT_FOUND"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rp := call(t, aw.srv, c.method, c.path, fullToken, nil)
			wantStatus(t, rp, c.status)
			got := rp.JSON(t)
			if got["status"] != "error" || got["correlationId"] != rp.Header.Get("x-hubspot-correlation-id") {
				t.Errorf("envelope %v", got)
			}
			for k, v := range c.want {
				if !reflect.DeepEqual(got[k], v) {
					t.Errorf("%s = %v, want %v", k, got[k], v)
				}
			}
		})
	}
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co1); len(ids) != 0 {
		t.Errorf("a failed call left types %v", ids)
	}
}

func TestAssociationWritesNeedScopes(t *testing.T) {
	const noCompanies = "pat-na1-55555555-5555-4555-8555-555555555555"
	aw := newAssocWorld(t, func(o *hs.Options) {
		o.Tokens[noCompanies] = []string{"crm.objects.contacts.read", "crm.objects.contacts.write"}
	})
	put := "/crm/v3/objects/contacts/" + aw.contact + "/associations/companies/" + aw.co1 + "/279"
	for _, c := range []struct {
		token, method, path, scope string
	}{
		{readOnlyToken, "PUT", put, "crm.objects.contacts.write"},
		{readOnlyToken, "DELETE", put, "crm.objects.contacts.write"},
		{readOnlyToken, "PUT", "/crm/v4/objects/contacts/" + aw.contact + "/associations/default/companies/" + aw.co1, "crm.objects.contacts.write"},
		{readOnlyToken, "DELETE", "/crm/v4/objects/contacts/" + aw.contact + "/associations/companies/" + aw.co1, "crm.objects.contacts.write"},
		{readOnlyToken, "PUT", "/crm/v4/objects/notes/" + aw.n1 + "/associations/contacts/" + aw.contact, "crm.objects.contacts.write"},
		{readOnlyToken, "PUT", "/crm/v3/objects/deals/" + aw.deal + "/associations/contacts/" + aw.contact + "/3", "crm.objects.deals.write"},
		{noCompanies, "PUT", put, "crm.objects.companies.read"},
		{noCompanies, "GET", "/crm/v4/objects/contacts/" + aw.contact + "/associations/companies", "crm.objects.companies.read"},
	} {
		rp := call(t, aw.srv, c.method, c.path, c.token, []map[string]any{{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 202}})
		wantStatus(t, rp, http.StatusForbidden)
		body := rp.JSON(t)
		want := []any{map[string]any{"message": "One or more of the following scopes are required.",
			"context": map[string]any{"requiredScopes": []any{c.scope}}}}
		if body["category"] != "MISSING_SCOPES" || !reflect.DeepEqual(body["errors"], want) {
			t.Errorf("%s %s: body %s", c.method, c.path, rp.Body)
		}
	}
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co1); len(ids) != 0 {
		t.Errorf("refused writes left types %v", ids)
	}
	wantStatus(t, call(t, aw.srv, "PUT", put, legacyToken, nil), http.StatusOK)
}

func TestV3DeleteOneLabelKeepsTheRest(t *testing.T) {
	aw := newAssocWorld(t)
	aw.link(t, hs.Contacts, aw.contact, hs.Companies, aw.co1, hs.TypeContactToPrimaryCompany)
	aw.link(t, hs.Contacts, aw.contact, hs.Companies, aw.co1, hs.TypeContactToCompanyBilling)
	rp := call(t, aw.srv, "DELETE", "/crm/v3/objects/contacts/"+aw.contact+"/associations/companies/"+aw.co1+"/1", fullToken, nil)
	wantStatus(t, rp, http.StatusNoContent)
	if len(rp.Body) != 0 {
		t.Errorf("204 with body %q", rp.Body)
	}
	if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co1); !reflect.DeepEqual(ids, []int{279, 1001}) {
		t.Errorf("types %v, want [279 1001]", ids)
	}
	if ids := aw.types(t, hs.Companies, aw.co1, hs.Contacts, aw.contact); !reflect.DeepEqual(ids, []int{280, 1002}) {
		t.Errorf("reverse types %v, want [280 1002]", ids)
	}
}

func TestV3DeletingTheUnlabelledTypeRemovesEverything(t *testing.T) {
	for _, side := range []string{"contact", "company"} {
		t.Run("from the "+side, func(t *testing.T) {
			aw := newAssocWorld(t)
			aw.link(t, hs.Contacts, aw.contact, hs.Companies, aw.co1, hs.TypeContactToPrimaryCompany)
			aw.link(t, hs.Contacts, aw.contact, hs.Companies, aw.co1, hs.TypeContactToCompanyFormer)
			path := "/crm/v3/objects/contacts/" + aw.contact + "/associations/companies/" + aw.co1 + "/279"
			if side == "company" {
				path = "/crm/v3/objects/companies/" + aw.co1 + "/associations/contacts/" + aw.contact + "/280"
			}
			wantStatus(t, call(t, aw.srv, "DELETE", path, fullToken, nil), http.StatusNoContent)
			if ids := aw.types(t, hs.Contacts, aw.contact, hs.Companies, aw.co1); len(ids) != 0 {
				t.Errorf("types left %v", ids)
			}
			if ids := aw.types(t, hs.Companies, aw.co1, hs.Contacts, aw.contact); len(ids) != 0 {
				t.Errorf("reverse types left %v", ids)
			}
		})
	}
}

func TestV3ListAndPaging(t *testing.T) {
	aw := newAssocWorld(t)
	aw.link(t, hs.Contacts, aw.contact, hs.Companies, aw.co1, hs.TypeContactToPrimaryCompany)
	aw.link(t, hs.Contacts, aw.contact, hs.Companies, aw.co2, hs.TypeContactToCompany)
	path := "/crm/v3/objects/contacts/" + aw.contact + "/associations/companies"
	rp := call(t, aw.srv, "GET", path, readOnlyToken, nil)
	wantStatus(t, rp, http.StatusOK)
	want := map[string]any{"results": []any{
		map[string]any{"id": aw.co1, "type": "contact_to_company_unlabeled"},
		map[string]any{"id": aw.co1, "type": "contact_to_company"},
		map[string]any{"id": aw.co2, "type": "contact_to_company_unlabeled"},
	}}
	if got := rp.JSON(t); !reflect.DeepEqual(got, want) {
		t.Errorf("list\n got %v\nwant %v", got, want)
	}
	page := call(t, aw.srv, "GET", path+"?limit=2", readOnlyToken, nil).JSON(t)
	next := page["paging"].(map[string]any)["next"].(map[string]any)
	if len(page["results"].([]any)) != 2 || next["after"] != "2" || next["link"] != path+"?after=2" {
		t.Fatalf("page 1 = %v", page)
	}
	last := call(t, aw.srv, "GET", path+"?limit=2&after=2", readOnlyToken, nil).JSON(t)
	if !reflect.DeepEqual(last["results"], want["results"].([]any)[2:]) || last["paging"] != nil {
		t.Errorf("page 2 = %v", last)
	}
	wantStatus(t, call(t, aw.srv, "GET", path+"?limit=x", readOnlyToken, nil), http.StatusBadRequest)
	wantStatus(t, call(t, aw.srv, "GET", "/crm/v3/objects/contacts/424242/associations/companies", readOnlyToken, nil), http.StatusNotFound)
}

func TestArchivedRecordsDropOutOfAssociations(t *testing.T) {
	aw := newAssocWorld(t)
	aw.link(t, hs.Contacts, aw.contact, hs.Companies, aw.co1, hs.TypeContactToCompany)
	aw.link(t, hs.Contacts, aw.contact, hs.Companies, aw.co2, hs.TypeContactToCompany)
	_ = aw.srv.Store().Do(func(tx *hs.Tx) error { tx.Archive(tx.Get(hs.Companies, aw.co2)); return nil })
	got := call(t, aw.srv, "GET", "/crm/v4/objects/contacts/"+aw.contact+"/associations/companies", fullToken, nil).JSON(t)
	if res := got["results"].([]any); len(res) != 1 || res[0].(map[string]any)["toObjectId"] != num(aw.co1) {
		t.Errorf("results %v", res)
	}
	rp := call(t, aw.srv, "PUT", "/crm/v3/objects/contacts/"+aw.contact+"/associations/companies/"+aw.co2+"/279", fullToken, nil)
	wantStatus(t, rp, http.StatusNotFound)
}

func TestV3AssociationTypes(t *testing.T) {
	srv := newTestServer(t)
	rp := call(t, srv, "GET", "/crm/v3/associations/contacts/companies/types", readOnlyToken, nil)
	wantStatus(t, rp, http.StatusOK)
	want := map[string]any{"results": []any{
		map[string]any{"id": "279", "name": "contact_to_company_unlabeled"},
		map[string]any{"id": "1", "name": "contact_to_company"},
		map[string]any{"id": "1001", "name": "billing_contact"},
		map[string]any{"id": "1003", "name": "former_employee"},
	}}
	if got := rp.JSON(t); !reflect.DeepEqual(got, want) {
		t.Errorf("types\n got %v\nwant %v", got, want)
	}
	got := call(t, srv, "GET", "/crm/v3/associations/notes/contacts/types", readOnlyToken, nil).JSON(t)
	if !reflect.DeepEqual(got, map[string]any{"results": []any{map[string]any{"id": "202", "name": "note_to_contact"}}}) {
		t.Errorf("note→contact types %v", got)
	}
	wantStatus(t, call(t, srv, "GET", "/crm/v3/associations/contacts/widgets/types", readOnlyToken, nil), http.StatusBadRequest)
}
