package ui

import (
	"context"

	"github.com/hubcontacts/hubcontacts/api"
)

// listScope narrows the contact list to the contacts associated with one record: who else is at
// a company, on a deal, on a ticket. It is the same list (its table, paging, marks, sorting,
// keys), with its pages read from the record's associations: in HubSpot's association order a
// page of the v4 listing and one batch read; sorted, HubSpot's search with the
// associations.{type} filter.
type listScope struct {
	typ, id string
	name    string // sanitized, as the record view shows it
}

// newScopedList is the contact list of one record's contacts.
func newScopedList(e *env, s listScope) *listPane {
	l := newListPane(e)
	l.record = &s
	return l
}

// page reads one page of the record's contacts in HubSpot's association order.
func (s *listScope) page(ctx context.Context, e *env, q pageQuery, after string) ([]*api.Object, string, int, error) {
	p, err := e.hub.ListAssociatedObjects(ctx, s.typ, s.id, api.ObjectContacts,
		api.ListOptions{Limit: e.settings.PageSize, After: after, Properties: q.cols.properties()})
	return p.Results, p.After, 0, err
}

// groups narrow a sorted list's search to the record's contacts; for the whole list they are
// the view's (every group then also holds the record's filter).
func (s *listScope) groups(view []api.FilterGroup) []api.FilterGroup {
	if s == nil {
		return view
	}
	assoc := api.Eq("associations."+kindName(s.typ), s.id)
	if len(view) == 0 {
		return []api.FilterGroup{{Filters: []api.Filter{assoc}}}
	}
	out := make([]api.FilterGroup, len(view))
	for i, g := range view {
		out[i] = api.FilterGroup{Filters: append(append([]api.Filter(nil), g.Filters...), assoc)}
	}
	return out
}

// title is the list's crumb: "Contacts of Acme Inc".
func (s *listScope) title() string { return "Contacts of " + s.name }

// empty is what the list says when the record has no contacts.
func (s *listScope) empty() string {
	return "No contacts are associated with " + kindName(s.typ) + " " + s.name + "."
}
