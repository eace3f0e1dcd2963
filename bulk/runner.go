package bulk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

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
	BatchSize     = api.MaxBatchInputs // HubSpot's limit per upsert request
	DefaultRounds = 5
)

// Workers is how many batch requests an import keeps in flight at a rate window of limit
// requests per interval: the whole window (100 at HubSpot's lowest, 100 per 10 s; 190 at
// 190), at least 2.
//
// The window, not this bound, sets the pace: the API layer's limiter lets a request go only
// while the window has room. While it has (an import of up to Max requests, 9,900 rows at
// 100 per 10 s; the first Max requests of a larger one) every request it has room for goes at
// once, as HubSpot's rolling window admits them; once it is full they go one by one as places
// in it free, whatever the bound. So the bound matters only while the window has room, and
// any bound below Max costs answer times there: at HubSpot's answer time (a few hundred
// milliseconds for a 100-contact upsert; UNVERIFIED, modelled by make bench-import's latency
// runs) a 5,000-row import took six answer times at one second of the rate (10 in flight)
// and takes one now: 0.39 of the physical limit before, 0.97 after.
//
// What it costs. HubSpot documents no limit on concurrent requests for private apps (its
// Node client's optional limiter allows 6; its burst limit is per 10 s). More in flight
// widens what goes wrong at once: the requests a 429 caused by another client's burst refuses
// together (the limiter leaves room for others it has seen, and holds at most one window
// after a 429), and the rows a dropped connection or Ctrl-C leaves in doubt (upsert by key
// makes sending them again safe, and the import says so). Memory: a window of batches in hand
// (19,000 rows at 190 per 10 s), not the file; hence at most maxWorkers, whatever window a
// server announces.
func Workers(limit int, interval time.Duration) int {
	if limit <= 0 || interval <= 0 {
		return 2
	}
	return min(maxWorkers, max(2, limit))
}

// maxWorkers bounds the batches in hand at once: twice the largest window HubSpot publishes
// (250 per 10 s with its limit increase), 50,000 rows.
const maxWorkers = 500

// windowed is an Upserter that knows HubSpot's rate window (*api.Client learns it from the
// X-HubSpot-RateLimit-* headers).
type windowed interface {
	RateWindow() (max int, interval time.Duration)
}

// RunOptions tune an import.
type RunOptions struct {
	// Workers is how many batch requests are in flight at once (the API layer's limiter keeps
	// them within the rate window together). Default: Workers of the client's rate window, or
	// of HubSpot's lowest (100 per 10 s) when the client does not say.
	Workers int
	// Rounds is how many times a row hit by a passing failure (5xx, 429, a lost answer, a batch
	// HubSpot refused because of another row) is sent. Default 5.
	Rounds int
	// Meter counts progress; nil for none.
	Meter *Meter
	// OnResult hears each row's final outcome exactly once, in line order, from the goroutine
	// calling Upsert.
	OnResult func(Result)
}

// Summary is an import's end.
type Summary struct {
	Created, Updated, Failed int
	// Err is what stopped the import early (no token, daily limit, cancelled), nil otherwise.
	Err error
}

// Upsert writes the plan's rows with HubSpot's batch upsert keyed by the mapping's key, 100
// per request, reading the file again as it goes, and reports every row exactly once, in line
// order: a refused row with its reasons, a written row with its outcome, a failed row with
// HubSpot's reason. Memory stays flat whatever the file's size: at most a window of batches
// (Workers) is in hand at any moment.
func Upsert(ctx context.Context, c Upserter, p *Plan, o RunOptions) Summary {
	o = o.withDefaults(c)
	j := &job{c: c, key: p.Mapping.Key.Name, o: o}
	o.Meter.Start(p.Rows())
	todo, done := make(chan *chunk), make(chan *chunk)
	go j.produce(ctx, p, todo)
	var wg sync.WaitGroup
	for range o.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ch := range todo {
				j.run(ctx, ch)
				done <- ch
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()
	j.report(done)
	o.Meter.finish()
	if j.sum.Err = j.stopped(); j.sum.Err == nil {
		j.sum.Err = ctx.Err()
	}
	return j.sum
}

func (o RunOptions) withDefaults(c Upserter) RunOptions {
	if o.Workers <= 0 {
		o.Workers = Workers(100, 10*time.Second)
		if w, ok := c.(windowed); ok {
			o.Workers = Workers(w.RateWindow())
		}
	}
	if o.Rounds <= 0 {
		o.Rounds = DefaultRounds
	}
	if o.Meter == nil {
		o.Meter = NewMeter(nil)
	}
	return o
}

// job is one import in progress.
type job struct {
	c   Upserter
	key string
	o   RunOptions
	sum Summary // the reporting goroutine's

	mu   sync.Mutex
	stop error // what stopped the import (fatal answer, Ctrl-C, the file unreadable)
}

// chunk is a stretch of the file: up to BatchSize records to send, the refused rows among
// them, and, once run, every row's result.
type chunk struct {
	seq     int
	recs    []Record
	results []Result
	// since is when records to send again were first sent by a request whose answer was
	// lost (HubSpot may have written them): the next answer then counts as created what that
	// request created.
	since time.Time
}

// produce reads the file into chunks, in order. A file that cannot be read to its end stops
// the import (the rows after the point it stopped at are not known, so not reported).
func (j *job) produce(ctx context.Context, p *Plan, todo chan<- *chunk) {
	defer close(todo)
	ch := &chunk{}
	// Read to the end even once stopped: every row is reported, those not sent as not imported.
	err := scan(context.WithoutCancel(ctx), p.Source(), nil, func(row Row) error {
		rec, reasons := p.row(row)
		if len(reasons) > 0 {
			ch.results = append(ch.results, Result{Line: row.Line, Key: rec.Key, Outcome: Failed,
				Reason: "not sent: " + strings.Join(reasons, "; "), Cells: row.Cells})
		} else {
			ch.recs = append(ch.recs, rec)
		}
		if len(ch.recs) == BatchSize {
			todo <- ch
			ch = &chunk{seq: ch.seq + 1}
		}
		return nil
	})
	if len(ch.recs)+len(ch.results) > 0 {
		todo <- ch
	}
	if err != nil {
		j.halt(fmt.Errorf("reading %s again to import it: %w", p.Source().Name(), err))
	}
}

// halt records the first reason the import stops; no batch is sent after it.
func (j *job) halt(err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.stop == nil {
		j.stop = err
	}
}

// stopped is why the import stopped, nil while it goes on.
func (j *job) stopped() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.stop
}

// run sends a chunk's records, again for those a passing failure hit (up to Rounds times),
// and settles each. After a stop, records are settled as not imported, unsent.
func (j *job) run(ctx context.Context, ch *chunk) {
	refused := len(ch.results)
	pending := ch.recs
	for round := 1; len(pending) > 0; round++ {
		if err := j.stopped(); err != nil || ctx.Err() != nil {
			if err == nil {
				err = ctx.Err()
			}
			for _, r := range pending {
				ch.results = append(ch.results, failed(r, "not imported: "+err.Error()+" (importing this row again is safe)"))
			}
			j.o.Meter.settled(0, 0, len(pending), false)
			break
		}
		pending = j.settleBatch(ch, j.send(ctx, pending, ch.since), round == j.o.Rounds)
	}
	j.o.Meter.settled(0, 0, refused, false)
}

// report hands every chunk's results to OnResult in file order, counting them.
func (j *job) report(done <-chan *chunk) {
	held := map[int]*chunk{}
	next := 0
	for ch := range done {
		held[ch.seq] = ch
		for held[next] != nil {
			rs := held[next].results
			delete(held, next)
			next++
			sort.Slice(rs, func(a, b int) bool { return rs[a].Line < rs[b].Line })
			for _, r := range rs {
				j.count(r)
			}
		}
	}
}

// noteLost remembers when a request whose answer was lost first went out (a 5xx or no answer:
// HubSpot may have written its records all the same).
func (ch *chunk) noteLost(err error) {
	var e *api.Error
	if !errors.As(err, &e) || e.SentAt.IsZero() || e.Status != 0 && e.Status < 500 {
		return
	}
	if ch.since.IsZero() || e.SentAt.Before(ch.since) {
		ch.since = e.SentAt
	}
}

// batchDone is one batch's answer.
type batchDone struct {
	recs    []Record
	results []api.BatchResult
	err     error
}

func (j *job) send(ctx context.Context, recs []Record, since time.Time) batchDone {
	inputs := make([]api.BatchUpdate, len(recs))
	for i, r := range recs {
		inputs[i] = api.BatchUpdate{ID: r.Key, Properties: r.Props}
	}
	var opts []api.BatchOption
	if !since.IsZero() {
		opts = append(opts, api.WrittenSince(since))
	}
	rs, err := j.c.BatchUpsertContacts(ctx, j.key, inputs, opts...)
	return batchDone{recs: recs, results: rs, err: err}
}

// settleBatch settles each record of an answered batch into the chunk and returns those to
// send again.
func (j *job) settleBatch(ch *chunk, b batchDone, last bool) []Record {
	var again []Record
	created, updated, failedN := 0, 0, 0
	for i, rec := range b.recs {
		res, err := resultFor(b, i)
		switch kind := classify(err); {
		case err == nil:
			r := written(rec, res)
			ch.results = append(ch.results, r)
			created, updated = created+btoi(r.Outcome == Created), updated+btoi(r.Outcome == Updated)
		case kind == fatalErr:
			j.halt(err)
			again = append(again, rec)
		case kind == finalErr || last:
			ch.results = append(ch.results, failed(rec, reasonOf(err)))
			failedN++
		default:
			again = append(again, rec)
			ch.noteLost(err)
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

// count adds a result to the summary and hands it to OnResult.
func (j *job) count(r Result) {
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

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
