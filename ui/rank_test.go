package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// rankRow is a contact as the list shows it with the default columns.
func rankRow(id, first, last, email, company string, secondary ...string) row {
	o := &api.Object{ID: id, Properties: map[string]string{"firstname": first, "lastname": last, "email": email,
		"company": company, "hs_additional_emails": strings.Join(secondary, ";")}}
	return columns{keys: config.DefaultColumns()}.row(o)
}

func rankedIDs(ix *rankIndex, a rankAnswer) (matches, close []string) {
	for i, h := range a.hits {
		if i < a.matches {
			matches = append(matches, ix.rows[h.row].ID)
		} else {
			close = append(close, ix.rows[h.row].ID)
		}
	}
	return matches, close
}

func TestRankTiers(t *testing.T) {
	rows := []row{
		rankRow("1", "Anna", "Goldenberg", "anna@goldenberg.example", "Goldenberg AG"),
		rankRow("2", "Jonas", "Berg", "jonas.berg@example.com", "Northwind Traders"),
		rankRow("3", "Bert", "Ring", "b.ring@example.com", "Ringo"),                            // b…e…r…g in the name: close
		rankRow("4", "Sam", "Okafor", "sam.okafor@example.com", "Acme", "berg@okafor.example"), // a secondary email
		rankRow("5", "Berg", "", "", ""),                                                       // the whole name
		rankRow("6", "Lena", "Becker", "lena@northwind.example", "Brightspring"),               // the email's domain
		rankRow("7", "Maria", "Garcia", "maria@example.com", "Northwind Traders"),
	}
	ix := newRankIndex(rows, config.DefaultColumns())
	cases := []struct {
		text           string
		matches, close []string
	}{
		// The whole name, then word starts (name, email, company, secondary), then inside a word.
		{"berg", []string{"5", "2", "4", "1"}, []string{"3"}},
		{"BERG", []string{"5", "2", "4", "1"}, []string{"3"}},
		{"north", []string{"6", "2", "7"}, nil},
		{"northwind", []string{"6", "2", "7"}, nil},
		{"wind", []string{"6", "2", "7"}, nil}, // inside a word
		{"jonas berg", []string{"2"}, nil},
		{"berg jonas", []string{"2"}, nil}, // each word somewhere
		{"nwind", nil, []string{"6", "2", "7"}},
		{"okafor.example", []string{"4"}, nil},
		{"zzz", nil, nil},
		{"  ", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.text, func(t *testing.T) {
			m, c := rankedIDs(ix, ix.rank(tc.text, nil, nil))
			assert.Equal(t, tc.matches, m, "matches")
			assert.Equal(t, tc.close, c, "close")
		})
	}
}

func TestRankHighlightsTheMatchedField(t *testing.T) {
	rows := []row{rankRow("2", "Jonas", "Berg", "jonas.berg@example.com", "Northwind Traders"),
		rankRow("4", "Zoë", "Ärger", "zoe@example.com", "Acme", "berg@okafor.example")}
	ix := newRankIndex(rows, config.DefaultColumns())
	text := func(r row, offs []int) string {
		var b strings.Builder
		for _, o := range offs {
			c, _ := utf8DecodeAt(r.Key, o)
			b.WriteRune(c)
		}
		return b.String()
	}
	a := ix.rank("berg", nil, nil)
	require.Equal(t, 2, a.matches)
	assert.Equal(t, "Berg", text(rows[0], ix.offsets(a.hits[0], "berg")), "the name's Berg, not the email's")
	assert.Nil(t, ix.offsets(a.hits[1], "berg"), "a secondary email is in no cell")

	a = ix.rank("ärg", nil, nil)
	require.Equal(t, 1, a.matches)
	assert.Equal(t, "Ärg", text(rows[1], ix.offsets(a.hits[0], "ärg")))
	a = ix.rank("jonas berg", nil, nil)
	assert.Equal(t, "Jonas Berg", text(rows[0], ix.offsets(a.hits[0], "jonas berg")))
	a = ix.rank("nwtr", nil, nil)
	require.Len(t, a.hits, 1)
	assert.Equal(t, "NwTr", text(rows[0], ix.offsets(a.hits[0], "nwtr")))
}

func utf8DecodeAt(s string, i int) (rune, int) {
	for j, r := range s[i:] {
		_ = j
		return r, i
	}
	return 0, i
}

// A longer text matches only rows a shorter one did, so a rank may start from its answer.
func TestRankNarrowing(t *testing.T) {
	var rows []row
	for _, w := range []string{"berg", "bergen", "goldberg", "b e r g", "iceberg", "bregenz", "burger"} {
		rows = append(rows, rankRow(w, w, "", w+"@example.com", w+" gmbh"))
	}
	ix := newRankIndex(rows, config.DefaultColumns())
	for _, pair := range [][2]string{{"b", "be"}, {"be", "ber"}, {"ber", "berg"}, {"berg", "berge"}, {"g", "gm"}} {
		prev := ix.rank(pair[0], nil, nil)
		assert.Equal(t, ix.rank(pair[1], nil, nil), ix.rank(pair[1], prev.rowsOf(), nil), "%s then %s", pair[0], pair[1])
	}
	stopped := ix.rank("b", nil, func() bool { return true })
	assert.Equal(t, len(rows), len(ix.rank("b", nil, nil).hits))
	assert.Equal(t, len(rows) < 1024, len(stopped.hits) == len(rows), "stale is asked every 1,024 rows")
}

// The cases, in the seeded sandbox with every contact loaded: "northwind" and "berg"
// rank only true matches (the text as typed in the name, email, company or a secondary email)
// above the cut-off; the rest is close or out.
func TestRankSeededNorthwindAndBerg(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv := hubspottest.NewServer(t, hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: -1}, SearchPerSecond: -1})
		fam.Watch(t, srv)
		c, err := api.New(api.Config{BaseURL: srv.URL, Token: srv.Token, APIVersion: fam.Version})
		require.NoError(t, err)
		cols := columns{keys: config.DefaultColumns()}
		var objs []*api.Object
		for after := ""; ; {
			p, err := c.ListContacts(context.Background(), api.ListOptions{Limit: 100, After: after, Properties: cols.properties()})
			require.NoError(t, err)
			objs = append(objs, p.Results...)
			if p.After == "" {
				break
			}
			after = p.After
		}
		rows := cols.rows(nil, objs)
		ix := newRankIndex(rows, cols.keys)
		truly := func(r row, text string) bool {
			for _, f := range append([]string{r.Value.name, r.Value.email, r.Value.company}, r.Value.secondary...) {
				if strings.Contains(strings.ToLower(f), text) {
					return true
				}
			}
			return false
		}
		for _, tc := range []struct {
			text  string
			first string // the best match's email
			n     int    // how many true matches the seed holds
		}{
			{"northwind", hubspottest.FirstContactEmail, 4},
			{"berg", hubspottest.CustomerContactEmail, 0},
		} {
			a := ix.rank(tc.text, nil, nil)
			var want int
			for _, r := range rows {
				if truly(r, tc.text) {
					want++
				}
			}
			if tc.n > 0 {
				assert.Equal(t, tc.n, want, "the seed's %s contacts", tc.text)
			}
			require.Equal(t, want, a.matches, "%q: every true match above the cut-off, nothing else", tc.text)
			for i, h := range a.hits {
				assert.Equal(t, i < a.matches, truly(rows[h.row], tc.text), "%q: %q", tc.text, rows[h.row].Cells)
			}
			assert.Equal(t, tc.first, rows[a.hits[0].row].Value.email)
			t.Logf("%q: %d matches, %d close, of %d contacts", tc.text, a.matches, len(a.hits)-a.matches, len(rows))
		}
	})
}
