package hubspottest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// journalOps changes a sandbox in every way its API can: creates with associations, updates
// (history), the lifecycle rule, batches, archive, merge (rewritten history, purges, merged
// ids), gdpr-delete (purge, blocklist), association labels and removals, secondary emails, a
// pin, a unique property. Each call must succeed.
func journalOps(t *testing.T, sb *Sandbox, clock *journalClock) {
	t.Helper()
	call := func(method, path, body string) map[string]any {
		t.Helper()
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+DefaultToken)
		req.Header.Set("Content-Type", "application/json")
		sb.ServeHTTP(rec, req)
		if rec.Code/100 != 2 {
			t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
		}
		clock.tick()
		var out map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
		return out
	}
	id := func(m map[string]any) string { return m["id"].(string) }
	co := id(call("POST", "/crm/v3/objects/companies", `{"properties":{"name":"Journal Co","domain":"journal.example"}}`))
	co2 := id(call("POST", "/crm/v3/objects/companies", `{"properties":{"name":"Second Co"}}`))
	note := id(call("POST", "/crm/v3/objects/notes", `{"properties":{"hs_timestamp":"2026-01-02T03:04:05.000Z","hs_note_body":"hello"}}`))
	a := id(call("POST", "/crm/v3/objects/contacts", `{"properties":{"email":"ann@journal.example","firstname":"Ann","lifecyclestage":"lead","customer_code":"J-1"},`+
		`"associations":[{"to":{"id":"`+co+`"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":1}]},`+
		`{"to":{"id":"`+note+`"},"types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":201}]}]}`))
	b := id(call("POST", "/crm/v3/objects/contacts", `{"properties":{"email":"bob@journal.example","firstname":"Bob","jobtitle":"CTO"}}`))
	call("PATCH", "/crm/v3/objects/contacts/"+a, `{"properties":{"firstname":"Anne","lifecyclestage":"customer","hs_pinned_engagement_id":"`+note+`"}}`)
	call("PATCH", "/crm/v3/objects/contacts/"+a, `{"properties":{"lifecyclestage":"lead","jobtitle":"CEO"}}`) // backward: ignored
	call("PATCH", "/crm/v3/objects/contacts/bob@journal.example?idProperty=email", `{"properties":{"jobtitle":""}}`)
	call("POST", "/crm/v3/objects/contacts/batch/upsert", `{"inputs":[{"id":"cy@journal.example","idProperty":"email","properties":{"firstname":"Cy"}},`+
		`{"id":"ann@journal.example","idProperty":"email","properties":{"lastname":"Ames"}}]}`)
	call("POST", "/crm/v3/objects/contacts/batch/create", `{"inputs":[{"properties":{"email":"dee@journal.example"}},{"properties":{"email":"eve@journal.example"}}]}`)
	call("PUT", "/crm/v4/objects/contacts/"+b+"/associations/companies/"+co2,
		`[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":279},{"associationCategory":"USER_DEFINED","associationTypeId":`+fmt.Sprint(TypeContactToCompanyBilling)+`}]`)
	call("PUT", "/crm/v3/objects/contacts/"+b+"/associations/companies/"+co+"/1", "")
	call("DELETE", "/crm/v3/objects/contacts/"+b+"/associations/companies/"+co2+"/279", "")
	call("PUT", "/contacts/v1/secondary-email/"+b+"/email/robert@journal.example", "")
	eve := ""
	_ = sb.store.View(func(tx *Tx) error { eve = tx.ContactByEmail("eve@journal.example").ID; return nil })
	call("DELETE", "/crm/v3/objects/contacts/"+eve, "")
	call("POST", "/crm/v3/objects/contacts/merge", `{"primaryObjectId":"`+a+`","objectIdToMerge":"`+b+`"}`)
	call("POST", "/crm/v3/objects/contacts/gdpr-delete", `{"objectId":"dee@journal.example","idProperty":"email"}`)
	call("POST", "/crm/v3/objects/contacts/gdpr-delete", `{"objectId":"never@journal.example","idProperty":"email"}`)
	call("POST", "/crm/v3/objects/contacts/batch/archive", `{"inputs":[{"id":"`+a+`"}]}`)
}

// journalClock is a test clock that moves a millisecond and a bit at each tick (the log's
// compaction reads it from its own goroutine).
type journalClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *journalClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *journalClock) tick() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(1234 * time.Microsecond)
}

var savedAtField = regexp.MustCompile(`"savedAt":"[^"]*",`)

// stateOf is a sandbox's whole state file, the save moment and log position left out.
func stateOf(t *testing.T, sb *Sandbox) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "compare.json")
	if err := sb.SaveState(p); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	return savedAtField.ReplaceAllString(string(b), "")
}

// Every change, made over HTTP with a state file kept, is back after a load: snapshot plus log
// give the state the live sandbox had, byte for byte, whether or not the log was folded into
// the snapshot on the way.
func TestJournalReplaysEveryKindOfChange(t *testing.T) {
	for _, floor := range []int64{walCompactFloor, 0} {
		t.Run(fmt.Sprintf("compact-at=%d", floor), func(t *testing.T) {
			clock := &journalClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
			opts := Options{Seed: 2, Contacts: 30, Companies: 5, Deals: 5, Tickets: 5, Clock: clock.Now,
				RateLimit: RateLimit{Max: -1}, SearchPerSecond: -1}
			path := filepath.Join(t.TempDir(), "state.json")
			sb := New(opts)
			stop, err := sb.persist(path, floor)
			if err != nil {
				t.Fatal(err)
			}
			j := sb.store.journal
			journalOps(t, sb, clock)
			if err := stop(); err != nil {
				t.Fatal(err)
			}
			if floor == 0 && j.folds == 0 {
				t.Error("the log was never folded into the snapshot")
			}
			loaded, err := LoadState(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			if want, got := stateOf(t, sb), stateOf(t, loaded); got != want {
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Fatalf("the loaded state differs at byte %d:\n got %.300s\nwant %.300s", i, got[max(0, i-100):], want[max(0, i-100):])
			}
			// The loaded sandbox goes on with the same log: more writes, a load, the same state.
			stop, err = loaded.persist(path, floor)
			if err != nil {
				t.Fatal(err)
			}
			clock.tick()
			_ = loaded.store.Do(func(tx *Tx) error {
				tx.SetProps(tx.ContactByEmail("cy@journal.example"), map[string]string{"firstname": "Cyrus"}, "API")
				return nil
			})
			if err := stop(); err != nil {
				t.Fatal(err)
			}
			again, err := LoadState(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			if stateOf(t, again) != stateOf(t, loaded) {
				t.Fatal("a write after the reload was lost")
			}
		})
	}
}

// A crash can cut the log's last line short: that write was never acknowledged, and the load
// drops it; the next Persist cuts it off before appending. A damaged line before the last is
// an error that names the log.
func TestJournalTornLastLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	sb := New(Options{Empty: true})
	stop, err := sb.Persist(path)
	if err != nil {
		t.Fatal(err)
	}
	insert := func(sb *Sandbox, email string) {
		_ = sb.store.Do(func(tx *Tx) error { tx.Insert(Contacts, "", map[string]string{"email": email}, "API"); return nil })
	}
	insert(sb, "one@example.com")
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(walPath(path))
	torn := append(bytes.Clone(good), `{"seq":2,"tx":[{"rec":{"type":"contacts","id":"9`...)
	_ = os.WriteFile(walPath(path), torn, 0o600)
	loaded, err := LoadState(path, Options{})
	if err != nil {
		t.Fatalf("a torn last line: %v", err)
	}
	stop, err = loaded.Persist(path)
	if err != nil {
		t.Fatal(err)
	}
	insert(loaded, "two@example.com")
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	again, err := LoadState(path, Options{})
	if err != nil {
		t.Fatalf("after appending past a torn line: %v", err)
	}
	_ = again.store.View(func(tx *Tx) error {
		if tx.ContactByEmail("one@example.com") == nil || tx.ContactByEmail("two@example.com") == nil || tx.Count(Contacts) != 2 {
			t.Errorf("contacts after the torn line: %d", tx.Count(Contacts))
		}
		return nil
	})

	log, _ := os.ReadFile(walPath(path))
	_ = os.WriteFile(walPath(path), append([]byte("{not json}\n"), log...), 0o600)
	if _, err := LoadState(path, Options{}); err == nil || !strings.Contains(err.Error(), walPath(path)) || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a damaged line in the middle: %v", err)
	}
}

// Once the log cannot be written, the write that found out and every later one fail (the
// handlers answer 500) and nothing more changes: memory never runs ahead of the disk by more
// than the write that failed.
func TestJournalFailureRefusesWrites(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	sb := New(Options{Empty: true, RateLimit: RateLimit{Max: -1}})
	stop, err := sb.Persist(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = stop() }()
	_ = sb.store.journal.f.Close() // the disk goes away
	post := func(email string) int {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/crm/v3/objects/contacts", strings.NewReader(`{"properties":{"email":"`+email+`"}}`))
		req.Header.Set("Authorization", "Bearer "+DefaultToken)
		sb.ServeHTTP(rec, req)
		return rec.Code
	}
	if code := post("lost@example.com"); code != http.StatusInternalServerError {
		t.Errorf("the write the log failed: %d, want 500", code)
	}
	if code := post("later@example.com"); code != http.StatusInternalServerError {
		t.Errorf("a later write: %d, want 500", code)
	}
	_ = sb.store.View(func(tx *Tx) error {
		if tx.ContactByEmail("later@example.com") != nil {
			t.Error("a write was made after the log failed")
		}
		return nil
	})
}
