package hubspottest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// SearchLimits are the search endpoint's validation limits. A zero field takes HubSpot's
// documented value (search guide, 2026); a negative field disables that check. The filter
// numbers conflict between sources (spec: 6 groups; changelog 2024: 5 groups, 10 per group,
// 25 in all; older docs: 3×3), so tests and the command can pick another set.
type SearchLimits struct {
	MaxFilterGroups    int // default 5
	MaxFiltersPerGroup int // default 6
	MaxFilters         int // default 18, across all groups
	MaxLimit           int // default 200 (page size)
	MaxResults         int // default 10,000: paging at or past it is a 400
	MaxBodyChars       int // default 3,000 characters of request body
	MaxQueryChars      int // default 3,000 characters of query
}

func (l SearchLimits) withDefaults() SearchLimits {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&l.MaxFilterGroups, 5)
	def(&l.MaxFiltersPerGroup, 6)
	def(&l.MaxFilters, 18)
	def(&l.MaxLimit, 200)
	def(&l.MaxResults, 10000)
	def(&l.MaxBodyChars, 3000)
	def(&l.MaxQueryChars, 3000)
	return l
}

// searchOperators is HubSpot's FilterOperator enum, in the order its error message lists it.
var searchOperators = []string{
	"EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN",
	"HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN",
}

// searchFilter is one parsed filter. Value and HighValue are the scalar values as strings
// (numbers and booleans sent as JSON scalars are coerced, as HubSpot's Jackson does).
type searchFilter struct {
	Property  string
	Operator  string
	Value     string
	HasValue  bool
	HighValue string
	HasHigh   bool
	Values    []string
}

// searchSort is the one sort HubSpot allows.
type searchSort struct {
	Property string
	Desc     bool
}

// searchRequest is a parsed PublicObjectSearchRequest.
type searchRequest struct {
	Groups     [][]searchFilter
	Sort       *searchSort
	Query      string
	Properties []string // nil: the default set
	Limit      int
	After      int
	BodyChars  int
}

type rawSearchFilter struct {
	PropertyName *string           `json:"propertyName"`
	Operator     *string           `json:"operator"`
	Value        json.RawMessage   `json:"value"`
	HighValue    json.RawMessage   `json:"highValue"`
	Values       []json.RawMessage `json:"values"`
}

type rawSearchRequest struct {
	FilterGroups []struct {
		Filters []rawSearchFilter `json:"filters"`
	} `json:"filterGroups"`
	// Filters at the top level are accepted by the real API (undocumented) and ANDed as one group.
	Filters    []rawSearchFilter `json:"filters"`
	Sorts      []json.RawMessage `json:"sorts"`
	Query      json.RawMessage   `json:"query"`
	Properties []string          `json:"properties"`
	Limit      json.RawMessage   `json:"limit"`
	After      json.RawMessage   `json:"after"`
}

// searchBadRequest builds the 400 VALIDATION_ERROR body search answers with.
func searchBadRequest(format string, args ...any) *apiError {
	return &apiError{Status: "error", Category: "VALIDATION_ERROR", Message: fmt.Sprintf(format, args...)}
}

// parseSearchRequest decodes a search body. It checks shape and values, not the count limits
// (see check). It never panics, whatever the input.
func parseSearchRequest(body []byte) (searchRequest, *apiError) {
	req := searchRequest{Limit: 10, BodyChars: utf8.RuneCount(body)}
	if len(bytes.TrimSpace(body)) == 0 {
		return req, nil
	}
	var raw rawSearchRequest
	if err := json.Unmarshal(body, &raw); err != nil {
		return req, searchJSONError(body, err)
	}
	var e *apiError
	if req.Groups, e = parseSearchGroups(raw); e != nil {
		return req, e
	}
	if req.Sort, e = parseSearchSorts(raw.Sorts); e != nil {
		return req, e
	}
	if req.Query, _, e = searchScalar(raw.Query, "query"); e != nil {
		return req, e
	}
	req.Properties = raw.Properties
	if req.Limit, e = searchInt(raw.Limit, "limit", 10); e != nil {
		return req, e
	}
	if req.After, e = searchInt(raw.After, "after", 0); e != nil {
		return req, e
	}
	if req.Limit == 0 {
		req.Limit = 10 // clients generated from the spec send 0 for "unset"
	}
	return req, nil
}

// check applies the count and size limits, in the order HubSpot reports them.
func (r searchRequest) check(l SearchLimits) *apiError {
	switch {
	case l.MaxBodyChars > 0 && r.BodyChars > l.MaxBodyChars:
		return searchBadRequest("The request body is %d characters long. The maximum is %d characters.", r.BodyChars, l.MaxBodyChars)
	case l.MaxFilterGroups > 0 && len(r.Groups) > l.MaxFilterGroups:
		return searchBadRequest("Too many filter groups: %d. The maximum is %d filter groups.", len(r.Groups), l.MaxFilterGroups)
	}
	if e := r.checkFilterCounts(l); e != nil {
		return e
	}
	switch {
	case l.MaxQueryChars > 0 && utf8.RuneCountInString(r.Query) > l.MaxQueryChars:
		return searchBadRequest("The query is %d characters long. The maximum is %d characters.", utf8.RuneCountInString(r.Query), l.MaxQueryChars)
	case r.Limit < 0 || l.MaxLimit > 0 && r.Limit > l.MaxLimit:
		return searchBadRequest("limit must be between 1 and %d, got %d.", l.MaxLimit, r.Limit)
	case r.After < 0:
		return searchBadRequest("after must be a non-negative offset, got %d.", r.After)
	case l.MaxResults > 0 && r.After >= l.MaxResults:
		return searchBadRequest("Search results are limited to %d. The offset %d is past that limit; narrow the search with filters instead of paging further.", l.MaxResults, r.After)
	}
	return nil
}

func (r searchRequest) checkFilterCounts(l SearchLimits) *apiError {
	total := 0
	for _, g := range r.Groups {
		total += len(g)
		if l.MaxFiltersPerGroup > 0 && len(g) > l.MaxFiltersPerGroup {
			return searchBadRequest("Too many filters in a filter group: %d. The maximum is %d filters per group.", len(g), l.MaxFiltersPerGroup)
		}
	}
	if l.MaxFilters > 0 && total > l.MaxFilters {
		return searchBadRequest("Too many filters: %d. The maximum is %d filters across all filter groups.", total, l.MaxFilters)
	}
	return nil
}

func parseSearchGroups(raw rawSearchRequest) ([][]searchFilter, *apiError) {
	var groups [][]searchFilter
	for _, g := range raw.FilterGroups {
		fs, e := parseSearchFilters(g.Filters)
		if e != nil {
			return nil, e
		}
		groups = append(groups, fs)
	}
	if len(raw.Filters) > 0 {
		fs, e := parseSearchFilters(raw.Filters)
		if e != nil {
			return nil, e
		}
		groups = append(groups, fs)
	}
	return groups, nil
}

func parseSearchFilters(raw []rawSearchFilter) ([]searchFilter, *apiError) {
	out := make([]searchFilter, 0, len(raw))
	for _, rf := range raw {
		f, e := parseSearchFilter(rf)
		if e != nil {
			return nil, e
		}
		out = append(out, f)
	}
	return out, nil
}

func parseSearchFilter(rf rawSearchFilter) (searchFilter, *apiError) {
	var missing []string
	if rf.PropertyName == nil || *rf.PropertyName == "" {
		missing = append(missing, "propertyName")
	}
	if rf.Operator == nil {
		missing = append(missing, "operator")
	}
	if len(missing) > 0 {
		return searchFilter{}, searchBadRequest("Invalid input JSON: Cannot build Filter, some of required attributes are not set [%s]", strings.Join(missing, ", "))
	}
	f := searchFilter{Property: *rf.PropertyName, Operator: *rf.Operator}
	if !searchKnownOperator(f.Operator) {
		return f, searchBadRequest("Invalid input JSON: Cannot deserialize value of type `FilterOperator` from String %q: not one of the values accepted for Enum class: [%s]",
			f.Operator, strings.Join(searchOperators, ", "))
	}
	var e *apiError
	if f.Value, f.HasValue, e = searchScalar(rf.Value, "value"); e != nil {
		return f, e
	}
	if f.HighValue, f.HasHigh, e = searchScalar(rf.HighValue, "highValue"); e != nil {
		return f, e
	}
	for _, v := range rf.Values {
		s, _, e := searchScalar(v, "values")
		if e != nil {
			return f, e
		}
		f.Values = append(f.Values, s)
	}
	return f, searchFilterOperands(f)
}

func searchKnownOperator(op string) bool {
	for _, o := range searchOperators {
		if o == op {
			return true
		}
	}
	return false
}

// searchFilterOperands checks that each operator has the operands it needs.
func searchFilterOperands(f searchFilter) *apiError {
	switch f.Operator {
	case "HAS_PROPERTY", "NOT_HAS_PROPERTY":
		return nil
	case "IN", "NOT_IN":
		if len(f.Values) == 0 {
			return searchBadRequest("The %s operator on %q needs a non-empty values list.", f.Operator, f.Property)
		}
	case "BETWEEN":
		if !f.HasValue || !f.HasHigh {
			return searchBadRequest("The BETWEEN operator on %q needs both value and highValue.", f.Property)
		}
	default:
		if !f.HasValue {
			return searchBadRequest("The %s operator on %q needs a value.", f.Operator, f.Property)
		}
	}
	return nil
}

// parseSearchSorts accepts HubSpot's one sort as an object {propertyName, direction}, as a
// string "createdate" / "-createdate", or as a string holding the object's JSON (as the Node
// SDK's README once showed).
func parseSearchSorts(raw []json.RawMessage) (*searchSort, *apiError) {
	if len(raw) == 0 {
		return nil, nil
	}
	if len(raw) > 1 {
		return nil, searchBadRequest("Only one sort is supported, got %d.", len(raw))
	}
	item := bytes.TrimSpace(raw[0])
	var s string
	if json.Unmarshal(item, &s) == nil {
		t := strings.TrimSpace(s)
		if !strings.HasPrefix(t, "{") {
			return searchSortString(t)
		}
		item = []byte(t)
	}
	var obj struct {
		PropertyName string `json:"propertyName"`
		Direction    string `json:"direction"`
	}
	if err := json.Unmarshal(item, &obj); err != nil || obj.PropertyName == "" {
		return nil, searchBadRequest("Invalid input JSON: a sort needs a propertyName, as {\"propertyName\":\"createdate\",\"direction\":\"DESCENDING\"}")
	}
	switch obj.Direction {
	case "", "ASCENDING":
		return &searchSort{Property: obj.PropertyName}, nil
	case "DESCENDING":
		return &searchSort{Property: obj.PropertyName, Desc: true}, nil
	}
	return nil, searchBadRequest("Invalid input JSON: Cannot deserialize value of type `Direction` from String %q: not one of the values accepted for Enum class: [ASCENDING, DESCENDING]", obj.Direction)
}

func searchSortString(s string) (*searchSort, *apiError) {
	desc := strings.HasPrefix(s, "-")
	name := strings.TrimPrefix(s, "-")
	if name == "" {
		return nil, searchBadRequest("Invalid input JSON: a sort needs a property name, got %q", s)
	}
	return &searchSort{Property: name, Desc: desc}, nil
}

// searchScalar turns a JSON scalar into its string form; absent or null reports false.
func searchScalar(raw json.RawMessage, field string) (string, bool, *apiError) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", false, nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false, searchBadRequest("Invalid input JSON: %s is not a valid string", field)
		}
		return s, true, nil
	case '{', '[':
		return "", false, searchBadRequest("Invalid input JSON: Cannot deserialize value of type `java.lang.String` from %s value (field %s)", searchJSONKind(raw[0]), field)
	}
	return string(raw), true, nil
}

func searchJSONKind(b byte) string {
	if b == '{' {
		return "Object"
	}
	return "Array"
}

// searchInt reads an int32 field sent as a JSON number or a numeric string.
func searchInt(raw json.RawMessage, field string, def int) (int, *apiError) {
	s, ok, e := searchScalar(raw, field)
	if e != nil || !ok {
		return def, e
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		return def, searchBadRequest("Invalid input JSON: %s must be an integer, got %q", field, s)
	}
	return int(n), nil
}

// searchJSONError words a decoding failure as HubSpot does, with the line and column.
func searchJSONError(body []byte, err error) *apiError {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	offset := int64(0)
	detail := err.Error()
	switch {
	case errors.As(err, &syn):
		offset = syn.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
		detail = fmt.Sprintf("Cannot deserialize value of type `%s` from %s (field %s)", typ.Type, typ.Value, typ.Field)
	}
	line, col := searchLineCol(body, offset)
	return searchBadRequest("Invalid input JSON on line %d, column %d: %s", line, col, detail)
}

func searchLineCol(body []byte, offset int64) (int, int) {
	if offset < 0 || offset > int64(len(body)) {
		offset = int64(len(body))
	}
	before := body[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}
