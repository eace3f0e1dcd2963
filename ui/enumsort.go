package ui

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/hubcontacts/hubcontacts/api"
)

// Sorting by an enumeration (lifecycle stage, lead status) follows the order HubSpot defines for
// its options — Subscriber, Lead, …, Customer — not the alphabet. How HubSpot's search sorts an
// enumeration is not documented (by internal value, or by the options' order: the sandbox has
// both, Options.SearchEnumOrder), so the list does not leave it to the search: it reads the
// contacts option by option, one search each (within the view's filter), in the options' order
// (reversed when descending), then those with a value that is not an option, then those with
// none. Each option's contacts come in HubSpot's own order (creation). A property with many
// options, a multiple choice (a contact would be under several), or a filter with no room for
// one more term is sorted by HubSpot's search as any other.

// maxEnumSegments is the most options read one by one.
const maxEnumSegments = 50

// enumSegments are the filters of the sort's segments, in order; nil when the sort is left to
// HubSpot's search.
func (q pageQuery) enumSegments() []api.Filter {
	prop := sortProperty(q.sortBy)
	p := q.cols.defs.prop(prop)
	if p == nil || p.Type != "enumeration" || p.FieldType == "checkbox" || len(p.Options) == 0 || len(p.Options) > maxEnumSegments {
		return nil
	}
	if len(q.scope.groups) > 1 || len(q.scope.groups) == 1 && len(q.scope.groups[0].Filters)+1 > maxGroupFilters {
		return nil
	}
	opts := slices.Clone(p.Options)
	slices.SortStableFunc(opts, func(a, b api.Option) int { return cmp.Compare(a.DisplayOrder, b.DisplayOrder) })
	if q.desc {
		slices.Reverse(opts)
	}
	segs := make([]api.Filter, 0, len(opts)+2)
	values := make([]string, len(opts))
	for i, o := range opts {
		segs = append(segs, api.Eq(prop, o.Value))
		values[i] = o.Value
	}
	return append(segs, api.NotIn(prop, values...), api.NotHasProperty(prop))
}

// maxGroupFilters is how many filters HubSpot's search ANDs in one group.
const maxGroupFilters = 6

// enumPage reads one page of an enumeration sort: after is "segment:offset".
func (q pageQuery) enumPage(ctx context.Context, e *env, segs []api.Filter, after string) ([]*api.Object, string, int, error) {
	seg, inner := 0, ""
	if s, rest, ok := strings.Cut(after, ":"); ok {
		seg, _ = strconv.Atoi(s)
		inner = rest
	}
	total := 0
	if after == "" { // the count of the whole sort, once
		p, err := e.hub.SearchContacts(ctx, api.SearchRequest{Groups: q.scope.groups, Query: q.scope.text, Properties: []string{"email"}, Limit: 1})
		if err != nil {
			return nil, "", 0, err
		}
		total = p.Total
	}
	for ; seg < len(segs); seg, inner = seg+1, "" {
		var fs []api.Filter
		if len(q.scope.groups) == 1 {
			fs = slices.Clone(q.scope.groups[0].Filters)
		}
		r := api.SearchRequest{Groups: []api.FilterGroup{api.Where(append(fs, segs[seg])...)}, Query: q.scope.text,
			Properties: q.cols.properties(), Limit: searchPage, After: inner}
		p, err := e.hub.SearchContacts(ctx, r)
		if err != nil {
			return nil, "", 0, err
		}
		next := p.After
		if n, _ := strconv.Atoi(next); n+searchPage > api.MaxSearchResults {
			next = "" // HubSpot refuses to page one search past 10,000 results
		}
		if next != "" {
			return p.Results, strconv.Itoa(seg) + ":" + next, total, nil
		}
		if len(p.Results) > 0 {
			if seg+1 == len(segs) {
				return p.Results, "", total, nil
			}
			return p.Results, strconv.Itoa(seg+1) + ":", total, nil
		}
	}
	return nil, "", total, nil
}
