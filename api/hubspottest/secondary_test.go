package hubspottest_test

import (
	"net/http"
	"reflect"
	"strings"
	"testing"

	hs "github.com/hubcontacts/hubcontacts/api/hubspottest"
)

const contentToken = "pat-na1-66666666-6666-4666-8666-666666666666"

// secWorld is a contact with two secondary emails and another contact with one.
type secWorld struct {
	srv          *hs.Server
	ada, grace   string
	adaPath      string
	graceAddress string
}

func newSecWorld(t *testing.T, mod ...func(*hs.Options)) secWorld {
	t.Helper()
	mod = append(mod, func(o *hs.Options) { o.Tokens[contentToken] = []string{"content"} })
	srv := newTestServer(t, mod...)
	ada := insert(t, srv, hs.Contacts, map[string]string{"email": "ada@example.com", "hs_additional_emails": "ada@home.example;countess@example.org"})
	grace := insert(t, srv, hs.Contacts, map[string]string{"email": "grace@example.com", "hs_additional_emails": "amazing@navy.example"})
	return secWorld{srv: srv, ada: ada, grace: grace, adaPath: "/contacts/v1/secondary-email/" + ada, graceAddress: "amazing@navy.example"}
}

// stored returns a contact's hs_additional_emails and who the store says holds an address.
func (sw secWorld) stored(t *testing.T, id, address string) (prop, holder string) {
	t.Helper()
	_ = sw.srv.Store().View(func(tx *hs.Tx) error {
		prop = tx.Get(hs.Contacts, id).Props["hs_additional_emails"]
		if c := tx.ContactByEmail(address); c != nil {
			holder = c.ID
		}
		return nil
	})
	return prop, holder
}

// wantEmails checks a 200 v1 answer.
func wantEmails(t *testing.T, rp reply, vid string, emails ...string) {
	t.Helper()
	wantStatus(t, rp, http.StatusOK)
	want := map[string]any{"portalId": float64(hs.DefaultPortalID), "vid": num(vid), "secondaryEmails": []any{}}
	for _, e := range emails {
		want["secondaryEmails"] = append(want["secondaryEmails"].([]any), e)
	}
	if got := rp.JSON(t); !reflect.DeepEqual(got, want) {
		t.Errorf("body\n got %v\nwant %v", got, want)
	}
}

// wantV1Error checks a legacy v1 error: exactly status, message, correlationId.
func wantV1Error(t *testing.T, rp reply, status int, message string) {
	t.Helper()
	wantStatus(t, rp, status)
	want := map[string]any{"status": "error", "message": message, "correlationId": rp.Header.Get("x-hubspot-correlation-id")}
	if got := rp.JSON(t); !reflect.DeepEqual(got, want) {
		t.Errorf("error body\n got %v\nwant %v", got, want)
	}
}

func TestSecondaryEmailsGet(t *testing.T) {
	sw := newSecWorld(t)
	wantEmails(t, call(t, sw.srv, "GET", sw.adaPath, readOnlyToken, nil), sw.ada, "ada@home.example", "countess@example.org")
	wantEmails(t, call(t, sw.srv, "GET", sw.adaPath, legacyToken, nil), sw.ada, "ada@home.example", "countess@example.org")
	bare := insert(t, sw.srv, hs.Contacts, map[string]string{"email": "bare@example.com"})
	wantEmails(t, call(t, sw.srv, "GET", "/contacts/v1/secondary-email/"+bare, contentToken, nil), bare)
	for _, vid := range []string{"999999", "abc", sw.grace} {
		if vid == sw.grace {
			_ = sw.srv.Store().Do(func(tx *hs.Tx) error { tx.Archive(tx.Get(hs.Contacts, sw.grace)); return nil })
		}
		wantV1Error(t, call(t, sw.srv, "GET", "/contacts/v1/secondary-email/"+vid, fullToken, nil), http.StatusNotFound, "contact does not exist")
	}
}

func TestSecondaryEmailAdd(t *testing.T) {
	sw := newSecWorld(t)
	rp := call(t, sw.srv, "PUT", sw.adaPath+"/email/Enchantress@Numbers.Example", fullToken, nil)
	wantEmails(t, rp, sw.ada, "ada@home.example", "countess@example.org", "enchantress@numbers.example")
	prop, holder := sw.stored(t, sw.ada, "enchantress@numbers.example")
	if prop != "ada@home.example;countess@example.org;enchantress@numbers.example" || holder != sw.ada {
		t.Errorf("stored %q, held by %q", prop, holder)
	}
	// Adding it again changes nothing; POST is accepted too; escaped paths decode.
	wantEmails(t, call(t, sw.srv, "POST", sw.adaPath+"/email/enchantress@numbers.example", contentToken, nil),
		sw.ada, "ada@home.example", "countess@example.org", "enchantress@numbers.example")
	wantEmails(t, call(t, sw.srv, "PUT", sw.adaPath+"/email/a%2Bb@x.example", fullToken, nil),
		sw.ada, "ada@home.example", "countess@example.org", "enchantress@numbers.example", "a+b@x.example")
	var history int
	_ = sw.srv.Store().View(func(tx *hs.Tx) error {
		history = len(tx.Get(hs.Contacts, sw.ada).History["hs_additional_emails"])
		return nil
	})
	if history != 3 {
		t.Errorf("%d history entries for hs_additional_emails, want 3 (insert and two real changes)", history)
	}
}

func TestSecondaryEmailAddRefusals(t *testing.T) {
	sw := newSecWorld(t)
	cases := []struct {
		email, message string
		status         int
	}{
		{"not-an-email", "Email address not-an-email is invalid", 400},
		{"a@b", "Email address a@b is invalid", 400},
		{"two@@example.com", "Email address two@@example.com is invalid", 400},
		{"ADA@example.com", "ada@example.com is already the primary email of contact " + sw.ada, 400},
		{"grace@example.com", "Secondary email grace@example.com already belongs to another contact. Existing ID: " + sw.grace, 409},
		{sw.graceAddress, "Secondary email " + sw.graceAddress + " already belongs to another contact. Existing ID: " + sw.grace, 409},
	}
	for _, c := range cases {
		t.Run(c.email, func(t *testing.T) {
			wantV1Error(t, call(t, sw.srv, "PUT", sw.adaPath+"/email/"+c.email, fullToken, nil), c.status, c.message)
		})
	}
	if prop, holder := sw.stored(t, sw.ada, sw.graceAddress); prop != "ada@home.example;countess@example.org" || holder != sw.grace {
		t.Errorf("refusals changed state: %q, %q", prop, holder)
	}
	wantV1Error(t, call(t, sw.srv, "PUT", "/contacts/v1/secondary-email/31337/email/x@y.example", fullToken, nil), 404, "contact does not exist")
}

func TestSecondaryEmailReplace(t *testing.T) {
	sw := newSecWorld(t)
	rp := call(t, sw.srv, "PATCH", sw.adaPath, fullToken, map[string]string{
		"targetSecondaryEmail": "ADA@home.example", "updatedSecondaryEmail": "ada@new-home.example"})
	wantEmails(t, rp, sw.ada, "ada@new-home.example", "countess@example.org")
	if _, holder := sw.stored(t, sw.ada, "ada@home.example"); holder != "" {
		t.Errorf("replaced address still held by %q", holder)
	}
	if _, holder := sw.stored(t, sw.ada, "ada@new-home.example"); holder != sw.ada {
		t.Errorf("new address held by %q", holder)
	}
	// Replacing with an address the contact already has merges the two.
	rp = call(t, sw.srv, "PATCH", sw.adaPath, fullToken, map[string]string{
		"targetSecondaryEmail": "ada@new-home.example", "updatedSecondaryEmail": "countess@example.org"})
	wantEmails(t, rp, sw.ada, "countess@example.org")
	for _, c := range []struct {
		body    any
		status  int
		message string
	}{
		{map[string]string{"targetSecondaryEmail": "nope@example.com", "updatedSecondaryEmail": "x@example.com"}, 404,
			"Secondary email nope@example.com does not exist on contact " + sw.ada},
		{map[string]string{"targetSecondaryEmail": "countess@example.org", "updatedSecondaryEmail": sw.graceAddress}, 409,
			"Secondary email " + sw.graceAddress + " already belongs to another contact. Existing ID: " + sw.grace},
		{map[string]string{"targetSecondaryEmail": "countess@example.org", "updatedSecondaryEmail": "bad address"}, 400,
			"Email address bad address is invalid"},
		{map[string]string{"targetSecondaryEmail": "countess@example.org"}, 400,
			"targetSecondaryEmail and updatedSecondaryEmail are both required"},
	} {
		wantV1Error(t, call(t, sw.srv, "PATCH", sw.adaPath, fullToken, c.body), c.status, c.message)
	}
	wantStatus(t, call(t, sw.srv, "PATCH", sw.adaPath, fullToken, "{"), http.StatusBadRequest)
	if prop, _ := sw.stored(t, sw.ada, ""); prop != "countess@example.org" {
		t.Errorf("refused replacements changed state: %q", prop)
	}
}

func TestSecondaryEmailRemove(t *testing.T) {
	sw := newSecWorld(t)
	wantEmails(t, call(t, sw.srv, "DELETE", sw.adaPath+"/email/Countess@example.org", fullToken, nil), sw.ada, "ada@home.example")
	if _, holder := sw.stored(t, sw.ada, "countess@example.org"); holder != "" {
		t.Errorf("removed address still held by %q", holder)
	}
	wantV1Error(t, call(t, sw.srv, "DELETE", sw.adaPath+"/email/countess@example.org", fullToken, nil), 404,
		"Secondary email countess@example.org does not exist on contact "+sw.ada)
	wantEmails(t, call(t, sw.srv, "DELETE", sw.adaPath+"/email/ada@home.example", fullToken, nil), sw.ada)
	var has bool
	_ = sw.srv.Store().View(func(tx *hs.Tx) error {
		_, has = tx.Get(hs.Contacts, sw.ada).Props["hs_additional_emails"]
		return nil
	})
	if has {
		t.Error("removing the last secondary email left hs_additional_emails set")
	}
	// The address is free again: another contact may take it.
	wantEmails(t, call(t, sw.srv, "PUT", "/contacts/v1/secondary-email/"+sw.grace+"/email/ada@home.example", fullToken, nil),
		sw.grace, sw.graceAddress, "ada@home.example")
}

func TestSecondaryEmailScopes(t *testing.T) {
	sw := newSecWorld(t, func(o *hs.Options) { o.Strict = true })
	for _, c := range []struct{ method, path string }{
		{"PUT", sw.adaPath + "/email/new@example.com"},
		{"DELETE", sw.adaPath + "/email/ada@home.example"},
		{"PATCH", sw.adaPath},
	} {
		rp := call(t, sw.srv, c.method, c.path, readOnlyToken, map[string]string{
			"targetSecondaryEmail": "ada@home.example", "updatedSecondaryEmail": "z@example.com"})
		wantStatus(t, rp, http.StatusForbidden)
		want := []any{map[string]any{"message": "One or more of the following scopes are required.",
			"context": map[string]any{"requiredScopes": []any{"crm.objects.contacts.write", "content"}}}}
		if got := rp.JSON(t); got["category"] != "MISSING_SCOPES" || !reflect.DeepEqual(got["errors"], want) {
			t.Errorf("%s: %s", c.method, rp.Body)
		}
	}
	if prop, _ := sw.stored(t, sw.ada, ""); prop != "ada@home.example;countess@example.org" {
		t.Errorf("refused writes changed state: %q", prop)
	}
	// In strict mode the legacy endpoints are the write path, for write and content tokens alike.
	wantStatus(t, call(t, sw.srv, "PUT", sw.adaPath+"/email/new@example.com", contentToken, nil), http.StatusOK)
	wantStatus(t, call(t, sw.srv, "DELETE", sw.adaPath+"/email/new@example.com", legacyToken, nil), http.StatusOK)
	rp := call(t, sw.srv, "GET", sw.adaPath, "", nil)
	wantStatus(t, rp, http.StatusUnauthorized)
	if !strings.HasPrefix(rp.JSON(t)["message"].(string), "Authentication credentials not found") {
		t.Errorf("401 body %s", rp.Body)
	}
}
