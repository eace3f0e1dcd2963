// Package filter reads the filters people type (in the find box, after --filter, in a saved
// view) into HubSpot search filters. It is the one parser: the TUI and the command line use it,
// so the same text finds the same contacts in both.
//
// A filter is terms separated by spaces, all of which must hold; any other word is free text:
//
//	lifecycle:lead                 an option, by its label or internal value
//	lifecycle:lead,customer        one of several
//	-lifecycle:customer            not (contacts with another value; those with none never match)
//	owner:me                       the profile's me: (your HubSpot owner id)
//	phone:none   phone:any         no value / some value
//	company:acme  email:*@acme.com text: whole words, * for any run of characters
//	email=ada@acme.com             text: the whole value (!= for "not")
//	created>2026-11-01             after that day (>=, <, <= too); a day is in your time zone
//	created:2026-11-01             that day;  amount:100..500  a range, both ends included
//	modified>=-7d  created:today   relative days: today, yesterday, -7d, -2w (days, weeks ago), -12h
//	owner:anna  owner:ada@acme.com an owner by name (a whole name, or the start of one word of
//	                               it, if only one owner has it) or by email
//	"lifecycle stage":lead  company:"Northwind Traders"   quotes keep spaces together
//
// A property is named by its HubSpot name (lifecyclestage), its label (Lifecycle Stage, in
// quotes or without spaces), a few short names (created, modified, owner, lifecycle), or the
// start of a name or label when only one property starts that way. Values follow the rules of
// package value (the edit form's). A term that cannot be mapped is an *Error saying why and what
// to write, before any request.
package filter

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hubcontacts/hubcontacts/api"
)

// MaxTerms is how many terms a filter holds: HubSpot's search ANDs at most 6 filters in a group.
const MaxTerms = 6

// Env is what reading a filter needs to know.
type Env struct {
	// Props are the contact properties (HubSpot's definitions).
	Props []api.Property
	// Me is the user's HubSpot owner id (the owner whose email is the profile's me:), "" when
	// it is not known; MeWhy then says why, for owner:me's message ("" for the usual: me: is not
	// set).
	Me, MeWhy string
	// Loc is the user's time zone: a day or a time written in a filter is the user's. nil is UTC.
	Loc *time.Location
	// Now is the time relative dates (today, -7d) count from; nil is the clock.
	Now func() time.Time
	// Owners are the portal's owners, for an owner by name or email (owner:Anna); nil when
	// they could not be read (then only ids and me).
	Owners []api.Owner
}

// Query is a parsed filter: its terms (ANDed) and its free text.
type Query struct {
	Terms []Term
	// Words are the free text, in order.
	Words []string
}

// Term is one term and the filter HubSpot is sent for it.
type Term struct {
	// Start and End are its byte offsets in the input.
	Start, End int
	// Text is the term as typed.
	Text string
	// Prop is the property it filters on.
	Prop *api.Property
	// Filter is what HubSpot's search is sent.
	Filter api.Filter
}

// Filters are the terms' filters, in order.
func (q Query) Filters() []api.Filter {
	out := make([]api.Filter, len(q.Terms))
	for i, t := range q.Terms {
		out[i] = t.Filter
	}
	return out
}

// Groups is the search's filter groups: one group of every term, nil when there is none.
func (q Query) Groups() []api.FilterGroup {
	if len(q.Terms) == 0 {
		return nil
	}
	return []api.FilterGroup{api.Where(q.Filters()...)}
}

// Text is the free text, its words joined by spaces.
func (q Query) Text() string { return strings.Join(q.Words, " ") }

// HasTerms reports whether the query filters by property.
func (q Query) HasTerms() bool { return len(q.Terms) > 0 }

// Error is a term that cannot be mapped onto HubSpot's search: Msg says why and what to write.
type Error struct {
	Start, End int    // the term's byte offsets in the input
	Term       string // the term as typed
	Msg        string
}

func (e *Error) Error() string {
	if e.Term == "" {
		return e.Msg
	}
	return e.Term + ": " + e.Msg
}

func termError(t token, format string, args ...any) *Error {
	return &Error{Start: t.start, End: t.end, Term: t.text, Msg: fmt.Sprintf(format, args...)}
}

// Parse reads a filter. An empty input is an empty query.
func Parse(input string, env Env) (Query, error) {
	if env.Loc == nil {
		env.Loc = time.UTC
	}
	toks, err := scan(input)
	if err != nil {
		return Query{}, err
	}
	var q Query
	ix := newPropIndex(env.Props)
	for _, t := range toks {
		if t.op == "" {
			q.Words = append(q.Words, t.word())
			continue
		}
		term, err := env.term(ix, t)
		if err != nil {
			return Query{}, err
		}
		q.Terms = append(q.Terms, term)
	}
	if len(q.Terms) > MaxTerms {
		t := q.Terms[MaxTerms]
		return Query{}, &Error{Start: t.Start, End: t.End, Term: t.Text,
			Msg: fmt.Sprintf("%d terms: HubSpot's search takes at most %d together; remove %d", len(q.Terms), MaxTerms, len(q.Terms)-MaxTerms)}
	}
	return q, nil
}

// token is one space-separated piece of the input: a term (op set) or a free word.
type token struct {
	start, end int
	text       string // as typed
	neg        bool   // a leading -
	key        string // the property as written (unquoted)
	op         string // ":", "=", "!=", ">", ">=", "<", "<="; "" for a free word
	val        string // the value as written, quotes kept (see parts)
}

// word is a free word's text, its quotes taken off.
func (t token) word() string { return unquote(t.text) }

// scan splits the input into tokens at spaces outside quotes.
func scan(s string) ([]token, error) {
	var out []token
	i := 0
	for {
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsSpace(r) {
				break
			}
			i += n
		}
		if i >= len(s) {
			return out, nil
		}
		start, quoted := i, false
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == '"' {
				quoted = !quoted
			} else if unicode.IsSpace(r) && !quoted {
				break
			}
			i += n
		}
		t := token{start: start, end: i, text: s[start:i]}
		if quoted {
			return nil, &Error{Start: start, End: i, Term: t.text, Msg: "a quote is not closed: end the value with \""}
		}
		out = append(out, split(t))
	}
}

// ops are the comparison signs, longest first.
var ops = []string{">=", "<=", "!=", ":", "=", ">", "<"}

// split finds a term's parts: [-]key op value, the key a word of letters, digits and _ that
// starts with a letter, or a quoted label. Anything else is a free word.
func split(t token) token {
	s := t.text
	neg := false
	if len(s) > 1 && s[0] == '-' {
		neg, s = true, s[1:]
	}
	var key, rest string
	if s[0] == '"' {
		end := strings.IndexByte(s[1:], '"')
		key, rest = s[1:end+1], s[end+2:]
		if strings.TrimSpace(key) == "" {
			return t
		}
	} else {
		r, _ := utf8.DecodeRuneInString(s)
		if !unicode.IsLetter(r) {
			return t
		}
		n := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' })
		if n < 0 {
			return t
		}
		key, rest = s[:n], s[n:]
	}
	for _, op := range ops {
		if v, ok := strings.CutPrefix(rest, op); ok {
			t.neg, t.key, t.op, t.val = neg, key, op, v
			return t
		}
	}
	return t
}

// part is one value of a term: a list's element, or the whole value.
type part struct {
	s      string
	quoted bool
}

// parts splits a value at commas outside quotes, taking the quotes off.
func parts(v string) []part {
	var out []part
	start, quoted, was := 0, false, false
	for i := 0; i <= len(v); i++ {
		if i == len(v) || v[i] == ',' && !quoted {
			out = append(out, part{s: unquote(v[start:i]), quoted: was})
			start, was = i+1, false
			continue
		}
		if v[i] == '"' {
			quoted, was = !quoted, true
		}
	}
	return out
}

// unquote takes the double quotes out of s.
func unquote(s string) string { return strings.ReplaceAll(s, `"`, "") }

// OwnerFinder finds the owner with an email; *api.Client is one.
type OwnerFinder interface {
	OwnerByEmail(ctx context.Context, email string) (api.Owner, bool, error)
}

// Me finds who "me" is: the owner id of the profile's me: (an email). Without me:, id and why
// are ""; with an email no active owner has, why says so (Env.MeWhy). err is the lookup's
// failure.
func Me(ctx context.Context, email string, owners OwnerFinder) (id, why string, err error) {
	if email == "" {
		return "", "", nil
	}
	o, found, err := owners.OwnerByEmail(ctx, email)
	if err != nil || found {
		return o.ID, "", err
	}
	return "", "no active owner of this HubSpot account has the email " + email + " (the profile's me:); fix me: in the configuration file", nil
}
