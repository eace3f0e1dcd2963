// Command benchindex measures the local index's first sync against HubSpot's rate window (make
// bench-index-sync): a fresh sandbox of N contacts at 100 requests per 10 s, `index sync`'s
// Syncer in this process on the real clock, and the run's time against the window's physical
// limit.
//
// The physical limit (as in internal/benchimport). A rolling window admits at most M requests
// in any interval I, so R requests need at least floor((R-1)/M)·I, plus the time the last
// window's k requests take to serve one after another (the scan has one request in flight):
// k·s, s being the least time the sandbox took to answer a list page in the run. R is the list
// pages the scan needs (N/100) and the requests after it in the window. The fraction printed is
// that limit over the run's time, from the first request's arrival to the sync's end.
//
// Then, on the synced index, what an unchanged portal and 1,000 changes cost in requests.
// Real time throughout; about two minutes at 100,000. Not part of make test.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/index"
)

func main() {
	n := flag.Int("contacts", 100000, "the portal's contacts")
	flag.Parse()
	rl := hubspottest.RateLimit{Max: 100, Interval: 10 * time.Second}
	seedStart := time.Now()
	srv, err := hubspottest.Start("127.0.0.1:0", hubspottest.Options{Seed: 1, Contacts: *n, Companies: 100, Deals: -1, Tickets: -1,
		RateLimit: rl, DailyLimit: -1})
	check(err)
	defer srv.Close()
	fmt.Printf("sandbox of %d contacts seeded in %s; window %d per %s\n", *n, time.Since(seedStart).Round(time.Millisecond), rl.Max, rl.Interval)
	client, err := api.New(api.Config{BaseURL: srv.URL, Token: srv.Token})
	check(err)
	dir, err := os.MkdirTemp("", "benchindex-")
	check(err)
	defer os.RemoveAll(dir)
	ix, err := index.Open(index.Options{Dir: filepath.Join(dir, "idx"), Props: index.DefaultProps(nil)})
	check(err)
	defer ix.Close()
	last := ""
	sy := &index.Syncer{Index: ix, Source: client, Progress: func(p index.Progress) {
		if p.Phase != last {
			fmt.Printf("  %s: %s\n", time.Now().Format("15:04:05.000"), p.Phase)
			last = p.Phase
		}
	}}

	rep, err := sy.Sync(context.Background())
	end := time.Now()
	check(err)
	reqs := srv.Requests()
	first := reqs[0].Time
	var lists int
	for _, r := range reqs {
		if r.Method == "GET" && r.Path == "/crm/v3/objects/contacts" {
			lists++
		}
	}
	windowed := 0 // requests counted in the window: every one but search
	for _, r := range reqs {
		if !r.IsSearch() {
			windowed++
		}
	}
	s := serveTime(client, srv)
	k := windowed - (windowed-1)/rl.Max*rl.Max
	limit := time.Duration((windowed-1)/rl.Max)*rl.Interval + time.Duration(k)*s
	took := end.Sub(first)
	fmt.Printf("first sync: %d contacts in %s, %d list pages, %d requests in the window (%d in all), the physical limit %s (s = %s): %.2f of it\n",
		ix.Len(), took.Round(time.Millisecond), lists, windowed, rep.Requests, limit.Round(time.Millisecond), s, limit.Seconds()/took.Seconds())

	rep, err = sy.Sync(context.Background())
	check(err)
	fmt.Printf("unchanged portal: %d requests\n", rep.Requests)
	var ids []string
	ix.Each(func(r index.Row) bool { ids = append(ids, r.ID); return len(ids) < 1000 })
	for i := 0; i < len(ids); i += 100 {
		var up []api.BatchUpdate
		for _, id := range ids[i:min(len(ids), i+100)] {
			up = append(up, api.BatchUpdate{ID: id, Properties: map[string]string{"company": "Changed " + id}})
		}
		_, err := client.BatchUpdateContacts(context.Background(), up)
		check(err)
	}
	rep, err = sy.Sync(context.Background())
	check(err)
	fmt.Printf("1,000 changes: %d read in %d requests\n", rep.Changed, rep.Requests)
}

// serveTime is the least time a list page took, asked alone after the run.
func serveTime(c *api.Client, srv *hubspottest.Server) time.Duration {
	best := time.Hour
	after := ""
	for range 5 {
		start := time.Now()
		p, err := c.ListContacts(context.Background(), api.ListOptions{After: after, Properties: index.DefaultProps(nil)})
		check(err)
		best = min(best, time.Since(start))
		after = p.After
	}
	return best
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchindex:", err)
		os.Exit(1)
	}
}
