package ui

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/filter"
)

// shownRow is a row as find shows it, with its highlight.
type shownRow struct {
	r  row
	hl []int
}

// referenceLayout is find's answer laid out the plain way, row by row (as find did before it
// laid out runs of the ranked rows): the exact match, the loaded matches and HubSpot's merged by
// rank (each contact once), HubSpot's unexplained, the cut-off and the close ones.
func referenceLayout(f *findPane, local rankAnswer) (shown []shownRow, matches, close int) {
	q := newRankQuery(f.query.Text())
	ix := f.index
	add := func(from *rankIndex, h hit) {
		if h.kind == fieldSecondary && h.tier != tierWords {
			if r, hl, ok := f.secondaryRow(from, h, q); ok {
				shown = append(shown, shownRow{r, hl})
				return
			}
		}
		shown = append(shown, shownRow{from.src.Row(int(h.row)), from.offsets(h, q.Text)})
	}
	localMatch := map[string]bool{}
	for _, h := range local.hits[:local.matches] {
		localMatch[ix.src.ID(int(h.row))] = true
	}
	fromHub := map[string]bool{}
	var server []hit
	if f.extraIx != nil {
		server = f.extraIx.rank(q.Text, nil, nil).hits
		for _, r := range f.extra[:f.exactN] {
			shown = append(shown, shownRow{r: r})
			fromHub[r.ID] = true
		}
	}
	li, si := 0, 0
	for li < local.matches || si < len(server) && server[si].tier < tierClose {
		switch {
		case si < len(server) && server[si].tier < tierClose && (li >= local.matches || server[si].group() < local.hits[li].group()):
			h := server[si]
			si++
			if id := f.extra[h.row].ID; !localMatch[id] && !fromHub[id] {
				fromHub[id] = true
				add(f.extraIx, h)
			}
		default:
			h := local.hits[li]
			li++
			if !fromHub[ix.src.ID(int(h.row))] {
				add(ix, h)
			}
		}
	}
	for _, r := range f.extra {
		if !fromHub[r.ID] && !localMatch[r.ID] {
			fromHub[r.ID] = true
			shown = append(shown, shownRow{r: r})
		}
	}
	matches = len(shown)
	rule := -1
	for _, h := range local.hits[local.matches:] {
		if fromHub[ix.src.ID(int(h.row))] {
			continue
		}
		if rule < 0 {
			rule = len(shown)
			shown = append(shown, shownRow{})
		}
		close++
		add(ix, h)
	}
	if rule >= 0 {
		shown[rule] = shownRow{r: f.cutoff(close)}
	}
	return shown, matches, close
}

// Find lays out its answer in runs of the ranked rows, made as they are drawn; what it shows is
// exactly the plain layout, row by row and highlight by highlight, over random contacts, random
// HubSpot answers (some of them loaded, some found by a secondary email, an exact match) and
// random texts.
func TestFindLayoutIsThePlainLayout(t *testing.T) {
	first := []string{"Maria", "Mario", "Anna", "Jonas", "Zoë", "Ärne", "Bert", "Ma"}
	last := []string{"Berg", "Goldberg", "Garcia", "Marsh", "Okafor", "Öberg", "Kamau"}
	company := []string{"Northwind", "Marsh & Co", "Acme", "Bergen Labs", "", "Mamma Mia"}
	rnd := rand.New(rand.NewPCG(7, 8))
	pick := func(ws []string) string { return ws[rnd.IntN(len(ws))] }
	contactRow := func(id int) row {
		f, l := pick(first), pick(last)
		var sec []string
		if rnd.IntN(4) == 0 {
			sec = append(sec, strings.ToLower(pick(last))+fmt.Sprint(id)+"@"+strings.ToLower(pick(first))+".example")
		}
		email := strings.ToLower(f) + "." + strings.ToLower(l) + fmt.Sprint(id%7) + "@example.com"
		return rankRow(fmt.Sprint(id), f, l, email, pick(company), sec...)
	}
	var loaded []row
	for i := range 400 {
		loaded = append(loaded, contactRow(i))
	}
	texts := []string{"m", "ma", "mar", "berg", "berg ma", "ma berg", "ö", "öberg", "nwd", "mamma", "example", "o", "zz", "a m"}
	for round := range 400 {
		text := texts[round%len(texts)]
		f := newFindPane(testEnv(), columns{keys: config.DefaultColumns()}, loaded)
		f.SetSize(120, 30)
		f.text = text
		q, err := filter.Parse(text, f.env.filterEnv(nil))
		require.NoError(t, err)
		f.query = q
		local := f.index.rank(text, nil, nil)
		f.local = &local
		if round%3 != 0 { // HubSpot answered: some loaded contacts, some not, maybe an exact one
			var extra []row
			for range rnd.IntN(12) {
				if rnd.IntN(2) == 0 { // a loaded contact, often one of the ranked ones
					r := loaded[rnd.IntN(len(loaded))]
					if len(local.hits) > 0 && rnd.IntN(2) == 0 {
						r = loaded[local.hits[rnd.IntN(len(local.hits))].row]
					}
					extra = append(extra, r)
				} else {
					extra = append(extra, contactRow(1000+rnd.IntN(50)))
				}
			}
			extra = uniqueRows(extra)
			if len(extra) > 0 && rnd.IntN(3) == 0 {
				f.exactN = 1 // the exact match leads; HubSpot's search may find it too
				if rnd.IntN(2) == 0 {
					extra = append(extra, extra[0])
				}
			}
			f.extra, f.extraIx = extra, newRankIndex(extra, f.cols.keys)
		}
		f.show()
		want, matches, close := referenceLayout(f, local)
		require.Equal(t, len(want), f.table.Len(), "%q round %d: rows shown", text, round)
		require.Equal(t, matches, f.matches, "%q: matches", text)
		require.Equal(t, close, f.close, "%q: close", text)
		for pos, w := range want {
			require.Equal(t, w.r, f.table.At(pos), "%q round %d: row %d", text, round, pos)
			require.Equal(t, w.hl, f.table.Highlight(pos), "%q round %d: highlight of row %d", text, round, pos)
			if w.r.ID != "" {
				at, ok := f.shown.Find(w.r.ID)
				require.True(t, ok)
				require.Equal(t, w.r.ID, f.table.At(at).ID)
				require.LessOrEqual(t, at, pos, "the first row showing it")
			}
		}
	}
}

func uniqueRows(rows []row) []row {
	seen := map[string]bool{}
	var out []row
	for _, r := range rows {
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	return out
}
