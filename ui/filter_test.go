package ui

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/sahilm/fuzzy"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFilterMatchesBestFirstWithOffsets(t *testing.T) {
	rows := []row{
		newRow("1", []string{"Grace Hopper", "grace@navy.mil"}),
		newRow("2", []string{"Ada Lovelace", "ada@example.com"}),
		newRow("3", []string{"Alan Turing", "alan@example.com"}),
	}
	a := filterQuery{seq: 7, pattern: "ada", rows: rows}.run()
	assert.Equal(t, 7, a.seq)
	require.NotEmpty(t, a.view)
	assert.Equal(t, 1, a.view[0], "Ada first")
	require.Len(t, a.hl[0], 3, "one offset per pattern rune")
	key := rows[1].key
	for i, o := range a.hl[0] {
		assert.Equal(t, "ada"[i], key[o]|0x20, "offset %d points at the matched letter", o)
	}
	assert.NotContains(t, a.view, 0, "Grace has no d after an a")

	all := filterQuery{pattern: "  ", rows: rows}.run()
	assert.Nil(t, all.view, "a blank pattern shows every row")
}

func TestFilterNarrowingGivesTheSameAnswer(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	letters := []rune("abcdeé@. xyz")
	word := func(n int) string {
		r := make([]rune, n)
		for i := range r {
			r[i] = letters[rng.IntN(len(letters))]
		}
		return string(r)
	}
	rows := make([]row, 500)
	for i := range rows {
		rows[i] = newRow(itoa(i), []string{word(8), word(12)})
	}
	for range 60 {
		short := word(1 + rng.IntN(3))
		long := short + word(1+rng.IntN(3))
		prev := filterQuery{pattern: short, rows: rows}.run()
		within := narrowing(&prev, long, rows)
		if strings.TrimSpace(short) == "" {
			continue // a blank pattern shows all: nothing to narrow
		}
		require.NotNil(t, within)
		narrowed := filterQuery{pattern: long, rows: rows, within: within}.run()
		full := filterQuery{pattern: long, rows: rows}.run()
		a, b := slices.Clone(narrowed.view), slices.Clone(full.view)
		slices.Sort(a)
		slices.Sort(b)
		require.Equal(t, b, a, "pattern %q after %q", long, short)
	}
}

func TestNarrowingOnlyWhenSafe(t *testing.T) {
	rows := []row{newRow("1", []string{"a"}), newRow("2", []string{"b"})}
	prev := filterQuery{pattern: "a", rows: rows}.run()
	assert.NotNil(t, narrowing(&prev, "ab", rows))
	assert.Nil(t, narrowing(&prev, "b", rows), "not an extension")
	assert.Nil(t, narrowing(&prev, "ab", slices.Clone(rows)), "other rows")
	assert.Nil(t, narrowing(nil, "ab", rows))
}

// TestFilterRunIsFuzzyFindFrom checks the split, the quick pre-test and the index mapping: the
// answer is exactly fuzzy.FindFrom's over the same rows.
func TestFilterRunIsFuzzyFindFrom(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	letters := []rune("abcABCé@._ xyZ")
	word := func(n int) string {
		r := make([]rune, n)
		for i := range r {
			r[i] = letters[rng.IntN(len(letters))]
		}
		return string(r)
	}
	rows := make([]row, 2*minPart+100) // two parts on two CPUs or more
	keys := make([]string, len(rows))
	for i := range rows {
		rows[i] = newRow(itoa(i), []string{word(6), word(10)})
		keys[i] = rows[i].key
	}
	for _, pattern := range []string{"a", "é", "c@x", "AbC"} {
		got := filterQuery{pattern: pattern, rows: rows}.run()
		want := fuzzy.Find(pattern, keys)
		require.Len(t, got.view, len(want), pattern)
		for i, m := range want {
			require.Equal(t, m.Index, got.view[i], "%q position %d", pattern, i)
			require.Equal(t, m.MatchedIndexes, got.hl[i])
		}
	}
}

func TestFilterStopsWhenSuperseded(t *testing.T) {
	rows := make([]row, 3*minPart)
	for i := range rows {
		rows[i] = newRow(itoa(i), []string{"same text"})
	}
	latest := new(atomic.Int64)
	latest.Store(2)
	a := filterQuery{seq: 1, pattern: "same", rows: rows, latest: latest}.run()
	assert.Empty(t, a.view, "a newer query started: this one gave up")
}

func TestMayMatch(t *testing.T) {
	assert.True(t, mayMatch("Ada Lovelace", "alv"))
	assert.True(t, mayMatch("ADA", "ada"))
	assert.False(t, mayMatch("Ada", "adx"))
	assert.True(t, mayMatch("José", "jx"), "not ASCII: fuzzy decides")
}
