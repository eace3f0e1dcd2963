package index

import (
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/hubcontacts/hubcontacts/api"
)

// Query is what the list asks of HubSpot's search, answered from the index: filter groups
// (ORed; each group's filters ANDed), free text, and a sort.
type Query struct {
	Groups []api.FilterGroup
	Text   string
	Sort   Sort
	// Types says how search compares each property (TypesOf HubSpot's definitions).
	Types Types
}

// NotLocalError says why a query cannot be answered from the index: a property it does not
// keep, or a filter HubSpot would refuse (which HubSpot, asked, says best).
type NotLocalError struct{ Why string }

func (e *NotLocalError) Error() string { return "not from the local index: " + e.Why }

// IsNotLocal reports whether err says a query must go to HubSpot.
func IsNotLocal(err error) bool {
	var e *NotLocalError
	return errors.As(err, &e)
}

// Selection is the contacts a query selects, in its order, as they were when it was made (a
// contact changed since shows its new values; one deleted since shows none). Safe for
// concurrent use.
type Selection struct {
	ix   *Index
	ord  *Order
	rows []uint32 // the selected rows in order; nil: every row of ord
}

// Len is how many contacts are selected.
func (s *Selection) Len() int {
	if s.rows == nil {
		return len(s.ord.Rows)
	}
	return len(s.rows)
}

func (s *Selection) row(pos int) uint32 {
	if s.rows == nil {
		return s.ord.Rows[pos]
	}
	return s.rows[pos]
}

// ID is the id of the contact at pos ("" when deleted since).
func (s *Selection) ID(pos int) string {
	s.ix.mu.RLock()
	defer s.ix.mu.RUnlock()
	if id := s.ix.t.ids[s.row(pos)]; id != 0 {
		return strconv.FormatInt(id, 10)
	}
	return ""
}

// Row is the contact at pos, with its values now.
func (s *Selection) Row(pos int) Row {
	s.ix.mu.RLock()
	defer s.ix.mu.RUnlock()
	r := s.row(pos)
	if s.ix.t.ids[r] == 0 {
		return Row{}
	}
	return s.ix.row(r)
}

// Pos is the place of a contact in the selection; false when it is not selected.
func (s *Selection) Pos(id string) (int, bool) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return 0, false
	}
	s.ix.mu.RLock()
	r, ok := s.ix.t.Row(n)
	s.ix.mu.RUnlock()
	if !ok {
		return 0, false
	}
	p := s.ord.Pos(r)
	if p == noPos {
		return 0, false
	}
	if s.rows == nil {
		return int(p), true
	}
	// The selected rows stand in the order's order: search by their places in it.
	i, found := slices.BinarySearchFunc(s.rows, p, func(row, p uint32) int {
		return int(int64(s.ord.Pos(row)) - int64(p))
	})
	return i, found
}

// Select answers a query from the index: its contacts in its order, exactly those HubSpot's
// search would find (without its 10,000-result cap or its lag). A *NotLocalError says when it
// cannot: a property the index does not keep (the free text needs every property search looks
// in), or a filter HubSpot would refuse.
func (ix *Index) Select(q Query) (*Selection, error) {
	pred, err := ix.predicate(q)
	if err != nil {
		return nil, err
	}
	if err := ix.sortable(q); err != nil {
		return nil, err
	}
	ix.mu.Lock() // an order is built and cached on first use
	defer ix.mu.Unlock()
	o := ix.t.Order(q.Sort)
	s := &Selection{ix: ix, ord: o}
	if pred == nil {
		return s, nil
	}
	s.rows = make([]uint32, 0, 64)
	keep := pred(ix.t)
	for _, r := range o.Rows {
		if keep(r) {
			s.rows = append(s.rows, r)
		}
	}
	return s, nil
}

// Answers reports whether Select can answer q (nil), or why not (a *NotLocalError), without
// selecting anything.
func (ix *Index) Answers(q Query) error {
	if _, err := ix.predicate(q); err != nil {
		return err
	}
	return ix.sortable(q)
}

func (ix *Index) sortable(q Query) error {
	if q.Sort.Prop != "" && !ix.Indexed(q.Sort.Prop) {
		return &NotLocalError{Why: q.Sort.Prop + " is not indexed"}
	}
	return nil
}

// rowTest tests a row; a predicate makes one for a table (under its lock).
type (
	rowTest   func(r uint32) bool
	predicate func(t *Table) rowTest
)

// predicate compiles the query's filters and text; nil when it selects every contact.
func (ix *Index) predicate(q Query) (predicate, error) {
	var groups [][]cond
	var props [][]string
	for _, g := range q.Groups {
		var cs []cond
		var ps []string
		for _, f := range g.Filters {
			if !ix.Indexed(f.Property) {
				return nil, &NotLocalError{Why: f.Property + " is not indexed"}
			}
			t, ok := q.Types(f.Property)
			if !ok {
				return nil, &NotLocalError{Why: "no definition of " + f.Property}
			}
			c, ok := compile(f, t)
			if !ok {
				return nil, &NotLocalError{Why: fmt.Sprintf("HubSpot would refuse %s %s %q", f.Property, f.Operator, f.Value)}
			}
			cs, ps = append(cs, c), append(ps, f.Property)
		}
		groups, props = append(groups, cs), append(props, ps)
	}
	words := compileText(q.Text)
	var in []string // the properties the free text looks in that the portal has
	if len(words) > 0 {
		for _, p := range queryProps {
			if _, defined := q.Types(p); !defined {
				continue // none of its contacts has a value of it
			}
			if !ix.Indexed(p) {
				return nil, &NotLocalError{Why: "free text looks in " + p + ", which is not indexed"}
			}
			in = append(in, p)
		}
	}
	if len(groups) == 0 && len(words) == 0 {
		return nil, nil
	}
	return func(t *Table) rowTest {
		var text rowTest
		if len(words) > 0 {
			text = t.textTest(words, in)
		}
		var ors []rowTest
		for i, g := range groups {
			var ands []rowTest
			for j := range g {
				ands = append(ands, t.condTest(props[i][j], &g[j]))
			}
			ors = append(ors, all(ands))
		}
		return func(r uint32) bool {
			if text != nil && !text(r) {
				return false
			}
			if len(ors) == 0 {
				return true
			}
			for _, or := range ors {
				if or(r) {
					return true
				}
			}
			return false
		}
	}, nil
}

func all(ts []rowTest) rowTest {
	return func(r uint32) bool {
		for _, t := range ts {
			if !t(r) {
				return false
			}
		}
		return true
	}
}

// condTest tests rows against a filter of prop: a column's distinct values are tested once
// each; a column of times compares its milliseconds.
func (t *Table) condTest(prop string, c *cond) rowTest {
	col := &t.cols[t.col[prop]]
	if col.isTime {
		if c.numeric() && c.typ.Kind == KindTime {
			switch c.op {
			case api.OpHasProperty, api.OpNotHasProperty, api.OpContainsToken, api.OpNotContainsToken:
			default:
				return func(r uint32) bool {
					ms := col.times[r]
					return ms != noTime && c.matchNumber(float64(ms))
				}
			}
		}
		return func(r uint32) bool { return c.match(col.at(r)) }
	}
	return col.memo(c.match)
}

// textTest tests rows against the free-text words: each must be held by one of the
// properties search looks in (props).
func (t *Table) textTest(words []queryWord, props []string) rowTest {
	var tests []rowTest
	for _, w := range words {
		var any []rowTest
		for _, p := range props {
			col := &t.cols[t.col[p]]
			if col.isTime {
				any = append(any, func(r uint32) bool { return w.matches(p, col.at(r)) })
			} else {
				any = append(any, col.memo(func(v string) bool { return w.matches(p, v) }))
			}
		}
		tests = append(tests, func(r uint32) bool {
			for _, a := range any {
				if a(r) {
					return true
				}
			}
			return false
		})
	}
	return all(tests)
}

// memo tests a row's value by f, each distinct value once.
func (c *column) memo(f func(v string) bool) rowTest {
	known := make([]uint8, len(c.off)-1) // 0 not yet, 1 no, 2 yes
	return func(r uint32) bool {
		code := c.codes[r]
		if int(code) >= len(known) { // a value added since
			return f(c.value(code))
		}
		switch known[code] {
		case 1:
			return false
		case 2:
			return true
		}
		ok := f(c.value(code))
		known[code] = 1
		if ok {
			known[code] = 2
		}
		return ok
	}
}
