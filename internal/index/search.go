package index

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hubcontacts/hubcontacts/api"
)

// HubSpot's search semantics, so that a filter answered from the index finds exactly the
// contacts HubSpot's search finds (the sandbox, api/hubspottest search.go and search_match.go,
// is where they are written down and tested; TestFiltersAgreeWithTheSandbox holds the two
// together): how each kind of property compares, the operators, CONTAINS_TOKEN's tokens and
// wildcards, the free-text query, and how search sorts.

// Kind is how HubSpot's search compares a property's values.
type Kind uint8

const (
	KindText   Kind = iota // text, case-insensitive
	KindNumber             // numbers
	KindTime               // dates and datetimes, as epoch milliseconds
	KindEnum               // an enumeration's internal values, exactly
	KindBool               // true/false, case-insensitive
)

// Type is how search compares a property: its kind, whether a value is a ;-separated list
// (multiple checkboxes, secondary emails), and an enumeration's option values in their order.
type Type struct {
	Kind    Kind
	Multi   bool
	Options []string
}

// TypeOf is how search compares the property p (HubSpot's definition).
func TypeOf(p api.Property) Type {
	if p.Name == propSecondary { // search reads secondary emails as text, each address a value
		return Type{Kind: KindText, Multi: true}
	}
	switch p.Type {
	case "number":
		return Type{Kind: KindNumber}
	case "date", "datetime":
		return Type{Kind: KindTime}
	case "bool":
		return Type{Kind: KindBool}
	case "enumeration":
		opts := slices.Clone(p.Options)
		slices.SortStableFunc(opts, func(a, b api.Option) int { return cmp.Compare(a.DisplayOrder, b.DisplayOrder) })
		t := Type{Kind: KindEnum, Multi: p.FieldType == "checkbox"}
		for _, o := range opts {
			t.Options = append(t.Options, o.Value)
		}
		return t
	}
	return Type{Kind: KindText}
}

// Types gives the Type of a property by name; false when it is not known.
type Types func(prop string) (Type, bool)

// TypesOf is Types over HubSpot's definitions.
func TypesOf(props []api.Property) Types {
	m := make(map[string]Type, len(props))
	for _, p := range props {
		m[p.Name] = TypeOf(p)
	}
	return func(name string) (Type, bool) {
		t, ok := m[name]
		return t, ok
	}
}

// queryProps are the properties HubSpot's free-text query looks in for contacts (its search
// guide's default searchable properties); phoneProps are matched by their digits too.
var (
	queryProps = []string{"firstname", "lastname", "email", "phone", "hs_additional_emails", "fax", "mobilephone",
		"company", "hs_marketable_until_renewal"}
	phoneProps = map[string]bool{"phone": true, "mobilephone": true, "fax": true}
)

// cond is one compiled filter, as search compiles it.
type cond struct {
	op        api.Operator
	typ       Type
	value     string
	high      string
	num, hnum float64
	values    []string
	nums      []float64
}

// compile compiles a filter of a property of type t; false when search would refuse it (a
// number or date that is not one), which the index leaves to HubSpot to say.
func compile(f api.Filter, t Type) (cond, bool) {
	c := cond{op: f.Operator, typ: t, value: f.Value, high: f.HighValue}
	numeric := t.Kind == KindNumber || t.Kind == KindTime
	switch f.Operator {
	case api.OpHasProperty, api.OpNotHasProperty:
		return c, true
	case api.OpContainsToken, api.OpNotContainsToken:
		c.values = strings.Fields(f.Value)
		return c, true
	case api.OpIn, api.OpNotIn:
		for _, v := range f.Values {
			switch {
			case numeric:
				n, ok := searchNumber(t.Kind, v)
				if !ok {
					return c, false
				}
				c.nums = append(c.nums, n)
			case t.Kind == KindText:
				if v == strings.ToLower(v) { // HubSpot takes text in lower case; others never match
					c.values = append(c.values, v)
				}
			default:
				c.values = append(c.values, v)
			}
		}
		return c, true
	case api.OpEQ, api.OpNEQ, api.OpLT, api.OpLTE, api.OpGT, api.OpGTE, api.OpBetween:
	default:
		return c, false
	}
	if !numeric {
		return c, true
	}
	var ok bool
	if c.num, ok = searchNumber(t.Kind, f.Value); !ok {
		return c, false
	}
	if f.Operator == api.OpBetween {
		if c.hnum, ok = searchNumber(t.Kind, f.HighValue); !ok {
			return c, false
		}
	}
	return c, true
}

// numeric reports whether the filter compares numbers (a number or time property, but for IN).
func (c *cond) numeric() bool {
	return (c.typ.Kind == KindNumber || c.typ.Kind == KindTime) && c.op != api.OpIn && c.op != api.OpNotIn
}

// match reports whether a value passes the filter.
func (c *cond) match(v string) bool {
	if c.numeric() {
		switch c.op {
		case api.OpHasProperty, api.OpNotHasProperty, api.OpContainsToken, api.OpNotContainsToken:
		default:
			x, ok := searchNumber(c.typ.Kind, v)
			if !ok {
				// No value matches nothing; a value that is not a number matches only NEQ.
				return c.op == api.OpNEQ && v != ""
			}
			return c.matchNumber(x)
		}
	}
	switch c.op {
	case api.OpHasProperty:
		return v != ""
	case api.OpNotHasProperty:
		return v == ""
	}
	if v == "" {
		return false // negative operators do not match contacts without a value either
	}
	hit := c.anyPart(v)
	switch c.op {
	case api.OpNEQ, api.OpNotIn, api.OpNotContainsToken:
		return !hit
	}
	return hit
}

// matchNumber is match for a value that is a number (x).
func (c *cond) matchNumber(x float64) bool {
	hit := c.ordered(cmpFloat(x, c.num), func() int { return cmpFloat(x, c.hnum) })
	return hit != (c.op == api.OpNEQ)
}

// anyPart applies the positive form of the operator to v, or to each ;-separated part of v.
func (c *cond) anyPart(v string) bool {
	if !c.typ.Multi {
		return c.positive(v)
	}
	for v != "" {
		part, rest, _ := strings.Cut(v, ";")
		if p := strings.TrimSpace(part); p != "" && c.positive(p) {
			return true
		}
		v = rest
	}
	return false
}

// positive applies EQ, LT, …, IN or CONTAINS_TOKEN (or the positive form of NEQ, NOT_IN,
// NOT_CONTAINS_TOKEN) to one value.
func (c *cond) positive(v string) bool {
	switch c.op {
	case api.OpContainsToken, api.OpNotContainsToken:
		return containsToken(v, c.values)
	case api.OpIn, api.OpNotIn:
		return c.in(v)
	}
	switch c.typ.Kind {
	case KindNumber, KindTime:
		x, ok := searchNumber(c.typ.Kind, v)
		return ok && c.ordered(cmpFloat(x, c.num), func() int { return cmpFloat(x, c.hnum) })
	case KindEnum:
		return c.ordered(strings.Compare(v, c.value), func() int { return strings.Compare(v, c.high) })
	}
	return c.ordered(compareFold(v, c.value), func() int { return compareFold(v, c.high) })
}

// ordered applies EQ (and NEQ's positive form), LT, LTE, GT, GTE or BETWEEN to how a value
// compares with the operand (cmp) and, for BETWEEN, with the high operand.
func (c *cond) ordered(cmp int, high func() int) bool {
	switch c.op {
	case api.OpEQ, api.OpNEQ:
		return cmp == 0
	case api.OpLT:
		return cmp < 0
	case api.OpLTE:
		return cmp <= 0
	case api.OpGT:
		return cmp > 0
	case api.OpGTE:
		return cmp >= 0
	case api.OpBetween:
		return cmp >= 0 && high() <= 0
	}
	return false
}

// in matches IN and NOT_IN: numbers and times numerically, enumerations exactly, text
// case-insensitively.
func (c *cond) in(v string) bool {
	if c.typ.Kind == KindNumber || c.typ.Kind == KindTime {
		x, ok := searchNumber(c.typ.Kind, v)
		return ok && slices.Contains(c.nums, x)
	}
	for _, s := range c.values {
		if c.typ.Kind == KindEnum && v == s || c.typ.Kind != KindEnum && compareFold(v, s) == 0 {
			return true
		}
	}
	return false
}

// searchNumber reads a value of a number or time property as search does. Times are epoch
// milliseconds, from ms digits, an ISO-8601 datetime or a YYYY-MM-DD date.
func searchNumber(kind Kind, s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if kind == KindNumber {
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil
	}
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		return float64(ms), true
	}
	layout := time.RFC3339Nano
	if len(s) == len("2006-01-02") {
		layout = "2006-01-02"
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return 0, false
	}
	return float64(t.UnixMilli()), true
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareFold compares two strings case-insensitively, rune by rune (search's order of text).
func compareFold(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if la, lb := unicode.ToLower(ra), unicode.ToLower(rb); la != lb {
			return cmpFloat(float64(la), float64(lb))
		}
		a, b = a[na:], b[nb:]
	}
	return cmpFloat(float64(len(a)), float64(len(b)))
}

// hasPrefixFold reports whether s starts with prefix, case-insensitively.
func hasPrefixFold(s, prefix string) bool {
	for prefix != "" {
		if s == "" {
			return false
		}
		rs, ns := utf8.DecodeRuneInString(s)
		rp, np := utf8.DecodeRuneInString(prefix)
		if unicode.ToLower(rs) != unicode.ToLower(rp) {
			return false
		}
		s, prefix = s[ns:], prefix[np:]
	}
	return true
}

// globFold matches s against a pattern where * stands for any run of characters,
// case-insensitively.
func globFold(p, s string) bool {
	pi, si, starP, starS := 0, 0, -1, 0
	for si < len(s) {
		if pi < len(p) && p[pi] == '*' {
			starP, starS = pi, si
			pi++
			continue
		}
		if pi < len(p) {
			rp, np := utf8.DecodeRuneInString(p[pi:])
			rs, ns := utf8.DecodeRuneInString(s[si:])
			if unicode.ToLower(rp) == unicode.ToLower(rs) {
				pi, si = pi+np, si+ns
				continue
			}
		}
		if starP < 0 {
			return false
		}
		_, ns := utf8.DecodeRuneInString(s[starS:])
		starS += ns
		pi, si = starP+1, starS
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

func isSearchWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// isSeparator splits words: whitespace, and the ; that joins multiple values.
func isSeparator(r rune) bool { return r == ';' || unicode.IsSpace(r) }

// eachToken calls f with the tokens of s until f returns true: each word (split on whitespace
// and ;), an address's domain, and each run of letters and digits inside a word (so
// "ada@example.com" yields the whole address, "example.com", "ada", "example" and "com").
func eachToken(s string, f func(tok string) bool) bool {
	for s != "" {
		s = strings.TrimLeftFunc(s, isSeparator)
		end := strings.IndexFunc(s, isSeparator)
		if end < 0 {
			end = len(s)
		}
		word := s[:end]
		s = s[end:]
		if word != "" && (f(word) || tokenDomain(word, f) || eachPiece(word, f)) {
			return true
		}
	}
	return false
}

func tokenDomain(word string, f func(string) bool) bool {
	at := strings.LastIndexByte(word, '@')
	return at >= 0 && at+1 < len(word) && f(word[at+1:])
}

func eachPiece(word string, f func(string) bool) bool {
	start := -1
	for i, r := range word {
		switch {
		case isSearchWordRune(r) && start < 0:
			start = i
		case !isSearchWordRune(r) && start >= 0:
			if f(word[start:i]) {
				return true
			}
			start = -1
		}
	}
	return start > 0 && f(word[start:])
}

// containsToken is CONTAINS_TOKEN: every word of the pattern (* a wildcard) matches a token
// of v, case-insensitively.
func containsToken(v string, words []string) bool {
	for _, pw := range words {
		if !eachToken(v, func(tok string) bool { return globFold(pw, tok) }) {
			return false
		}
	}
	return len(words) > 0
}

// queryWord is one word of the free-text query: it must start a token of one of queryProps
// (or, for a phone number's digits, stand in a phone property's digits).
type queryWord struct {
	w      string
	digits []byte
}

// compileText reads the free-text query as search does.
func compileText(q string) []queryWord {
	var out []queryWord
	for _, w := range strings.Fields(q) {
		if w = strings.Trim(w, `,;:!?"'()[]{}`); w != "" {
			out = append(out, queryWord{w: w, digits: phoneDigits(w)})
		}
	}
	return out
}

// phoneDigits is a word's digits when it is made of a phone number's characters and holds at
// least three digits, else nil.
func phoneDigits(w string) []byte {
	if strings.Trim(w, "0123456789+-(). ") != "" {
		return nil
	}
	d := appendDigits(nil, w)
	if len(d) < 3 {
		return nil
	}
	return d
}

func appendDigits(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			buf = append(buf, s[i])
		}
	}
	return buf
}

// matches reports whether a value of prop holds the query word.
func (q queryWord) matches(prop, v string) bool {
	if v == "" {
		return false
	}
	if hasPrefixFold(v, q.w) || eachToken(v, func(t string) bool { return hasPrefixFold(t, q.w) }) {
		return true
	}
	if q.digits != nil && phoneProps[prop] {
		var buf [64]byte
		return strings.Contains(string(appendDigits(buf[:0], v)), string(q.digits))
	}
	return false
}
