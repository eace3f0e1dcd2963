package bulk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/hubcontacts/hubcontacts/api"
)

// Upserter writes contacts in batches; *api.Client is one.
type Upserter interface {
	BatchUpsertContacts(ctx context.Context, idProperty string, inputs []api.BatchUpdate, opts ...api.BatchOption) ([]api.BatchResult, error)
}

// Outcome is what became of one row.
type Outcome int

// The outcomes of a row.
const (
	Failed Outcome = iota
	Created
	Updated
)

func (o Outcome) String() string {
	switch o {
	case Created:
		return "created"
	case Updated:
		return "updated"
	}
	return "failed"
}

// Result is one row's final outcome.
type Result struct {
	Line    int
	Key     string
	Outcome Outcome
	ID      string   // the contact's id when written
	Reason  string   // why it failed (HubSpot's reason, or the file's problem)
	Cells   []string // the row as the file has it
}

// Run defaults.
const (
	BatchSize      = api.MaxBatchInputs // HubSpot's limit per upsert request
	DefaultWorkers = 2
	DefaultRounds  = 5
)

// RunOptions tune an import.
type RunOptions struct {
	// Workers is how many batch requests are in flight at once (the API layer's limiter keeps
	// them under the rate limit together). Default 2.
	Workers int
	// Rounds is how many times a row hit by a passing failure (5xx, 429, a lost answer, a batch
	// HubSpot refused because of another row) is sent. Default 5.
	Rounds int
	// Meter counts progress; nil for none.
	Meter *Meter
	// OnResult hears each row's final outcome exactly once, from the goroutine calling Upsert.
	OnResult func(Result)
}

// Summary is an import's end.
type Summary struct {
	Created, Updated, Failed int
	// Err is what stopped the import early (no token, daily limit, cancelled), nil otherwise.
	Err error
}

// Upsert writes the plan's records with HubSpot's batch upsert keyed by the mapping's key, 100
// per request, and reports every row of the plan (refused rows first) exactly once.
func Upsert(ctx context.Context, c Upserter, p *Plan, o RunOptions) Summary {
	o = o.withDefaults()
	j := &job{c: c, key: p.Mapping.Key.Name, o: o}
	o.Meter.Start(p.Rows())
	for _, r := range p.Rejected {
		j.settle(Result{Line: r.Row.Line, Outcome: Failed, Reason: "not sent: " + r.Reason(), Cells: r.Row.Cells})
	}
	pending := p.Records
	for round := 1; len(pending) > 0; round++ {
		pending = j.round(ctx, pending, round == o.Rounds)
	}
	o.Meter.finish()
	return j.sum
}

func (o RunOptions) withDefaults() RunOptions {
	if o.Workers <= 0 {
		o.Workers = DefaultWorkers
	}
	if o.Rounds <= 0 {
		o.Rounds = DefaultRounds
	}
	if o.Meter == nil {
		o.Meter = NewMeter(nil)
	}
	return o
}

// job is one import in progress; only the goroutine running Upsert touches it.
type job struct {
	c   Upserter
	key string
	o   RunOptions
	sum Summary
}

// batchDone is one batch's answer; unsent when the import stopped before it went.
type batchDone struct {
	recs    []Record
	results []api.BatchResult
	err     error
	unsent  bool
}

// round sends the records in batches of 100 and settles every final answer. It returns the
// records to send again: those hit by a passing failure (none in the last round).
func (j *job) round(ctx context.Context, recs []Record, last bool) []Record {
	batches := chunk(recs, BatchSize)
	next := make(chan []Record, len(batches))
	for _, b := range batches {
		next <- b
	}
	close(next)
	done := make(chan batchDone)
	var stopped atomic.Bool
	for range min(j.o.Workers, len(batches)) {
		go j.worker(ctx, next, done, &stopped)
	}
	var again []Record
	for range batches {
		b := <-done
		if b.unsent {
			again = append(again, b.recs...)
		} else {
			again = append(again, j.settleBatch(b, last)...)
		}
		if j.sum.Err != nil {
			stopped.Store(true)
		}
	}
	return j.afterRound(again)
}

// afterRound fails every record left once the import has stopped.
func (j *job) afterRound(again []Record) []Record {
	if j.sum.Err == nil {
		return again
	}
	for _, r := range again {
		j.settle(failed(r, "not imported: "+j.sum.Err.Error()+" (importing this row again is safe)"))
	}
	return nil
}

// worker sends batches until there are none, or hands them back unsent once stopped.
func (j *job) worker(ctx context.Context, next <-chan []Record, done chan<- batchDone, stopped *atomic.Bool) {
	for recs := range next {
		if stopped.Load() || ctx.Err() != nil {
			done <- batchDone{recs: recs, unsent: true}
			continue
		}
		b := j.send(ctx, recs)
		if b.err != nil && classify(b.err) == fatalErr {
			stopped.Store(true) // before the answer is handed over: no other batch leaves
		}
		done <- b
	}
}

func (j *job) send(ctx context.Context, recs []Record) batchDone {
	inputs := make([]api.BatchUpdate, len(recs))
	for i, r := range recs {
		inputs[i] = api.BatchUpdate{ID: r.Key, Properties: r.Props}
	}
	rs, err := j.c.BatchUpsertContacts(ctx, j.key, inputs)
	return batchDone{recs: recs, results: rs, err: err}
}

// settleBatch settles each record of an answered batch and returns those to send again.
func (j *job) settleBatch(b batchDone, last bool) []Record {
	var again []Record
	created, updated, failedN := 0, 0, 0
	for i, rec := range b.recs {
		res, err := resultFor(b, i)
		switch kind := classify(err); {
		case err == nil:
			r := written(rec, res)
			j.report(r)
			created, updated = created+btoi(r.Outcome == Created), updated+btoi(r.Outcome == Updated)
		case kind == fatalErr:
			if j.sum.Err == nil {
				j.sum.Err = err
			}
			again = append(again, rec)
		case kind == finalErr || last:
			j.report(failed(rec, reasonOf(err)))
			failedN++
		default:
			again = append(again, rec)
		}
	}
	j.o.Meter.settled(created, updated, failedN, true)
	return again
}

// resultFor is input i's result, or the batch's error when the layer gave none.
func resultFor(b batchDone, i int) (api.BatchResult, error) {
	if i >= len(b.results) {
		if b.err == nil {
			return api.BatchResult{}, errors.New("HubSpot gave no answer for this row")
		}
		return api.BatchResult{}, b.err
	}
	r := b.results[i]
	if r.Object == nil {
		if r.Err != nil {
			return r, r.Err
		}
		return r, errOr(b.err, nil)
	}
	return r, nil
}

func written(rec Record, res api.BatchResult) Result {
	out := Updated
	if res.Created {
		out = Created
	}
	return Result{Line: rec.Line, Key: rec.Key, Outcome: out, ID: res.Object.ID, Cells: rec.Cells}
}

func failed(rec Record, reason string) Result {
	return Result{Line: rec.Line, Key: rec.Key, Outcome: Failed, Reason: reason, Cells: rec.Cells}
}

// settle reports a result that is not part of a batch (a refused row, a row left unsent).
func (j *job) settle(r Result) {
	j.report(r)
	j.o.Meter.settled(0, 0, btoi(r.Outcome == Failed), false)
}

// report counts a result and hands it to OnResult.
func (j *job) report(r Result) {
	switch r.Outcome {
	case Created:
		j.sum.Created++
	case Updated:
		j.sum.Updated++
	default:
		j.sum.Failed++
	}
	if j.o.OnResult != nil {
		j.o.OnResult(r)
	}
}

// errKind sorts failures: final (the row itself is refused), fatal (nothing more can be
// written: the token, the daily limit, a cancel) or passing (try the row again).
type errKind int

const (
	passingErr errKind = iota
	finalErr
	fatalErr
)

func classify(err error) errKind {
	var e *api.Error
	if err == nil || !errors.As(err, &e) {
		return finalErr
	}
	switch {
	case e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden,
		e.Status == http.StatusTooManyRequests && e.Policy == api.PolicyDaily,
		e.Category == api.CategoryCanceled || e.Category == api.CategoryRedirect:
		return fatalErr
	case e.Status >= 500 || e.Status == 0 || e.Status == http.StatusTooManyRequests,
		e.Status == http.StatusLocked || e.Status == http.StatusNotFound:
		// 404: HubSpot answered nothing for the row, as it does for every row of an
		// email-keyed batch in which another row was refused.
		return passingErr
	}
	return finalErr
}

// reasonOf is HubSpot's reason for a failure, as the failures file gives it.
func reasonOf(err error) string {
	var e *api.Error
	if !errors.As(err, &e) || e.Status == 0 || e.Status >= 500 || e.Status == 429 {
		return err.Error()
	}
	if len(e.Validation) > 0 {
		parts := make([]string, len(e.Validation))
		for i, v := range e.Validation {
			parts[i] = fmt.Sprintf("%s: %s (%s)", v.Name, v.Message, v.Code)
		}
		return strings.Join(parts, "; ")
	}
	return fmt.Sprintf("%s (%d %s)", strings.TrimSpace(e.Message), e.Status, e.Category)
}

func chunk(recs []Record, size int) [][]Record {
	var out [][]Record
	for lo := 0; lo < len(recs); lo += size {
		out = append(out, recs[lo:min(lo+size, len(recs))])
	}
	return out
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
