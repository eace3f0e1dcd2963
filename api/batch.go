package api

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Batch sizes HubSpot accepts per request.
const (
	MaxBatchInputs        = 100
	MaxBatchHistoryInputs = 50 // batch read with propertiesWithHistory
)

// BatchResult is the outcome for one input of a batch, at the input's position.
type BatchResult struct {
	Index   int     // position in the inputs
	Input   string  // the id, email or unique value the input named ("" for a create)
	Object  *Object // the record read or written (nil for archive and on failure)
	Created bool    // a create, or an upsert that created
	Err     *Error  // why this input failed; nil when it succeeded
}

// BatchUpdate is one input of a batch update or upsert.
type BatchUpdate struct {
	ID         string // record id (update), or the idProperty value (upsert)
	Properties map[string]string
}

// BatchReadRequest reads records by id or by a unique property (IDProperty "email" for
// contacts). Properties defaults to HubSpot's default set.
type BatchReadRequest struct {
	IDs        []string
	IDProperty string
	Properties []string
	History    []string // propertiesWithHistory (batches of 50)
	Archived   bool
}

// BatchOption adjusts a batch call.
type BatchOption func(*batchOptions)

type batchOptions struct {
	progress func(done, total int)
	since    time.Time
}

// WrittenSince says the inputs were sent before, at since (an earlier call's Error.SentAt),
// and that call's answer was lost: an upsert may find records that call created. Created is
// then true for a record created since, as it is for one the upsert itself creates.
func WrittenSince(since time.Time) BatchOption {
	return func(o *batchOptions) { o.since = since }
}

// OnProgress is called after each request of a batch with how many inputs are settled.
func OnProgress(f func(done, total int)) BatchOption {
	return func(o *batchOptions) { o.progress = f }
}

// runChunks splits n inputs into chunks of at most size and runs each in order. A chunk that
// fails as a whole marks its inputs; a fatal failure (auth, daily limit, cancelled) also marks
// every input not yet sent and stops. It returns the first whole-chunk failure.
func runChunks(ctx context.Context, results []BatchResult, size int, opts []BatchOption, run func(lo, hi int) *Error) error {
	var o batchOptions
	for _, f := range opts {
		f(&o)
	}
	var first *Error
	for lo := 0; lo < len(results); lo += size {
		hi := min(lo+size, len(results))
		if e := run(lo, hi); e != nil {
			if first == nil {
				first = e
			}
			if fatal(e) {
				markRest(results[lo:], e)
				return e
			}
			markRest(results[lo:hi], e)
		}
		if o.progress != nil {
			o.progress(hi, len(results))
		}
	}
	if first != nil {
		return first
	}
	return nil
}

// fatal failures stop a batch: later chunks would fail the same way.
func fatal(e *Error) bool {
	return e.Status == 401 || e.Status == 403 || e.Category == CategoryCanceled ||
		e.Status == 429 && e.Policy == PolicyDaily || e.Category == CategoryRedirect
}

// markRest gives every unsettled result the error.
func markRest(rs []BatchResult, e *Error) {
	for i := range rs {
		if rs[i].Object == nil && rs[i].Err == nil {
			rs[i].Err = e
		}
	}
}

func newResults(inputs []string) []BatchResult {
	rs := make([]BatchResult, len(inputs))
	for i, in := range inputs {
		rs[i] = BatchResult{Index: i, Input: in}
	}
	return rs
}

// wireBatchResponse is a 200/201/207 batch answer.
type wireBatchResponse struct {
	Status    string       `json:"status"`
	StartedAt string       `json:"startedAt"`
	Results   []wireObject `json:"results"`
	Errors    []errorBody  `json:"errors"`
}

// plain reads a batch answer of the usual shape into r: status and the timestamps plain
// strings, every result a plain record (wireObject.plain), no errors. False (r untouched) for
// anything else, which encoding/json reads. An import decodes 100 records an answer: this
// reads them in one pass, where encoding/json checks the whole answer, then finds each record
// and hands it to wireObject's decoding.
func (r *wireBatchResponse) plain(b []byte) bool {
	var out wireBatchResponse
	end, ok := plainObject(b, skipSpace(b, 0), func(key string, b []byte, i int) (int, bool) {
		switch key {
		case "status":
			s, end, ok := plainString(b, i)
			out.Status = s
			return end, ok
		case "startedAt":
			s, end, ok := plainString(b, i)
			out.StartedAt = s
			return end, ok
		case "completedAt", "requestedAt":
			_, end, ok := plainBytes(b, i)
			return end, ok
		case "results":
			rs, end, ok := plainResults(b, i)
			out.Results = rs
			return end, ok
		}
		return 0, false
	})
	if !ok || skipSpace(b, end) != len(b) {
		return false
	}
	*r = out
	return true
}

// plainResults reads [record,…] at b[i], every record plain; end is the index after the ].
func plainResults(b []byte, i int) (rs []wireObject, end int, ok bool) {
	if i >= len(b) || b[i] != '[' {
		return nil, 0, false
	}
	rs = make([]wireObject, 0, MaxBatchInputs)
	if i = skipSpace(b, i+1); i < len(b) && b[i] == ']' {
		return rs, i + 1, true
	}
	for {
		var o wireObject
		if i, ok = plainObject(b, i, o.plainField); !ok {
			return nil, 0, false
		}
		rs = append(rs, o)
		if i = skipSpace(b, i); i < len(b) && b[i] == ',' {
			i = skipSpace(b, i+1)
			continue
		}
		if i >= len(b) || b[i] != ']' {
			return nil, 0, false
		}
		return rs, i + 1, true
	}
}

// chunk maps a batch response back onto the inputs of one request.
type chunk struct {
	rs      []BatchResult    // the chunk's slice of the results
	byKey   map[string][]int // normalised input key -> local indices
	byTrace map[string]int   // objectWriteTraceId -> local index
}

func newChunk(rs []BatchResult) *chunk {
	return &chunk{rs: rs, byKey: map[string][]int{}, byTrace: map[string]int{}}
}

func normKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func (ch *chunk) key(i int, k string) {
	if k != "" {
		ch.byKey[normKey(k)] = append(ch.byKey[normKey(k)], i)
	}
}

// place puts a result object at the inputs it answers: by trace id, else by any of keys.
func (ch *chunk) place(w *wireObject, o *Object, created bool, keys []string) bool {
	if i, ok := ch.byTrace[w.ObjectWriteTraceID]; ok && w.ObjectWriteTraceID != "" {
		ch.rs[i].Object, ch.rs[i].Created = o, created
		return true
	}
	placed := false
	for _, k := range keys {
		for _, i := range ch.byKey[normKey(k)] {
			if ch.rs[i].Object == nil {
				ch.rs[i].Object, ch.rs[i].Created = o, created
				placed = true
			}
		}
		if placed {
			return true
		}
	}
	return false
}

// blame gives a per-input error to the inputs its context names (trace ids, ids, emails).
// It reports whether any input was named.
func (ch *chunk) blame(e *Error) bool {
	named := false
	for _, vals := range e.Context {
		for _, v := range vals {
			if i, ok := ch.byTrace[v]; ok {
				ch.rs[i].Err, named = e, true
				continue
			}
			for _, i := range ch.byKey[normKey(v)] {
				ch.rs[i].Err, named = e, true
			}
		}
	}
	return named
}

// settle maps a whole response: results to inputs, errors to the inputs they name; results
// it cannot place by key go positionally when the counts match, unnamed errors to the inputs
// still unsettled, and inputs HubSpot said nothing about become not-found errors.
func (ch *chunk) settle(w *wireBatchResponse, typ string, created func(*wireObject) bool, keysOf func(*wireObject) []string) {
	var unplaced []int
	for i := range w.Results {
		o := w.Results[i].toObject(typ)
		if !ch.place(&w.Results[i], o, created(&w.Results[i]), keysOf(&w.Results[i])) {
			unplaced = append(unplaced, i)
		}
	}
	if len(unplaced) > 0 && len(w.Results) == len(ch.rs) && len(w.Errors) == 0 {
		for _, i := range unplaced {
			if ch.rs[i].Object == nil {
				ch.rs[i].Object, ch.rs[i].Created = w.Results[i].toObject(typ), created(&w.Results[i])
			}
		}
	}
	var unnamed []*Error
	for _, b := range w.Errors {
		e := &Error{}
		e.fill(b)
		if !ch.blame(e) {
			unnamed = append(unnamed, e)
		}
	}
	for i := range ch.rs {
		r := &ch.rs[i]
		if r.Object != nil || r.Err != nil {
			continue
		}
		if len(unnamed) > 0 {
			r.Err = unnamed[0]
			continue
		}
		r.Err = &Error{Status: http.StatusNotFound, Category: "OBJECT_NOT_FOUND",
			Message: "HubSpot returned nothing for this input", Context: map[string][]string{"id": {r.Input}}}
	}
}

// ---- read ----

// BatchReadContacts reads contacts by id, or by email with idProperty "email", one result per
// input in input order (missing ones carry a not-found error).
func (c *Client) BatchReadContacts(ctx context.Context, ids []string, idProperty string, props []string, opts ...BatchOption) ([]BatchResult, error) {
	return c.BatchRead(ctx, ObjectContacts, BatchReadRequest{IDs: ids, IDProperty: idProperty, Properties: props}, opts...)
}

// BatchReadObjects reads records of any type by id.
func (c *Client) BatchReadObjects(ctx context.Context, objectType string, ids []string, props []string, opts ...BatchOption) ([]BatchResult, error) {
	return c.BatchRead(ctx, objectType, BatchReadRequest{IDs: ids, Properties: props}, opts...)
}

var defaultContactProps = []string{"firstname", "lastname", "email", "createdate", "lastmodifieddate", "hs_object_id"}

// BatchRead reads any number of records in requests of at most 100 (50 with History).
func (c *Client) BatchRead(ctx context.Context, objectType string, r BatchReadRequest, opts ...BatchOption) ([]BatchResult, error) {
	results := newResults(r.IDs)
	size := MaxBatchInputs
	if len(r.History) > 0 {
		size = MaxBatchHistoryInputs
	}
	byUnique := r.IDProperty != "" && r.IDProperty != "hs_object_id"
	props := r.Properties
	if byUnique {
		props = withMappingProps(objectType, r.IDProperty, props)
	}
	q := url.Values{}
	if r.Archived {
		q.Set("archived", "true")
	}
	keysOf := func(w *wireObject) []string {
		if !byUnique {
			return []string{w.ID}
		}
		ks := []string{w.Properties[r.IDProperty]}
		if r.IDProperty == "email" {
			ks = append(ks, splitEmails(w.Properties["hs_additional_emails"])...)
		}
		return ks
	}
	err := runChunks(ctx, results, size, opts, func(lo, hi int) *Error {
		ch := newChunk(results[lo:hi])
		inputs := make([]map[string]string, 0, hi-lo)
		for i, id := range r.IDs[lo:hi] {
			ch.key(i, id)
			inputs = append(inputs, map[string]string{"id": id})
		}
		body := map[string]any{"inputs": inputs, "properties": nonNilList(props)}
		if len(r.History) > 0 {
			body["propertiesWithHistory"] = r.History
		}
		if r.IDProperty != "" {
			body["idProperty"] = r.IDProperty
		}
		var w wireBatchResponse
		if _, err := c.do(ctx, call{method: http.MethodPost, path: c.paths.batch(objectType, "read"), query: q, body: body, out: &w, idempotent: true, read: true}); err != nil {
			return asErr(err)
		}
		ch.settle(&w, objectType, func(*wireObject) bool { return false }, keysOf)
		return nil
	})
	return results, err
}

// withMappingProps makes sure a read by a unique property returns that property (and, for
// email, the secondary emails HubSpot also matches), so results can be mapped to inputs.
func withMappingProps(objectType, idProperty string, props []string) []string {
	if len(props) == 0 && objectType == ObjectContacts {
		props = defaultContactProps
	}
	out := append([]string(nil), props...)
	need := []string{idProperty}
	if idProperty == "email" {
		need = append(need, "hs_additional_emails")
	}
	for _, n := range need {
		if !contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

func nonNilList(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

// splitEmails splits hs_additional_emails (';'-separated as HubSpot returns it; ',' accepted).
func splitEmails(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func asErr(err error) *Error {
	if e, ok := asError(err); ok {
		return e
	}
	return &Error{Category: CategoryBadResponse, Message: err.Error(), Err: err}
}

// ---- create ----

// BatchCreateContacts creates contacts, one result per input in input order. Each input gets a
// unique objectWriteTraceId so HubSpot reports failures per input. A request whose answer is
// lost is settled by reading the inputs' emails: found ones are results, absent ones are re-sent,
// inputs without an email are reported as unknown outcome (never re-sent blindly).
func (c *Client) BatchCreateContacts(ctx context.Context, inputs []map[string]string, opts ...BatchOption) ([]BatchResult, error) {
	return c.batchCreate(ctx, ObjectContacts, inputs, opts)
}

// BatchCreateObjects creates records of any type (no email to settle a lost answer with).
func (c *Client) BatchCreateObjects(ctx context.Context, objectType string, inputs []map[string]string, opts ...BatchOption) ([]BatchResult, error) {
	return c.batchCreate(ctx, objectType, inputs, opts)
}

type wireBatchCreateInput struct {
	Properties         map[string]string `json:"properties"`
	ObjectWriteTraceID string            `json:"objectWriteTraceId"`
}

func (c *Client) batchCreate(ctx context.Context, typ string, inputs []map[string]string, opts []BatchOption) ([]BatchResult, error) {
	emails := make([]string, len(inputs))
	for i, in := range inputs {
		if typ == ObjectContacts {
			emails[i] = strings.TrimSpace(in["email"])
		}
	}
	results := newResults(make([]string, len(inputs)))
	for i := range results {
		results[i].Input = emails[i]
	}
	err := runChunks(ctx, results, MaxBatchInputs, opts, func(lo, hi int) *Error {
		pending := make([]int, 0, hi-lo)
		for i := lo; i < hi; i++ {
			pending = append(pending, i)
		}
		return c.createChunk(ctx, typ, inputs, results, pending)
	})
	return results, err
}

// createChunk sends one create request for the pending inputs and settles it, re-sending only
// inputs proven absent after an ambiguous failure or a whole-request conflict.
func (c *Client) createChunk(ctx context.Context, typ string, inputs []map[string]string, results []BatchResult, pending []int) *Error {
	for resend := 0; len(pending) > 0; resend++ {
		sub := make([]BatchResult, len(pending))
		ch := newChunk(sub)
		body := make([]wireBatchCreateInput, len(pending))
		for j, i := range pending {
			sub[j] = results[i]
			body[j] = wireBatchCreateInput{Properties: nonNil(inputs[i]), ObjectWriteTraceID: c.traceID()}
			ch.byTrace[body[j].ObjectWriteTraceID] = j
			ch.key(j, results[i].Input)
		}
		var w wireBatchResponse
		_, err := c.do(ctx, call{method: http.MethodPost, path: c.paths.batch(typ, "create"),
			body: map[string]any{"inputs": body}, out: &w})
		if err == nil {
			ch.settle(&w, typ, func(*wireObject) bool { return true }, emailKey)
			copyBack(results, pending, sub)
			return nil
		}
		e := asErr(err)
		if !(e.ambiguous || e.Status == http.StatusConflict) || typ != ObjectContacts {
			if e.ambiguous {
				e = unknownOutcome(e, "these records may have been created")
			}
			return e
		}
		next, lerr := c.settleByEmail(ctx, e, results, pending)
		if lerr != nil {
			return lerr
		}
		if !e.ambiguous && len(next) == len(pending) {
			return e // the conflict is not with an existing contact (e.g. a duplicate inside the batch)
		}
		if e.ambiguous && resend >= c.cfg.MaxRetries && len(next) > 0 {
			return e // looked up: these were certainly not created
		}
		pending = next
		if e.ambiguous && len(pending) > 0 {
			if err := c.wait(ctx, Wait{Reason: WaitRetry, Duration: backoff(resend + 1), Attempt: resend + 2}); err != nil {
				return c.noAnswer(ctx, call{method: http.MethodPost}, resend+1, err)
			}
		}
	}
	return nil
}

func emailKey(w *wireObject) []string { return []string{w.Properties["email"]} }

func copyBack(results []BatchResult, pending []int, sub []BatchResult) {
	for j, i := range pending {
		results[i].Object, results[i].Created, results[i].Err = sub[j].Object, sub[j].Created, sub[j].Err
	}
}

// settleByEmail looks the pending inputs' emails up after a create failed ambiguously or as a
// whole with 409. Found contacts settle their inputs (created by the lost request, or a
// conflict); after an ambiguous failure, inputs without an email cannot be checked and are
// marked unknown outcome. It returns the inputs still to create.
func (c *Client) settleByEmail(ctx context.Context, failure *Error, results []BatchResult, pending []int) ([]int, *Error) {
	var emails []string
	for _, i := range pending {
		if results[i].Input != "" {
			emails = append(emails, results[i].Input)
		}
	}
	found := map[string]*Object{}
	if len(emails) > 0 {
		rs, err := c.BatchRead(ctx, ObjectContacts, BatchReadRequest{IDs: emails, IDProperty: "email"})
		if err != nil {
			return nil, unknownOutcome(failure, "these contacts may have been created and looking them up failed")
		}
		for _, r := range rs {
			if r.Object != nil {
				found[normKey(r.Input)] = r.Object
			}
		}
	}
	var next []int
	for _, i := range pending {
		r := &results[i]
		obj, ok := found[normKey(r.Input)]
		switch {
		case r.Input == "" && failure.ambiguous:
			r.Err = unknownOutcome(failure, "this record may have been created")
		case ok && failure.ambiguous:
			r.Object, r.Created = obj, true
		case ok:
			r.Err = &Error{Status: http.StatusConflict, Category: "CONFLICT", ExistingID: obj.ID,
				Message: "Contact already exists. Existing ID: " + obj.ID, CorrelationID: failure.CorrelationID}
		default:
			next = append(next, i)
		}
	}
	return next, nil
}

// ---- update, upsert, archive ----

// BatchUpdateContacts updates contacts by id, one result per input in input order. Inputs
// naming an email are resolved to ids first (HubSpot's batch update takes ids only).
func (c *Client) BatchUpdateContacts(ctx context.Context, inputs []BatchUpdate, opts ...BatchOption) ([]BatchResult, error) {
	return c.BatchUpdateObjects(ctx, ObjectContacts, inputs, opts...)
}

// BatchUpdateObjects updates records of any type by id.
func (c *Client) BatchUpdateObjects(ctx context.Context, objectType string, inputs []BatchUpdate, opts ...BatchOption) ([]BatchResult, error) {
	ids := make([]string, len(inputs))
	for i, in := range inputs {
		ids[i] = in.ID
	}
	results := newResults(ids)
	resolved, err := c.resolveEmailIDs(ctx, objectType, results)
	if err != nil {
		return results, err
	}
	err = runChunks(ctx, results, MaxBatchInputs, opts, func(lo, hi int) *Error {
		return c.writeChunk(ctx, objectType, "update", "", inputs, resolved, results, lo, hi, time.Time{})
	})
	return results, err
}

// BatchUpsertContacts creates or updates contacts by a unique property (idProperty "email"
// usually), one result per input in input order; Created tells which were new.
func (c *Client) BatchUpsertContacts(ctx context.Context, idProperty string, inputs []BatchUpdate, opts ...BatchOption) ([]BatchResult, error) {
	return c.BatchUpsertObjects(ctx, ObjectContacts, idProperty, inputs, opts...)
}

// BatchUpsertObjects is BatchUpsertContacts for any object type.
func (c *Client) BatchUpsertObjects(ctx context.Context, objectType, idProperty string, inputs []BatchUpdate, opts ...BatchOption) ([]BatchResult, error) {
	if idProperty == "" {
		return nil, argError("upsert needs an idProperty (e.g. email)")
	}
	ids := make([]string, len(inputs))
	for i, in := range inputs {
		ids[i] = in.ID
	}
	results := newResults(ids)
	var o batchOptions
	for _, f := range opts {
		f(&o)
	}
	err := runChunks(ctx, results, MaxBatchInputs, opts, func(lo, hi int) *Error {
		return c.writeChunk(ctx, objectType, "upsert", idProperty, inputs, ids, results, lo, hi, o.since)
	})
	return results, err
}

type wireBatchWriteInput struct {
	ID                 string            `json:"id"`
	IDProperty         string            `json:"idProperty,omitempty"`
	Properties         map[string]string `json:"properties"`
	ObjectWriteTraceID string            `json:"objectWriteTraceId"`
}

// writeChunk sends one update or upsert request (ids[i] is the id sent for input i; "" skips an
// input already settled, e.g. an email that resolved to nothing). since is when these inputs
// were first sent by an earlier call whose answer was lost (zero when none).
func (c *Client) writeChunk(ctx context.Context, typ, action, idProperty string, inputs []BatchUpdate, ids []string, results []BatchResult, lo, hi int, since time.Time) *Error {
	var pending []int
	for i := lo; i < hi; i++ {
		if results[i].Err == nil && ids[i] != "" {
			pending = append(pending, i)
		}
	}
	if len(pending) == 0 {
		return nil
	}
	sub := make([]BatchResult, len(pending))
	ch := newChunk(sub)
	body := make([]wireBatchWriteInput, len(pending))
	for j, i := range pending {
		sub[j] = results[i]
		body[j] = wireBatchWriteInput{ID: ids[i], IDProperty: idProperty, Properties: nonNil(inputs[i].Properties), ObjectWriteTraceID: c.traceID()}
		ch.byTrace[body[j].ObjectWriteTraceID] = j
		ch.key(j, ids[i])
	}
	var w wireBatchResponse
	res, err := c.do(ctx, call{method: http.MethodPost, path: c.paths.batch(typ, action),
		body: map[string]any{"inputs": body}, out: &w, idempotent: true})
	if err != nil {
		return asErr(err)
	}
	keysOf := func(w *wireObject) []string { return []string{w.ID} }
	if idProperty != "" && idProperty != "hs_object_id" {
		keysOf = func(w *wireObject) []string { return []string{w.Properties[idProperty], w.ID} }
	}
	created := func(w *wireObject) bool { return w.New != nil && *w.New }
	if res.written && (since.IsZero() || res.firstSent.Before(since)) {
		since = res.firstSent
	}
	if action == "upsert" && !since.IsZero() {
		created = c.createdSince(since, parseTime(w.StartedAt), created)
	}
	ch.settle(&w, typ, created, keysOf)
	copyBack(results, pending, sub)
	return nil
}

// createdSince counts as created an upsert's record that an earlier attempt, sent at since
// and answered by nothing HubSpot could deliver, created: HubSpot then answers new: false,
// though the record is this caller's doing. It was created at or after the earlier attempt
// reached HubSpot, which is no earlier than the answer's startedAt (HubSpot's clock) less the
// time since the attempt went out (ours): so clocks never need to agree. Without a startedAt
// HubSpot's new flag is all there is. (A record someone else created in the moments between the
// attempt going out and reaching HubSpot would count as ours: a window of one round trip.)
func (c *Client) createdSince(since, startedAt time.Time, isNew func(*wireObject) bool) func(*wireObject) bool {
	if startedAt.IsZero() {
		return isNew
	}
	// HubSpot's times are to the millisecond, cut down: a millisecond of slack.
	from := startedAt.Add(-c.clock.Now().Sub(since) - time.Millisecond)
	return func(w *wireObject) bool {
		if isNew(w) {
			return true
		}
		at := parseTime(w.CreatedAt)
		return !at.IsZero() && !at.Before(from)
	}
}

// resolveEmailIDs maps inputs that name an email to contact ids (a batch read by email);
// inputs whose email is unknown get a not-found error. It returns the id to send per input.
func (c *Client) resolveEmailIDs(ctx context.Context, typ string, results []BatchResult) ([]string, error) {
	ids := make([]string, len(results))
	var emails []string
	for i, r := range results {
		ids[i] = r.Input
		if typ == ObjectContacts && isEmail(r.Input) {
			emails = append(emails, r.Input)
		}
	}
	if len(emails) == 0 {
		return ids, nil
	}
	rs, err := c.BatchRead(ctx, ObjectContacts, BatchReadRequest{IDs: emails, IDProperty: "email", Properties: []string{"email"}})
	if err != nil && len(rs) == 0 {
		return nil, err
	}
	byEmail := map[string]BatchResult{}
	for _, r := range rs {
		byEmail[normKey(r.Input)] = r
	}
	for i, r := range results {
		if !isEmail(r.Input) || typ != ObjectContacts {
			continue
		}
		got := byEmail[normKey(r.Input)]
		if got.Object == nil {
			results[i].Err, ids[i] = got.Err, ""
			continue
		}
		ids[i] = got.Object.ID
	}
	return ids, nil
}

// BatchArchiveContacts moves contacts to the recycle bin, one result per input (Object nil).
func (c *Client) BatchArchiveContacts(ctx context.Context, ids []string, opts ...BatchOption) ([]BatchResult, error) {
	return c.BatchArchiveObjects(ctx, ObjectContacts, ids, opts...)
}

// BatchArchiveObjects archives records of any type by id.
func (c *Client) BatchArchiveObjects(ctx context.Context, objectType string, ids []string, opts ...BatchOption) ([]BatchResult, error) {
	results := newResults(ids)
	err := runChunks(ctx, results, MaxBatchInputs, opts, func(lo, hi int) *Error {
		inputs := make([]map[string]string, 0, hi-lo)
		for _, id := range ids[lo:hi] {
			inputs = append(inputs, map[string]string{"id": id})
		}
		_, err := c.do(ctx, call{method: http.MethodPost, path: c.paths.batch(objectType, "archive"),
			body: map[string]any{"inputs": inputs}, idempotent: true})
		if err != nil {
			return asErr(err)
		}
		return nil
	})
	return results, err
}
