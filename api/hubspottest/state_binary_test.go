package hubspottest

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// serve sends one request to a sandbox and wants a 2xx.
func serve(t *testing.T, sb *Sandbox, method, path, body string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	req.Header.Set("Content-Type", "application/json")
	sb.ServeHTTP(rec, req)
	if rec.Code/100 != 2 {
		t.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
	}
	return rec.Body.String()
}

func seededStateOptions(clock *journalClock, seed int64, contacts int) Options {
	return Options{Seed: seed, Contacts: contacts, Companies: 40, Deals: 40, Tickets: 40, Clock: clock.Now,
		RateLimit: RateLimit{Max: -1}, SearchPerSecond: -1}
}

// A fresh state file of a seeded sandbox is the seed's settings, a few dozen bytes whatever
// the seed's size, and an empty log; a restart (here while the log is still open, as after kill
// -9) seeds again from the file's settings, not the options it is given, replays the log, and
// has what the sandbox had, changes to seeded records included.
func TestFreshStateKeepsTheSeedNotTheData(t *testing.T) {
	clock := &journalClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	sb := New(seededStateOptions(clock, 4, 1000))
	path := filepath.Join(t.TempDir(), "state")
	stop, err := sb.Persist(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = stop() }()
	if fi, err := os.Stat(path); err != nil || fi.Size() > 100 {
		t.Fatalf("a fresh state file of 1,000 contacts: %v bytes (%v), want the seed's settings alone", fi.Size(), err)
	}
	if fi, err := os.Stat(walPath(path)); err != nil || fi.Size() != 0 {
		t.Fatalf("a fresh log: %v", err)
	}
	var first string
	_ = sb.store.View(func(tx *Tx) error { first = tx.ContactByEmail(FirstContactEmail).ID; return nil })
	serve(t, sb, "PATCH", "/crm/v3/objects/contacts/"+first, `{"properties":{"jobtitle":"Kept through a restart"}}`)
	journalOps(t, sb, clock)

	loaded, err := LoadState(path, Options{Clock: clock.Now}) // the seed and sizes come from the file
	if err != nil {
		t.Fatal(err)
	}
	if got, want := logicalDump(loaded), logicalDump(sb); got != want {
		t.Fatalf("the restarted sandbox differs:\n%s", firstDifference(got, want))
	}
	if !strings.Contains(logicalDump(loaded), "jobtitle=\"Kept through a restart\"") {
		t.Fatal("the change to a seeded contact was lost")
	}
}

// A sandbox that changed before Persist is not what its seed makes: its state file is a
// snapshot, and the change is kept.
func TestPersistAfterAChangeWritesASnapshot(t *testing.T) {
	clock := &journalClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	sb := New(seededStateOptions(clock, 4, 100))
	_ = sb.store.Do(func(tx *Tx) error {
		tx.Insert(Contacts, "", map[string]string{"email": "before@example.com"}, "API")
		return nil
	})
	path := filepath.Join(t.TempDir(), "state")
	stop, err := sb.Persist(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !bytes.HasPrefix(b, []byte(stateMagic)) || len(b) < len(stateMagic)+2 || b[len(stateMagic)+1] != stateKindFull {
		t.Fatalf("state file head %q, want a snapshot", b[:min(len(b), 40)])
	}
	loaded, err := LoadState(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := logicalDump(loaded), logicalDump(sb); got != want {
		t.Fatalf("the loaded sandbox differs:\n%s", firstDifference(got, want))
	}
}

// A snapshot reads back the same through reads of any size (the checksum keeps back the last
// four bytes of whatever it has seen).
func TestSnapshotReadsThroughSmallReads(t *testing.T) {
	clock := &journalClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	sb := New(seededStateOptions(clock, 5, 200))
	var buf bytes.Buffer
	_ = sb.store.View(func(tx *Tx) error { _, _, err := tx.writeFullState(&buf, 0); return err })
	want := logicalDump(sb)
	for name, r := range map[string]func() *Sandbox{
		"one byte": func() *Sandbox {
			sb, _ := ReadState(iotest.OneByteReader(bytes.NewReader(buf.Bytes())), Options{})
			return sb
		},
		"halves": func() *Sandbox {
			sb, _ := ReadState(iotest.HalfReader(bytes.NewReader(buf.Bytes())), Options{})
			return sb
		},
	} {
		if got := r(); got == nil || logicalDump(got) != want {
			t.Errorf("%s: not the same sandbox", name)
		}
	}
}

// A damaged state file is refused with what is wrong and the file's name, never half-loaded:
// a changed byte (the checksum), a file cut short, data after its end, a newer version.
func TestDamagedStateFileIsRefused(t *testing.T) {
	clock := &journalClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	sb := New(seededStateOptions(clock, 5, 200))
	dir := t.TempDir()
	path := filepath.Join(dir, "state")
	if err := sb.SaveState(path); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(path)
	at := bytes.Index(good, []byte(FirstContactEmail))
	if at < 0 {
		t.Fatal("the first contact's address is not in the file")
	}
	changed := bytes.Clone(good)
	changed[at] = 'n' // maria… becomes naria…: a file that still reads, with another value
	versioned := bytes.Clone(good)
	versioned[len(stateMagic)] = 3
	seedPath := filepath.Join(dir, "seed")
	stop, err := New(seededStateOptions(clock, 5, 200)).Persist(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	_ = stop()
	seedFile, _ := os.ReadFile(seedPath)
	seedChanged := bytes.Clone(seedFile)
	seedChanged[len(stateMagic)+4] ^= 1 // the seed number
	for name, c := range map[string]struct {
		data []byte
		want string
	}{
		"a changed byte":         {changed, "damaged: its checksum does not match"},
		"cut short":              {good[:len(good)/2], "damaged: it ends too soon"},
		"without its checksum":   {good[:len(good)-4], "damaged: it ends too soon"},
		"data after its end":     {append(bytes.Clone(good), 'x'), "damaged: more data after its end"},
		"a newer version":        {versioned, "version 3, from a newer hubcontacts"},
		"a changed seed setting": {seedChanged, "damaged: its checksum does not match"},
		"not a state file":       {[]byte("PK\x03\x04 a zip"), "not a sandbox state file"},
	} {
		p := filepath.Join(dir, "bad")
		_ = os.WriteFile(p, c.data, 0o600)
		_ = os.Remove(walPath(p))
		_, err := LoadState(p, Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: %v, want %q and the file's name", name, err, c.want)
		}
	}
}

// A seed file whose settings make other data in this build (here: the fingerprint of another
// seed's data stands in for a build that seeds differently) is refused: its log's changes would
// fall on records they were not made to.
func TestSeedFileFromABuildThatSeedsDifferentlyIsRefused(t *testing.T) {
	clock := &journalClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	var other uint32
	_ = New(seededStateOptions(clock, 7, 200)).store.View(func(tx *Tx) error { other, _ = tx.fingerprint(); return nil })
	path := filepath.Join(t.TempDir(), "state")
	var buf bytes.Buffer
	ss := seedSettingsOf(seededStateOptions(clock, 6, 200))
	if _, err := writeSeedState(&buf, seedHead{seedSettings: ss, fingerprint: other}, 0); err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(path, buf.Bytes(), 0o600)
	_, err := LoadState(path, Options{})
	if err == nil || !strings.Contains(err.Error(), "started from seed 6 with 200 contacts, and this build of hubcontacts makes different data") {
		t.Fatalf("err %v", err)
	}
}

// The fingerprint sees what a change to the seed would change: an id, a time, a value of a
// fixture or of a sampled record.
func TestFingerprintSeesTheSeedsData(t *testing.T) {
	clock := &journalClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	fp := func(change func(s *Store)) uint32 {
		sb := New(seededStateOptions(clock, 6, 300))
		change(sb.store)
		var sum uint32
		_ = sb.store.View(func(tx *Tx) error { sum, _ = tx.fingerprint(); return nil })
		return sum
	}
	base := fp(func(*Store) {})
	if again := fp(func(*Store) {}); again != base {
		t.Fatal("the same seed, another fingerprint")
	}
	// A value changed in place (no time moves), the way an edited list of the generator's
	// values would change it.
	retitle := func(i int) func(s *Store) {
		return func(s *Store) {
			tb := &s.tables[0]
			r := &tb.recs[tb.at(i)]
			kvs, hist := s.current(r)
			pid := s.codec.props.id("jobtitle")
			kvs = slices.DeleteFunc(kvs, func(p propKV) bool { return p.pid == pid })
			kvs = append(kvs, propKV{pid: pid, v: "Another title"})
			slices.SortFunc(kvs, func(a, b propKV) int { return int(a.pid) - int(b.pid) })
			s.rewrite(r, kvs, hist, nil)
		}
	}
	for name, change := range map[string]func(s *Store){
		"a fixture's value":        retitle(0),
		"a sampled record's value": retitle(128),
		"a record's time":          func(s *Store) { s.tables[0].recs[s.tables[0].at(200)].updated++ },
		"the next id":              func(s *Store) { s.nextID++ },
	} {
		if fp(change) == base {
			t.Errorf("%s: the same fingerprint", name)
		}
	}
}

// A version 1 state file (JSON, with its log) still loads, as the sandbox that wrote it had it;
// going on with its log, the first fold replaces it with version 2.
func TestVersion1StateFileStillLoads(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	for _, suffix := range []string{"", ".wal"} {
		b, err := os.ReadFile("testdata/state-v1.json" + suffix)
		if err != nil {
			t.Fatal(err)
		}
		_ = os.WriteFile(path+suffix, b, 0o600)
	}
	golden, _ := os.ReadFile("testdata/state-v1.dump")
	clock := &journalClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	opts := Options{Clock: clock.Now, RateLimit: RateLimit{Max: -1}}
	loaded, err := LoadState(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got := logicalDump(loaded); got != string(golden) {
		t.Fatalf("the version 1 file loads differently:\n%s", firstDifference(got, string(golden)))
	}
	stop, err := loaded.persist(path, 0) // fold at every write
	if err != nil {
		t.Fatal(err)
	}
	serve(t, loaded, "PATCH", "/crm/v3/objects/contacts/cy@journal.example?idProperty=email", `{"properties":{"lastname":"Folded"}}`)
	loaded.store.journal.compacting.Wait()
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); !bytes.HasPrefix(b, []byte(stateMagic)) {
		t.Fatalf("after a fold the file starts %q, want version 2", b[:min(len(b), 30)])
	}
	again, err := LoadState(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := logicalDump(again), logicalDump(loaded); got != want {
		t.Fatalf("after the fold:\n%s", firstDifference(got, want))
	}
}

// firstDifference shows where two dumps part.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("lengths differ: got %d lines, want %d", len(g), len(w))
}
