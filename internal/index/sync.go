package index

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hubcontacts/hubcontacts/api"
)

// The sync (facts: shared/reference/hubspot-activities-owners-sync.md §4).
//
//  1. The first sync pages the whole portal through the list endpoint (100 a page, at the rate
//     limiter's full pace), each page written to the index with the cursor to resume from, so
//     Ctrl-C, a crash or kill -9 loses at most the page in flight. A scan is not a snapshot:
//     its start time (less the overlap) becomes the watermark, so the delta that follows reads
//     what changed while it ran.
//  2. Then, every sync: the contacts modified since the watermark, through search on
//     lastmodifieddate ascending (200 a page). Search stops at 10,000 results: the next query
//     starts from the last lastmodifieddate seen; when 10,000 share one timestamp, that
//     timestamp is pinned and the query pages by hs_object_id instead. Each query reaches back
//     Overlap before the watermark, for search's lag and clocks. A survivor of a merge comes
//     with hs_merged_object_ids: the ids merged into it leave the index.
//  3. One search for the portal's total. When it differs from the index's count, or BinEvery
//     has passed, the recycle bin (the archived listing) is read and its contacts leave the
//     index; when the counts still differ, or SweepEvery has passed, an id sweep (search by
//     hs_object_id ranges, 200 ids a request on search's own budget) compares every id and
//     mends what differs (a GDPR delete, anything the others missed).
//
// In the app every request goes through api.Background (Syncer.Background): the user's own
// requests come first in the rate window (api/limiter.go). An unchanged portal costs two requests a sync: the delta and the
// count.

// Source is what the sync reads from HubSpot (an *api.Client).
type Source interface {
	ListContacts(ctx context.Context, o api.ListOptions) (api.Page, error)
	SearchContacts(ctx context.Context, r api.SearchRequest) (api.SearchPage, error)
}

// Syncer syncs one index from HubSpot.
type Syncer struct {
	Index  *Index
	Source Source
	// Overlap is how far before the watermark each delta reaches (search's lag, clocks).
	// Default 2 minutes.
	Overlap time.Duration
	// BinEvery and SweepEvery: how often the recycle bin is read and the ids swept even when the
	// counts agree. Defaults 15 minutes and 24 hours.
	BinEvery, SweepEvery time.Duration
	// SearchCap is how many results one search reaches (HubSpot: api.MaxSearchResults, the
	// default; tests make it small).
	SearchCap int
	// Now is the clock (time.Now by default).
	Now func() time.Time
	// Progress, when set, hears how far the sync is.
	Progress func(Progress)
	// Background makes the sync's requests give way to the user's (api.Background): the app
	// syncs so while it runs. hubcontacts index sync, which the user asked for and which makes
	// no other request, uses the whole window (other apps on the token are still left room).
	Background bool
}

// Progress is a sync's progress.
type Progress struct {
	Phase string // "scan", "changes", "bin", "sweep"
	Done  int    // contacts read in this phase
	Total int    // the portal's total when known (the scan), else 0
}

// Report says what a sync did.
type Report struct {
	Scanned, Changed, Deleted, Merged, Mended int
	Requests                                  int
	Swept, BinRead                            bool
}

const mergedProp = "hs_merged_object_ids"

func (s *Syncer) defaults() {
	if s.Overlap <= 0 {
		s.Overlap = 2 * time.Minute
	}
	if s.BinEvery <= 0 {
		s.BinEvery = 15 * time.Minute
	}
	if s.SweepEvery <= 0 {
		s.SweepEvery = 24 * time.Hour
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.SearchCap <= 0 {
		s.SearchCap = api.MaxSearchResults
	}
}

// props are what the sync asks for: the indexed properties and the merged ids.
func (s *Syncer) props() []string {
	return append(slices.Clone(s.Index.Props()), mergedProp)
}

// Sync brings the index up to date: the first scan (or the rest of an unfinished one), then
// the changes since, then the count check and what it calls for.
func (s *Syncer) Sync(ctx context.Context) (Report, error) {
	s.defaults()
	if s.Background {
		ctx = api.Background(ctx)
	}
	var rep Report
	st := s.Index.State()
	if !st.Complete {
		if err := s.scan(ctx, &st, &rep); err != nil {
			return rep, err
		}
	}
	if err := s.delta(ctx, &st, &rep); err != nil {
		return rep, err
	}
	total, err := s.total(ctx, &rep)
	if err != nil {
		return rep, err
	}
	now := s.Now()
	if total != s.Index.Len() || now.Sub(st.LastBin) >= s.BinEvery {
		if err := s.bin(ctx, &st, &rep); err != nil {
			return rep, err
		}
	}
	if total != s.Index.Len() || now.Sub(st.LastSweep) >= s.SweepEvery {
		if err := s.sweep(ctx, &st, &rep); err != nil {
			return rep, err
		}
	}
	st.LastSync = s.Now()
	return rep, s.Index.write(nil, nil, &st)
}

// contact turns a HubSpot record into the index's, and the ids merged into it.
func contact(o *api.Object) (Contact, []int64, bool) {
	id, err := strconv.ParseInt(o.ID, 10, 64)
	if err != nil || id <= 0 {
		return Contact{}, nil, false
	}
	var merged []int64
	for _, m := range strings.Split(o.Properties[mergedProp], ";") {
		if n, err := strconv.ParseInt(strings.TrimSpace(m), 10, 64); err == nil && n != id {
			merged = append(merged, n)
		}
	}
	return Contact{ID: id, Props: o.Properties}, merged, true
}

// apply writes a page of records (and the ids merged into them) with the new state.
func (s *Syncer) apply(objs []*api.Object, st *State, rep *Report) error {
	puts := make([]Contact, 0, len(objs))
	var dels []int64
	for _, o := range objs {
		c, merged, ok := contact(o)
		if !ok {
			continue
		}
		puts = append(puts, c)
		for _, m := range merged {
			if _, held := s.Index.Get(m); held {
				dels = append(dels, m)
				rep.Merged++
			}
		}
	}
	return s.Index.write(puts, dels, st)
}

// scan pages the whole portal through the list endpoint, resuming where a scan stopped.
func (s *Syncer) scan(ctx context.Context, st *State, rep *Report) error {
	if st.ScanAfter == "" && st.Scanned == 0 {
		st.ScanStarted = s.Now()
	}
	total := 0
	if s.Progress != nil {
		if p, err := s.Source.SearchContacts(ctx, api.SearchRequest{Limit: 1}); err == nil {
			total = p.Total
			rep.Requests++
		}
	}
	for {
		p, err := s.Source.ListContacts(ctx, api.ListOptions{After: st.ScanAfter, Properties: s.props()})
		rep.Requests++
		if err != nil {
			return err
		}
		next := *st
		next.ScanAfter = p.After
		next.Scanned += len(p.Results)
		if p.After == "" {
			next.Complete = true
			next.Watermark = st.ScanStarted.Add(-s.Overlap)
			next.LastSweep = st.ScanStarted // the scan saw every id
		}
		if err := s.apply(p.Results, &next, rep); err != nil {
			return err
		}
		*st = next
		rep.Scanned += len(p.Results)
		if s.Progress != nil {
			s.Progress(Progress{Phase: "scan", Done: st.Scanned, Total: total})
		}
		if p.After == "" {
			return nil
		}
	}
}

func msText(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

// delta reads every contact modified since the watermark (less the overlap), in ascending
// lastmodifieddate, past search's 10,000-result cap.
func (s *Syncer) delta(ctx context.Context, st *State, rep *Report) error {
	from := st.Watermark.Add(-s.Overlap)
	if st.Watermark.IsZero() {
		from = time.Time{}
	}
	seen := 0
	for {
		r := api.SearchRequest{
			Groups:     []api.FilterGroup{api.Where(api.Gte("lastmodifieddate", msText(from)))},
			Sort:       api.Asc("lastmodifieddate"),
			Properties: s.props(),
			Limit:      api.MaxSearchLimit,
		}
		last, n, capped, err := s.pages(ctx, r, st, rep)
		seen += n
		if err != nil {
			return err
		}
		if !capped {
			return nil
		}
		if !last.After(from) {
			// 10,000 share one timestamp: pin it, page by id.
			if err := s.pinned(ctx, last, st, rep); err != nil {
				return err
			}
			from = last.Add(time.Millisecond)
			continue
		}
		from = last
	}
}

// pages reads a search's pages (up to the cap), writing each with the watermark it reaches:
// the last lastmodifieddate seen, and whether the cap stopped it.
func (s *Syncer) pages(ctx context.Context, r api.SearchRequest, st *State, rep *Report) (last time.Time, n int, capped bool, err error) {
	for {
		p, err := s.Source.SearchContacts(ctx, r)
		rep.Requests++
		if err != nil {
			return last, n, false, err
		}
		next := *st
		for _, o := range p.Results {
			if t := api.ParseTime(o.Properties["lastmodifieddate"]); t.After(last) {
				last = t
			}
		}
		if last.After(next.Watermark) {
			next.Watermark = last
		}
		if err := s.apply(p.Results, &next, rep); err != nil {
			return last, n, false, err
		}
		*st = next
		n += len(p.Results)
		rep.Changed += len(p.Results)
		if s.Progress != nil {
			s.Progress(Progress{Phase: "changes", Done: rep.Changed})
		}
		if p.After == "" || p.After == r.After {
			return last, n, false, nil
		}
		if off, _ := strconv.Atoi(p.After); off+r.Limit > s.SearchCap {
			return last, n, true, nil
		}
		r.After = p.After
	}
}

// pinned reads every contact whose lastmodifieddate is exactly at, by ascending id.
func (s *Syncer) pinned(ctx context.Context, at time.Time, st *State, rep *Report) error {
	var after int64
	for {
		p, err := s.idPage(ctx, after, rep, api.Eq("lastmodifieddate", msText(at)))
		if err != nil {
			return err
		}
		if err := s.apply(p.Results, st, rep); err != nil {
			return err
		}
		rep.Changed += len(p.Results)
		if len(p.Results) < api.MaxSearchLimit {
			return nil
		}
		id, _ := strconv.ParseInt(p.Results[len(p.Results)-1].ID, 10, 64)
		after = id
	}
}

// idPage is a page of the contacts whose id is above after (and that pass the filters), by id.
func (s *Syncer) idPage(ctx context.Context, after int64, rep *Report, filters ...api.Filter) (api.SearchPage, error) {
	p, err := s.Source.SearchContacts(ctx, api.SearchRequest{
		Groups:     []api.FilterGroup{api.Where(append(filters, api.Gt("hs_object_id", strconv.FormatInt(after, 10)))...)},
		Sort:       api.Asc("hs_object_id"),
		Properties: s.props(),
		Limit:      api.MaxSearchLimit,
	})
	rep.Requests++
	return p, err
}

// total is the portal's number of contacts, as search counts them.
func (s *Syncer) total(ctx context.Context, rep *Report) (int, error) {
	p, err := s.Source.SearchContacts(ctx, api.SearchRequest{Limit: 1, Properties: []string{"hs_object_id"}})
	rep.Requests++
	return p.Total, err
}

// bin reads the recycle bin: its contacts leave the index.
func (s *Syncer) bin(ctx context.Context, st *State, rep *Report) error {
	after := ""
	for {
		p, err := s.Source.ListContacts(ctx, api.ListOptions{After: after, Archived: true, Properties: []string{"hs_object_id"}})
		rep.Requests++
		if err != nil {
			return err
		}
		var dels []int64
		for _, o := range p.Results {
			if id, err := strconv.ParseInt(o.ID, 10, 64); err == nil {
				if _, held := s.Index.Get(id); held {
					dels = append(dels, id)
				}
			}
		}
		rep.Deleted += len(dels)
		if len(dels) > 0 {
			if err := s.Index.write(nil, dels, nil); err != nil {
				return err
			}
		}
		if s.Progress != nil {
			s.Progress(Progress{Phase: "bin", Done: rep.Deleted})
		}
		if p.After == "" || p.After == after {
			break
		}
		after = p.After
	}
	st.LastBin = s.Now()
	rep.BinRead = true
	return s.Index.write(nil, nil, st)
}

// sweep compares every id with HubSpot's, by ranges of hs_object_id through search: an id
// HubSpot does not have leaves the index (unless the index changed it within the overlap:
// search may not show it yet), one the index lacks is added.
func (s *Syncer) sweep(ctx context.Context, st *State, rep *Report) error {
	var after int64
	recent := s.Now().Add(-s.Overlap)
	for {
		p, err := s.idPage(ctx, after, rep)
		if err != nil {
			return err
		}
		upTo := int64(1<<63 - 1)
		if len(p.Results) == api.MaxSearchLimit {
			upTo, _ = strconv.ParseInt(p.Results[len(p.Results)-1].ID, 10, 64)
		}
		have := map[int64]bool{}
		var puts []*api.Object
		for _, o := range p.Results {
			id, _ := strconv.ParseInt(o.ID, 10, 64)
			have[id] = true
			if row, held := s.Index.Get(id); !held || !sameProps(row.Props, o.Properties, s.Index) {
				puts = append(puts, o)
			}
		}
		var dels []int64
		s.Index.idsBetween(after, upTo, func(id int64, modified string) {
			if !have[id] {
				if api.ParseTime(modified).Before(recent) { // an unreadable time is the zero time, long before
					dels = append(dels, id)
				}
			}
		})
		rep.Mended += len(puts) + len(dels)
		if len(puts) > 0 || len(dels) > 0 {
			if err := s.apply(puts, nil, rep); err != nil {
				return err
			}
			if err := s.Index.write(nil, dels, nil); err != nil {
				return err
			}
		}
		if s.Progress != nil {
			s.Progress(Progress{Phase: "sweep", Done: int(after)})
		}
		if upTo == 1<<63-1 {
			break
		}
		after = upTo
	}
	st.LastSweep = s.Now()
	rep.Swept = true
	return s.Index.write(nil, nil, st)
}

// sameProps reports whether the index holds what HubSpot sent for the indexed properties.
func sameProps(held, sent map[string]string, ix *Index) bool {
	for _, p := range ix.Props() {
		if held[p] != sent[p] {
			return false
		}
	}
	return true
}

// idsBetween calls f with each id in (from, to] the index holds and its lastmodifieddate.
func (ix *Index) idsBetween(from, to int64, f func(id int64, modified string)) {
	ix.mu.RLock()
	var ids []int64
	var mods []string
	i, _ := ix.t.find(from + 1)
	for ; i < len(ix.t.byID) && ix.t.byID[i].id <= to; i++ {
		if e := ix.t.byID[i]; e.row != noRow {
			ids = append(ids, e.id)
			mods = append(mods, ix.t.Value(e.row, "lastmodifieddate"))
		}
	}
	ix.mu.RUnlock()
	for i, id := range ids {
		f(id, mods[i])
	}
}
