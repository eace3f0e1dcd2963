package hubspottest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// Associations v4 and their date-versioned successors.
//
// Under /crm/v4/objects and /crm/objects/{version}:
//
//	GET    /{objectType}/{objectId}/associations/{toObjectType}?limit=&after=     200 (limit ≤ 500)
//	PUT    /{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}      201 LabelsBetweenObjectPair
//	PUT    /{objectType}/{objectId}/associations/default/{toObjectType}/{toObjectId} 200 batch response
//	DELETE /{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}      204 (removes all)
//
// Under /crm/v4/associations and /crm/associations/{version} (a date, or "v4" for labels):
//
//	GET  /{fromObjectType}/{toObjectType}/labels                 {results:[{category, typeId, label}]}
//	POST /{fromObjectType}/{toObjectType}/batch/read             200, or 207 with errors
//	POST /{fromObjectType}/{toObjectType}/batch/labels/archive   204 on v4, 200 BatchResponse on a date
//
// batch/labels/archive removes the listed types between each pair of records; removing the
// pair's unlabelled type removes every association between them, as HubSpot's reference says
// ("Deleting an unlabeled association will also delete all labeled associations between those
// two objects"). The date-versioned family has no other way to remove one label: its record
// paths take no {associationTypeId} (HubSpot's 2026-03 CRM/Associations and CRM/Contacts
// specs), so the v3 PUT/DELETE …/{toObjectId}/{associationTypeId} is served on /crm/v3 only.
// Every input is checked before any is applied; an unknown record is v4's 400 for writes, an
// input limit of 1,000 as batch read's (both UNVERIFIED for this endpoint).
//
// Record ids are JSON numbers on /crm/v4 (as HubSpot's v4 API sends them) and strings on the
// date-versioned family (as HubSpot's 2026-03 SDKs type them). Writes naming an unknown record
// answer 400 "One or more associations are invalid" with INVALID_OBJECT_IDS (a body observed
// from HubSpot's v4 API); the list answers 404 OBJECT_NOT_FOUND (UNVERIFIED). Over 500 the
// list limit is capped at 500 (UNVERIFIED). Batch read takes up to 1,000 inputs; an input with
// no associations (or no record) is an error entry with subCategory
// crm.associations.NO_ASSOCIATIONS_FOUND, making the answer a 207.

// maxAssocPage is v4's page size limit and default.
const maxAssocPage = 500

// maxAssocBatchRead is v4 batch read's input limit.
const maxAssocBatchRead = 1000

// handleV4 registers h for a v4 object path under /crm/v4/objects and the date-versioned
// /crm/objects/{version}.
func handleV4(mux *http.ServeMux, pattern string, h http.HandlerFunc) {
	method, suffix, _ := strings.Cut(pattern, " ")
	mux.HandleFunc(method+" /crm/v4/objects"+suffix, h)
	mux.HandleFunc(method+" /crm/objects/{version}"+suffix, versioned(familyObjects, h))
}

// handleV4Schema registers h under /crm/v4/associations and /crm/associations/{version}, the
// version a published date or, for the schema API (labels: schema true), "v4": HubSpot
// publishes the v4 schema API under both /crm/v4/associations and /crm/associations/v4, the
// v4 batch endpoints under /crm/v4/associations only (CRM/Associations Schema and
// CRM/Associations in HubSpot's spec collection).
func handleV4Schema(mux *http.ServeMux, pattern string, schema bool, h http.HandlerFunc) {
	method, suffix, _ := strings.Cut(pattern, " ")
	mux.HandleFunc(method+" /crm/v4/associations"+suffix, h)
	mux.HandleFunc(method+" /crm/associations/{version}"+suffix, func(w http.ResponseWriter, r *http.Request) {
		if schema && r.PathValue("version") == "v4" {
			h(w, r)
			return
		}
		versioned(familyAssociations, h)(w, r)
	})
}

// versioned refuses date versions the family does not publish, with the 404 handleObjects gives.
func versioned(f apiFamily, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !publishedVersion(f, r.PathValue("version")) {
			writeUnknownVersion(w, r)
			return
		}
		h(w, r)
	}
}

func (s *Sandbox) routeAssociationsV4(mux *http.ServeMux) {
	const pair = "/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}"
	handleV4(mux, "GET /{objectType}/{objectId}/associations/{toObjectType}", s.listAssocV4)
	handleV4(mux, "PUT "+pair, s.putAssocV4)
	handleV4(mux, "DELETE "+pair, s.deleteAssocV4)
	handleV4(mux, "PUT /{objectType}/{objectId}/associations/default/{toObjectType}/{toObjectId}", s.putDefaultAssocV4)
	handleV4Schema(mux, "GET /{objectType}/{toObjectType}/labels", true, s.getAssocLabels)
	handleV4Schema(mux, "POST /{objectType}/{toObjectType}/batch/read", false, s.batchReadAssoc)
	handleV4Schema(mux, "POST /{objectType}/{toObjectType}/batch/labels/archive", false, s.archiveAssocLabels)
}

// idJSON renders a record id as the family sends it: a number on /crm/v4, a string on dated paths.
func idJSON(r *http.Request, id string) any {
	if isDated(r) {
		return id
	}
	if n, err := strconv.ParseInt(id, 10, 64); err == nil {
		return n
	}
	return id
}

// assocLabel is AssociationSpecWithLabel; Label is null for unlabelled types.
type assocLabel struct {
	Category string  `json:"category"`
	TypeID   int     `json:"typeId"`
	Label    *string `json:"label"`
}

func labelOf(t AssocType) assocLabel {
	l := assocLabel{Category: t.Category, TypeID: t.TypeID}
	if t.Label != "" {
		label := t.Label
		l.Label = &label
	}
	return l
}

// multiAssociated is MultiAssociatedObjectWithLabel.
type multiAssociated struct {
	ToObjectID       any          `json:"toObjectId"`
	AssociationTypes []assocLabel `json:"associationTypes"`
}

// v4Targets lists a record's live associations to toType after the cursor (a target id), up to
// limit, and the cursor of the next page ("" at the end).
func (tx *Tx) v4Targets(r *http.Request, o *Object, toType, after string, limit int) ([]multiAssociated, string) {
	out := []multiAssociated{}
	for _, k := range tx.liveEdges(o, toType) {
		if after != "" && !idLess(after, k.ToID) {
			continue
		}
		if len(out) == limit {
			return out, out[limit-1].ToObjectIDString()
		}
		types := []assocLabel{}
		for _, t := range tx.AssocTypes(k) {
			types = append(types, labelOf(t))
		}
		out = append(out, multiAssociated{ToObjectID: idJSON(r, k.ToID), AssociationTypes: types})
	}
	return out, ""
}

// ToObjectIDString is the target id as text, whichever JSON type it carries.
func (m multiAssociated) ToObjectIDString() string {
	if n, ok := m.ToObjectID.(int64); ok {
		return strconv.FormatInt(n, 10)
	}
	s, _ := m.ToObjectID.(string)
	return s
}

func (s *Sandbox) listAssocV4(w http.ResponseWriter, r *http.Request) {
	p, ok := s.pairFromPath(w, r, "objectType", "toObjectType", false)
	if !ok {
		return
	}
	limit, fail := v4Limit(r)
	var body struct {
		Results []multiAssociated `json:"results"`
		Paging  *paging           `json:"paging,omitempty"`
	}
	_ = s.store.view(func(tx *Tx) error {
		o := tx.liveRecord(p.From, p.FromID)
		if fail == nil && o == nil {
			fail = notFound(p.FromID)
		}
		if fail != nil {
			return nil
		}
		var next string
		body.Results, next = tx.v4Targets(r, o, p.To, r.URL.Query().Get("after"), limit)
		if next != "" {
			body.Paging = &paging{Next: &nextPage{After: next, Link: r.URL.Path + "?after=" + next}}
		}
		return nil
	})
	writeOutcome(w, r, fail, http.StatusOK, body)
}

// v4Limit reads limit: default and maximum 500.
func v4Limit(r *http.Request) (int, failure) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return maxAssocPage, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, badParam("limit", v)
	}
	return min(n, maxAssocPage), nil
}

// invalidObjects is v4's 400 for a write naming a record that does not exist.
func invalidObjects(typ, id string) failure {
	return func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", "One or more associations are invalid", &apiError{
			Context: map[string][]string{
				"INVALID_OBJECT_IDS": {upperName(typ) + "=" + id + " is not valid"},
				"objectId":           {id},
				"objectType":         {upperName(typ)},
			}})
	}
}

// resolvePairV4 finds both records of a v4 write, or v4's 400 for the first one missing.
func (tx *Tx) resolvePairV4(p assocPair) (from, to *Object, fail failure) {
	if from = tx.liveRecord(p.From, p.FromID); from == nil {
		return nil, nil, invalidObjects(p.From, p.FromID)
	}
	if to = tx.liveRecord(p.To, p.ToID); to == nil {
		return nil, nil, invalidObjects(p.To, p.ToID)
	}
	return from, to, nil
}

// assocSpec is AssociationSpec as a v4 PUT body lists it; pointers tell absent from zero.
type assocSpec struct {
	AssociationCategory *string `json:"associationCategory"`
	AssociationTypeID   *int    `json:"associationTypeId"`
}

// readAssocSpecs decodes a v4 PUT body: a non-empty array of specs with both fields (the
// date-versioned family lets the category be omitted, as its docs' example does).
func readAssocSpecs(w http.ResponseWriter, r *http.Request) ([]assocSpec, bool) {
	var specs []assocSpec
	if !readJSON(w, r, &specs) {
		return nil, false
	}
	return specs, checkSpecs(w, r, specs)
}

// checkSpecs answers the 400 for specs missing a field or for none at all, reporting whether
// they are complete.
func checkSpecs(w http.ResponseWriter, r *http.Request, specs []assocSpec) bool {
	dated := isDated(r)
	for _, sp := range specs {
		var missing []string
		if sp.AssociationCategory == nil && !dated {
			missing = append(missing, "associationCategory")
		}
		if sp.AssociationTypeID == nil {
			missing = append(missing, "associationTypeId")
		}
		if len(missing) > 0 {
			writeError(w, r, http.StatusBadRequest, "VALIDATION_ERROR",
				"Invalid input JSON on line 1, column 3. Some required fields were not set: ["+strings.Join(missing, ", ")+"]", nil)
			return false
		}
	}
	if len(specs) == 0 {
		writeError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", "At least one association type is required", nil)
		return false
	}
	return true
}

// isDated reports a request on the date-versioned family.
func isDated(r *http.Request) bool {
	return r.PathValue("version") != "" && r.PathValue("version") != "v4"
}

// validSpec reports whether a spec names a type (with its category) valid between two types.
func validSpec(from, to string, sp assocSpec) bool {
	t, _, ok := lookupAssoc(from, to, *sp.AssociationTypeID)
	return ok && (sp.AssociationCategory == nil || *sp.AssociationCategory == t.Category)
}

// labelsBetween is LabelsBetweenObjectPair.
type labelsBetween struct {
	FromObjectTypeID string   `json:"fromObjectTypeId"`
	FromObjectID     any      `json:"fromObjectId"`
	ToObjectTypeID   string   `json:"toObjectTypeId"`
	ToObjectID       any      `json:"toObjectId"`
	Labels           []string `json:"labels"`
}

func (s *Sandbox) putAssocV4(w http.ResponseWriter, r *http.Request) {
	p, ok := s.pairFromPath(w, r, "objectType", "toObjectType", true)
	if !ok {
		return
	}
	specs, ok := readAssocSpecs(w, r)
	if !ok {
		return
	}
	var body labelsBetween
	fail := s.doFailing(func(tx *Tx) failure {
		var fail failure
		body, fail = tx.applySpecs(r, p, specs)
		return fail
	})
	if fail == nil {
		w.Header().Set("Location", r.URL.Path)
	}
	writeOutcome(w, r, fail, http.StatusCreated, body)
}

// applySpecs validates every spec first, then adds them all, and renders the pair's labels.
func (tx *Tx) applySpecs(r *http.Request, p assocPair, specs []assocSpec) (labelsBetween, failure) {
	from, to, fail := tx.resolvePairV4(p)
	if fail != nil {
		return labelsBetween{}, fail
	}
	for _, sp := range specs {
		if !validSpec(p.From, p.To, sp) {
			return labelsBetween{}, invalidAssocType(p.From, p.To, specName(sp))
		}
	}
	for _, sp := range specs {
		tx.Associate(from, to, *sp.AssociationTypeID)
	}
	labels := []string{}
	for _, t := range tx.AssocTypes(assocKey(from, to)) {
		if t.Label != "" {
			labels = append(labels, t.Label)
		}
	}
	return labelsBetween{FromObjectTypeID: ObjectTypeIDs[from.Type], FromObjectID: idJSON(r, from.ID),
		ToObjectTypeID: ObjectTypeIDs[to.Type], ToObjectID: idJSON(r, to.ID), Labels: labels}, nil
}

// specName renders a spec for an error message ("USER_DEFINED/1001").
func specName(sp assocSpec) string {
	id := strconv.Itoa(*sp.AssociationTypeID)
	if sp.AssociationCategory == nil {
		return id
	}
	return *sp.AssociationCategory + "/" + id
}

func (s *Sandbox) deleteAssocV4(w http.ResponseWriter, r *http.Request) {
	s.writePair(w, r, (*Tx).resolvePairV4, http.StatusNoContent, func(tx *Tx, _ assocPair, from, to *Object) (any, failure) {
		tx.DisassociateAll(from, to)
		return nil, nil
	})
}

// objectID is PublicObjectId.
type objectID struct {
	ID string `json:"id"`
}

// wireSpec is AssociationSpec as responses carry it.
type wireSpec struct {
	AssociationCategory string `json:"associationCategory"`
	AssociationTypeID   int    `json:"associationTypeId"`
}

// defaultAssociation is PublicDefaultAssociation.
type defaultAssociation struct {
	From            objectID `json:"from"`
	To              objectID `json:"to"`
	AssociationSpec wireSpec `json:"associationSpec"`
}

// batchDefaults is BatchResponsePublicDefaultAssociation.
type batchDefaults struct {
	Status      string               `json:"status"`
	Results     []defaultAssociation `json:"results"`
	StartedAt   string               `json:"startedAt"`
	CompletedAt string               `json:"completedAt"`
}

func (s *Sandbox) putDefaultAssocV4(w http.ResponseWriter, r *http.Request) {
	s.writePair(w, r, (*Tx).resolvePairV4, http.StatusOK, func(tx *Tx, p assocPair, from, to *Object) (any, failure) {
		t, ok := tx.AssociateDefault(from, to)
		if !ok {
			return nil, invalidAssocType(p.From, p.To, "default")
		}
		_, rev, _ := lookupAssoc(from.Type, to.Type, t.TypeID)
		now := isoTime(tx.Now())
		return batchDefaults{Status: "COMPLETE", StartedAt: now, CompletedAt: now, Results: []defaultAssociation{
			{From: objectID{from.ID}, To: objectID{to.ID}, AssociationSpec: wireSpec{t.Category, t.TypeID}},
			{From: objectID{to.ID}, To: objectID{from.ID}, AssociationSpec: wireSpec{rev.Category, rev.TypeID}},
		}}, nil
	})
}

func (s *Sandbox) getAssocLabels(w http.ResponseWriter, r *http.Request) {
	p, ok := s.pairFromPath(w, r, "objectType", "toObjectType", false)
	if !ok {
		return
	}
	out := []assocLabel{}
	for _, t := range AssocTypesBetween(p.From, p.To) {
		out = append(out, labelOf(t))
	}
	writeJSON(w, http.StatusOK, map[string][]assocLabel{"results": out})
}

// batchReadResult is one input's answer in a v4 batch read.
type batchReadResult struct {
	From   objectID          `json:"from"`
	To     []multiAssociated `json:"to"`
	Paging *paging           `json:"paging,omitempty"`
}

// assocBatchError is StandardError as a batch answer lists it.
type assocBatchError struct {
	Status      string              `json:"status"`
	Category    string              `json:"category"`
	SubCategory string              `json:"subCategory,omitempty"`
	Message     string              `json:"message"`
	Context     map[string][]string `json:"context"`
	Errors      []errorDetail       `json:"errors"`
	Links       map[string]string   `json:"links"`
}

// batchReadAnswer is BatchResponsePublicAssociationMultiWithLabel (…WithErrors when errors).
type batchReadAnswer struct {
	Status      string            `json:"status"`
	Results     []batchReadResult `json:"results"`
	NumErrors   int               `json:"numErrors,omitempty"`
	Errors      []assocBatchError `json:"errors,omitempty"`
	StartedAt   string            `json:"startedAt"`
	CompletedAt string            `json:"completedAt"`
}

// batchReadInput is one input of a v4 batch read.
type batchReadInput struct {
	ID    json.Number `json:"id"`
	After string      `json:"after"`
}

// readAssocBatch reads a v4 batch call: the path's pair of object types (the source's write
// scope when write) and the body's inputs, at most maxAssocBatchRead; or it answers the error.
func readAssocBatch[T any](s *Sandbox, w http.ResponseWriter, r *http.Request, write bool) (assocPair, []T, bool) {
	p, ok := s.pairFromPath(w, r, "objectType", "toObjectType", write)
	if !ok {
		return p, nil, false
	}
	var in struct {
		Inputs []T `json:"inputs"`
	}
	if !readJSON(w, r, &in) {
		return p, nil, false
	}
	if len(in.Inputs) > maxAssocBatchRead {
		writeError(w, r, http.StatusBadRequest, "VALIDATION_ERROR",
			"Too many inputs: "+strconv.Itoa(len(in.Inputs))+". The maximum number of inputs supported in a batch request is "+strconv.Itoa(maxAssocBatchRead), nil)
		return p, nil, false
	}
	return p, in.Inputs, true
}

func (s *Sandbox) batchReadAssoc(w http.ResponseWriter, r *http.Request) {
	p, inputs, ok := readAssocBatch[batchReadInput](s, w, r, false)
	if !ok {
		return
	}
	var ans batchReadAnswer
	_ = s.store.view(func(tx *Tx) error {
		ans = tx.batchReadAssoc(r, p, inputs)
		return nil
	})
	status := http.StatusOK
	if ans.NumErrors > 0 {
		status = http.StatusMultiStatus
	}
	writeJSON(w, status, ans)
}

// batchReadAssoc answers each input: its targets (one page of 500), or an error entry.
func (tx *Tx) batchReadAssoc(r *http.Request, p assocPair, inputs []batchReadInput) batchReadAnswer {
	now := isoTime(tx.Now())
	ans := batchReadAnswer{Status: "COMPLETE", Results: []batchReadResult{}, StartedAt: now, CompletedAt: now}
	for _, in := range inputs {
		id := in.ID.String()
		var targets []multiAssociated
		var next string
		if o := tx.liveRecord(p.From, id); o != nil {
			targets, next = tx.v4Targets(r, o, p.To, in.After, maxAssocPage)
		}
		if len(targets) == 0 {
			ans.Errors = append(ans.Errors, noAssociations(p, id))
			continue
		}
		res := batchReadResult{From: objectID{id}, To: targets}
		if next != "" {
			res.Paging = &paging{Next: &nextPage{After: next}}
		}
		ans.Results = append(ans.Results, res)
	}
	ans.NumErrors = len(ans.Errors)
	return ans
}

// noAssociations is the batch read error for an input with nothing associated.
func noAssociations(p assocPair, id string) assocBatchError {
	return assocBatchError{
		Status: "error", Category: "OBJECT_NOT_FOUND", SubCategory: "crm.associations.NO_ASSOCIATIONS_FOUND",
		Message: "No " + singularNames[p.To] + " is associated with " + singularNames[p.From] + " " + id + ".",
		Context: map[string][]string{"fromObjectId": {id}}, Errors: []errorDetail{}, Links: map[string]string{},
	}
}

// labelsArchiveInput is PublicAssociationMultiPost: a pair of records and the types to remove.
type labelsArchiveInput struct {
	From  objectID    `json:"from"`
	To    objectID    `json:"to"`
	Types []assocSpec `json:"types"`
}

// batchAnswer is BatchResponse, the date-versioned family's answer to batch/labels/archive.
type batchAnswer struct {
	Status      string `json:"status"`
	Results     []any  `json:"results"`
	StartedAt   string `json:"startedAt"`
	CompletedAt string `json:"completedAt"`
}

func (s *Sandbox) archiveAssocLabels(w http.ResponseWriter, r *http.Request) {
	p, inputs, ok := readAssocBatch[labelsArchiveInput](s, w, r, true)
	if !ok {
		return
	}
	for _, one := range inputs {
		if !checkSpecs(w, r, one.Types) {
			return
		}
	}
	var now string
	fail := s.doFailing(func(tx *Tx) failure {
		now = isoTime(tx.Now())
		return tx.archiveLabels(p, inputs)
	})
	if fail == nil && isDated(r) {
		writeJSON(w, http.StatusOK, batchAnswer{Status: "COMPLETE", Results: []any{}, StartedAt: now, CompletedAt: now})
		return
	}
	writeOutcome(w, r, fail, http.StatusNoContent, nil)
}

// archiveLabels checks every input (both records live, every type valid between the two
// object types, its category matching when given), then removes the types: all or nothing.
func (tx *Tx) archiveLabels(p assocPair, inputs []labelsArchiveInput) failure {
	type pair struct{ from, to *Object }
	pairs := make([]pair, len(inputs))
	for i, in := range inputs {
		from, to, fail := tx.resolvePairV4(assocPair{From: p.From, FromID: in.From.ID, To: p.To, ToID: in.To.ID})
		if fail != nil {
			return fail
		}
		for _, sp := range in.Types {
			if !validSpec(p.From, p.To, sp) {
				return invalidAssocType(p.From, p.To, specName(sp))
			}
		}
		pairs[i] = pair{from, to}
	}
	for i, in := range inputs {
		for _, sp := range in.Types {
			tx.Disassociate(pairs[i].from, pairs[i].to, *sp.AssociationTypeID)
		}
	}
	return nil
}
