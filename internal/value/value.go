// Package value is the one home of the rules for property values as people write them: what the
// edit form, the CSV import, the paste screen and the filters accept for each HubSpot property
// type, the value HubSpot is sent, and, when a value will not do, a message that says what to
// write instead.
//
// The rules take what a person writes and means the same by: 1,200 for a number (sent as
// 1200), an option's label for its internal value, a date and time in the user's time zone
// (sent in UTC as HubSpot writes it, 2026-03-14T08:30:00.000Z). They never refuse what HubSpot
// takes: a phone number is free text in HubSpot, so its check only warns.
//
//	r := value.For(prop, loc)
//	v, err := r.Parse("1,200")   // "1200", nil
//	note := r.Warn(typed)        // a doubt about a value Parse takes, or ""
package value

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hubcontacts/hubcontacts/api"
)

// Rule checks and converts the values of one property.
type Rule struct {
	prop *api.Property
	loc  *time.Location
	kind kind
}

type kind int

const (
	text kind = iota
	number
	owner
	email
	emailList
	phone
	date
	dateTime
	choice // an enumeration with options
	boolean
	duration // milliseconds, written as minutes and seconds (a call's duration)
)

// Kind is the sort of value a rule takes, for callers that treat them apart (the filters:
// which comparisons a property takes).
type Kind int

// The kinds of value.
const (
	KindText      = Kind(text)
	KindNumber    = Kind(number)
	KindOwner     = Kind(owner)
	KindEmail     = Kind(email)
	KindEmailList = Kind(emailList)
	KindPhone     = Kind(phone)
	KindDate      = Kind(date)
	KindDateTime  = Kind(dateTime)
	KindChoice    = Kind(choice)
	KindBoolean   = Kind(boolean)
	KindDuration  = Kind(duration)
)

// Kind is the sort of value the rule takes.
func (r Rule) Kind() Kind { return Kind(r.kind) }

// For is the rule of property p. loc is the time zone of a date and time written without one
// (the user's; nil is UTC).
func For(p *api.Property, loc *time.Location) Rule {
	if loc == nil {
		loc = time.UTC
	}
	return Rule{prop: p, loc: loc, kind: kindOf(p)}
}

func kindOf(p *api.Property) kind {
	switch {
	case p.Name == "email" || p.FieldType == "email":
		return email
	case p.Name == "hs_additional_emails":
		return emailList
	case p.Name == "hubspot_owner_id":
		return owner
	case p.FieldType == "phonenumber":
		return phone
	case isDuration(p.Name):
		return duration
	}
	switch p.Type {
	case "number":
		return number
	case "date":
		return date
	case "datetime":
		return dateTime
	case "bool":
		return boolean
	case "enumeration":
		if len(p.Options) > 0 {
			return choice
		}
	}
	return text
}

// Parse reads a value as a person writes it and returns it as HubSpot takes it. Surrounding
// spaces go; nothing (or only spaces) is "", no value. The error says what is wrong with the
// value and what to write instead.
func (r Rule) Parse(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	switch r.kind {
	case number:
		return parseNumber(s)
	case owner:
		return parseOwner(s)
	case email:
		return Email(s)
	case emailList:
		return parseEmailList(s)
	case date:
		return parseDate(s)
	case dateTime:
		return parseDateTime(s, r.loc)
	case choice:
		return parseChoice(r.prop, s)
	case boolean:
		return parseBool(r.prop, s)
	case duration:
		return parseDuration(s)
	}
	return s, nil
}

// Warn is a doubt about a value Parse takes, "" when there is none: a phone number that does
// not look like one (HubSpot keeps any text there, so this never refuses it). It is said next
// to the value, so it does not repeat it.
func (r Rule) Warn(s string) string {
	s = strings.TrimSpace(s)
	if r.kind == phone && s != "" && !phoneShape.MatchString(strings.ToLower(s)) {
		return "does not look like a phone number (digits, spaces, + ( ) - ., x12 for an extension); HubSpot takes it as written"
	}
	return ""
}

// Text is a value HubSpot stores as a person would write it back: a date as YYYY-MM-DD, a
// date and time as YYYY-MM-DD HH:MM in the rule's time zone, a duration as m:ss; any other
// value as it is (as is a stored value that cannot be read).
func (r Rule) Text(stored string) string {
	if r.kind == duration && stored != "" {
		return durationText(stored)
	}
	if r.kind != date && r.kind != dateTime || stored == "" {
		return stored
	}
	t := api.ParseTime(stored)
	switch {
	case t.IsZero():
		return stored
	case r.kind == dateTime:
		return t.In(r.loc).Format(dateTimeLayout)
	}
	return t.UTC().Format(dateLayout) // a date is a day, not moved by time zones
}

// Hint is the pattern to write, for a box that is still empty ("" when it needs none).
func (r Rule) Hint() string {
	switch r.kind {
	case date:
		return "YYYY-MM-DD"
	case dateTime:
		return "YYYY-MM-DD HH:MM (" + zoneName(r.loc) + ")"
	case duration:
		return "minutes:seconds, like 5:30"
	}
	return ""
}

// label names the property in a message.
func label(p *api.Property) string {
	if p.Label != "" {
		return p.Label
	}
	return p.Name
}

// quoteMax is how much of a value a message quotes.
const quoteMax = 40

// quote is a value for a message: Go-quoted (a control character shows as an escape, never
// acts), cut at quoteMax characters.
func quote(s string) string {
	if utf8.RuneCountInString(s) > quoteMax {
		s = string([]rune(s)[:quoteMax]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// zoneName names a time zone for a person: "Europe/Paris", or the abbreviation in force when
// the zone is the machine's ("Local" says nothing).
func zoneName(loc *time.Location) string {
	if loc.String() != "Local" {
		return loc.String()
	}
	name, _ := time.Now().In(loc).Zone()
	return name
}
