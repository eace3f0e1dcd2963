package hubspottest

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Object CRUD and list for every object type, under /crm/v3/objects and the date-versioned
// family (see handleObjects). Batch endpoints are in batch.go, contact rules, merge and
// gdpr-delete in contacts.go, the write pipeline in objects_write.go.

// maxListLimit is the largest list page; maxHistoryLimit the largest when history is asked for.
const (
	maxListLimit     = 100
	maxHistoryLimit  = 50
	defaultListLimit = 10
	recordSource     = "INTEGRATION" // sourceType of values written through the API with a token
)

func (s *Sandbox) routeObjects(mux *http.ServeMux) {
	handleObjects(mux, "GET /{objectType}", s.listObjects)
	handleObjects(mux, "POST /{objectType}", s.createObject)
	handleObjects(mux, "GET /{objectType}/{objectId}", s.getObject)
	handleObjects(mux, "PATCH /{objectType}/{objectId}", s.updateObject)
	handleObjects(mux, "DELETE /{objectType}/{objectId}", s.archiveObject)
	s.routeBatch(mux)
	handleObjects(mux, "POST /{objectType}/merge", s.mergeObjects)
	handleObjects(mux, "POST /{objectType}/gdpr-delete", s.gdprDelete)
}

// reqError is a failed request or batch input, rendered in HubSpot's error shape.
type reqError struct {
	status   int
	category string
	message  string
	context  map[string][]string
	propErrs []propertyError
}

func (e *reqError) write(w http.ResponseWriter, r *http.Request) {
	if len(e.propErrs) > 0 {
		writePropErrors(w, r, e.propErrs)
		return
	}
	writeError(w, r, e.status, e.category, e.message, &apiError{Context: e.context})
}

// text is the error's message as a batch's errors[] carries it.
func (e *reqError) text() string {
	if len(e.propErrs) > 0 {
		return propertyErrorsMessage(e.propErrs)
	}
	return e.message
}

func badRequest(format string, args ...any) *reqError {
	return &reqError{status: http.StatusBadRequest, category: "VALIDATION_ERROR", message: fmt.Sprintf(format, args...)}
}

func objNotFound(id string) *reqError {
	return &reqError{status: http.StatusNotFound, category: "OBJECT_NOT_FOUND",
		message: "Object not found.  objectId are usually numeric.", context: map[string][]string{"id": {id}}}
}

// objectType resolves the path's object type and checks the token's scope for it.
func (s *Sandbox) objectType(w http.ResponseWriter, r *http.Request, write bool) (string, bool) {
	typ := canonicalType(r.PathValue("objectType"))
	if typ == "" {
		writeUnknownType(w, r, r.PathValue("objectType"))
		return "", false
	}
	return typ, s.allow(w, r, scopeFor(typ, write))
}

// readQuery is a GET's or list's query string, parsed.
type readQuery struct {
	view       readView
	idProperty string
	limit      int
	after      int64
}

func (s *Sandbox) parseReadQuery(q url.Values) (readQuery, *reqError) {
	rq := readQuery{idProperty: q.Get("idProperty"), limit: defaultListLimit}
	rq.view.props = queryList(q, "properties")
	rq.view.history = queryList(q, "propertiesWithHistory")
	rq.view.assocs = queryList(q, "associations")
	if v := q.Get("archived"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return rq, badRequest("archived must be true or false, not %q", v)
		}
		rq.view.archived = b
	}
	if err := s.parseLimit(q.Get("limit"), &rq); err != nil {
		return rq, err
	}
	after, err := decodeAfter(q.Get("after"))
	if err != nil {
		return rq, err
	}
	rq.after = after
	return rq, nil
}

// parseLimit applies limit: default 10, at most 100 (50 with propertiesWithHistory). Above the
// maximum HubSpot's behaviour is UNVERIFIED: capped silently by default, a 400 with
// Options.ListLimitError.
func (s *Sandbox) parseLimit(v string, rq *readQuery) *reqError {
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return badRequest("limit must be a whole number from 1 to %d, not %q", maxListLimit, v)
	}
	max := maxListLimit
	if len(rq.view.history) > 0 {
		max = maxHistoryLimit
	}
	if n > max && s.opts.ListLimitError {
		return badRequest("limit may not exceed %d; got %d", max, n)
	}
	rq.limit = min(n, max)
	return nil
}

// queryList reads an array query parameter sent either as repeated keys or comma-separated
// (or both), trimmed and without duplicates.
func queryList(q url.Values, key string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range q[key] {
		for _, part := range strings.Split(v, ",") {
			if p := strings.TrimSpace(part); p != "" && !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// encodeAfter makes the opaque paging cursor (base64 of the last id returned, like HubSpot's
// "NTI1Cg%3D%3D"); decodeAfter also takes a bare record id.
func encodeAfter(id string) string { return base64.StdEncoding.EncodeToString([]byte(id)) }

func decodeAfter(v string) (int64, *reqError) {
	if v == "" {
		return 0, nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n, nil
	}
	if b, err := base64.StdEncoding.DecodeString(v); err == nil {
		if n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil {
			return n, nil
		}
	}
	return 0, badRequest("Invalid paging cursor after=%q: pass back paging.next.after unchanged", v)
}

// lookup finds the record a path id names: a record id (merged ids follow their merge), an
// email (primary or secondary) with idProperty=email, or a value of a unique property.
// Archived records are found only when archived is true, live ones only when it is false.
func (s *Sandbox) lookup(tx *Tx, typ, id, idProp string, archived bool) (*Object, *reqError) {
	var o *Object
	switch {
	case idProp == "" || idProp == "hs_object_id":
		o = tx.Resolve(typ, id)
	case typ == Contacts && idProp == "email":
		o = tx.ContactByEmail(id)
		if archived {
			o = archivedByEmail(tx, id)
		}
	default:
		d, ok := findProperty(typ, idProp)
		if !ok || !d.HasUniqueValue {
			return nil, badRequest("%s is not a unique identifier of %s: idProperty must be hs_object_id%s or a property with hasUniqueValue",
				idProp, typ, map[bool]string{true: ", email", false: ""}[typ == Contacts])
		}
		o = tx.ByUnique(typ, idProp, id)
	}
	if o == nil || o.Archived != archived {
		return nil, objNotFound(id)
	}
	return o, nil
}

// archivedByEmail scans the recycle bin for an address (archived contacts leave the email index;
// this rare read is the one lookup that scans).
func archivedByEmail(tx *Tx, email string) *Object {
	email = strings.ToLower(strings.TrimSpace(email))
	var found *Object
	tx.All(Contacts, func(o *Object) bool {
		if !o.Archived {
			return true
		}
		for _, e := range append(SecondaryEmails(o), o.Props["email"]) {
			if strings.ToLower(e) == email {
				found = o
				return false
			}
		}
		return true
	})
	return found
}

func (s *Sandbox) getObject(w http.ResponseWriter, r *http.Request) {
	typ, ok := s.objectType(w, r, false)
	if !ok {
		return
	}
	rq, rerr := s.parseReadQuery(r.URL.Query())
	if rerr != nil {
		rerr.write(w, r)
		return
	}
	var body objectJSON
	_ = s.store.view(func(tx *Tx) error {
		o, e := s.lookup(tx, typ, r.PathValue("objectId"), rq.idProperty, rq.view.archived)
		if e != nil {
			rerr = e
			return nil
		}
		body = render(tx, o, rq.view)
		return nil
	})
	if rerr != nil {
		rerr.write(w, r)
		return
	}
	writeJSON(w, http.StatusOK, body)
}

// listPage is CollectionResponseSimplePublicObjectWithAssociationsForwardPaging.
type listPage struct {
	Results []objectJSON `json:"results"`
	Paging  *paging      `json:"paging,omitempty"`
}

func (s *Sandbox) listObjects(w http.ResponseWriter, r *http.Request) {
	typ, ok := s.objectType(w, r, false)
	if !ok {
		return
	}
	rq, rerr := s.parseReadQuery(r.URL.Query())
	if rerr != nil {
		rerr.write(w, r)
		return
	}
	page := listPage{Results: []objectJSON{}}
	_ = s.store.view(func(tx *Tx) error {
		objs, next := tx.Page(typ, rq.after, rq.limit, rq.view.archived)
		for _, o := range objs {
			page.Results = append(page.Results, render(tx, o, rq.view))
		}
		if next != "" {
			page.Paging = &paging{Next: &nextPage{After: encodeAfter(next), Link: nextLink(r, encodeAfter(next))}}
		}
		return nil
	})
	writeJSON(w, http.StatusOK, page)
}

// nextLink is the request's own URL with after replaced, as HubSpot's paging.next.link.
func nextLink(r *http.Request, after string) string {
	q := r.URL.Query()
	q.Set("after", after)
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + r.URL.Path + "?" + q.Encode()
}

// createInput is SimplePublicObjectInputForCreate (and a batch/create input).
type createInput struct {
	Properties         rawProps     `json:"properties"`
	Associations       []assocInput `json:"associations"`
	ObjectWriteTraceID string       `json:"objectWriteTraceId"`
}

func (s *Sandbox) createObject(w http.ResponseWriter, r *http.Request) {
	typ, ok := s.objectType(w, r, true)
	if !ok {
		return
	}
	var in createInput
	props, ok := readProps(w, r, &in, &in.Properties)
	if !ok {
		return
	}
	s.writeOne(w, r, http.StatusCreated, func(tx *Tx) (*writePlan, *reqError) {
		return s.planCreate(tx, typ, props, in.Associations, nil)
	})
}

// readProps decodes the body into in and returns its properties (raw, a field of in) as
// strings; false when the body was bad and the error is written.
func readProps(w http.ResponseWriter, r *http.Request, in any, raw *rawProps) (map[string]string, bool) {
	if !readJSON(w, r, in) {
		return nil, false
	}
	props, err := raw.strings()
	if err != nil {
		writeBadJSON(w, r, err)
		return nil, false
	}
	return props, true
}

// writeOne plans one write under the write lock and applies it, answering status with the
// record, or the planning error.
func (s *Sandbox) writeOne(w http.ResponseWriter, r *http.Request, status int, plan func(tx *Tx) (*writePlan, *reqError)) {
	var body objectJSON
	rerr := s.doWrite(func(tx *Tx) *reqError {
		p, e := plan(tx)
		if e != nil {
			return e
		}
		body = s.apply(tx, p)
		return nil
	})
	if rerr != nil {
		rerr.write(w, r)
		return
	}
	writeJSON(w, status, body)
}

// updateInput is SimplePublicObjectInput.
type updateInput struct {
	Properties rawProps `json:"properties"`
}

func (s *Sandbox) updateObject(w http.ResponseWriter, r *http.Request) {
	typ, ok := s.objectType(w, r, true)
	if !ok {
		return
	}
	var in updateInput
	props, ok := readProps(w, r, &in, &in.Properties)
	if !ok {
		return
	}
	idProp := r.URL.Query().Get("idProperty")
	s.writeOne(w, r, http.StatusOK, func(tx *Tx) (*writePlan, *reqError) {
		o, e := s.lookup(tx, typ, r.PathValue("objectId"), idProp, false)
		if e == nil && s.mergedAway(tx, typ, r.PathValue("objectId"), idProp) {
			e = objNotFound(r.PathValue("objectId"))
		}
		if e != nil {
			return nil, e
		}
		return s.planUpdate(tx, o, props, nil)
	})
}

// archiveObject moves a record to the recycle bin. HubSpot answers 204 whether or not the
// record exists (or is already archived), so unknown ids are 204 too.
func (s *Sandbox) archiveObject(w http.ResponseWriter, r *http.Request) {
	typ, ok := s.objectType(w, r, true)
	if !ok {
		return
	}
	if rerr := s.doWrite(func(tx *Tx) *reqError {
		if o := tx.Resolve(typ, r.PathValue("objectId")); o != nil && !o.Archived {
			tx.Archive(o)
		}
		return nil
	}); rerr != nil {
		rerr.write(w, r)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// doWrite runs f under the store's write lock, returning its request error.
func (s *Sandbox) doWrite(f func(tx *Tx) *reqError) *reqError {
	var rerr *reqError
	err := s.store.do(func(tx *Tx) error {
		rerr = f(tx)
		return nil
	})
	if err != nil && rerr == nil {
		rerr = storageError(err)
	}
	return rerr
}
