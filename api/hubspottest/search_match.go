package hubspottest

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// This file holds search's compiled filters and the text primitives they use. Matching never
// allocates per record: values are compared in place (case folding rune by rune, tokens
// walked without splitting).

// searchKind is how search compares a property's values.
type searchKind int

const (
	kindString searchKind = iota // case-insensitive text
	kindNumber                   // numeric
	kindTime                     // date or datetime, compared as epoch milliseconds
	kindEnum                     // case-sensitive, as HubSpot's enumeration filters are
	kindBool                     // "true"/"false", case-insensitive
	kindAssoc                    // the associations.{type} pseudo-property
)

// searchFallbackTypes gives the type of well-known properties when the property definitions
// do not (findProperty is the authority when it knows the property).
var searchFallbackTypes = map[string]string{
	"hs_object_id": "number", "amount": "number", "hs_call_duration": "number",
	"createdate": "datetime", "lastmodifieddate": "datetime", "hs_lastmodifieddate": "datetime",
	"hs_createdate": "datetime", "closedate": "datetime", "hs_timestamp": "datetime",
	"hs_meeting_start_time": "datetime", "hs_meeting_end_time": "datetime",
	"lifecyclestage": "enumeration", "hs_lead_status": "enumeration", "dealstage": "enumeration",
	"pipeline": "enumeration", "hs_pipeline": "enumeration", "hs_pipeline_stage": "enumeration",
	"hs_ticket_priority": "enumeration", "hs_task_status": "enumeration", "hs_task_priority": "enumeration",
	"hs_call_direction": "enumeration", "industry": "enumeration",
}

// searchStampedProps are kept by the store on every record, whatever the definitions say.
var searchStampedProps = map[string]bool{
	"hs_object_id": true, "createdate": true, "lastmodifieddate": true,
	"hs_lastmodifieddate": true, "hs_createdate": true,
}

// searchPropKind returns how a property compares and whether it holds a ;-separated list.
func searchPropKind(typ, name string) (searchKind, bool) {
	if name == "hs_additional_emails" {
		return kindString, true
	}
	t, multi := searchFallbackTypes[name], false
	if def, ok := findProperty(typ, name); ok {
		t, multi = def.Type, def.Type == "enumeration" && def.FieldType == "checkbox"
	}
	switch t {
	case "number":
		return kindNumber, false
	case "date", "datetime":
		return kindTime, false
	case "enumeration":
		return kindEnum, multi
	case "bool":
		return kindBool, false
	}
	return kindString, false
}

// searchCond is one compiled filter.
type searchCond struct {
	prop      string
	op        string
	kind      searchKind
	multi     bool
	value     string
	high      string
	num, hnum float64
	values    []string
	nums      []float64
	secondary bool    // EQ on a contact's email also matches hs_additional_emails (Options.SearchEmailMatchesSecondary)
	assocType string  // kindAssoc: the associated object type
	ref       propRef // prop, bound to the store
	extra     propRef // hs_additional_emails, bound to the store
}

// match reports whether a record, as search sees it (view), passes the filter.
func (c *searchCond) match(tx *Tx, view *searchView) bool {
	if c.kind == kindAssoc {
		return c.matchAssoc(tx, view.key)
	}
	if (c.kind == kindTime || c.kind == kindNumber) && c.op != "IN" && c.op != "NOT_IN" {
		return c.matchNumber(view)
	}
	return c.matchValue(view.value(c.ref), func() string { return view.value(c.extra) })
}

// matchValue reports whether a value passes the filter; secondary reads a contact's other
// addresses, for EQ on email.
func (c *searchCond) matchValue(v string, secondary func() string) bool {
	switch c.op {
	case "HAS_PROPERTY":
		return v != ""
	case "NOT_HAS_PROPERTY":
		return v == ""
	}
	if v == "" {
		// Negative operators do not match records without a value either (UNVERIFIED: HubSpot
		// users add a NOT_HAS_PROPERTY group to get those).
		return false
	}
	hit := c.anyPart(v)
	if !hit && c.secondary {
		hit = c.anyPartOf(secondary(), true)
	}
	switch c.op {
	case "NEQ", "NOT_IN", "NOT_CONTAINS_TOKEN":
		return !hit
	}
	return hit
}

func (c *searchCond) anyPart(v string) bool { return c.anyPartOf(v, c.multi) }

// anyPartOf applies the positive form of the operator to v, or to each ;-separated part of v.
func (c *searchCond) anyPartOf(v string, multi bool) bool {
	if !multi {
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

// positive applies EQ/LT/…/IN/CONTAINS_TOKEN (or the positive form of NEQ/NOT_IN/
// NOT_CONTAINS_TOKEN) to one value.
func (c *searchCond) positive(v string) bool {
	switch c.op {
	case "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN":
		return searchContainsToken(v, c.values)
	case "IN", "NOT_IN":
		return c.in(v)
	}
	cmp, ok := c.compare(v, c.value, c.num)
	if !ok {
		return false
	}
	return c.ordered(cmp, func() int { hi, _ := c.compare(v, c.high, c.hnum); return hi })
}

// ordered applies EQ (and NEQ's positive form), LT, LTE, GT, GTE or BETWEEN to how a value
// compares with the operand (cmp) and, for BETWEEN, with the high operand.
func (c *searchCond) ordered(cmp int, high func() int) bool {
	switch c.op {
	case "EQ", "NEQ":
		return cmp == 0
	case "LT":
		return cmp < 0
	case "LTE":
		return cmp <= 0
	case "GT":
		return cmp > 0
	case "GTE":
		return cmp >= 0
	case "BETWEEN":
		return cmp >= 0 && high() <= 0
	}
	return false
}

// compare orders a stored value against a filter operand (s, or n for numbers and times).
func (c *searchCond) compare(v, s string, n float64) (int, bool) {
	switch c.kind {
	case kindNumber, kindTime:
		x, ok := searchNumber(c.kind, v)
		if !ok {
			return 0, false
		}
		return searchCmpFloat(x, n), true
	case kindEnum:
		return strings.Compare(v, s), true
	}
	return searchCompareFold(v, s), true
}

// in matches IN/NOT_IN: numbers and times numerically, enumerations exactly, text
// case-insensitively but only against lowercase values (HubSpot requires lowercase values
// for strings; compile dropped the others, which never match, as in HubSpot).
func (c *searchCond) in(v string) bool {
	if c.kind == kindNumber || c.kind == kindTime {
		x, ok := searchNumber(c.kind, v)
		for _, n := range c.nums {
			if ok && x == n {
				return true
			}
		}
		return false
	}
	for _, s := range c.values {
		if c.kind == kindEnum && v == s || c.kind != kindEnum && searchEqualFold(v, s) {
			return true
		}
	}
	return false
}

// matchNumber is matchValue for the operators on numbers and times but IN and NOT_IN, reading
// the stored number without formatting and parsing it back (BETWEEN, LT, … over a million
// records). TestMatchNumberIsMatchValue holds it to matchValue.
func (c *searchCond) matchNumber(view *searchView) bool {
	switch c.op {
	case "HAS_PROPERTY":
		return view.value(c.ref) != ""
	case "NOT_HAS_PROPERTY":
		return view.value(c.ref) == ""
	case "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN":
		v := view.value(c.ref)
		return v != "" && searchContainsToken(v, c.values) == (c.op == "CONTAINS_TOKEN")
	}
	x, ok := view.number(c.ref, c.kind)
	if !ok {
		// No value matches nothing; a value that is not a number matches only NEQ, as in match.
		return c.op == "NEQ" && view.value(c.ref) != ""
	}
	hit := c.ordered(searchCmpFloat(x, c.num), func() int { return searchCmpFloat(x, c.hnum) })
	return hit != (c.op == "NEQ")
}

func (c *searchCond) matchAssoc(tx *Tx, from recKey) bool {
	t, _ := typeIndex(c.assocType)
	has := false
	tx.s.edges.each(tx.s, from, func(e *edge) bool {
		has = e.toT == t
		return !has
	})
	switch c.op {
	case "HAS_PROPERTY":
		return has
	case "NOT_HAS_PROPERTY":
		return !has
	}
	hit := false
	for _, id := range c.values {
		if to, ok := tx.s.find(c.assocType, id); ok {
			if ei, _ := tx.s.edges.find(tx.s, from, to); ei != 0 && tx.s.edges.list[ei].set != 0 {
				hit = true
				break
			}
		}
	}
	if c.op == "NEQ" || c.op == "NOT_IN" {
		return !hit
	}
	return hit
}

// searchNumber parses a stored or filter value of a number or time property. Times are epoch
// milliseconds, from ms digits, an ISO-8601 datetime or a YYYY-MM-DD date.
func searchNumber(kind searchKind, s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if kind == kindNumber {
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

func searchCmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// searchFoldRune maps a rune to its lower case for case-insensitive comparisons.
func searchFoldRune(r rune) rune { return unicode.ToLower(r) }

// searchCompareFold compares two strings case-insensitively, rune by rune, without allocating.
func searchCompareFold(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if la, lb := searchFoldRune(ra), searchFoldRune(rb); la != lb {
			return searchCmpFloat(float64(la), float64(lb))
		}
		a, b = a[na:], b[nb:]
	}
	return searchCmpFloat(float64(len(a)), float64(len(b)))
}

func searchEqualFold(a, b string) bool { return searchCompareFold(a, b) == 0 }

// searchHasPrefixFold reports whether s starts with prefix, case-insensitively.
func searchHasPrefixFold(s, prefix string) bool {
	for prefix != "" {
		if s == "" {
			return false
		}
		rs, ns := utf8.DecodeRuneInString(s)
		rp, np := utf8.DecodeRuneInString(prefix)
		if searchFoldRune(rs) != searchFoldRune(rp) {
			return false
		}
		s, prefix = s[ns:], prefix[np:]
	}
	return true
}

// searchGlobFold matches s against a pattern where * stands for any run of characters,
// case-insensitively.
func searchGlobFold(p, s string) bool {
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
			if searchFoldRune(rp) == searchFoldRune(rs) {
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

func searchIsWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// searchIsSeparator splits words: whitespace, and the ; that joins multiple values.
func searchIsSeparator(r rune) bool { return r == ';' || unicode.IsSpace(r) }

// searchEachToken calls f with the tokens of s until f returns true: each word (split on
// whitespace and ;), an address's domain, and each run of letters and digits inside a word (so
// "ada@example.com" yields the whole address, "example.com", "ada", "example" and "com").
func searchEachToken(s string, f func(tok string) bool) bool {
	for s != "" {
		s = strings.TrimLeftFunc(s, searchIsSeparator)
		end := strings.IndexFunc(s, searchIsSeparator)
		if end < 0 {
			end = len(s)
		}
		word := s[:end]
		s = s[end:]
		if word != "" && (f(word) || searchDomain(word, f) || searchEachPiece(word, f)) {
			return true
		}
	}
	return false
}

func searchDomain(word string, f func(string) bool) bool {
	at := strings.LastIndexByte(word, '@')
	return at >= 0 && at+1 < len(word) && f(word[at+1:])
}

func searchEachPiece(word string, f func(string) bool) bool {
	start := -1
	for i, r := range word {
		switch {
		case searchIsWordRune(r) && start < 0:
			start = i
		case !searchIsWordRune(r) && start >= 0:
			if f(word[start:i]) {
				return true
			}
			start = -1
		}
	}
	return start > 0 && f(word[start:])
}

// searchContainsToken implements CONTAINS_TOKEN: every word of the pattern (the filter value
// split on whitespace, * a wildcard) must match a token of v, case-insensitively.
func searchContainsToken(v string, words []string) bool {
	for _, pw := range words {
		if !searchEachToken(v, func(tok string) bool { return searchGlobFold(pw, tok) }) {
			return false
		}
	}
	return len(words) > 0
}

// searchDigits appends the decimal digits of s to buf.
func searchDigits(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			buf = append(buf, s[i])
		}
	}
	return buf
}
