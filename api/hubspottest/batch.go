package hubspottest

import (
	"fmt"
	"net/http"
	"strings"
)

// Batch endpoints: read, create, update, upsert, archive. Each runs under one write (or read)
// lock, so a batch is atomic with respect to other requests.

// maxBatchInputs is HubSpot's batch size; maxHistoryInputs the batch/read size with history.
const (
	maxBatchInputs   = 100
	maxHistoryInputs = 50
)

func (s *Sandbox) routeBatch(mux *http.ServeMux) {
	handleObjects(mux, "POST /{objectType}/batch/read", s.batchRead)
	handleObjects(mux, "POST /{objectType}/batch/create", s.batchCreate)
	handleObjects(mux, "POST /{objectType}/batch/update", s.batchUpdate)
	handleObjects(mux, "POST /{objectType}/batch/upsert", s.batchUpsert)
	handleObjects(mux, "POST /{objectType}/batch/archive", s.batchArchive)
}

// batchResponse is BatchResponseSimplePublicObject (…WithErrors when errors is set; the upsert
// variants carry "new" on each result).
type batchResponse struct {
	Status      string       `json:"status"`
	Results     []objectJSON `json:"results"`
	NumErrors   int          `json:"numErrors,omitempty"`
	Errors      []batchError `json:"errors,omitempty"`
	StartedAt   string       `json:"startedAt"`
	CompletedAt string       `json:"completedAt"`
}

// batchError is StandardError, one failed input (or group of inputs) of a batch.
type batchError struct {
	Status   string              `json:"status"`
	Category string              `json:"category"`
	Message  string              `json:"message"`
	Context  map[string][]string `json:"context"`
	Errors   []errorDetail       `json:"errors,omitempty"`
}

func inputError(e *reqError, ctx map[string][]string) batchError {
	return batchError{Status: "error", Category: e.category, Message: e.text(), Context: ctx,
		Errors: propErrorDetails(e.propErrs)}
}

func (s *Sandbox) newBatch() batchResponse {
	return batchResponse{Status: "COMPLETE", Results: []objectJSON{}, StartedAt: isoTime(s.store.Now())}
}

// finish stamps completion and writes the batch with ok, or 207 when any input failed.
func (s *Sandbox) finish(w http.ResponseWriter, b batchResponse, ok int) {
	b.CompletedAt = isoTime(s.store.Now())
	b.NumErrors = len(b.Errors)
	if b.NumErrors > 0 {
		ok = http.StatusMultiStatus
	}
	writeJSON(w, ok, b)
}

// writeBatch runs f on a new batch under the write lock and writes the batch with ok (207 when
// an input failed), or f's request error when the whole batch failed.
func (s *Sandbox) writeBatch(w http.ResponseWriter, r *http.Request, ok int, f func(tx *Tx, b *batchResponse) *reqError) {
	b := s.newBatch()
	if rerr := s.doWrite(func(tx *Tx) *reqError { return f(tx, &b) }); rerr != nil {
		rerr.write(w, r)
		return
	}
	s.finish(w, b, ok)
}

// checkBatchSize enforces HubSpot's input limits (UNVERIFIED wording for the 100 limit; the
// history one is HubSpot's real text).
func checkBatchSize(n int, history bool) *reqError {
	if n > maxBatchInputs {
		return badRequest("The maximum number of inputs supported in a batch request is %d. Please reduce the number of items and try again", maxBatchInputs)
	}
	if history && n > maxHistoryInputs {
		return badRequest("The maximum number of inputs supported in a batch request for property histories is %d. Please reduce the number of items and try again", maxHistoryInputs)
	}
	return nil
}

func errNoInputs() *reqError {
	return badRequest("Invalid input JSON on line 1, column 1: Some required fields were not set: [inputs]")
}

// batchIDInput is {"id": …}.
type batchIDInput struct {
	ID flexID `json:"id"`
}

type objBatchReadInput struct {
	Inputs                []batchIDInput `json:"inputs"`
	Properties            []string       `json:"properties"`
	PropertiesWithHistory []string       `json:"propertiesWithHistory"`
	IDProperty            string         `json:"idProperty"`
}

func (s *Sandbox) batchRead(w http.ResponseWriter, r *http.Request) {
	typ, ok := s.objectType(w, r, false)
	if !ok {
		return
	}
	var in objBatchReadInput
	if !readJSON(w, r, &in) {
		return
	}
	rq, rerr := s.parseReadQuery(r.URL.Query())
	if rerr == nil {
		rerr = validateBatchRead(in)
	}
	if rerr != nil {
		rerr.write(w, r)
		return
	}
	view := readView{props: in.Properties, history: in.PropertiesWithHistory, archived: rq.view.archived}
	b := s.newBatch()
	_ = s.store.view(func(tx *Tx) error {
		rerr = s.readInputs(tx, typ, in, view, &b)
		return nil
	})
	if rerr != nil {
		rerr.write(w, r)
		return
	}
	s.finish(w, b, http.StatusOK)
}

func validateBatchRead(in objBatchReadInput) *reqError {
	if in.Inputs == nil {
		return errNoInputs()
	}
	return checkBatchSize(len(in.Inputs), len(in.PropertiesWithHistory) > 0)
}

// readInputs looks every input up; the ones not found become one OBJECT_NOT_FOUND error
// naming them (HubSpot's 207). A record asked for twice is returned once.
func (s *Sandbox) readInputs(tx *Tx, typ string, in objBatchReadInput, view readView, b *batchResponse) *reqError {
	var missing []string
	seen := map[string]bool{}
	for _, input := range in.Inputs {
		id := string(input.ID)
		o, e := s.lookup(tx, typ, id, in.IDProperty, view.archived)
		if e == nil && s.mergedAway(tx, typ, id, in.IDProperty) {
			e = objNotFound(id)
		}
		switch {
		case e != nil && e.status == http.StatusBadRequest:
			return e
		case e != nil:
			missing = append(missing, id)
		case !seen[o.ID]:
			seen[o.ID] = true
			b.Results = append(b.Results, render(tx, o, view))
		}
	}
	if len(missing) > 0 {
		b.Errors = append(b.Errors, batchError{Status: "error", Category: "OBJECT_NOT_FOUND",
			Message: fmt.Sprintf("Could not get some %s objects, they may be deleted or not exist. Check that ids are valid.", upperSingular(typ)),
			Context: map[string][]string{"ids": missing}})
	}
	return nil
}

type batchCreateInput struct {
	Inputs []createInput `json:"inputs"`
}

// traced reports whether every input carries its own objectWriteTraceId: only then does
// HubSpot report failures per input (207); otherwise one bad input fails the whole batch.
func traced(ids []string) bool {
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" || seen[id] {
			return false
		}
		seen[id] = true
	}
	return true
}

func traceContext(id string) map[string][]string {
	return map[string][]string{"objectWriteTraceId": {id}}
}

func (s *Sandbox) batchCreate(w http.ResponseWriter, r *http.Request) {
	typ, ok := s.objectType(w, r, true)
	if !ok {
		return
	}
	var in batchCreateInput
	if !readJSON(w, r, &in) {
		return
	}
	props, traces, rerr := decodeCreates(in)
	if rerr != nil {
		rerr.write(w, r)
		return
	}
	s.writeBatch(w, r, http.StatusCreated, func(tx *Tx, b *batchResponse) *reqError {
		return s.createAll(tx, typ, in.Inputs, props, traced(traces), b)
	})
}

func decodeCreates(in batchCreateInput) ([]map[string]string, []string, *reqError) {
	if in.Inputs == nil {
		return nil, nil, errNoInputs()
	}
	if e := checkBatchSize(len(in.Inputs), false); e != nil {
		return nil, nil, e
	}
	props := make([]map[string]string, len(in.Inputs))
	traces := make([]string, len(in.Inputs))
	for i, input := range in.Inputs {
		p, err := input.Properties.strings()
		if err != nil {
			return nil, nil, badRequest("Invalid input JSON: %v", err)
		}
		props[i], traces[i] = p, input.ObjectWriteTraceID
	}
	return props, traces, nil
}

// createAll plans every input, then applies the good ones (all must be good unless perInput).
func (s *Sandbox) createAll(tx *Tx, typ string, inputs []createInput, props []map[string]string, perInput bool, b *batchResponse) *reqError {
	cl := claims{}
	var plans []*writePlan
	for i, input := range inputs {
		plan, e := s.planCreate(tx, typ, props[i], input.Associations, cl)
		if plans, e = collectPlan(plans, plan, e, input.ObjectWriteTraceID, perInput, b); e != nil {
			return e
		}
	}
	s.applyAll(tx, plans, b)
	return nil
}

// collectPlan adds an input's plan (stamped with its trace id) to plans. When planning failed,
// the whole batch fails (e is returned) unless perInput: then e becomes that input's error in b.
func collectPlan(plans []*writePlan, plan *writePlan, e *reqError, trace string, perInput bool, b *batchResponse) ([]*writePlan, *reqError) {
	if e != nil {
		if !perInput {
			return plans, e
		}
		b.Errors = append(b.Errors, inputError(e, traceContext(trace)))
		return plans, nil
	}
	plan.traceID = trace
	return append(plans, plan), nil
}

// applyAll applies the plans in order, each result going into b.
func (s *Sandbox) applyAll(tx *Tx, plans []*writePlan, b *batchResponse) {
	for _, p := range plans {
		b.Results = append(b.Results, s.apply(tx, p))
	}
}

// batchUpdateItem is one batch/update or batch/upsert input.
type batchUpdateItem struct {
	ID                 flexID   `json:"id"`
	IDProperty         string   `json:"idProperty"`
	Properties         rawProps `json:"properties"`
	ObjectWriteTraceID string   `json:"objectWriteTraceId"`
}

type batchUpdateInput struct {
	Inputs     []batchUpdateItem `json:"inputs"`
	IDProperty string            `json:"idProperty"`
}

// decodedItem is a batch update/upsert input with its properties as strings.
type decodedItem struct {
	id, idProp, trace string
	props             map[string]string
}

func decodeUpdates(in batchUpdateInput) ([]decodedItem, *reqError) {
	if in.Inputs == nil {
		return nil, errNoInputs()
	}
	if e := checkBatchSize(len(in.Inputs), false); e != nil {
		return nil, e
	}
	items := make([]decodedItem, len(in.Inputs))
	seen := map[string]bool{}
	var dups []string
	for i, input := range in.Inputs {
		p, err := input.Properties.strings()
		if err != nil {
			return nil, badRequest("Invalid input JSON: %v", err)
		}
		idProp := input.IDProperty
		if idProp == "" {
			idProp = in.IDProperty
		}
		items[i] = decodedItem{id: string(input.ID), idProp: idProp, trace: input.ObjectWriteTraceID, props: p}
		key := idProp + "/" + strings.ToLower(items[i].id)
		if seen[key] {
			dups = append(dups, items[i].id)
		}
		seen[key] = true
	}
	if len(dups) > 0 {
		return nil, badRequest("Duplicate IDs found in batch input: [%s]. IDs must be unique", strings.Join(dups, ", "))
	}
	return items, nil
}

// checkIDProperty: batch update and upsert take only hasUniqueValue properties as idProperty;
// HubSpot refuses email there ("non-unique 0-1 property"). allowEmail is upsert's exception.
func checkIDProperty(typ, idProp string, allowEmail bool) *reqError {
	if idProp == "" || idProp == "hs_object_id" {
		return nil
	}
	if typ == Contacts && idProp == "email" && allowEmail {
		return nil
	}
	if d, ok := findProperty(typ, idProp); ok && d.HasUniqueValue {
		return nil
	}
	return badRequest("Unable to perform update/upsert by non-unique %s property", ObjectTypeIDs[typ])
}

// readUpdates reads a batch update or upsert body for the path's type, checking every input's
// idProperty with checkID; false when it answered with the error.
func (s *Sandbox) readUpdates(w http.ResponseWriter, r *http.Request, checkID func(typ, idProp string) *reqError) (string, []decodedItem, bool) {
	typ, ok := s.objectType(w, r, true)
	if !ok {
		return "", nil, false
	}
	var in batchUpdateInput
	if !readJSON(w, r, &in) {
		return "", nil, false
	}
	items, rerr := decodeUpdates(in)
	for i := 0; rerr == nil && i < len(items); i++ {
		rerr = checkID(typ, items[i].idProp)
	}
	if rerr != nil {
		rerr.write(w, r)
		return "", nil, false
	}
	return typ, items, true
}

func (s *Sandbox) batchUpdate(w http.ResponseWriter, r *http.Request) {
	typ, items, ok := s.readUpdates(w, r, func(typ, idProp string) *reqError {
		return checkIDProperty(typ, idProp, false)
	})
	if !ok {
		return
	}
	s.writeBatch(w, r, http.StatusOK, func(tx *Tx, b *batchResponse) *reqError {
		return s.updateAll(tx, typ, items, b)
	})
}

func itemTraces(items []decodedItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.trace
	}
	return out
}

// updateAll updates the records the inputs name. Inputs naming no record are skipped silently,
// as HubSpot does (an email sent as a record id "silently updates nothing").
func (s *Sandbox) updateAll(tx *Tx, typ string, items []decodedItem, b *batchResponse) *reqError {
	perInput := traced(itemTraces(items))
	cl := claims{}
	var plans []*writePlan
	for _, it := range items {
		o, _ := s.lookup(tx, typ, it.id, it.idProp, false)
		if o == nil || s.mergedAway(tx, typ, it.id, it.idProp) {
			continue
		}
		plan, e := s.planUpdate(tx, o, it.props, cl)
		if plans, e = collectPlan(plans, plan, e, it.trace, perInput, b); e != nil {
			return e
		}
	}
	s.applyAll(tx, plans, b)
	return nil
}

func (s *Sandbox) batchUpsert(w http.ResponseWriter, r *http.Request) {
	typ, items, ok := s.readUpdates(w, r, checkUpsertIDProperty)
	if !ok {
		return
	}
	s.writeBatch(w, r, http.StatusOK, func(tx *Tx, b *batchResponse) *reqError {
		s.upsertAll(tx, typ, items, b)
		return nil
	})
}

// checkUpsertIDProperty: an upsert needs an idProperty that can identify a record to create:
// email (contacts) or a hasUniqueValue property.
func checkUpsertIDProperty(typ, idProp string) *reqError {
	if idProp == "" || idProp == "hs_object_id" {
		return badRequest("Invalid input JSON: Some required fields were not set: [idProperty] (upsert needs email or a unique property)")
	}
	return checkIDProperty(typ, idProp, true)
}

// upsertAll updates the inputs that name a record and creates the others (with the id written
// to the idProperty). Failures are reported per input (207). With email as idProperty HubSpot
// does no partial upserts: one failure means nothing is written and results is empty.
func (s *Sandbox) upsertAll(tx *Tx, typ string, items []decodedItem, b *batchResponse) {
	cl := claims{}
	var plans []*writePlan
	var isNew []bool
	emailKeyed := false
	for _, it := range items {
		emailKeyed = emailKeyed || it.idProp == "email"
		plan, created, e := s.planUpsert(tx, typ, it, cl)
		if e != nil {
			ctx := map[string][]string{"ids": {it.id}}
			if it.trace != "" {
				ctx = traceContext(it.trace)
			}
			b.Errors = append(b.Errors, inputError(e, ctx))
			continue
		}
		plans, isNew = append(plans, plan), append(isNew, created)
	}
	if emailKeyed && len(b.Errors) > 0 {
		return
	}
	for i, p := range plans {
		out := s.apply(tx, p)
		out.New = &isNew[i]
		b.Results = append(b.Results, out)
	}
}

func (s *Sandbox) planUpsert(tx *Tx, typ string, it decodedItem, cl claims) (*writePlan, bool, *reqError) {
	if o, _ := s.lookup(tx, typ, it.id, it.idProp, false); o != nil {
		p, e := s.planUpdate(tx, o, it.props, cl)
		if p != nil {
			p.traceID = it.trace
		}
		return p, false, e
	}
	props := make(map[string]string, len(it.props)+1)
	for k, v := range it.props {
		props[k] = v
	}
	if props[it.idProp] == "" {
		props[it.idProp] = it.id
	}
	p, e := s.planCreate(tx, typ, props, nil, cl)
	if p != nil {
		p.traceID = it.trace
	}
	return p, true, e
}

type batchArchiveInput struct {
	Inputs []batchIDInput `json:"inputs"`
}

// batchArchive moves the records to the recycle bin: 204, unknown ids ignored.
func (s *Sandbox) batchArchive(w http.ResponseWriter, r *http.Request) {
	typ, ok := s.objectType(w, r, true)
	if !ok {
		return
	}
	var in batchArchiveInput
	if !readJSON(w, r, &in) {
		return
	}
	rerr := checkBatchSize(len(in.Inputs), false)
	if in.Inputs == nil {
		rerr = errNoInputs()
	}
	if rerr != nil {
		rerr.write(w, r)
		return
	}
	if rerr = s.doWrite(func(tx *Tx) *reqError {
		for _, input := range in.Inputs {
			if o := tx.Resolve(typ, string(input.ID)); o != nil && !o.Archived {
				tx.Archive(o)
			}
		}
		return nil
	}); rerr != nil {
		rerr.write(w, r)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
