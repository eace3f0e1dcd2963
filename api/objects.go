package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Object types (HubSpot's plural path names).
const (
	ObjectContacts  = "contacts"
	ObjectCompanies = "companies"
	ObjectDeals     = "deals"
	ObjectTickets   = "tickets"
	ObjectNotes     = "notes"
	ObjectCalls     = "calls"
	ObjectEmails    = "emails"
	ObjectMeetings  = "meetings"
	ObjectTasks     = "tasks"
)

// Object is one CRM record of any type: contact, company, deal, ticket or engagement.
type Object struct {
	ID   string
	Type string // "contacts", "companies", ...
	// Properties holds every value as HubSpot sent it (always a string); absent or "" = no value.
	Properties map[string]string
	// History holds propertiesWithHistory, newest first.
	History map[string][]HistoryEntry
	// Associations lists associated records by toObjectType, de-duplicated by id.
	Associations map[string][]AssociatedID
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Archived     bool
	ArchivedAt   time.Time
}

// HistoryEntry is one value a property had.
type HistoryEntry struct {
	Value      string
	Timestamp  time.Time
	SourceType string
	SourceID   string
	// SourceLabel is HubSpot's label for the source, when it sends one.
	SourceLabel string
}

// AssociatedID is one associated record and every association type HubSpot listed for it
// (e.g. "contact_to_company", "contact_to_company_unlabeled").
type AssociatedID struct {
	ID    string
	Types []string
}

// wireObject is a record as HubSpot sends it.
type wireObject struct {
	ID                    string                      `json:"id"`
	Properties            wireProps                   `json:"properties"`
	PropertiesWithHistory map[string][]wireHistory    `json:"propertiesWithHistory"`
	Associations          map[string]wireAssocResults `json:"associations"`
	CreatedAt             string                      `json:"createdAt"`
	UpdatedAt             string                      `json:"updatedAt"`
	Archived              bool                        `json:"archived"`
	ArchivedAt            string                      `json:"archivedAt"`
	New                   *bool                       `json:"new"` // upsert results
	ObjectWriteTraceID    string                      `json:"objectWriteTraceId"`
}

type wireHistory struct {
	Value       wireValue `json:"value"`
	Timestamp   string    `json:"timestamp"`
	SourceType  string    `json:"sourceType"`
	SourceID    string    `json:"sourceId"`
	SourceLabel string    `json:"sourceLabel"`
}

type wireAssocResults struct {
	Results []struct {
		ID   wireValue `json:"id"`
		Type string    `json:"type"`
	} `json:"results"`
	Paging *wirePaging `json:"paging"`
}

type wirePaging struct {
	Next *struct {
		After string `json:"after"`
	} `json:"next"`
}

func (p *wirePaging) after() string {
	if p == nil || p.Next == nil {
		return ""
	}
	return p.Next.After
}

// wireValue is a property value: HubSpot sends strings, but null means "no value" and a
// number or boolean is kept as its JSON text rather than failing the whole record.
type wireValue struct {
	s     string
	valid bool
}

func (v *wireValue) UnmarshalJSON(b []byte) error {
	switch {
	case string(b) == "null":
		*v = wireValue{}
	case len(b) > 1 && b[0] == '"' && bytes.IndexByte(b, '\\') < 0 && utf8.Valid(b):
		// The common case, a string without escapes (the decoder has checked the syntax).
		*v = wireValue{s: string(b[1 : len(b)-1]), valid: true}
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*v = wireValue{s: s, valid: true}
	default:
		*v = wireValue{s: string(b), valid: true}
	}
	return nil
}

// wireProps is a record's properties as the Object holds them: HubSpot's strings, null values
// left out, a number or boolean kept as its JSON text (wireValue). UnmarshalJSON reads the usual
// shape, an object of plain strings and nulls, directly: several times faster than encoding/json's
// reflection, and a batch answer holds 100 records. Anything else goes to encoding/json.
type wireProps map[string]string

func (p *wireProps) UnmarshalJSON(b []byte) error {
	if m, end, ok := plainProps(b, skipSpace(b, 0)); ok && skipSpace(b, end) == len(b) {
		*p = m
		return nil
	}
	var m map[string]wireValue
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*p = propsOf(m)
	return nil
}

// propsOf keeps the values that are not null.
func propsOf(m map[string]wireValue) wireProps {
	if m == nil {
		return nil
	}
	out := make(wireProps, len(m))
	for k, v := range m {
		if v.valid {
			out[k] = v.s
		}
	}
	return out
}

// plainProps reads {"name":"value"|null,…} at b[i] when every name and string is free of
// escapes and control characters and is valid UTF-8 (nulls left out); end is the index after
// its closing brace; ok is false for anything else.
func plainProps(b []byte, i int) (m wireProps, end int, ok bool) {
	if i >= len(b) || b[i] != '{' {
		return nil, 0, false
	}
	m = make(wireProps, 8)
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return m, i + 1, true
	}
	for {
		name, j, ok := plainString(b, i)
		if !ok {
			return nil, 0, false
		}
		if i = skipSpace(b, j); i >= len(b) || b[i] != ':' {
			return nil, 0, false
		}
		i = skipSpace(b, i+1)
		switch {
		case i < len(b) && b[i] == '"':
			var v string
			if v, i, ok = plainString(b, i); !ok {
				return nil, 0, false
			}
			m[name] = v
		case bytes.HasPrefix(b[i:], []byte("null")):
			delete(m, name) // a later null wins over an earlier value, as in encoding/json
			i += len("null")
		default:
			return nil, 0, false
		}
		if i = skipSpace(b, i); i >= len(b) {
			return nil, 0, false
		}
		switch b[i] {
		case ',':
			i = skipSpace(b, i+1)
		case '}':
			return m, i + 1, true
		default:
			return nil, 0, false
		}
	}
}

// UnmarshalJSON reads a record. The usual shape (id, properties of plain strings and nulls,
// the timestamps, archived, new, objectWriteTraceId) is read directly; anything else (history,
// associations, escapes, another field) by encoding/json.
func (w *wireObject) UnmarshalJSON(b []byte) error {
	if w.plain(b) {
		return nil
	}
	type fields wireObject // the same fields without this method
	var v fields
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*w = wireObject(v)
	return nil
}

// plain reads the usual shape of a record into w; false (w untouched) for anything else.
func (w *wireObject) plain(b []byte) bool {
	var o wireObject
	end, ok := plainObject(b, skipSpace(b, 0), o.plainField)
	if !ok || skipSpace(b, end) != len(b) {
		return false
	}
	*w = o
	return true
}

// plainObject reads the JSON object at b[i], each field's value through field (called with
// the value's first byte); end is the index after its closing brace. False when the object is
// not plain: a name with an escape, a field field refuses, a syntax error.
func plainObject(b []byte, i int, field func(key string, b []byte, i int) (end int, ok bool)) (end int, ok bool) {
	if i >= len(b) || b[i] != '{' {
		return 0, false
	}
	i = skipSpace(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, true
	}
	for {
		key, j, ok := plainBytes(b, i)
		if !ok {
			return 0, false
		}
		if i = skipSpace(b, j); i >= len(b) || b[i] != ':' {
			return 0, false
		}
		if i, ok = field(string(key), b, skipSpace(b, i+1)); !ok {
			return 0, false
		}
		if i = skipSpace(b, i); i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
			continue
		}
		if i >= len(b) || b[i] != '}' {
			return 0, false
		}
		return i + 1, true
	}
}

// plainField reads one field's value at b[i] (null leaves it as it is, as in encoding/json).
func (o *wireObject) plainField(key string, b []byte, i int) (end int, ok bool) {
	if bytes.HasPrefix(b[i:], []byte("null")) {
		switch key {
		case "properties":
			o.Properties = nil
		case "new":
			o.New = nil
		}
		return i + len("null"), plainKey(key)
	}
	var dst *string
	switch key {
	case "id":
		dst = &o.ID
	case "createdAt":
		dst = &o.CreatedAt
	case "updatedAt":
		dst = &o.UpdatedAt
	case "archivedAt":
		dst = &o.ArchivedAt
	case "objectWriteTraceId":
		dst = &o.ObjectWriteTraceID
	case "properties":
		o.Properties, end, ok = plainProps(b, i)
		return end, ok
	case "archived", "new":
		v, end, ok := plainBool(b, i)
		if key == "archived" {
			o.Archived = v
		} else {
			o.New = &v
		}
		return end, ok
	default:
		return 0, false
	}
	*dst, end, ok = plainString(b, i)
	return end, ok
}

func plainKey(key string) bool {
	switch key {
	case "id", "createdAt", "updatedAt", "archivedAt", "objectWriteTraceId", "properties", "archived", "new":
		return true
	}
	return false
}

func plainBool(b []byte, i int) (v bool, end int, ok bool) {
	switch {
	case bytes.HasPrefix(b[i:], []byte("true")):
		return true, i + len("true"), true
	case bytes.HasPrefix(b[i:], []byte("false")):
		return false, i + len("false"), true
	}
	return false, 0, false
}

// plainString reads the JSON string at b[i] when it has no escape, no control character and is
// valid UTF-8; next is the index after its closing quote.
func plainString(b []byte, i int) (s string, next int, ok bool) {
	raw, next, ok := plainBytes(b, i)
	return string(raw), next, ok
}

// plainBytes is plainString's text, not copied.
func plainBytes(b []byte, i int) (raw []byte, next int, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, 0, false
	}
	end := bytes.IndexByte(b[i+1:], '"')
	if end < 0 {
		return nil, 0, false
	}
	raw = b[i+1 : i+1+end]
	for j, c := range raw {
		if c < 0x20 || c == '\\' {
			return nil, 0, false
		}
		if c >= utf8.RuneSelf { // the rest is checked as UTF-8 too (an escape or control still refuses)
			if !utf8.Valid(raw[j:]) || bytes.IndexByte(raw[j:], '\\') >= 0 || hasControl(raw[j:]) {
				return nil, 0, false
			}
			break
		}
	}
	return raw, i + 2 + end, true
}

func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// toObject converts a wire record; typ is the object type it was asked for.
func (w *wireObject) toObject(typ string) *Object {
	o := &Object{
		ID: w.ID, Type: typ, Properties: w.Properties,
		CreatedAt: parseTime(w.CreatedAt), UpdatedAt: parseTime(w.UpdatedAt),
		Archived: w.Archived, ArchivedAt: parseTime(w.ArchivedAt),
	}
	if o.Properties == nil {
		o.Properties = map[string]string{}
	}
	if len(w.PropertiesWithHistory) > 0 {
		o.History = make(map[string][]HistoryEntry, len(w.PropertiesWithHistory))
		for k, hs := range w.PropertiesWithHistory {
			for _, h := range hs {
				o.History[k] = append(o.History[k], HistoryEntry{Value: h.Value.s, Timestamp: parseTime(h.Timestamp),
					SourceType: h.SourceType, SourceID: h.SourceID, SourceLabel: h.SourceLabel})
			}
		}
	}
	if len(w.Associations) > 0 {
		o.Associations = make(map[string][]AssociatedID, len(w.Associations))
		for toType, a := range w.Associations {
			o.Associations[toType] = dedupeAssociated(a)
		}
	}
	return o
}

// dedupeAssociated merges HubSpot's one-entry-per-type listing into one entry per id, in
// first-seen order.
func dedupeAssociated(a wireAssocResults) []AssociatedID {
	out := make([]AssociatedID, 0, len(a.Results))
	at := map[string]int{}
	for _, r := range a.Results {
		i, ok := at[r.ID.s]
		if !ok {
			i = len(out)
			at[r.ID.s] = i
			out = append(out, AssociatedID{ID: r.ID.s})
		}
		if r.Type != "" && !contains(out[i].Types, r.Type) {
			out[i].Types = append(out[i].Types, r.Type)
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

// parseTime reads HubSpot's timestamps: ISO-8601 (with or without fraction) or epoch
// milliseconds. Unreadable or empty gives the zero time.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t
	}
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.UnixMilli(ms).UTC()
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t
	}
	return time.Time{}
}

// ParseTime reads a HubSpot timestamp property value (ISO-8601, epoch ms, or a date), giving
// the zero time when it cannot.
func ParseTime(s string) time.Time { return parseTime(s) }

// csv joins names for a query parameter HubSpot reads as comma-separated.
func csv(names []string) string { return strings.Join(names, ",") }

// argError is a layer error for a bad argument (never sent to HubSpot).
func argError(format string, args ...any) error { return fmt.Errorf("api: "+format, args...) }
