package hubspottest

import (
	"bytes"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Search: POST /crm/v3/objects/{objectType}/search (and the date-versioned family).
//
// The request is parsed by parseSearchRequest (search_parse.go), checked against SearchLimits,
// compiled into a searchPlan (property types resolved and operands parsed once), then run over
// the records as search sees them: each record's SearchView at the store's clock, so writes
// lag by Options.SearchLag, and archived records never appear. Filter groups are ORed and the
// filters inside a group ANDed. Default order is creation (id ascending); one sort is allowed.

// searchQueryProps are the default searchable properties `query` looks in (HubSpot's search
// guide for contacts, companies, deals and tickets; the engagements' text properties).
var searchQueryProps = map[string][]string{
	Contacts: {"firstname", "lastname", "email", "phone", "hs_additional_emails", "fax", "mobilephone",
		"company", "hs_marketable_until_renewal"},
	Companies: {"name", "domain", "website", "phone"},
	Deals:     {"dealname", "pipeline", "dealstage", "description", "dealtype"},
	Tickets:   {"subject", "content", "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_id"},
	Notes:     {"hs_note_body"},
	Calls:     {"hs_call_title", "hs_call_body"},
	Emails:    {"hs_email_subject", "hs_email_text"},
	Meetings:  {"hs_meeting_title", "hs_meeting_body"},
	Tasks:     {"hs_task_subject", "hs_task_body"},
}

// searchPhoneProps are matched by their digits, so "555 0100" finds "+1 (555) 010-0123".
var searchPhoneProps = map[string]bool{"phone": true, "mobilephone": true, "fax": true}

func (s *Sandbox) routeSearch(mux *http.ServeMux) {
	handleObjects(mux, "POST /{objectType}/search", s.handleSearch)
}

func (s *Sandbox) handleSearch(w http.ResponseWriter, r *http.Request) {
	typ := canonicalType(r.PathValue("objectType"))
	if typ == "" {
		writeBadObjectType(w, r, r.PathValue("objectType"))
		return
	}
	if !s.allow(w, r, scopeFor(typ, false)) {
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		searchReadError(w, r, err)
		return
	}
	resp, e := s.search(typ, body)
	if e != nil {
		writeError(w, r, http.StatusBadRequest, e.Category, e.Message, e)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

func searchReadError(w http.ResponseWriter, r *http.Request, err error) {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		writeError(w, r, http.StatusRequestEntityTooLarge, "VALIDATION_ERROR",
			fmt.Sprintf("Request body is larger than the %d byte limit", tooBig.Limit), nil)
		return
	}
	writeError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", "Could not read the request body: "+err.Error(), nil)
}

// search runs one search request body against the store.
func (s *Sandbox) search(typ string, body []byte) (searchResponse, *apiError) {
	limits := s.opts.SearchLimits.withDefaults()
	req, e := parseSearchRequest(body)
	if e == nil {
		e = req.check(limits)
	}
	if e != nil {
		return searchResponse{}, e
	}
	plan, e := compileSearch(typ, req)
	if e != nil {
		return searchResponse{}, e
	}
	plan.applyRules(s.opts)
	from, to := req.After, req.After+req.Limit
	if limits.MaxResults > 0 && to > limits.MaxResults {
		to = limits.MaxResults
	}
	var resp searchResponse
	_ = s.store.view(func(tx *Tx) error {
		plan.bind(tx.s)
		total, hits := tx.runSearch(plan, tx.Now(), from, to)
		resp = plan.response(total, hits, to)
		return nil
	})
	return resp, nil
}

// searchPlan is a compiled search.
type searchPlan struct {
	typ    string
	groups [][]searchCond
	query  searchQuery
	sort   *searchSortPlan
	props  []string
	refs   []propRef // props, bound to the store
	// email is set for the common lookup "one filter: EQ email" on contacts, which can use
	// the store's email index instead of a scan.
	email string
}

type searchSortPlan struct {
	prop string
	desc bool
	kind searchKind
	rank map[string]int // an enumeration sorted in its options' order (EnumByOptions)
	ref  propRef
}

func compileSearch(typ string, req searchRequest) (*searchPlan, *apiError) {
	p := &searchPlan{typ: typ, query: compileSearchQuery(typ, req.Query), props: searchProps(typ, req.Properties)}
	for _, g := range req.Groups {
		conds := make([]searchCond, 0, len(g))
		for _, f := range g {
			c, e := compileSearchCond(typ, f)
			if e != nil {
				return nil, e
			}
			conds = append(conds, c)
		}
		p.groups = append(p.groups, conds)
	}
	if req.Sort != nil {
		if e := searchCheckProperty(typ, req.Sort.Property); e != nil {
			return nil, e
		}
		kind, _ := searchPropKind(typ, req.Sort.Property)
		p.sort = &searchSortPlan{prop: req.Sort.Property, desc: req.Sort.Desc, kind: kind}
	}
	if len(p.groups) == 1 && len(p.groups[0]) == 1 && p.groups[0][0].secondary {
		p.email = p.groups[0][0].value
	}
	return p, nil
}

func compileSearchCond(typ string, f searchFilter) (searchCond, *apiError) {
	if name, ok := strings.CutPrefix(f.Property, "associations."); ok {
		return compileAssocCond(name, f)
	}
	if e := searchCheckProperty(typ, f.Property); e != nil {
		return searchCond{}, e
	}
	kind, multi := searchPropKind(typ, f.Property)
	c := searchCond{prop: f.Property, op: f.Operator, kind: kind, multi: multi, value: f.Value, high: f.HighValue,
		secondary: typ == Contacts && f.Property == "email" && f.Operator == "EQ"}
	switch f.Operator {
	case "HAS_PROPERTY", "NOT_HAS_PROPERTY":
		return c, nil
	case "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN":
		c.values = strings.Fields(f.Value)
		return c, nil
	case "IN", "NOT_IN":
		return c, c.compileValues(f.Values)
	}
	var e *apiError
	if c.num, e = c.operand(f.Value); e == nil && f.Operator == "BETWEEN" {
		c.hnum, e = c.operand(f.HighValue)
	}
	return c, e
}

// operand parses a filter value of a number or time property.
func (c *searchCond) operand(v string) (float64, *apiError) {
	if c.kind != kindNumber && c.kind != kindTime {
		return 0, nil
	}
	n, ok := searchNumber(c.kind, v)
	if !ok {
		want := "a number"
		if c.kind == kindTime {
			want = "a date: epoch milliseconds or ISO-8601"
		}
		return 0, searchBadRequest("%q is not a valid value for the property %s in a %s filter: it must be %s.", v, c.prop, c.op, want)
	}
	return n, nil
}

func (c *searchCond) compileValues(values []string) *apiError {
	for _, v := range values {
		switch c.kind {
		case kindNumber, kindTime:
			n, e := c.operand(v)
			if e != nil {
				return e
			}
			c.nums = append(c.nums, n)
		case kindString:
			if v == strings.ToLower(v) {
				c.values = append(c.values, v)
			}
		default:
			c.values = append(c.values, v)
		}
	}
	return nil
}

// compileAssocCond handles the associations.{objectType} pseudo-property (e.g. tickets of a
// contact: associations.contact EQ 1234).
func compileAssocCond(name string, f searchFilter) (searchCond, *apiError) {
	to := canonicalType(name)
	if to == "" {
		return searchCond{}, searchUnknownProperty(f.Property)
	}
	c := searchCond{prop: f.Property, op: f.Operator, kind: kindAssoc, assocType: to}
	switch f.Operator {
	case "EQ", "NEQ":
		c.values = []string{f.Value}
	case "IN", "NOT_IN":
		c.values = f.Values
	case "HAS_PROPERTY", "NOT_HAS_PROPERTY":
	default:
		return c, searchBadRequest("The %s operator is not supported on %s.", f.Operator, f.Property)
	}
	return c, nil
}

// searchCheckProperty refuses a property the object type does not have. Until property
// definitions exist for the type, every name is accepted.
func searchCheckProperty(typ, name string) *apiError {
	if searchStampedProps[name] || len(propertyDefs(typ)) == 0 {
		return nil
	}
	if _, ok := findProperty(typ, name); ok {
		return nil
	}
	return searchUnknownProperty(name)
}

func searchUnknownProperty(name string) *apiError {
	e := searchBadRequest("Property %q does not exist", name)
	e.Context = map[string][]string{"propertyName": {name}}
	return e
}

// searchPropertyKnown reports whether a requested property exists, so it comes back as null
// when it has no value (unknown ones are left out, as HubSpot does).
func searchPropertyKnown(typ, name string) bool {
	if searchStampedProps[name] {
		return true
	}
	_, ok := findProperty(typ, name)
	return ok
}

// searchProps returns the properties to return: those asked for plus the identifying stamps
// HubSpot always adds, or the type's default set.
func searchProps(typ string, asked []string) []string {
	if len(asked) == 0 {
		return defaultProps(typ)
	}
	created, modified := "createdate", "hs_lastmodifieddate"
	switch {
	case typ == Contacts:
		modified = "lastmodifieddate"
	case slices.Contains(EngagementTypes, typ):
		created = "hs_createdate"
	}
	return append([]string{created, "hs_object_id", modified}, asked...)
}

// searchQuery is the compiled free-text query.
type searchQuery struct {
	words  []string
	digits [][]byte // per word, its digits when the word looks like a phone number
	props  []string
	refs   []propRef // props, bound to the store
}

func compileSearchQuery(typ, q string) searchQuery {
	sq := searchQuery{props: searchQueryProps[typ]}
	for _, w := range strings.Fields(q) {
		w = strings.Trim(w, `,;:!?"'()[]{}`)
		if w == "" {
			continue
		}
		sq.words = append(sq.words, w)
		sq.digits = append(sq.digits, searchPhoneDigits(w))
	}
	return sq
}

// searchPhoneDigits returns a word's digits when it is made of phone-number characters and
// holds at least three digits, else nil.
func searchPhoneDigits(w string) []byte {
	if strings.Trim(w, "0123456789+-(). ") != "" {
		return nil
	}
	d := searchDigits(nil, w)
	if len(d) < 3 {
		return nil
	}
	return d
}

// match reports whether every query word prefixes a token of a searchable property.
func (q *searchQuery) match(view *searchView) bool {
	for i, w := range q.words {
		if !q.wordMatches(view, w, q.digits[i]) {
			return false
		}
	}
	return true
}

func (q *searchQuery) wordMatches(view *searchView, w string, digits []byte) bool {
	for i, p := range q.props {
		v := view.value(q.refs[i])
		if v == "" {
			continue
		}
		if searchHasPrefixFold(v, w) || searchEachToken(v, func(t string) bool { return searchHasPrefixFold(t, w) }) {
			return true
		}
		if digits != nil && searchPhoneProps[p] {
			var buf [64]byte
			if bytes.Contains(searchDigits(buf[:0], v), digits) {
				return true
			}
		}
	}
	return false
}

// matches reports whether a record, as search sees it, passes the query and a filter group.
func (p *searchPlan) matches(tx *Tx, view *searchView) bool {
	if !p.query.match(view) {
		return false
	}
	if len(p.groups) == 0 {
		return true
	}
	for _, g := range p.groups {
		if searchGroupMatches(tx, g, view) {
			return true
		}
	}
	return false
}

func searchGroupMatches(tx *Tx, g []searchCond, view *searchView) bool {
	for i := range g {
		if !g[i].match(tx, view) {
			return false
		}
	}
	return true
}

// bind resolves the plan's property names against the store (under its lock).
func (p *searchPlan) bind(s *Store) {
	p.query.refs = p.query.refs[:0]
	for _, name := range p.query.props {
		p.query.refs = append(p.query.refs, s.propRef(name))
	}
	for _, g := range p.groups {
		for i := range g {
			g[i].ref = s.propRef(g[i].prop)
			g[i].extra = s.propRef("hs_additional_emails")
		}
	}
	if p.sort != nil {
		p.sort.ref = s.propRef(p.sort.prop)
	}
	p.refs = p.refs[:0]
	for _, name := range p.props {
		p.refs = append(p.refs, s.propRef(name))
	}
}

// searchHit is a matching record with the values search saw and its sort key.
type searchHit struct {
	view searchView
	num  float64
	str  string
	has  bool
	seq  int // the match's place in creation order
}

// runSearch returns the number of matches and the matches at positions [from, to) in order.
func (tx *Tx) runSearch(p *searchPlan, now time.Time, from, to int) (int, []searchHit) {
	if p.email != "" && tx.s.searchLag == 0 {
		return tx.searchByEmail(p, now, from, to)
	}
	if p.sort != nil {
		return tx.searchSorted(p, now, from, to)
	}
	total := 0
	var hits []searchHit
	tx.searchEach(p.typ, now, func(view *searchView) {
		if p.matches(tx, view) {
			if total >= from && total < to {
				hits = append(hits, searchHit{view: *view})
			}
			total++
		}
	})
	return total, hits
}

// searchByEmail answers "EQ email" from the email index. It is only used without search lag,
// when the index (live values) and search (values at the last write) agree; the candidate is
// still checked against the full plan.
func (tx *Tx) searchByEmail(p *searchPlan, now time.Time, from, to int) (int, []searchHit) {
	if strings.TrimSpace(p.email) != p.email {
		return tx.searchScanAll(p, now, from, to)
	}
	k, ok := tx.s.contactByEmail(p.email)
	if !ok {
		return 0, nil
	}
	view, ok := tx.s.searchView(k, now)
	if !ok || !p.matches(tx, &view) {
		return 0, nil
	}
	if from > 0 || to <= 0 {
		return 1, nil
	}
	return 1, []searchHit{{view: view}}
}

// searchScanAll is runSearch without the email shortcut.
func (tx *Tx) searchScanAll(p *searchPlan, now time.Time, from, to int) (int, []searchHit) {
	q := *p
	q.email = ""
	return tx.runSearch(&q, now, from, to)
}

// searchSorted keeps only the first `to` matches in sort order as it scans (a heap of at most
// 10,000), not every match: sorting a million contacts by lastmodifieddate, as a sync does,
// costs the scan, not a million-element sort.
func (tx *Tx) searchSorted(p *searchPlan, now time.Time, from, to int) (int, []searchHit) {
	top := &hitHeap{cmp: p.sort.compare}
	total := 0
	tx.searchEach(p.typ, now, func(view *searchView) {
		if p.matches(tx, view) {
			h := p.sort.key(view)
			h.seq = total // ties keep creation order
			total++
			top.offer(h, to)
		}
	})
	hits := top.sorted()
	from, to = min(from, len(hits)), min(to, len(hits))
	return total, hits[from:to]
}

// hitHeap holds the best hits so far, the worst on top.
type hitHeap struct {
	hits []searchHit
	cmp  func(a, b searchHit) int
}

// before orders hits by the sort, then by creation.
func (h *hitHeap) before(a, b searchHit) bool {
	if c := h.cmp(a, b); c != 0 {
		return c < 0
	}
	return a.seq < b.seq
}

func (h *hitHeap) Len() int           { return len(h.hits) }
func (h *hitHeap) Less(i, j int) bool { return h.before(h.hits[j], h.hits[i]) } // the worst first
func (h *hitHeap) Swap(i, j int)      { h.hits[i], h.hits[j] = h.hits[j], h.hits[i] }
func (h *hitHeap) Push(x any)         { h.hits = append(h.hits, x.(searchHit)) }
func (h *hitHeap) Pop() any {
	last := h.hits[len(h.hits)-1]
	h.hits = h.hits[:len(h.hits)-1]
	return last
}

// offer keeps hit if it is among the best limit.
func (h *hitHeap) offer(hit searchHit, limit int) {
	switch {
	case limit <= 0:
	case len(h.hits) < limit:
		heap.Push(h, hit)
	case h.before(hit, h.hits[0]):
		h.hits[0] = hit
		heap.Fix(h, 0)
	}
}

// sorted returns the hits best first.
func (h *hitHeap) sorted() []searchHit {
	slices.SortFunc(h.hits, func(a, b searchHit) int {
		if h.before(a, b) {
			return -1
		}
		return 1
	})
	return h.hits
}

func (sp *searchSortPlan) key(view *searchView) searchHit {
	h := searchHit{view: *view}
	switch {
	case sp.kind == kindNumber || sp.kind == kindTime:
		h.num, h.has = view.number(sp.ref, sp.kind)
	case sp.rank != nil:
		h.str = view.value(sp.ref)
		h.has = h.str != ""
		r, ok := sp.rank[h.str]
		if !ok {
			r = len(sp.rank) // not an option: after the options
		}
		h.num = float64(r)
	default:
		h.str = view.value(sp.ref)
		h.has = h.str != ""
	}
	return h
}

// compare orders two hits; records without a value come last in either direction, and ties
// keep creation order.
func (sp *searchSortPlan) compare(a, b searchHit) int {
	switch {
	case a.has != b.has && a.has:
		return -1
	case a.has != b.has:
		return 1
	case !a.has:
		return 0
	}
	var c int
	switch {
	case sp.kind == kindNumber || sp.kind == kindTime:
		c = searchCmpFloat(a.num, b.num)
	case sp.rank != nil:
		if c = searchCmpFloat(a.num, b.num); c == 0 {
			c = searchCompareFold(a.str, b.str)
		}
	default:
		c = searchCompareFold(a.str, b.str)
	}
	if sp.desc {
		return -c
	}
	return c
}

// searchEach calls f, in id order, for each live record of typ that search can see at now,
// with the values it sees. It does not allocate per record.
func (tx *Tx) searchEach(typ string, now time.Time, f func(view *searchView)) {
	t, ok := typeIndex(typ)
	if !ok {
		return
	}
	tx.s.tables[t].slots(func(slot uint32) bool {
		if view, ok := tx.s.searchView(keyOf(t, slot), now); ok {
			f(&view)
		}
		return true
	})
}

// searchResponse is CollectionResponseWithTotalSimplePublicObject.
type searchResponse struct {
	Total   int            `json:"total"`
	Results []searchResult `json:"results"`
	Paging  *searchPaging  `json:"paging,omitempty"`
}

type searchResult struct {
	ID         string             `json:"id"`
	Properties map[string]*string `json:"properties"`
	CreatedAt  string             `json:"createdAt"`
	UpdatedAt  string             `json:"updatedAt"`
	Archived   bool               `json:"archived"`
}

type searchPaging struct {
	Next searchNext `json:"next"`
}

type searchNext struct {
	After string `json:"after"`
	Link  string `json:"link"`
}

// response renders the hits; to is where the next page starts.
func (p *searchPlan) response(total int, hits []searchHit, to int) searchResponse {
	resp := searchResponse{Total: total, Results: make([]searchResult, 0, len(hits))}
	for _, h := range hits {
		resp.Results = append(resp.Results, p.result(h))
	}
	if to < total {
		after := strconv.Itoa(to)
		resp.Paging = &searchPaging{Next: searchNext{After: after, Link: "?after=" + after}}
	}
	return resp
}

func (p *searchPlan) result(h searchHit) searchResult {
	props := make(map[string]*string, len(p.props))
	for i, name := range p.props {
		if !searchPropertyKnown(p.typ, name) {
			continue
		}
		props[name] = nil
		if v := h.view.value(p.refs[i]); v != "" {
			props[name] = &v
		}
	}
	return searchResult{ID: formatID(h.view.id), Properties: props, CreatedAt: isoMS(h.view.created), UpdatedAt: isoMS(h.view.updated)}
}
