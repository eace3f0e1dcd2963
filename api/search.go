package api

import (
	"context"
	"iter"
	"net/http"
	"strconv"
	"strings"
)

// Operator is a search filter operator.
type Operator string

// Every operator HubSpot's search has.
const (
	OpEQ               Operator = "EQ"
	OpNEQ              Operator = "NEQ"
	OpLT               Operator = "LT"
	OpLTE              Operator = "LTE"
	OpGT               Operator = "GT"
	OpGTE              Operator = "GTE"
	OpBetween          Operator = "BETWEEN" // Value..HighValue
	OpIn               Operator = "IN"      // Values (lowercase for strings)
	OpNotIn            Operator = "NOT_IN"  // Values
	OpHasProperty      Operator = "HAS_PROPERTY"
	OpNotHasProperty   Operator = "NOT_HAS_PROPERTY"
	OpContainsToken    Operator = "CONTAINS_TOKEN" // '*' wildcards allowed
	OpNotContainsToken Operator = "NOT_CONTAINS_TOKEN"
)

// Search limits HubSpot enforces (the layer checks them before sending).
const (
	MaxSearchLimit   = 200    // results per page
	MaxSearchResults = 10_000 // results reachable by paging one query
)

// SearchRequest is one search. Groups are ORed; the filters inside a group are ANDed. Query is
// free text over the object's default searchable properties.
type SearchRequest struct {
	Query      string
	Groups     []FilterGroup
	Sort       *Sort
	Properties []string
	Limit      int // 1..200, default 10 (HubSpot's)
	After      string
}

// FilterGroup is filters that must all hold.
type FilterGroup struct{ Filters []Filter }

// Filter is one condition. Build them with Eq, Between, In, … .
type Filter struct {
	Property  string
	Operator  Operator
	Value     string
	HighValue string   // BETWEEN
	Values    []string // IN, NOT_IN
}

// Sort orders results by one property.
type Sort struct {
	Property   string
	Descending bool
}

// SearchPage is one page of results; Total counts every match; After is "" on the last page.
type SearchPage struct {
	Total   int
	Results []*Object
	After   string
}

// Filter builders.
func Eq(prop, v string) Filter  { return Filter{Property: prop, Operator: OpEQ, Value: v} }
func Neq(prop, v string) Filter { return Filter{Property: prop, Operator: OpNEQ, Value: v} }
func Lt(prop, v string) Filter  { return Filter{Property: prop, Operator: OpLT, Value: v} }
func Lte(prop, v string) Filter { return Filter{Property: prop, Operator: OpLTE, Value: v} }
func Gt(prop, v string) Filter  { return Filter{Property: prop, Operator: OpGT, Value: v} }
func Gte(prop, v string) Filter { return Filter{Property: prop, Operator: OpGTE, Value: v} }
func Between(prop, low, high string) Filter {
	return Filter{Property: prop, Operator: OpBetween, Value: low, HighValue: high}
}
func In(prop string, vs ...string) Filter { return Filter{Property: prop, Operator: OpIn, Values: vs} }
func NotIn(prop string, vs ...string) Filter {
	return Filter{Property: prop, Operator: OpNotIn, Values: vs}
}
func HasProperty(prop string) Filter    { return Filter{Property: prop, Operator: OpHasProperty} }
func NotHasProperty(prop string) Filter { return Filter{Property: prop, Operator: OpNotHasProperty} }
func ContainsToken(prop, token string) Filter {
	return Filter{Property: prop, Operator: OpContainsToken, Value: token}
}
func NotContainsToken(prop, token string) Filter {
	return Filter{Property: prop, Operator: OpNotContainsToken, Value: token}
}

// Where is one group of ANDed filters.
func Where(filters ...Filter) FilterGroup { return FilterGroup{Filters: filters} }

// Asc and Desc are sorts.
func Asc(prop string) *Sort  { return &Sort{Property: prop} }
func Desc(prop string) *Sort { return &Sort{Property: prop, Descending: true} }

type wireFilter struct {
	PropertyName string   `json:"propertyName"`
	Operator     Operator `json:"operator"`
	Value        string   `json:"value,omitempty"`
	HighValue    string   `json:"highValue,omitempty"`
	Values       []string `json:"values,omitempty"`
}

type wireGroup struct {
	Filters []wireFilter `json:"filters"`
}

type wireSort struct {
	PropertyName string `json:"propertyName"`
	Direction    string `json:"direction"`
}

type wireSearch struct {
	Query        string      `json:"query,omitempty"`
	FilterGroups []wireGroup `json:"filterGroups,omitempty"`
	Sorts        []wireSort  `json:"sorts,omitempty"`
	Properties   []string    `json:"properties,omitempty"`
	Limit        int         `json:"limit,omitempty"`
	After        string      `json:"after,omitempty"`
}

// validate checks what HubSpot would refuse, so the caller learns it without a request.
func (r SearchRequest) validate() error {
	if r.Limit < 0 || r.Limit > MaxSearchLimit {
		return argError("search limit %d is outside 1..%d", r.Limit, MaxSearchLimit)
	}
	if n, err := strconv.Atoi(r.After); r.After != "" && err == nil && n+max(r.Limit, 1) > MaxSearchResults {
		return argError("HubSpot's search stops at %d results; narrow the filters", MaxSearchResults)
	}
	for _, g := range r.Groups {
		for _, f := range g.Filters {
			if err := f.validate(); err != nil {
				return err
			}
		}
	}
	return nil
}

func (f Filter) validate() error {
	if f.Property == "" {
		return argError("a %s filter needs a property", f.Operator)
	}
	switch f.Operator {
	case OpEQ, OpNEQ, OpLT, OpLTE, OpGT, OpGTE, OpContainsToken, OpNotContainsToken, OpHasProperty, OpNotHasProperty:
	case OpBetween:
		if f.Value == "" || f.HighValue == "" {
			return argError("BETWEEN on %s needs a low and a high value", f.Property)
		}
	case OpIn, OpNotIn:
		if len(f.Values) == 0 {
			return argError("%s on %s needs values", f.Operator, f.Property)
		}
	default:
		return argError("unknown search operator %q", f.Operator)
	}
	return nil
}

func (r SearchRequest) wire() wireSearch {
	w := wireSearch{Query: r.Query, Properties: r.Properties, Limit: r.Limit, After: r.After}
	for _, g := range r.Groups {
		wg := wireGroup{Filters: make([]wireFilter, len(g.Filters))}
		for i, f := range g.Filters {
			wg.Filters[i] = wireFilter{PropertyName: f.Property, Operator: f.Operator, Value: f.Value, HighValue: f.HighValue, Values: f.Values}
		}
		w.FilterGroups = append(w.FilterGroups, wg)
	}
	if r.Sort != nil {
		dir := "ASCENDING"
		if r.Sort.Descending {
			dir = "DESCENDING"
		}
		w.Sorts = []wireSort{{PropertyName: r.Sort.Property, Direction: dir}}
	}
	return w
}

// SearchContacts searches contacts. Search lags writes by a few seconds in HubSpot; look a
// just-written contact up with GetContact instead.
func (c *Client) SearchContacts(ctx context.Context, r SearchRequest) (SearchPage, error) {
	return c.SearchObjects(ctx, ObjectContacts, r)
}

// SearchObjects searches any object type, on search's own rate budget.
func (c *Client) SearchObjects(ctx context.Context, objectType string, r SearchRequest) (SearchPage, error) {
	if err := r.validate(); err != nil {
		return SearchPage{}, err
	}
	var w struct {
		Total   int          `json:"total"`
		Results []wireObject `json:"results"`
		Paging  *wirePaging  `json:"paging"`
	}
	if _, err := c.do(ctx, call{method: http.MethodPost, path: c.paths.search(objectType), body: r.wire(), out: &w, idempotent: true, search: true}); err != nil {
		return SearchPage{}, err
	}
	p := SearchPage{Total: w.Total, After: w.Paging.after(), Results: make([]*Object, len(w.Results))}
	for i := range w.Results {
		p.Results[i] = w.Results[i].toObject(objectType)
	}
	return p, nil
}

// IterSearch yields every result of a search, page by page, up to HubSpot's 10,000 cap
// (reaching the cap ends the sequence without an error; SearchPage.Total tells how many matched).
func (c *Client) IterSearch(ctx context.Context, objectType string, r SearchRequest) iter.Seq2[*Object, error] {
	return func(yield func(*Object, error) bool) {
		if r.Limit == 0 {
			r.Limit = MaxSearchLimit
		}
		for {
			p, err := c.SearchObjects(ctx, objectType, r)
			if err != nil {
				yield(nil, err)
				return
			}
			for _, o := range p.Results {
				if !yield(o, nil) {
					return
				}
			}
			n, _ := strconv.Atoi(p.After)
			if p.After == "" || p.After == r.After || n+r.Limit > MaxSearchResults {
				return
			}
			r.After = p.After
		}
	}
}

// nameProperty is the property that names a record of a type.
func nameProperty(objectType string) string {
	switch objectType {
	case ObjectCompanies:
		return "name"
	case ObjectDeals:
		return "dealname"
	case ObjectTickets:
		return "subject"
	}
	return "name"
}

// SearchByName finds companies, deals or tickets whose name contains every word of text (the
// association picker), sorted by name, returning the name property and, for companies, the
// domain. HubSpot allows at most 6 filters in a group, so only the first 6 words count.
func (c *Client) SearchByName(ctx context.Context, objectType, text string, limit int) (SearchPage, error) {
	prop := nameProperty(objectType)
	props := []string{prop}
	if objectType == ObjectCompanies {
		props = append(props, "domain")
	}
	r := SearchRequest{Properties: props, Limit: limit, Sort: Asc(prop)}
	var g FilterGroup
	for _, w := range strings.Fields(text) {
		if len(g.Filters) == 6 {
			break
		}
		g.Filters = append(g.Filters, ContainsToken(prop, "*"+strings.Trim(w, "*")+"*"))
	}
	if len(g.Filters) > 0 {
		r.Groups = []FilterGroup{g}
	}
	return c.SearchObjects(ctx, objectType, r)
}
