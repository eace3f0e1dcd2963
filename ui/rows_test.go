package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/config"
)

// seededRows are the seeded sandbox's contacts (hostile values among them) as the list formats
// them, then a few made to try the edges: letters beyond ASCII with capitals, secondary
// emails, no name, a cell over 64 KiB, the same id twice.
func seededRows(t *testing.T) []row {
	srv := hubspottest.NewServer(t, hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: -1}, SearchPerSecond: -1})
	c, err := api.New(api.Config{BaseURL: srv.URL, Token: srv.Token})
	require.NoError(t, err)
	cols := columns{keys: config.DefaultColumns()}
	var objs []*api.Object
	for after := ""; ; {
		p, err := c.ListContacts(context.Background(), api.ListOptions{Limit: 100, After: after, Properties: cols.properties()})
		require.NoError(t, err)
		objs = append(objs, p.Results...)
		if after = p.After; after == "" {
			break
		}
	}
	rows := cols.rows(nil, objs)
	rows = append(rows,
		rankRow("e1", "Zoë", "Ärger", "ZOE@Example.com", "Ärger & Söhne", "berg@Okafor.example", "İstanbul@example.com"),
		rankRow("e2", "", "", "nobody@example.com", ""),
		rankRow("e3", "Long", "Company", "long@example.com", strings.Repeat("Ab", 40_000)),
		rankRow("e4", "KELVIN", "\u212a", "k@example.com", "K"),
		rankRow("e1", "Zoë", "Again", "zoe2@example.com", "Acme"))
	return rows
}

// The compact rows give back every row exactly as it was made, and find a row by its id.
func TestContactRowsHoldEveryRowExactly(t *testing.T) {
	rows := seededRows(t)
	held := newContactRows(rows)
	require.Equal(t, len(rows), held.Len())
	assert.Greater(t, len(held.pages), 1)
	for i, r := range rows {
		require.Equal(t, r, held.Row(i), "row %d", i)
		require.Equal(t, r.ID, held.ID(i))
		j, ok := held.Find(r.ID)
		require.True(t, ok, r.ID)
		last := 0
		for k := range rows {
			if rows[k].ID == r.ID {
				last = k
			}
		}
		assert.Equal(t, last, j, "the last row with id %s", r.ID)
	}
	_, ok := held.Find("no such id")
	assert.False(t, ok)

	// Added page by page, as the list loads, it holds the same.
	var paged contactRows
	for k := 0; k < len(rows); k += 100 {
		paged = paged.with(encodePages(rows[k:min(k+100, len(rows))]))
	}
	before := paged
	for i, r := range rows {
		require.Equal(t, r, paged.Row(i))
	}
	more := paged.with(encodePages([]row{rankRow("later", "Later", "One", "later@example.com", "")}))
	_, ok = before.Find("later")
	assert.False(t, ok, "rows added after a value was taken are not its own")
	i, ok := more.Find("later")
	assert.True(t, ok)
	assert.Equal(t, len(rows), i)
}

// A save or a delete gives the rows applied gives.
func TestContactRowsApplyChanges(t *testing.T) {
	rows := seededRows(t)
	held := newContactRows(rows)
	saved := &api.Object{ID: rows[300].ID, Properties: map[string]string{"firstname": "Saved", "lastname": "Again", "email": "saved@example.com"}}
	cols := columns{keys: config.DefaultColumns()}
	for _, m := range []changedMsg{
		{saved: saved},
		{deleted: []string{rows[5].ID, rows[700].ID, "e1"}},
		{saved: saved, deleted: []string{rows[0].ID}},
		{updated: []string{rows[9].ID}},
	} {
		want, wantOK := m.applied(rows, cols)
		got, ok := m.appliedRows(held, cols)
		require.Equal(t, wantOK, ok, "%+v", m)
		require.Equal(t, len(want), got.Len())
		for i, r := range want {
			require.Equal(t, r, got.Row(i))
			j, ok := got.Find(r.ID)
			require.True(t, ok)
			assert.Equal(t, r.ID, got.ID(j))
		}
	}
}

// Find ranks the compact rows (their fields compared as shown, folding ASCII capitals) exactly
// as over lower-cased copies of every field, on the seeded contacts.
func TestRankOverCompactRowsIsTheLowerCasedRank(t *testing.T) {
	rows := seededRows(t)
	ix := newRankIndex(rows, config.DefaultColumns())
	for _, text := range []string{"a", "m", "ma", "berg", "BERG", "ärg", "zoë", "İst", "k", "\u212a", "ab",
		"north wind", "jonas berg", "example.com", "nwind", "@", "1", "zz", "e"} {
		q := newRankQuery(text)
		var want []hit
		for i := range rows {
			if h, ok := match(i, appendFields(nil, &rows[i], ix.keys), q); ok {
				want = append(want, h)
			}
		}
		slices.SortStableFunc(want, func(a, b hit) int { return a.group() - b.group() })
		got := ix.rank(text, nil, nil)
		require.Equal(t, len(want), len(got.hits), text)
		for k := range want {
			require.Equal(t, want[k], got.hits[k], "%q: hit %d", text, k)
		}
	}
}

// A keystroke's rank reuses the buffers of an answer find no longer shows.
func TestRankReusesRetiredAnswers(t *testing.T) {
	var rows []row
	for i := range 5000 {
		rows = append(rows, rankRow(fmt.Sprint(i), "Maria", fmt.Sprint("Garcia", i), fmt.Sprintf("m%d@example.com", i), "Acme"))
	}
	ix := newRankIndex(rows, config.DefaultColumns())
	first := ix.rankNext("m", nil, nil)
	second := ix.rankNext("ma", &first, nil)
	assert.Equal(t, ix.rank("ma", nil, nil), second, "narrowed from m's answer")
	ix.retire(&first)
	third := ix.rankNext("mar", &second, nil)
	assert.Same(t, &first.hits[0], &third.hits[:1][0], "mar's hits fill m's buffer")
	ix.retire(&third)
	fourth := ix.rankNext("mari", &third, nil)
	assert.NotSame(t, &third.hits[0], &fourth.hits[:1][0], "never the buffer it narrows from")
}

// Keystrokes' ranks run one after another off the UI goroutine while the UI retires the answers
// it drops or replaces, as find does: every answer that lands for the text on screen is that
// text's, and (under -race) no buffer is filled while another reads it.
func TestRankPoolWhileTyping(t *testing.T) {
	var rows []row
	for i := range 3000 {
		rows = append(rows, rankRow(fmt.Sprint(i), []string{"Maria", "Mario", "Bert"}[i%3], fmt.Sprint("Berg", i%17),
			fmt.Sprintf("m%d@example.com", i), "Acme"))
	}
	ix := newRankIndex(rows, config.DefaultColumns())
	texts := []string{"m", "ma", "mar", "mari", "maria", "mari", "b", "be", "ber", "berg", "berg1", "m", "ma"}
	for round := range 20 {
		var latest atomic.Int64
		answers := make(chan landed, len(texts))
		var prev *rankAnswer
		prevText, got := "", -1
		for gen, text := range texts {
			latest.Store(int64(gen))
			var within *rankAnswer
			if prev != nil && strings.HasPrefix(text, prevText) {
				within = prev
			}
			go func() {
				answers <- landed{gen, text, ix.rankNext(text, within, func() bool { return latest.Load() != int64(gen) })}
			}()
			if round%2 == 0 && gen%3 == 2 { // the UI takes what has landed before the next key
			drain:
				for {
					select {
					case l := <-answers:
						prev, prevText, got = take(t, ix, l, int(latest.Load()), prev, prevText, got)
					default:
						break drain
					}
				}
			}
		}
		for got != len(texts)-1 {
			prev, prevText, got = take(t, ix, <-answers, int(latest.Load()), prev, prevText, got)
		}
	}
}

// take is find's handling of a rank's answer: dropped (and retired) when it is not for the
// latest text, else shown in place of the one before (retired).
func take(t *testing.T, ix *rankIndex, l landed, latest int, prev *rankAnswer, prevText string, got int) (*rankAnswer, string, int) {
	if l.gen != latest {
		ix.retire(&l.a)
		return prev, prevText, got
	}
	require.Equal(t, ix.rank(l.text, nil, nil), l.a, l.text)
	ix.retire(prev)
	return &l.a, l.text, l.gen
}

// landed is a rank's answer as it reaches the UI goroutine.
type landed struct {
	gen  int
	text string
	a    rankAnswer
}
