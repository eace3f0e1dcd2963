package ui

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/index"
)

// Find over the local index: with the index synced and find not within a view's filter, words
// are found in the whole portal at every keystroke (internal/index: the same ranking), exact
// emails and secondary emails included; HubSpot's search is not asked for words. Filter terms
// run on the index too when it keeps their properties (pageQuery.fromIndex). The answer's rows are ranked again here, so what is shown, highlighted
// and exported works as it does over loaded rows.

// indexFindRows is how many of the index's hits find shows.
const indexFindRows = 500

// fromIndex: the words are found in the local index.
func (f *findPane) fromIndex() bool {
	ix := f.env.index
	return ix != nil && f.scope.empty() && ix.State().Complete
}

type indexFound struct {
	ix       *rankIndex
	a        rankAnswer
	count    int
	estimate bool
}

// findInIndex asks the index for the words, off the UI goroutine.
func (f *findPane) findInIndex() tea.Cmd {
	if f.listIx == nil {
		f.listRows, f.listIx = f.loaded, f.index
	}
	gen, text, e, cols := f.gen, f.query.Text(), f.env, f.cols
	sort := index.Sort{}
	if f.cols.defs != nil {
		sort = pageQuery{cols: f.cols, sortBy: f.sortBy, desc: f.desc}.indexSort(index.TypesOf(f.cols.defs.list))
	}
	return request(&f.paneBase, nil, "", func(context.Context) (indexFound, error) {
		hits, found := e.index.Find(text, sort, indexFindRows)
		objs := make([]*api.Object, len(hits))
		for i, h := range hits {
			objs[i] = &api.Object{ID: h.ID, Type: api.ObjectContacts, Properties: h.Props}
		}
		rows := cols.rows(nil, objs)
		rix := newRankIndex(rows, cols.keys)
		return indexFound{ix: rix, a: rix.rank(text, nil, nil), count: found.Matches, estimate: found.Estimate}, nil
	}, func(a indexFound, _ error) tea.Cmd {
		if gen != f.gen {
			return nil // an answer for text no longer on screen
		}
		f.loaded, f.index = a.ix.src, a.ix
		f.local, f.prev, f.prevText = &a.a, nil, ""
		f.ixCount, f.ixEstimate = a.count, a.estimate
		f.searched, f.gotExact = true, true
		f.show()
		return f.openIfReady()
	})
}

// indexInfo is the status line's count for an answer from the index.
func (f *findPane) indexInfo() string {
	n := thousands(f.ixCount)
	if f.ixEstimate {
		n = "about " + n
	}
	s := "  " + n + " " + map[bool]string{true: "match", false: "matches"}[f.ixCount == 1 && !f.ixEstimate]
	if f.matches < f.ixCount {
		s += " (first " + thousands(f.matches) + " shown)"
	}
	if f.close > 0 {
		s += " · " + thousands(f.close) + " close"
	}
	return s + " · the local index"
}

// filterQuery is the list's query for find's terms (and words), within the view.
func (f *findPane) filterQuery(after string) pageQuery {
	return pageQuery{cols: f.cols, sortBy: f.sortBy, desc: f.desc, after: after, scope: f.scope.and(f.query), scoped: true}
}

// local: the local index answers q (pageQuery.fromIndex, every property it names kept).
func (q pageQuery) local(e *env) bool {
	iq, ok := q.fromIndex(e)
	return ok && e.index.Answers(iq) == nil
}
