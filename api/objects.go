package api

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
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
	Properties            map[string]wireValue        `json:"properties"`
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

// toObject converts a wire record; typ is the object type it was asked for.
func (w *wireObject) toObject(typ string) *Object {
	o := &Object{
		ID: w.ID, Type: typ, Properties: make(map[string]string, len(w.Properties)),
		CreatedAt: parseTime(w.CreatedAt), UpdatedAt: parseTime(w.UpdatedAt),
		Archived: w.Archived, ArchivedAt: parseTime(w.ArchivedAt),
	}
	for k, v := range w.Properties {
		if v.valid {
			o.Properties[k] = v.s
		}
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
