package hubspottest

import (
	"strconv"
	"strings"
)

// objectJSON is SimplePublicObject (plus WithAssociations and the upsert's "new"), as HubSpot
// serialises it: every property value a string or null.
type objectJSON struct {
	ID                    string                   `json:"id"`
	Properties            map[string]*string       `json:"properties"`
	PropertiesWithHistory map[string][]historyJSON `json:"propertiesWithHistory,omitempty"`
	Associations          map[string]associatedIDs `json:"associations,omitempty"`
	CreatedAt             string                   `json:"createdAt"`
	UpdatedAt             string                   `json:"updatedAt"`
	Archived              bool                     `json:"archived"`
	ArchivedAt            string                   `json:"archivedAt,omitempty"`
	New                   *bool                    `json:"new,omitempty"`
	ObjectWriteTraceID    string                   `json:"objectWriteTraceId,omitempty"`
}

// historyJSON is ValueWithTimestamp.
type historyJSON struct {
	Value      string `json:"value"`
	Timestamp  string `json:"timestamp"`
	SourceType string `json:"sourceType"`
	SourceID   string `json:"sourceId,omitempty"`
}

// readView says what a read returns: properties (nil: the type's defaults), properties with
// history, association types, and whether archived records are wanted.
type readView struct {
	props    []string
	history  []string
	assocs   []string
	archived bool
}

// assocPageSize is how many associations of one type a record read returns (HubSpot: 100).
const assocPageSize = 100

// render builds the response body for one record.
func render(tx *Tx, o *Object, v readView) objectJSON {
	out := objectJSON{ID: o.ID, Properties: map[string]*string{}, CreatedAt: isoTime(o.CreatedAt),
		UpdatedAt: isoTime(o.UpdatedAt), Archived: o.Archived}
	if o.Archived {
		out.ArchivedAt = isoTime(o.ArchivedAt)
	}
	names := v.props
	if len(names) == 0 {
		names = defaultProps(o.Type)
	}
	for _, list := range [][]string{names, v.history} {
		for _, name := range list {
			if _, ok := findProperty(o.Type, name); ok {
				out.Properties[name] = valuePtr(propValue(tx, o, name))
			}
		}
	}
	if len(v.history) > 0 {
		out.PropertiesWithHistory = renderHistory(tx.historyOf(o), o.Type, v.history)
	}
	if len(v.assocs) > 0 {
		out.Associations = renderAssocs(tx, o, v.assocs)
	}
	return out
}

func valuePtr(v string) *string {
	if v == "" {
		return nil
	}
	return &v
}

// storedName maps a property to the key the store keeps it under: the store stamps createdate
// and lastmodifieddate on every record, which companies, deals, tickets and activities call
// hs_lastmodifieddate (and activities hs_createdate).
func storedName(typ, name string) string {
	switch {
	case name == "hs_lastmodifieddate" && typ != Contacts:
		return "lastmodifieddate"
	case name == "hs_createdate" && typ != Contacts:
		return "createdate"
	}
	return name
}

// propValue returns a property's current value as HubSpot would show it, calculated ones
// included.
func propValue(tx *Tx, o *Object, name string) string {
	switch name {
	case "num_associated_deals":
		return strconv.Itoa(len(tx.Associated(o.Type, o.ID, Deals)))
	case "num_associated_contacts":
		return strconv.Itoa(len(tx.Associated(o.Type, o.ID, Contacts)))
	}
	return o.Props[storedName(o.Type, name)]
}

// renderHistory returns each requested (existing) property's history, newest first.
func renderHistory(history map[string][]HistoryEntry, typ string, names []string) map[string][]historyJSON {
	out := map[string][]historyJSON{}
	for _, name := range names {
		if _, ok := findProperty(typ, name); !ok {
			continue
		}
		h := history[storedName(typ, name)]
		list := make([]historyJSON, 0, len(h))
		for i := len(h) - 1; i >= 0; i-- {
			e := h[i]
			list = append(list, historyJSON{Value: e.Value, Timestamp: isoTime(e.Timestamp), SourceType: e.SourceType, SourceID: e.SourceID})
		}
		out[name] = list
	}
	return out
}

// renderAssocs returns, per requested known object type, the live associated records with one
// entry per association type (as HubSpot does: de-duplicate by id), the first assocPageSize
// entries; paging.next continues on the v3 association list (associations.go) whose cursor is
// an offset.
func renderAssocs(tx *Tx, o *Object, types []string) map[string]associatedIDs {
	out := map[string]associatedIDs{}
	for _, t := range types {
		to := canonicalType(t)
		if to == "" {
			continue
		}
		all := tx.v3AssociatedIDs(o, to)
		if len(all) == 0 {
			continue
		}
		c := associatedIDs{Results: all[:min(len(all), assocPageSize)]}
		if len(all) > assocPageSize {
			after := strconv.Itoa(assocPageSize)
			c.Paging = &paging{Next: &nextPage{After: after,
				Link: "/crm/v3/objects/" + o.Type + "/" + o.ID + "/associations/" + to + "?after=" + after}}
		}
		out[to] = c
	}
	return out
}

// singular is HubSpot's singular name of an object type ("companies" -> "company").
func singular(typ string) string { return singularNames[typ] }

// upperSingular is the form HubSpot uses in some error contexts ("COMPANY").
func upperSingular(typ string) string { return strings.ToUpper(singular(typ)) }
