package hubspottest_test

import (
	"bytes"
	"errors"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// stateFixture fills a store with one of everything the state file must carry.
func stateFixture(t testing.TB, clock *limClock, sb *hubspottest.Sandbox) (ada, bob, acme string) {
	t.Helper()
	err := sb.Store().Do(func(tx *hubspottest.Tx) error {
		a := tx.Insert(hubspottest.Contacts, "", map[string]string{"email": "ada@example.com", "firstname": "Ada",
			"hs_additional_emails": "ada@work.example;countess@example.org"}, "API")
		b := tx.Insert(hubspottest.Contacts, "", map[string]string{"email": "bob@example.com", "lastname": "Bob"}, "IMPORT")
		gone := tx.Insert(hubspottest.Contacts, "", map[string]string{"email": "gone@example.com"}, "API")
		c := tx.Insert(hubspottest.Companies, "", map[string]string{"name": "Acme", "domain": "acme.example"}, "API")
		clock.Advance(time.Hour)
		tx.SetProps(a, map[string]string{"firstname": "Augusta", "lifecyclestage": "lead"}, "CRM_UI")
		tx.Archive(b)
		tx.Link(hubspottest.AssocKey{FromType: hubspottest.Contacts, FromID: a.ID, ToType: hubspottest.Companies, ToID: c.ID},
			hubspottest.AssocType{TypeID: 279, Category: "HUBSPOT_DEFINED"}, hubspottest.AssocType{TypeID: 280, Category: "HUBSPOT_DEFINED"})
		tx.Link(hubspottest.AssocKey{FromType: hubspottest.Contacts, FromID: a.ID, ToType: hubspottest.Companies, ToID: c.ID},
			hubspottest.AssocType{TypeID: 1, Category: "HUBSPOT_DEFINED", Label: "Primary"}, hubspottest.AssocType{TypeID: 2, Category: "HUBSPOT_DEFINED"})
		tx.SetUnique(hubspottest.Companies, "domain", "acme.example", c.ID)
		tx.MarkMerged(hubspottest.Contacts, gone.ID, a.ID)
		tx.Purge(gone)
		tx.Block("forget-me@example.com")
		ada, bob, acme = a.ID, b.ID, c.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return
}

var savedAtRE = regexp.MustCompile(`"savedAt":"[^"]*"`)

func TestStateRoundTrip(t *testing.T) {
	clock := newLimClock(limStart)
	opts := hubspottest.Options{Empty: true, Clock: clock.Now}
	sb := hubspottest.New(opts)
	ada, bob, acme := stateFixture(t, clock, sb)
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	if err := sb.SaveState(path); err != nil {
		t.Fatal(err)
	}
	loaded, err := hubspottest.LoadState(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	// Saved again, the loaded sandbox writes the same file: nothing was lost or invented.
	again := filepath.Join(dir, "again.json")
	if err := loaded.SaveState(again); err != nil {
		t.Fatal(err)
	}
	first, _ := os.ReadFile(path)
	second, _ := os.ReadFile(again)
	if !bytes.Equal(savedAtRE.ReplaceAll(first, nil), savedAtRE.ReplaceAll(second, nil)) {
		t.Errorf("state changed in a round trip:\n%s\n%s", first, second)
	}
	checkLoaded(t, loaded, ada, bob, acme)
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("state file mode %v, want 0600", fi.Mode().Perm())
	}
}

// checkLoaded looks at the loaded store through its indexes, as the handlers will.
func checkLoaded(t *testing.T, sb *hubspottest.Sandbox, ada, bob, acme string) {
	t.Helper()
	_ = sb.Store().View(func(tx *hubspottest.Tx) error {
		a := tx.ContactByEmail("COUNTESS@example.org")
		if a == nil || a.ID != ada || a.Props["firstname"] != "Augusta" {
			t.Fatalf("secondary email index: %+v", a)
		}
		if h := a.History["firstname"]; len(h) != 2 || h[0].Value != "Ada" || h[1].Value != "Augusta" || h[1].SourceType != "CRM_UI" {
			t.Errorf("firstname history %+v", h)
		}
		if b := tx.Get(hubspottest.Contacts, bob); b == nil || !b.Archived || tx.ContactByEmail("bob@example.com") != nil {
			t.Errorf("archived contact: %+v", b)
		}
		if got, _ := tx.Page(hubspottest.Contacts, 0, 10, false); len(got) != 1 || got[0].ID != ada {
			t.Errorf("live contacts page %v", got)
		}
		if got := tx.Associated(hubspottest.Contacts, ada, hubspottest.Companies); len(got) != 1 || len(tx.AssocTypes(got[0])) != 2 {
			t.Errorf("associations %v", got)
		}
		if got := tx.Associated(hubspottest.Companies, acme, hubspottest.Contacts); len(got) != 1 {
			t.Errorf("reverse associations %v", got)
		}
		if c := tx.ByUnique(hubspottest.Companies, "domain", "acme.example"); c == nil || c.ID != acme {
			t.Errorf("unique index: %v", c)
		}
		if r := tx.Resolve(hubspottest.Contacts, "1003"); r == nil || r.ID != ada {
			t.Errorf("merged id resolves to %v", r)
		}
		if !tx.Blocked("Forget-Me@example.com") {
			t.Error("blocklist lost")
		}
		return nil
	})
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/crm/v3/objects/contacts/search",
		strings.NewReader(`{"filterGroups":[{"filters":[{"propertyName":"firstname","operator":"EQ","value":"augusta"}]}]}`))
	req.Header.Set("Authorization", "Bearer "+hubspottest.DefaultToken)
	sb.ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), `"total":1,`) || !strings.Contains(rec.Body.String(), `"id":"`+ada+`"`) {
		t.Errorf("loaded record not visible to search: %d %s", rec.Code, rec.Body)
	}
	_ = sb.Store().Do(func(tx *hubspottest.Tx) error {
		if id := tx.NewID(); id != "1005" {
			t.Errorf("next id %s, want 1005 (ids are never reused)", id)
		}
		return nil
	})
}

func TestLoadStateErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := hubspottest.LoadState(filepath.Join(dir, "none.json"), hubspottest.Options{}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want fs.ErrNotExist", err)
	}
	for name, body := range map[string]string{
		"not json":      `{"format":`,
		"other format":  `{"format":"something","version":1}`,
		"newer version": `{"format":"hubcontacts-sandbox-state","version":2}`,
		"bad type":      `{"format":"hubcontacts-sandbox-state","version":1,"objects":[{"type":"widgets","id":"1"}]}`,
		"bad id":        `{"format":"hubcontacts-sandbox-state","version":1,"objects":[{"type":"contacts","id":"01"}]}`,
		"twice":         `{"format":"hubcontacts-sandbox-state","version":1,"objects":[{"type":"contacts","id":"5"},{"type":"contacts","id":"5"}]}`,
		"dangling": `{"format":"hubcontacts-sandbox-state","version":1,"objects":[{"type":"contacts","id":"5"}],` +
			`"associations":[{"fromType":"contacts","fromId":"5","toType":"companies","toId":"6","types":[]}]}`,
	} {
		p := filepath.Join(dir, "bad.json")
		_ = os.WriteFile(p, []byte(body), 0o600)
		if _, err := hubspottest.LoadState(p, hubspottest.Options{}); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: err %v (want an error naming the file)", name, err)
		}
	}
}

// SaveState refuses a directory that does not exist rather than writing somewhere else.
func TestSaveStateReportsFailure(t *testing.T) {
	sb := hubspottest.New(hubspottest.Options{Empty: true})
	err := sb.SaveState(filepath.Join(t.TempDir(), "no", "such", "dir", "state.json"))
	if err == nil || !strings.Contains(err.Error(), "sandbox state") {
		t.Errorf("err %v", err)
	}
}

// Persist's stop saves a last time (writes made straight in the store included).
func TestPersistSavesOnStop(t *testing.T) {
	clock := newLimClock(limStart)
	srv := limServer(t, clock, hubspottest.Options{})
	path := filepath.Join(t.TempDir(), "state.json")
	stop, err := srv.Persist(path)
	if err != nil {
		t.Fatalf("save failed: %v", err)
	}
	insertViaStore := func(email string) {
		_ = srv.Store().Do(func(tx *hubspottest.Tx) error {
			tx.Insert(hubspottest.Contacts, "", map[string]string{"email": email}, "API")
			return nil
		})
	}
	insertViaStore("one@example.com")
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatalf("second stop: %v", err)
	}
	loaded, err := hubspottest.LoadState(path, hubspottest.Options{Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	_ = loaded.Store().View(func(tx *hubspottest.Tx) error {
		if tx.ContactByEmail("one@example.com") == nil {
			t.Error("the final save on stop lost the contact")
		}
		return nil
	})
}
