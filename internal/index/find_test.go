package index

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hubcontacts/hubcontacts/internal/index/indextest"
	"github.com/hubcontacts/hubcontacts/internal/rank"
)

func portal(n int) *Table {
	t := NewTable(indextest.Props)
	p := indextest.New(1)
	for i := range n {
		t.Put(int64(i+1), p.Contact(i))
	}
	t.Finish()
	return t
}

// rowFields are each row's find fields, lower-cased, straight from its values.
func rowFields(t *Table) [][]string {
	out := make([][]string, t.Rows())
	for r := range out {
		v := t.Values(uint32(r))
		fields := []string{strings.TrimSpace(v["firstname"] + " " + v["lastname"]), v["email"], v["company"]}
		for _, s := range strings.Split(v["hs_additional_emails"], ";") {
			fields = append(fields, strings.TrimSpace(s))
		}
		for i := range fields {
			fields[i] = rank.Lower(fields[i])
		}
		out[r] = fields
	}
	return out
}

// bruteFind ranks every row the way the precise find does.
func bruteFind(rows [][]string, text string, o *Order) (hits []Hit, matches int) {
	q := rank.NewQuery(text)
	var close []Hit
	for _, r := range o.Rows {
		fields := rows[r]
		best, kind := rank.None, 0
		for k, f := range fields {
			if f == "" {
				continue
			}
			if tier, _ := rank.Find(f, q.Text); tier < best {
				best, kind = tier, min(k, kindSecondary)
			}
		}
		if best > rank.Inside && len(q.Words) > 1 {
			all := true
			for _, w := range q.Words {
				all = all && slices.ContainsFunc(fields, func(f string) bool { return f != "" && strings.Contains(f, w) })
			}
			if all {
				best, kind = rank.Words, 0
			}
		}
		if best <= rank.Words {
			hits = append(hits, Hit{Row: r, Tier: best, Kind: kind})
			continue
		}
		for k, f := range fields {
			if f != "" && rank.Subsequence(f, q.Runes) {
				close = append(close, Hit{Row: r, Tier: rank.Close, Kind: min(k, kindSecondary)})
				break
			}
		}
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		if a.Tier != b.Tier {
			return int(a.Tier) - int(b.Tier)
		}
		return a.Kind - b.Kind
	})
	return append(hits, close...), len(hits)
}

func TestFindAgreesWithRankingEveryRow(t *testing.T) {
	tb := portal(4000)
	// Small budgets, so that 4,000 rows take every path a million do: classes graded whole and
	// walked, counts exact and estimated.
	tb.budget = budgets{smallClass: 200, countBudget: 3000, exactBudget: 800, sampleRows: 1000, walkGrades: 1 << 13, closeWalk: 1 << 13}
	// Changes after the dictionaries were built: found through the dirty rows.
	tb.Put(5, map[string]string{"firstname": "Zebulon", "lastname": "Quarry", "email": "zq@northwind.example"})
	tb.Put(99999, map[string]string{"firstname": "Anna", "lastname": "Berg", "company": "Northwind Traders", "hs_additional_emails": "old@berg.example;anna@x.example"})
	tb.Delete(7)
	all := rowFields(tb)
	for _, sortBy := range []string{"", "lastname", "email"} {
		o := tb.Order(Sort{Prop: sortBy, Desc: sortBy == "email"})
		for _, text := range []string{"b", "be", "ber", "berg", "anna berg", "anna b", "northwind", "zebulon", "quarry zq",
			"old@berg.example", "@", ".com", "xqzv", "jnsbrg", "Müller", "müller",
			"gen", "sen hansen", "ana", "lead", "9@", "100@"} {
			got := tb.Find(text, o, 50)
			want, n := bruteFind(all, text, o)
			if !got.Estimate && got.Matches != n {
				t.Errorf("sort %q, %q: %d matches, want %d", sortBy, text, got.Matches, n)
			}
			if got.Estimate && (got.Matches < n/2 || got.Matches > n*2) {
				t.Errorf("sort %q, %q: estimate %d, true count %d", sortBy, text, got.Matches, n)
			}
			want = want[:min(50, len(want))]
			if !slices.Equal(got.Hits, want) {
				t.Errorf("sort %q, %q:\n got %v\nwant %v", sortBy, text, got.Hits[:min(8, len(got.Hits))], want[:min(8, len(want))])
			}
		}
	}
}

// BenchmarkFindKeystrokes types benchstore's texts a letter at a time (every prefix is a
// keystroke: the rows on screen and the count) at 100,000 and 1,000,000 contacts.
func BenchmarkFindKeystrokes(b *testing.B) {
	var keys []string
	for _, t := range []string{"berg", "maria", "anna b", "northwind", "@gmail", "schmidt", "lead"} {
		for i := 1; i <= len(t); i++ {
			if t[i-1] != ' ' {
				keys = append(keys, t[:i])
			}
		}
	}
	for _, n := range []int{100_000, 1_000_000} {
		tb := portal(n)
		o := tb.Order(Sort{})
		b.Run(fmt.Sprintf("%d", n), func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			cpu0 := threadCPU()
			for b.Loop() {
				for _, k := range keys {
					tb.Find(k, o, 40)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(keys))/1000, "ms/keystroke")
			b.ReportMetric(float64((threadCPU()-cpu0).Microseconds())/float64(b.N*len(keys))/1000, "cpu-ms/keystroke")
		})
	}
}

func mustID(s string) int64 {
	var n int64
	for _, c := range s {
		n = n*10 + int64(c-'0')
	}
	return n
}

var testTypes = map[string]Type{"createdate": {Kind: KindTime}, "lastmodifieddate": {Kind: KindTime},
	"lifecyclestage": {Kind: KindEnum}}

// An order is the rows sorted by the property's values as HubSpot's search sorts them (text
// case-insensitively, times by time), ties by id, empty values last in both directions.
func TestOrderSortsByAnyProperty(t *testing.T) {
	tb := portal(5000)
	tb.Put(2, map[string]string{"firstname": "No", "createdate": ""})
	tb.Put(3, map[string]string{"firstname": "Odd", "lastmodifieddate": "2019-01-01T00:00:00Z"}) // not HubSpot's layout
	tb.Put(4, map[string]string{"lastname": "BERG", "email": "Zed@X.example"})
	tb.Delete(9)
	for _, prop := range []string{"", "lastname", "email", "createdate", "lastmodifieddate", "lifecyclestage"} {
		for _, desc := range []bool{false, true} {
			want := slices.Clone(tb.Order(Sort{}).Rows)
			slices.SortStableFunc(want, func(a, b uint32) int {
				if prop == "" {
					if desc {
						return int(tb.ID(b) - tb.ID(a))
					}
					return int(tb.ID(a) - tb.ID(b))
				}
				x, y := tb.Value(a, prop), tb.Value(b, prop)
				switch {
				case x == "" && y == "":
					return 0
				case x == "":
					return 1
				case y == "":
					return -1
				}
				c := strings.Compare(strings.ToLower(x), strings.ToLower(y))
				if testTypes[prop].Kind == KindTime {
					n, _ := searchNumber(KindTime, x)
					m, _ := searchNumber(KindTime, y)
					c = cmpFloat(n, m)
				}
				if desc {
					return -c
				}
				return c
			})
			assert.Equal(t, want, tb.Order(Sort{Prop: prop, Desc: desc, Type: testTypes[prop]}).Rows, "%s desc=%v", prop, desc)
		}
	}
	assert.Equal(t, "2019-01-01T00:00:00Z", tb.Value(mustRow(tb, 3), "lastmodifieddate"))
	assert.Equal(t, "", tb.Value(mustRow(tb, 2), "createdate"))
}

func mustRow(tb *Table, id int64) uint32 {
	r, ok := tb.Row(id)
	if !ok {
		panic(id)
	}
	return r
}
