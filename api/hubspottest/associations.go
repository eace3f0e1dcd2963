package hubspottest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Associations: the rules every association write follows, and the v3 endpoints.
//
// Rules (Tx.Associate, Tx.Disassociate, Tx.DisassociateAll), as HubSpot behaves:
//   - every association is stored in both directions, with the reverse type id;
//   - a labelled type (Primary, a user-defined label) always comes with the pair's unlabelled
//     default type (contact→company 279), as HubSpot lists both;
//   - a contact has one primary company: setting type 1 towards a company moves it from any
//     other company (which keeps its unlabelled association);
//   - removing the pair's unlabelled default type (279/280, or the only type of other pairs)
//     removes every association between the two records (HubSpot's documented quirk);
//   - when a contact loses its last association with the engagement it has pinned,
//     hs_pinned_engagement_id is cleared in the same write. HubSpot's timeline cannot show a
//     pinned activity that is not associated, and removing an association never fails because
//     of a pin, so the pin goes (UNVERIFIED: no source says which; refusing would be the other
//     choice, and silently keeping a dangling pin is what this rule exists to prevent).
//
// v3 endpoints (the numbered family only: HubSpot's date-versioned record paths take the types
// in the body, associations_v4.go):
//
//	PUT    /crm/v3/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}/{associationTypeId}
//	DELETE /crm/v3/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}/{associationTypeId}
//	GET    /crm/v3/objects/{objectType}/{objectId}/associations/{toObjectType}
//	GET    /crm/v3/associations/{fromObjectType}/{toObjectType}/types
//
// {associationTypeId} is a numeric type id or, as the v3 API also took, a type name
// ("contact_to_company"). Unknown or archived records are 404 OBJECT_NOT_FOUND; a type id that
// is not valid between the two object types is a 400 VALIDATION_ERROR (its wording UNVERIFIED,
// modelled on HubSpot's "One or more associations are invalid" body). PUT answers 200 with the
// record (default properties, rendered as a GET renders it) and its associations to toObjectType; DELETE answers 204.
// On the date-versioned family the list endpoint answers in the v4 shape (associations_v4.go),
// as HubSpot's 2026-03 API does.

// singularNames are the object type names HubSpot uses in type names and error contexts.
var singularNames = map[string]string{
	Contacts: "contact", Companies: "company", Deals: "deal", Tickets: "ticket",
	Notes: "note", Calls: "call", Emails: "email", Meetings: "meeting", Tasks: "task",
}

// PinnedEngagementProperty names the contact property holding the pinned activity's id.
const PinnedEngagementProperty = "hs_pinned_engagement_id"

// assocKey is the edge from one record to another.
func assocKey(from, to *Object) AssocKey {
	return AssocKey{FromType: from.Type, FromID: from.ID, ToType: to.Type, ToID: to.ID}
}

// Associate adds association type typeID from one record to another (and its reverse), with
// HubSpot's rules: the unlabelled default comes with any label, and a contact's primary company
// is unique. It returns false, changing nothing, when typeID is not valid between the two types.
func (tx *Tx) Associate(from, to *Object, typeID int) bool {
	t, rev, ok := lookupAssoc(from.Type, to.Type, typeID)
	if !ok {
		return false
	}
	if isPrimaryCompany(from.Type, typeID) {
		tx.dropOtherPrimaries(from, to)
	} else if isPrimaryCompany(to.Type, rev.TypeID) {
		tx.dropOtherPrimaries(to, from)
	}
	if dt, drev, ok := defaultAssoc(from.Type, to.Type); ok && dt.TypeID != t.TypeID {
		tx.Link(assocKey(from, to), dt, drev)
	}
	tx.Link(assocKey(from, to), t, rev)
	return true
}

// AssociateDefault adds the unlabelled default association between two records, returning the
// type used, or false when the two object types have none.
func (tx *Tx) AssociateDefault(from, to *Object) (AssocType, bool) {
	t, _, ok := defaultAssoc(from.Type, to.Type)
	if !ok {
		return AssocType{}, false
	}
	return t, tx.Associate(from, to, t.TypeID)
}

// isPrimaryCompany reports whether typeID, seen from fromType, is contact→primary company.
func isPrimaryCompany(fromType string, typeID int) bool {
	return fromType == Contacts && typeID == TypeContactToPrimaryCompany
}

// dropOtherPrimaries removes the primary label from every company of contact but keep.
func (tx *Tx) dropOtherPrimaries(contact, keep *Object) {
	for _, k := range tx.Associated(contact.Type, contact.ID, Companies) {
		if k.ToID != keep.ID {
			tx.Unlink(k, TypeContactToPrimaryCompany, TypePrimaryCompanyToContact)
		}
	}
}

// Disassociate removes association type typeID between two records. Removing the pair's
// unlabelled default removes everything between them. It returns false when typeID is not valid
// between the two types.
func (tx *Tx) Disassociate(from, to *Object, typeID int) bool {
	t, rev, ok := lookupAssoc(from.Type, to.Type, typeID)
	if !ok {
		return false
	}
	if dt, _, ok := defaultAssoc(from.Type, to.Type); ok && dt.TypeID == t.TypeID {
		tx.DisassociateAll(from, to)
		return true
	}
	tx.Unlink(assocKey(from, to), t.TypeID, rev.TypeID)
	tx.unpinDetached(from, to)
	return true
}

// DisassociateAll removes every association between two records.
func (tx *Tx) DisassociateAll(from, to *Object) {
	tx.UnlinkAll(assocKey(from, to))
	tx.unpinDetached(from, to)
}

// unpinDetached clears a contact's pin when the pinned engagement is no longer associated.
func (tx *Tx) unpinDetached(a, b *Object) {
	contact, eng := a, b
	if b.Type == Contacts {
		contact, eng = b, a
	}
	if contact.Type != Contacts || !slices.Contains(EngagementTypes, eng.Type) {
		return
	}
	if contact.Props[PinnedEngagementProperty] == eng.ID && len(tx.AssocTypes(assocKey(contact, eng))) == 0 {
		tx.SetProps(contact, map[string]string{PinnedEngagementProperty: ""}, "API")
	}
}

// liveRecord returns a record that exists and is not archived (following merges), or nil.
func (tx *Tx) liveRecord(typ, id string) *Object {
	o := tx.Resolve(typ, id)
	if o == nil || o.Archived {
		return nil
	}
	return o
}

// AssocTypeName is the v3 name of an association type ("contact_to_company",
// "contact_to_company_unlabeled", a user-defined label's snake_case name).
func AssocTypeName(from, to string, t AssocType) string {
	base := singularNames[from] + "_to_" + singularNames[to]
	switch {
	case t.Category == "USER_DEFINED":
		return strings.ReplaceAll(strings.ToLower(t.Label), " ", "_")
	case t.Label == "" && hasLabelledDefault(from, to):
		return base + "_unlabeled"
	}
	return base
}

// hasLabelledDefault reports whether a pair has a HubSpot-defined labelled type (Primary), which
// takes the plain "a_to_b" name and leaves the unlabelled one "a_to_b_unlabeled".
func hasLabelledDefault(from, to string) bool {
	for _, t := range AssocTypesBetween(from, to) {
		if t.Category == "HUBSPOT_DEFINED" && t.Label != "" {
			return true
		}
	}
	return false
}

// parseAssocType reads a v3 {associationTypeId}: a number or a type name.
func parseAssocType(from, to, s string) (AssocType, bool) {
	n, err := strconv.Atoi(s)
	for _, t := range AssocTypesBetween(from, to) {
		if err == nil && t.TypeID == n || err != nil && AssocTypeName(from, to, t) == strings.ToLower(s) {
			return t, true
		}
	}
	return AssocType{}, false
}

// failure writes an error response after the store lock is released.
type failure func(w http.ResponseWriter, r *http.Request)

// writeBadObjectType writes HubSpot's 400 for an object type it does not know.
func writeBadObjectType(w http.ResponseWriter, r *http.Request, raw string) {
	writeError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", "Unable to infer object type from: "+raw, nil)
}

// invalidAssocType is the 400 for a type id not valid between two object types.
func invalidAssocType(from, to, raw string) failure {
	return func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", "One or more associations are invalid", &apiError{
			Context: map[string][]string{
				"INVALID_ASSOCIATION_TYPES": {raw + " is not a valid association type from " + upperName(from) + " to " + upperName(to)},
				"associationTypeId":         {raw},
			}})
	}
}

// upperName is an object type as HubSpot's error contexts name it ("CONTACT").
func upperName(typ string) string { return strings.ToUpper(singularNames[typ]) }

// notFound is the 404 for an unknown record.
func notFound(id string) failure {
	return func(w http.ResponseWriter, r *http.Request) { writeNotFound(w, r, id) }
}

// assocPair is the object types and ids an association path names.
type assocPair struct {
	From, FromID, To, ToID string
}

// pairFromPath reads {objectType}/{objectId} and {toObjectType}/{toObjectId} (either id may be
// absent from the pattern), answering 400 for unknown types and 403 for missing scopes: write on
// the source type when write, read on the target type always.
func (s *Sandbox) pairFromPath(w http.ResponseWriter, r *http.Request, fromKey, toKey string, write bool) (assocPair, bool) {
	p := assocPair{FromID: r.PathValue("objectId"), ToID: r.PathValue("toObjectId")}
	for _, f := range []struct {
		dst *string
		key string
	}{{&p.From, fromKey}, {&p.To, toKey}} {
		if *f.dst = canonicalType(r.PathValue(f.key)); *f.dst == "" {
			writeBadObjectType(w, r, r.PathValue(f.key))
			return p, false
		}
	}
	ok := s.allow(w, r, scopeFor(p.From, write)) && s.allow(w, r, scopeFor(p.To, false))
	return p, ok
}

// writeOutcome writes fail if set, else status with body (no body when nil).
func writeOutcome(w http.ResponseWriter, r *http.Request, fail failure, status int, body any) {
	switch {
	case fail != nil:
		fail(w, r)
	case body == nil:
		w.WriteHeader(status)
	default:
		writeJSON(w, status, body)
	}
}

func (s *Sandbox) routeAssociations(mux *http.ServeMux) {
	const v3 = "/crm/v3/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}/{associationTypeId}"
	mux.HandleFunc("PUT "+v3, s.putAssocV3)
	mux.HandleFunc("DELETE "+v3, s.deleteAssocV3)
	mux.HandleFunc("GET /crm/v3/objects/{objectType}/{objectId}/associations/{toObjectType}", s.listAssocV3)
	mux.HandleFunc("GET /crm/v3/associations/{objectType}/{toObjectType}/types", s.getAssocTypesV3)
	s.routeAssociationsV4(mux)
}

// resolvePair finds both records of a path, or the 404 for the first one missing.
func (tx *Tx) resolvePair(p assocPair) (from, to *Object, fail failure) {
	if from = tx.liveRecord(p.From, p.FromID); from == nil {
		return nil, nil, notFound(p.FromID)
	}
	if to = tx.liveRecord(p.To, p.ToID); to == nil {
		return nil, nil, notFound(p.ToID)
	}
	return from, to, nil
}

// pairWrite is a write on both records of a path's pair: it returns the answer's body (nil
// for none) or a failure.
type pairWrite func(tx *Tx, p assocPair, from, to *Object) (any, failure)

// writePair reads the path's pair (write scope on the source), then under the write lock finds
// both records with resolve and runs f on them; it answers status with f's body, or the failure.
func (s *Sandbox) writePair(w http.ResponseWriter, r *http.Request, resolve func(*Tx, assocPair) (*Object, *Object, failure), status int, f pairWrite) {
	p, ok := s.pairFromPath(w, r, "objectType", "toObjectType", true)
	if !ok {
		return
	}
	var body any
	fail := s.doFailing(func(tx *Tx) failure {
		from, to, missing := resolve(tx, p)
		if missing != nil {
			return missing
		}
		var fail failure
		body, fail = f(tx, p, from, to)
		return fail
	})
	writeOutcome(w, r, fail, status, body)
}

// doFailing runs f under the store's write lock, returning f's failure, or the one for a write
// the sandbox could not keep (--state): doWrite for the handlers that answer with a failure.
func (s *Sandbox) doFailing(f func(tx *Tx) failure) failure {
	var fail failure
	if err := s.store.do(func(tx *Tx) error { fail = f(tx); return nil }); err != nil && fail == nil {
		fail = storageFailure(err)
	}
	return fail
}

// withPathType runs op (Associate or Disassociate) with the path's associationTypeId, or fails
// as HubSpot does for a type the pair cannot have or op refuses.
func withPathType(r *http.Request, p assocPair, from, to *Object, op func(from, to *Object, typeID int) bool) failure {
	raw := r.PathValue("associationTypeId")
	if t, ok := parseAssocType(p.From, p.To, raw); !ok || !op(from, to, t.TypeID) {
		return invalidAssocType(p.From, p.To, raw)
	}
	return nil
}

func (s *Sandbox) putAssocV3(w http.ResponseWriter, r *http.Request) {
	s.writePair(w, r, (*Tx).resolvePair, http.StatusOK, func(tx *Tx, p assocPair, from, to *Object) (any, failure) {
		if fail := withPathType(r, p, from, to, tx.Associate); fail != nil {
			return nil, fail
		}
		return render(tx, from, readView{assocs: []string{p.To}}), nil
	})
}

func (s *Sandbox) deleteAssocV3(w http.ResponseWriter, r *http.Request) {
	s.writePair(w, r, (*Tx).resolvePair, http.StatusNoContent, func(tx *Tx, p assocPair, from, to *Object) (any, failure) {
		return nil, withPathType(r, p, from, to, tx.Disassociate)
	})
}

// associatedID is one entry of a v3 association list.
type associatedID struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// nextPage is HubSpot's paging.next.
type nextPage struct {
	After string `json:"after"`
	Link  string `json:"link,omitempty"`
}

// paging is HubSpot's forward paging object.
type paging struct {
	Next *nextPage `json:"next,omitempty"`
}

// associatedIDs is CollectionResponseAssociatedId.
type associatedIDs struct {
	Results []associatedID `json:"results"`
	Paging  *paging        `json:"paging,omitempty"`
}

// v3AssociatedIDs lists a record's associations to live records of toType, one entry per type,
// in target id order.
func (tx *Tx) v3AssociatedIDs(o *Object, toType string) []associatedID {
	out := []associatedID{}
	for _, k := range tx.liveEdges(o, toType) {
		for _, t := range tx.AssocTypes(k) {
			out = append(out, associatedID{ID: k.ToID, Type: AssocTypeName(o.Type, toType, t)})
		}
	}
	return out
}

// liveEdges returns a record's edges to records of toType that are not archived.
func (tx *Tx) liveEdges(o *Object, toType string) []AssocKey {
	var out []AssocKey
	for _, k := range tx.Associated(o.Type, o.ID, toType) {
		if tx.live(k.ToType, k.ToID) {
			out = append(out, k)
		}
	}
	return out
}

func (s *Sandbox) listAssocV3(w http.ResponseWriter, r *http.Request) {
	p, ok := s.pairFromPath(w, r, "objectType", "toObjectType", false)
	if !ok {
		return
	}
	limit, offset, fail := pageParams(r, 500, 500)
	var all []associatedID
	_ = s.store.view(func(tx *Tx) error {
		if fail != nil {
			return nil
		}
		o := tx.liveRecord(p.From, p.FromID)
		if o == nil {
			fail = notFound(p.FromID)
			return nil
		}
		all = tx.v3AssociatedIDs(o, p.To)
		return nil
	})
	if fail != nil {
		fail(w, r)
		return
	}
	writeJSON(w, http.StatusOK, pageOf(r, all, offset, limit))
}

// pageOf cuts one page out of a v3 list, with paging.next when more follow.
func pageOf(r *http.Request, all []associatedID, offset, limit int) associatedIDs {
	page := associatedIDs{Results: all[min(offset, len(all)):min(offset+limit, len(all))]}
	if offset+limit < len(all) {
		after := strconv.Itoa(offset + limit)
		page.Paging = &paging{Next: &nextPage{After: after, Link: r.URL.Path + "?after=" + after}}
	}
	return page
}

// pageParams reads limit (default def, capped at maxLimit) and an integer offset cursor `after`.
func pageParams(r *http.Request, def, maxLimit int) (limit, offset int, fail failure) {
	limit = def
	q := r.URL.Query()
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return 0, 0, badParam("limit", v)
		}
		limit = min(n, maxLimit)
	}
	if v := q.Get("after"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, badParam("after", v)
		}
		offset = n
	}
	return limit, offset, nil
}

// badParam is the 400 for a query parameter HubSpot cannot parse.
func badParam(name, value string) failure {
	return func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusBadRequest, "VALIDATION_ERROR",
			"Unable to process request: invalid value \""+value+"\" for query parameter "+name, nil)
	}
}

// assocDefinition is one v3 association type (PublicAssociationDefinition).
type assocDefinition struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (s *Sandbox) getAssocTypesV3(w http.ResponseWriter, r *http.Request) {
	p, ok := s.pairFromPath(w, r, "objectType", "toObjectType", false)
	if !ok {
		return
	}
	out := []assocDefinition{}
	for _, t := range AssocTypesBetween(p.From, p.To) {
		out = append(out, assocDefinition{ID: strconv.Itoa(t.TypeID), Name: AssocTypeName(p.From, p.To, t)})
	}
	writeJSON(w, http.StatusOK, map[string][]assocDefinition{"results": out})
}
