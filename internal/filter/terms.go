package filter

import (
	"strconv"
	"strings"
	"time"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

// term maps one token onto a HubSpot filter.
func (env Env) term(ix *propIndex, t token) (Term, error) {
	p, why := ix.find(t.key)
	if p == nil {
		return Term{}, termError(t, "%s", why)
	}
	m := mapper{env: env, t: t, p: p, rule: value.For(p, env.Loc)}
	f, err := m.filter()
	if err != nil {
		return Term{}, err
	}
	f.Property = p.Name
	return Term{Start: t.start, End: t.end, Text: t.text, Prop: p, Filter: f}, nil
}

// mapper maps one term of property p.
type mapper struct {
	env  Env
	t    token
	p    *api.Property
	rule value.Rule
}

func (m mapper) fail(format string, args ...any) error { return termError(m.t, format, args...) }

// name is the property as the message names it: as the user wrote it.
func (m mapper) name() string { return m.t.key }

func (m mapper) filter() (api.Filter, error) {
	ps := parts(m.t.val)
	if len(ps) == 1 && ps[0].s == "" && !ps[0].quoted {
		return api.Filter{}, m.fail("needs a value after %s, like %s (none: no value, any: some value)", m.t.op, m.example())
	}
	if m.t.op == ":" && len(ps) == 1 && !ps[0].quoted {
		switch strings.ToLower(ps[0].s) {
		case "none":
			return m.negate(api.NotHasProperty(m.p.Name))
		case "any":
			return m.negate(api.HasProperty(m.p.Name))
		}
	}
	switch m.t.op {
	case ">", ">=", "<", "<=":
		return m.compare()
	case "=", "!=":
		return m.exact(ps)
	}
	if lo, hi, ok := rangeOf(ps); ok {
		return m.between(lo, hi)
	}
	if len(ps) > 1 {
		return m.list(ps)
	}
	return m.one(ps[0])
}

// negate applies a leading - to f.
func (m mapper) negate(f api.Filter) (api.Filter, error) {
	if !m.t.neg {
		return f, nil
	}
	switch f.Operator {
	case api.OpEQ:
		f.Operator = api.OpNEQ
	case api.OpIn:
		f.Operator = api.OpNotIn
	case api.OpContainsToken:
		f.Operator = api.OpNotContainsToken
	case api.OpHasProperty:
		f.Operator = api.OpNotHasProperty
	case api.OpNotHasProperty:
		f.Operator = api.OpHasProperty
	default:
		return f, m.fail("HubSpot's search cannot exclude a range: write the contacts you want, like %s<… or %s>…", m.name(), m.name())
	}
	return f, nil
}

// textual kinds take patterns (whole words, * wildcards) after ':'.
func textual(k value.Kind) bool {
	switch k {
	case value.KindText, value.KindEmail, value.KindEmailList, value.KindPhone:
		return true
	}
	return false
}

func ordered(k value.Kind) bool {
	switch k {
	case value.KindNumber, value.KindDate, value.KindDateTime:
		return true
	}
	return false
}

// one maps prop:value.
func (m mapper) one(v part) (api.Filter, error) {
	k := m.rule.Kind()
	switch {
	case textual(k):
		return m.negate(api.ContainsToken(m.p.Name, v.s))
	case k == value.KindDateTime:
		d, err := m.moment(v.s)
		if err != nil {
			return api.Filter{}, err
		}
		if !d.day {
			return m.negate(api.Eq(m.p.Name, ms(d.from)))
		}
		if m.t.neg {
			return api.Filter{}, m.fail("HubSpot's search cannot exclude a day: write %s<%s or %s>%s", m.name(), v.s, m.name(), v.s)
		}
		return api.Between(m.p.Name, ms(d.from), ms(d.to.Add(-time.Millisecond))), nil
	}
	s, err := m.value(v.s)
	if err != nil {
		return api.Filter{}, err
	}
	return m.negate(api.Eq(m.p.Name, s))
}

// exact maps prop=value (and !=): the whole value.
func (m mapper) exact(ps []part) (api.Filter, error) {
	if len(ps) > 1 {
		return api.Filter{}, m.fail("= takes one value; for one of several write %s:%s", m.name(), m.t.val)
	}
	v := ps[0].s
	if strings.Contains(v, "*") && textual(m.rule.Kind()) {
		return api.Filter{}, m.fail("= matches the whole value; for a pattern write %s:%s", m.name(), m.t.val)
	}
	m.t.neg = m.t.neg != (m.t.op == "!=")
	if textual(m.rule.Kind()) {
		s := strings.TrimSpace(v)
		if k := m.rule.Kind(); k == value.KindEmail || k == value.KindEmailList {
			e, err := value.Email(s)
			if err != nil {
				return api.Filter{}, m.fail("%s", err)
			}
			s = e
		}
		return m.negate(api.Eq(m.p.Name, s))
	}
	return m.one(ps[0])
}

// list maps prop:a,b,c to IN.
func (m mapper) list(ps []part) (api.Filter, error) {
	k := m.rule.Kind()
	if k == value.KindDate || k == value.KindDateTime {
		return api.Filter{}, m.fail("a list of days is not possible: give a range, like %s:2026-01-01..2026-01-31", m.name())
	}
	vals := make([]string, 0, len(ps))
	for _, v := range ps {
		if v.s == "" {
			return api.Filter{}, m.fail("a list needs a value between each comma")
		}
		if !v.quoted && (strings.EqualFold(v.s, "none") || strings.EqualFold(v.s, "any")) {
			return api.Filter{}, m.fail("none and any stand alone: write %s:%s as its own term", m.name(), strings.ToLower(v.s))
		}
		s, err := m.value(v.s)
		if textual(k) {
			if strings.Contains(v.s, "*") {
				return api.Filter{}, m.fail("a list takes whole values, not patterns: write one %s:… term per pattern", m.name())
			}
			s, err = strings.ToLower(strings.TrimSpace(v.s)), nil // HubSpot's IN takes text in lower case
		}
		if err != nil {
			return api.Filter{}, err
		}
		vals = append(vals, s)
	}
	return m.negate(api.In(m.p.Name, vals...))
}

// rangeOf finds lo..hi in a single unquoted value.
func rangeOf(ps []part) (string, string, bool) {
	if len(ps) != 1 || ps[0].quoted {
		return "", "", false
	}
	return strings.Cut(ps[0].s, "..")
}

// between maps prop:lo..hi, both ends included.
func (m mapper) between(lo, hi string) (api.Filter, error) {
	k := m.rule.Kind()
	if !ordered(k) {
		return api.Filter{}, m.fail("a range (..) needs numbers or dates, and %s is %s", describe(m.p), kindName(k))
	}
	if m.t.neg {
		return m.negate(api.Filter{Operator: api.OpBetween})
	}
	if lo == "" || hi == "" {
		return api.Filter{}, m.fail("a range needs both ends, like %s:%s; for one end write %s>=… or %s<=…", m.name(), m.rangeExample(), m.name(), m.name())
	}
	a, err := m.bound(lo, false)
	if err != nil {
		return api.Filter{}, err
	}
	b, err := m.bound(hi, true)
	if err != nil {
		return api.Filter{}, err
	}
	return api.Between(m.p.Name, a, b), nil
}

// bound is one end of a range: a day of a date and time starts or (high) ends the range.
func (m mapper) bound(s string, high bool) (string, error) {
	if m.rule.Kind() != value.KindDateTime {
		return m.value(s)
	}
	d, err := m.moment(s)
	if err != nil {
		return "", err
	}
	if high {
		return ms(d.last()), nil
	}
	return ms(d.from), nil
}

// compare maps prop>v, >=, <, <=.
func (m mapper) compare() (api.Filter, error) {
	k := m.rule.Kind()
	if !ordered(k) {
		if k == value.KindChoice || k == value.KindBoolean || k == value.KindOwner {
			return api.Filter{}, m.fail("%s compares numbers and dates; for some of %s's options write %s:%s", m.t.op, describe(m.p), m.name(), m.example()[len(m.name())+1:])
		}
		return api.Filter{}, m.fail("%s compares numbers and dates, and %s is %s: write %s:%s for the words it holds", m.t.op, describe(m.p), kindName(k), m.name(), m.t.val)
	}
	if m.t.neg {
		return api.Filter{}, m.fail("write the comparison the other way round instead of -: %s", m.flipped())
	}
	v := unquote(m.t.val) // one value: a comma here groups thousands (1,000,000)
	if k != value.KindDateTime {
		s, err := m.value(v)
		if err != nil {
			return api.Filter{}, err
		}
		return api.Filter{Operator: compareOps[m.t.op], Value: s}, nil
	}
	d, err := m.moment(v)
	if err != nil {
		return api.Filter{}, err
	}
	if !d.day {
		return api.Filter{Operator: compareOps[m.t.op], Value: ms(d.from)}, nil
	}
	switch m.t.op { // a day is the whole day: after it is from the next one on
	case ">":
		return api.Gte(m.p.Name, ms(d.to)), nil
	case ">=":
		return api.Gte(m.p.Name, ms(d.from)), nil
	case "<":
		return api.Lt(m.p.Name, ms(d.from)), nil
	}
	return api.Lt(m.p.Name, ms(d.to)), nil
}

var compareOps = map[string]api.Operator{">": api.OpGT, ">=": api.OpGTE, "<": api.OpLT, "<=": api.OpLTE}

// flipped is the term with the comparison turned round, for the message about -created>….
func (m mapper) flipped() string {
	flip := map[string]string{">": "<=", ">=": "<", "<": ">=", "<=": ">"}
	return m.name() + flip[m.t.op] + m.t.val
}

// value checks and converts one value by the property's rule (the form's), as HubSpot's search
// takes it: a date in epoch milliseconds.
func (m mapper) value(s string) (string, error) {
	k := m.rule.Kind()
	if k == value.KindOwner && strings.EqualFold(strings.TrimSpace(s), "me") {
		if m.env.Me == "" && m.env.MeWhy != "" {
			return "", m.fail("%s", m.env.MeWhy)
		}
		if m.env.Me == "" {
			return "", m.fail("me needs to know who you are: add \"me: <your email in HubSpot>\" to the profile in the configuration file")
		}
		return m.env.Me, nil
	}
	if strings.TrimSpace(s) == "" {
		return "", m.fail("needs a value, like %s", m.example())
	}
	if k == value.KindDate {
		if d, ok := relative(s, m.env.now(), m.env.Loc); ok && d.day { // a date is its day at midnight UTC
			return ms(time.Date(d.from.Year(), d.from.Month(), d.from.Day(), 0, 0, 0, 0, time.UTC)), nil
		}
	}
	if k == value.KindOwner {
		if id, ok, err := m.owner(s); ok || err != nil {
			return id, err
		}
	}
	v, err := m.rule.Parse(s)
	if err != nil {
		return "", m.fail("%s", err)
	}
	if k == value.KindDate {
		return ms(api.ParseTime(v)), nil
	}
	return v, nil
}

// span is what a date-and-time value means: a day in the user's time zone [from, to), or one
// moment (from).
type span struct {
	from, to time.Time
	day      bool
}

// last is the span's last millisecond (the moment itself when it is not a day).
func (d span) last() time.Time {
	if !d.day {
		return d.from
	}
	return d.to.Add(-time.Millisecond)
}

var dayRule = value.For(&api.Property{Name: "day", Type: "date"}, nil)

// moment reads a date-and-time value: a day (YYYY-MM-DD, the user's, or a relative one: today,
// -7d) or a moment.
func (m mapper) moment(s string) (span, error) {
	if d, ok := relative(s, m.env.now(), m.env.Loc); ok {
		return d, nil
	}
	if d, err := dayRule.Parse(s); err == nil {
		t, _ := time.ParseInLocation(time.DateOnly, d, m.env.Loc)
		return span{from: t, to: t.AddDate(0, 0, 1), day: true}, nil
	}
	v, err := m.rule.Parse(s)
	if err != nil {
		return span{}, m.fail("%s; or a day: 2026-03-14, today, yesterday, -7d (days ago), -2w (weeks ago)", err)
	}
	return span{from: api.ParseTime(v)}, nil
}

// ms is t in epoch milliseconds, as HubSpot's search takes dates.
func ms(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

// kindName is a kind of value for a message.
func kindName(k value.Kind) string {
	switch k {
	case value.KindChoice:
		return "a list of options"
	case value.KindBoolean:
		return "yes or no"
	case value.KindOwner:
		return "an owner"
	case value.KindEmail, value.KindEmailList:
		return "an email address"
	case value.KindPhone:
		return "a phone number"
	}
	return "text"
}

// example is a term of this property for a message.
func (m mapper) example() string {
	n := m.name()
	switch m.rule.Kind() {
	case value.KindChoice:
		if len(m.p.Options) > 0 {
			return n + ":" + m.p.Options[0].Value
		}
	case value.KindBoolean:
		return n + ":yes"
	case value.KindOwner:
		return n + ":me"
	case value.KindNumber:
		return n + ":100"
	case value.KindDate, value.KindDateTime:
		return n + ":2026-03-14"
	case value.KindEmail:
		return n + ":*@example.com"
	}
	return n + ":word"
}

func (m mapper) rangeExample() string {
	if m.rule.Kind() == value.KindNumber {
		return "100..500"
	}
	return "2026-01-01..2026-01-31"
}
