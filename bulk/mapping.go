package bulk

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

// The columns the failures file adds; an import skips them, so a fixed failures file imports
// as it is.
const (
	ErrorColumn = "hubcontacts_error"
	LineColumn  = "hubcontacts_line"
)

// DefaultKey is the key column's property unless told otherwise.
const DefaultKey = "email"

// Column is one column of the file and the property it fills.
type Column struct {
	Index  int
	Header string
	// Property is the property the column fills; nil when the column is skipped.
	Property *api.Property
	// By says how the header matched: "name", "label" or "--map".
	By string
	// Skipped says why a column is not imported ("" when it is).
	Skipped string
	// Unmapped says why the header names no one property ("matches no property", "could be any
	// of firstname, lastname"); "" when the column maps or is skipped. A file with such a column
	// is not imported until a choice (MapOptions.Map) names its property or skips it.
	Unmapped string
	// Candidates are, for an unmapped column, the properties it could be, or the one closest
	// to its header (none when nothing is close).
	Candidates []*api.Property
}

// Mapping is the file's header matched to properties.
type Mapping struct {
	Columns []Column
	Key     *api.Property // the key column's property (email, or another unique property)
	KeyCol  int           // the key column's index
	loc     *time.Location
}

// MapOptions adjust the mapping: the key property (name or label; default email), explicit
// header → property choices (a "" property skips the column), and the time zone of the dates
// and times the file writes without one (nil: this machine's).
type MapOptions struct {
	Key string
	Map map[string]string
	Loc *time.Location
}

// Value checks one cell against its property by the rules the edit form uses (internal/value)
// and returns the value to send (1200 for 1,200, an option's internal value for its label, a
// lower-cased email, true for yes, epoch milliseconds for a date), or why it would be refused.
func (m *Mapping) Value(p *api.Property, cell string) (string, error) {
	return value.For(p, m.loc).Parse(cell)
}

// MappingError lists everything wrong with the header; nothing is imported until it is fixed.
// Columns is every column of the header, as far as it maps: those that need a choice have
// Unmapped set (the TUI asks for each). Others are the problems that are not a column needing
// a choice (two columns on one property, a key no column fills).
type MappingError struct {
	Problems []string
	Columns  []Column
	Others   []string
}

func (e *MappingError) Error() string {
	return "the header does not map onto HubSpot's properties: " + strings.Join(e.Problems, "; ")
}

// MapHeader matches each header to a property: by internal name, else by label (both ignoring
// case), else loosely (ignoring spaces and punctuation). Read-only properties are skipped with a
// note. Unknown, ambiguous or repeated columns, and a missing or non-unique key, are errors.
func MapHeader(header []string, props []api.Property, o MapOptions) (*Mapping, error) {
	ix := newPropIndex(props)
	m := &Mapping{KeyCol: -1, loc: o.Loc}
	if m.loc == nil {
		m.loc = time.Local
	}
	var problems, others []string
	var all []Column
	used := map[string]int{}
	for i, h := range header {
		col, problem := ix.column(i, h, o.Map)
		all = append(all, col)
		if problem != "" {
			problems = append(problems, problem)
			continue
		}
		if col.Property != nil {
			if j, dup := used[col.Property.Name]; dup {
				others = append(others, fmt.Sprintf("columns %q and %q both fill %s; keep one", header[j], h, col.Property.Name))
			}
			used[col.Property.Name] = i
		}
		m.Columns = append(m.Columns, col)
	}
	others = append(others, unusedMaps(header, o.Map)...)
	others = append(others, m.setKey(ix, o.Key, used)...)
	if problems = append(problems, others...); len(problems) > 0 {
		return nil, &MappingError{Problems: problems, Columns: all, Others: others}
	}
	return m, nil
}

// Notes lists the skipped columns and why, for the preview.
func (m *Mapping) Notes() []string {
	var out []string
	for _, c := range m.Columns {
		if c.Skipped != "" {
			out = append(out, fmt.Sprintf("column %q is skipped: %s", c.Header, c.Skipped))
		}
	}
	return out
}

// Imported returns the columns that are imported (the key column included).
func (m *Mapping) Imported() []Column {
	var out []Column
	for _, c := range m.Columns {
		if c.Property != nil {
			out = append(out, c)
		}
	}
	return out
}

func (m *Mapping) setKey(ix *propIndex, key string, used map[string]int) []string {
	if key == "" {
		key = DefaultKey
	}
	p := ix.find(key)
	switch {
	case p == nil:
		return []string{fmt.Sprintf("the key %q is not a HubSpot property", key)}
	case p.Name != "email" && !p.Unique:
		return []string{fmt.Sprintf("the key %s cannot identify a contact: use email or a property with unique values", p.Name)}
	}
	i, ok := used[p.Name]
	if !ok {
		return []string{fmt.Sprintf("no column fills the key %s; add one, or choose another key", p.Name)}
	}
	m.Key, m.KeyCol = p, i
	return nil
}

// unusedMaps reports explicit choices naming a header the file does not have.
func unusedMaps(header []string, choices map[string]string) []string {
	have := map[string]bool{}
	for _, h := range header {
		have[strings.TrimSpace(h)] = true
	}
	var out []string
	for h := range choices {
		if !have[strings.TrimSpace(h)] {
			out = append(out, fmt.Sprintf("--map names a column %q the file does not have", h))
		}
	}
	sort.Strings(out)
	return out
}

// propIndex finds properties by name, label or loose spelling.
type propIndex struct {
	props   []api.Property
	byName  map[string]int
	byLabel map[string][]int
	byLoose map[string][]int
}

func newPropIndex(props []api.Property) *propIndex {
	ix := &propIndex{props: props, byName: map[string]int{}, byLabel: map[string][]int{}, byLoose: map[string][]int{}}
	for i, p := range props {
		ix.byName[strings.ToLower(p.Name)] = i
		ix.byLabel[labelKey(p.Label)] = append(ix.byLabel[labelKey(p.Label)], i)
		for _, k := range uniq(looseKey(p.Name), looseKey(p.Label)) {
			ix.byLoose[k] = append(ix.byLoose[k], i)
		}
	}
	return ix
}

// column maps one header, or says what is wrong with it.
func (ix *propIndex) column(i int, h string, choices map[string]string) (Column, string) {
	col := Column{Index: i, Header: h}
	name := strings.TrimSpace(h)
	if target, ok := choices[name]; ok {
		return ix.chosen(col, target)
	}
	if name == ErrorColumn || name == LineColumn {
		col.Skipped = "hubcontacts' note from an earlier import"
		return col, ""
	}
	p, by, why, cands := ix.match(name)
	if p == nil {
		col.Unmapped, col.Candidates = why, cands
		advice := fmt.Sprintf("name a property with --map %s=NAME, or skip it with --map %s=", short(name), short(name))
		if len(cands) > 1 { // a header that could be any of several
			advice = fmt.Sprintf("choose with --map %s=NAME", short(name))
		}
		return col, "column " + short(name) + " " + why + "; " + advice
	}
	col.Property, col.By = p, by
	return withReadOnly(col), ""
}

func (ix *propIndex) chosen(col Column, target string) (Column, string) {
	if strings.TrimSpace(target) == "" {
		col.Skipped, col.By = "as chosen", "--map"
		return col, ""
	}
	p := ix.find(target)
	if p == nil {
		near := ix.nearest(target)
		col.Unmapped = "there is no property " + short(target) + didYouMean(near)
		if near != nil {
			col.Candidates = []*api.Property{near}
		}
		return col, fmt.Sprintf("--map %s=%s: %s", short(col.Header), short(target), col.Unmapped)
	}
	col.Property, col.By = p, "--map"
	return withReadOnly(col), ""
}

// withReadOnly skips a column whose property HubSpot will not let anyone write.
func withReadOnly(col Column) Column {
	if col.Property != nil && (col.Property.ReadOnly || col.Property.Calculated) {
		col.Skipped = col.Property.Name + " is read-only in HubSpot"
		col.Property = nil
	}
	return col
}

// match finds the property a header names, and how. When it names no one property, p is nil,
// unmapped says why ("matches no property (did you mean …?)", "could be any of a, b"), and
// cands are the properties it could be, or the closest one (none when nothing is close).
func (ix *propIndex) match(h string) (p *api.Property, by, unmapped string, cands []*api.Property) {
	if i, ok := ix.byName[strings.ToLower(h)]; ok {
		return &ix.props[i], "name", "", nil
	}
	is := ix.byLabel[labelKey(h)]
	if len(is) == 0 && looseKey(h) != "" {
		is = ix.byLoose[looseKey(h)]
	}
	switch is = uniqInts(is); len(is) {
	case 0:
		near := ix.nearest(h)
		if near == nil {
			return nil, "", "matches no property", nil
		}
		return nil, "", "matches no property" + didYouMean(near), []*api.Property{near}
	case 1:
		return &ix.props[is[0]], "label", "", nil
	}
	names := make([]string, len(is))
	for j, i := range is {
		names[j], cands = ix.props[i].Name, append(cands, &ix.props[i])
	}
	return nil, "", "could be any of " + strings.Join(names, ", "), cands
}

// short quotes a header (or a --map target) for a message, cut to 80 characters: a file's
// header can be a megabyte long, and a message says it three times.
func short(s string) string {
	if len(s) > 80 {
		n := 0
		for i := range s {
			if n == 79 {
				s = s[:i] + "…"
				break
			}
			n++
		}
	}
	return strconv.Quote(s)
}

// find looks a property up by name, or by label when no name matches.
func (ix *propIndex) find(s string) *api.Property {
	p, _, _, _ := ix.match(strings.TrimSpace(s))
	return p
}

// suggest names the closest property, as " (did you mean …?)", or "".
func (ix *propIndex) suggest(h string) string { return didYouMean(ix.nearest(h)) }

// didYouMean names p as " (did you mean …?)"; "" for nil.
func didYouMean(p *api.Property) string {
	if p == nil {
		return ""
	}
	return fmt.Sprintf(" (did you mean %s, %q?)", p.Name, p.Label)
}

// nearest is the property whose name or label is closest to h, or nil when none is close.
func (ix *propIndex) nearest(h string) *api.Property {
	cands := make([]string, 0, 2*len(ix.props))
	for _, p := range ix.props {
		cands = append(cands, looseKey(p.Name), looseKey(p.Label))
	}
	i := value.Nearest(looseKey(h), cands, 4)
	if i < 0 {
		return nil
	}
	return &ix.props[i/2]
}

func labelKey(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// looseKey keeps only letters and digits, lower-cased: "First Name", "first_name" and
// "firstname" meet.
func looseKey(s string) string { return value.Loose(s) }

func uniq(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && !contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func uniqInts(is []int) []int {
	var out []int
	for _, i := range is {
		dup := false
		for _, j := range out {
			dup = dup || i == j
		}
		if !dup {
			out = append(out, i)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
