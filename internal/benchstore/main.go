// Command benchstore compares the stores the local index could use (issue 19), on the index's
// own figures, at each size: bytes on disk per contact, launch to a full list, a find
// keystroke's visible results (the rows on screen and the count), memory (RSS), and the sync's
// write throughput (a page of 100 contacts a transaction, as a sync writes them).
//
//   - index: internal/index as built: the in-memory table (dictionary-encoded columns, word
//     dictionaries) written whole as a snapshot, with a journal of the changes since.
//   - bbolt: go.etcd.io/bbolt holding the contacts, read into the same in-memory table at start.
//   - sqlite: modernc.org/sqlite (pure Go), the contacts in a table, an FTS5 index with the
//     trigram tokenizer for substring find (texts under three letters fall back to LIKE).
//
// Each store and size runs in fresh processes (one to write, one to launch and find), so memory
// figures are the store's own. It is a separate module so that the app does not depend on
// SQLite: `cd internal/benchstore && go run . -sizes 100000,1000000` (make bench-store).
package main

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hubcontacts/hubcontacts/internal/index"
	"github.com/hubcontacts/hubcontacts/internal/index/indextest"
	_ "modernc.org/sqlite"
)

// The keystrokes: each text typed a letter at a time.
var texts = []string{"berg", "maria", "anna b", "northwind", "@gmail", "schmidt", "lead"}

const screen = 40 // rows on screen

type result struct {
	Store, Phase           string
	N                      int
	WritePerSec            float64 `json:",omitempty"`
	BytesPerContact        float64 `json:",omitempty"`
	LaunchMS, ReadyMS      float64 `json:",omitempty"`
	KeyMedianMS, KeyMaxMS  float64 `json:",omitempty"`
	KeyMaxText             string  `json:",omitempty"`
	SortMS                 float64 `json:",omitempty"`
	RSSMB, PeakMB          float64 `json:",omitempty"`
	Estimates, Keystrokes  int     `json:",omitempty"`
	ShortLikeMS, Substr3MS float64 `json:",omitempty"`
	KeyMedianShortMS       float64 `json:",omitempty"`
	KeyMedianLongMS        float64 `json:",omitempty"`
}

func main() {
	sizes := flag.String("sizes", "100000,1000000", "portal sizes")
	stores := flag.String("stores", "index,bbolt,sqlite", "stores")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "benchstore"), "where the stores are written")
	phase := flag.String("phase", "", "internal: load or launch")
	store := flag.String("store", "", "internal")
	n := flag.Int("n", 0, "internal")
	flag.Parse()
	if *phase != "" {
		path := filepath.Join(*dir, fmt.Sprintf("%s-%d", *store, *n))
		r := run(*store, *phase, path, *n)
		json.NewEncoder(os.Stdout).Encode(r)
		return
	}
	os.MkdirAll(*dir, 0o700)
	var all []result
	for _, ns := range strings.Split(*sizes, ",") {
		for _, st := range strings.Split(*stores, ",") {
			for _, ph := range []string{"load", "launch"} {
				cmd := exec.Command(os.Args[0], "-phase", ph, "-store", st, "-n", ns, "-dir", *dir)
				cmd.Stderr = os.Stderr
				out, err := cmd.Output()
				if err != nil {
					fmt.Fprintln(os.Stderr, st, ns, ph, err)
					os.Exit(1)
				}
				var r result
				json.Unmarshal(out, &r)
				fmt.Fprintf(os.Stderr, "%s\n", out)
				all = append(all, r)
			}
		}
	}
	report(all)
}

func report(all []result) {
	get := func(store string, n int, phase string) result {
		for _, r := range all {
			if r.Store == store && r.N == n && r.Phase == phase {
				return r
			}
		}
		return result{}
	}
	fmt.Println("| store | contacts | bytes/contact on disk | sync writes/s (100 a tx) | launch to list (ms) | find ready (ms) | keystroke median / max (ms) | keystrokes with an estimated count | sort by last name (ms) | RSS after finds (MB) | peak RSS (MB) |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|")
	var ns []int
	for _, r := range all {
		if !slices.Contains(ns, r.N) {
			ns = append(ns, r.N)
		}
	}
	for _, n := range ns {
		for _, st := range []string{"index", "bbolt", "sqlite"} {
			l, x := get(st, n, "load"), get(st, n, "launch")
			if l.N == 0 {
				continue
			}
			fmt.Printf("| %s | %d | %.0f | %.0f | %.0f | %.0f | %.1f / %.1f (%q) | %d of %d | %.0f | %.0f | %.0f |\n",
				st, n, l.BytesPerContact, l.WritePerSec, x.LaunchMS, x.ReadyMS, x.KeyMedianMS, x.KeyMaxMS, x.KeyMaxText,
				x.Estimates, x.Keystrokes, x.SortMS, x.RSSMB, x.PeakMB)
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func rss() (cur, peak float64) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) >= 2 && (fs[0] == "VmRSS:" || fs[0] == "VmHWM:") {
			kb, _ := strconv.ParseFloat(fs[1], 64)
			if fs[0] == "VmRSS:" {
				cur = kb / 1024
			} else {
				peak = kb / 1024
			}
		}
	}
	return cur, peak
}

// keystrokes are every prefix of every text.
func keystrokes() []string {
	var out []string
	for _, t := range texts {
		for i := 1; i <= len(t); i++ {
			if t[i-1] != ' ' {
				out = append(out, t[:i])
			}
		}
	}
	return out
}

type finder interface {
	find(text string) (rows int, count int, estimate bool)
}

// keyTries: after RSS is read, the keystrokes are timed again, each the best of keyTries: on
// a machine others share, a keystroke's own cost, not how long it waited for a core.
const keyTries = 5

// keys types the keystrokes, each the best of tries.
func keys(r *result, f finder, tries int) {
	r.KeyMaxMS, r.Estimates, r.Keystrokes = 0, 0, 0
	var times []time.Duration
	for _, k := range keystrokes() {
		var d time.Duration
		var est bool
		for i := range tries {
			start := time.Now()
			_, _, est = f.find(k)
			if t := time.Since(start); i == 0 || t < d {
				d = t
			}
		}
		times = append(times, d)
		if ms(d) > r.KeyMaxMS {
			r.KeyMaxMS, r.KeyMaxText = ms(d), k
		}
		if est {
			r.Estimates++
		}
		r.Keystrokes++
	}
	slices.Sort(times)
	r.KeyMedianMS = ms(times[len(times)/2])
}

func run(store, phase, path string, n int) result {
	r := result{Store: store, Phase: phase, N: n}
	switch store + "/" + phase {
	case "bbolt/load":
		r.WritePerSec, r.BytesPerContact = bboltLoad(path, n)
	case "bbolt/launch":
		start := time.Now()
		t := bboltOpen(path)
		o := t.Order(index.Sort{})
		if len(o.Rows) != n {
			check(fmt.Errorf("bbolt: %d rows", len(o.Rows)))
		}
		for _, row := range o.Rows[:screen] {
			t.Values(row)
		}
		r.LaunchMS = ms(time.Since(start))
		r.ReadyMS = r.LaunchMS
		runtime.GC()
		debug.FreeOSMemory()
		keys(&r, tableFind{t}, 1)
		start = time.Now()
		t.Order(index.Sort{Prop: "lastname"})
		r.SortMS = ms(time.Since(start))
		r.RSSMB, r.PeakMB = rss()
		keys(&r, tableFind{t}, keyTries)
	case "index/load":
		os.RemoveAll(path)
		ix, err := index.Open(index.Options{Dir: path, Props: indextest.Props})
		check(err)
		p := indextest.New(1)
		start := time.Now()
		for i := 0; i < n; i += 100 {
			page := make([]index.Contact, 0, 100)
			for j := i; j < min(n, i+100); j++ {
				page = append(page, index.Contact{ID: int64(j + 1), Props: p.Contact(j)})
			}
			check(ix.Put(page...))
		}
		r.WritePerSec = float64(n) / time.Since(start).Seconds()
		check(ix.Close())
		r.BytesPerContact = float64(dirSize(path)) / float64(n)
	case "index/launch":
		start := time.Now()
		ix, err := index.Open(index.Options{Dir: path, Props: indextest.Props})
		check(err)
		rows, total := ix.Page(index.Sort{}, 0, screen)
		r.LaunchMS = ms(time.Since(start))
		r.ReadyMS = r.LaunchMS
		if len(rows) != screen || total != n {
			check(fmt.Errorf("index list: %d rows of %d", len(rows), total))
		}
		runtime.GC()
		debug.FreeOSMemory()
		keys(&r, indexFind{ix}, 1)
		start = time.Now()
		ix.Page(index.Sort{Prop: "lastname"}, 0, screen)
		r.SortMS = ms(time.Since(start))
		r.RSSMB, r.PeakMB = rss()
		keys(&r, indexFind{ix}, keyTries)
	case "sqlite/load":
		os.Remove(path)
		os.Remove(path + "-wal")
		os.Remove(path + "-shm")
		db := openSQLite(path)
		for _, q := range []string{
			`CREATE TABLE contacts(id INTEGER PRIMARY KEY, firstname TEXT, lastname TEXT, email TEXT, company TEXT,
				lifecyclestage TEXT, hs_additional_emails TEXT, hubspot_owner_id TEXT, createdate TEXT, lastmodifieddate TEXT)`,
			`CREATE VIRTUAL TABLE find USING fts5(name, email, company, secondary, content='', contentless_delete=1, tokenize='trigram')`,
			`CREATE TABLE meta(contacts INTEGER)`, `INSERT INTO meta VALUES(0)`,
		} {
			_, err := db.Exec(q)
			check(err)
		}
		p := indextest.New(1)
		start := time.Now()
		for i := 0; i < n; i += 100 {
			tx, err := db.Begin()
			check(err)
			for j := i; j < min(n, i+100); j++ {
				c := p.Contact(j)
				_, err := tx.Exec(`INSERT OR REPLACE INTO contacts VALUES(?,?,?,?,?,?,?,?,?,?)`, j+1, c["firstname"], c["lastname"], c["email"],
					c["company"], c["lifecyclestage"], c["hs_additional_emails"], c["hubspot_owner_id"], c["createdate"], c["lastmodifieddate"])
				check(err)
				_, err = tx.Exec(`INSERT INTO find(rowid, name, email, company, secondary) VALUES(?,?,?,?,?)`, j+1,
					strings.TrimSpace(c["firstname"]+" "+c["lastname"]), c["email"], c["company"], c["hs_additional_emails"])
				check(err)
			}
			_, err = tx.Exec(`UPDATE meta SET contacts = contacts + ?`, min(n, i+100)-i)
			check(err)
			check(tx.Commit())
		}
		r.WritePerSec = float64(n) / time.Since(start).Seconds()
		_, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
		check(err)
		check(db.Close())
		fi, _ := os.Stat(path)
		r.BytesPerContact = float64(fi.Size()) / float64(n)
	case "sqlite/launch":
		start := time.Now()
		db := openSQLite(path)
		var total int
		check(db.QueryRow(`SELECT contacts FROM meta`).Scan(&total))
		got := queryRows(db, `SELECT id, firstname, lastname, email, company, lifecyclestage FROM contacts ORDER BY id LIMIT ?`, screen)
		r.LaunchMS = ms(time.Since(start))
		r.ReadyMS = r.LaunchMS
		if got != screen || total != n {
			check(fmt.Errorf("sqlite list: %d rows of %d", got, total))
		}
		keys(&r, sqliteFind{db}, 1)
		start = time.Now()
		queryRows(db, `SELECT id, firstname, lastname, email, company, lifecyclestage FROM contacts ORDER BY lastname, id LIMIT ?`, screen)
		r.SortMS = ms(time.Since(start))
		r.RSSMB, r.PeakMB = rss()
		keys(&r, sqliteFind{db}, keyTries)
	}
	return r
}

type indexFind struct{ ix *index.Index }

func (b indexFind) find(text string) (int, int, bool) {
	rows, f := b.ix.Find(text, index.Sort{}, screen)
	return len(rows), f.Matches, f.Estimate
}

type sqliteFind struct{ db *sql.DB }

// find shows the first rows in the list's order that hold the text in a find field (no ranking
// by how they match: that would need every match read), and counts them all.
func (s sqliteFind) find(text string) (int, int, bool) {
	t := strings.ToLower(text)
	var n, count int
	if len([]rune(t)) >= 3 {
		phrase := `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
		ids := queryIDs(s.db, `SELECT rowid FROM find WHERE find MATCH ? ORDER BY rowid LIMIT ?`, phrase, screen)
		n = fetch(s.db, ids)
		check(s.db.QueryRow(`SELECT count(*) FROM find WHERE find MATCH ?`, phrase).Scan(&count))
	} else {
		like := "%" + t + "%"
		where := `WHERE lower(firstname||' '||lastname) LIKE ?1 OR lower(email) LIKE ?1 OR lower(company) LIKE ?1 OR lower(hs_additional_emails) LIKE ?1`
		n = queryRows(s.db, `SELECT id, firstname, lastname, email, company, lifecyclestage FROM contacts `+where+` ORDER BY id LIMIT ?2`, like, screen)
		check(s.db.QueryRow(`SELECT count(*) FROM contacts `+where, like).Scan(&count))
	}
	return n, count, false
}

func dirSize(dir string) int64 {
	var n int64
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if fi, err := e.Info(); err == nil {
			n += fi.Size()
		}
	}
	return n
}

func now() time.Time                  { return time.Now() }
func since(t time.Time) time.Duration { return time.Since(t) }

func openSQLite(path string) *sql.DB {
	db, err := sql.Open("sqlite", path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	check(err)
	db.SetMaxOpenConns(1)
	return db
}

func queryIDs(db *sql.DB, q string, args ...any) []int64 {
	rows, err := db.Query(q, args...)
	check(err)
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		check(rows.Scan(&id))
		out = append(out, id)
	}
	return out
}

func fetch(db *sql.DB, ids []int64) int {
	if len(ids) == 0 {
		return 0
	}
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return queryRows(db, `SELECT id, firstname, lastname, email, company, lifecyclestage FROM contacts WHERE id IN (`+strings.Join(s, ",")+`) ORDER BY id`)
}

func queryRows(db *sql.DB, q string, args ...any) int {
	rows, err := db.Query(q, args...)
	check(err)
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var a, b, c, d, e sql.NullString
		check(rows.Scan(&id, &a, &b, &c, &d, &e))
		n++
	}
	check(rows.Err())
	return n
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchstore:", err)
		os.Exit(1)
	}
}
