package ui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/families"
	"github.com/hubcontacts/hubcontacts/internal/filter"
	"github.com/hubcontacts/hubcontacts/internal/index"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

// Every write the app makes reaches the index at once: a create, an edit, a secondary email, a
// batch edit, a merge and a delete, each as HubSpot answered it; a refused write changes nothing.
func TestEveryWriteUpdatesTheIndex(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv := hubspottest.NewServer(t, hubspottest.Options{Empty: true})
		fam.Watch(t, srv)
		c, err := api.New(api.Config{BaseURL: srv.URL, Token: srv.Token, APIVersion: fam.Version})
		require.NoError(t, err)
		ix, err := index.Open(index.Options{Dir: filepath.Join(t.TempDir(), "idx"), Props: index.DefaultProps(nil)})
		require.NoError(t, err)
		defer ix.Close()
		b := Indexed(c, ix)
		ctx := context.Background()
		props := func(id string) map[string]string {
			n, _ := contactID(id)
			r, ok := ix.Get(n)
			if !ok {
				return nil
			}
			return r.Props
		}

		ada, err := b.CreateContact(ctx, map[string]string{"email": "ada@example.com", "firstname": "Ada", "company": "Engines"})
		require.NoError(t, err)
		assert.Equal(t, "Ada", props(ada.ID)["firstname"])
		_, err = b.UpdateContact(ctx, ada.ID, map[string]string{"lastname": "Lovelace"})
		require.NoError(t, err)
		assert.Equal(t, "Lovelace", props(ada.ID)["lastname"])
		assert.Equal(t, "Engines", props(ada.ID)["company"], "what the answer left out stays")
		_, err = b.UpdateContact(ctx, ada.ID, map[string]string{"email": "not an email"})
		require.Error(t, err)
		assert.Equal(t, "ada@example.com", props(ada.ID)["email"], "a refused write changes nothing")

		require.NoError(t, b.AddSecondaryEmail(ctx, ada.ID, "countess@example.org"))
		assert.Equal(t, "countess@example.org", props(ada.ID)["hs_additional_emails"])
		rows, _ := ix.Find("countess@example.org", index.Sort{}, 5)
		require.Len(t, rows, 1, "found by the secondary email")

		grace, err := b.CreateContact(ctx, map[string]string{"email": "grace@example.com", "firstname": "Grace"})
		require.NoError(t, err)
		_, err = b.BatchUpdateContacts(ctx, []api.BatchUpdate{{ID: grace.ID, Properties: map[string]string{"company": "Navy"}}})
		require.NoError(t, err)
		assert.Equal(t, "Navy", props(grace.ID)["company"])

		merged, err := b.MergeContacts(ctx, ada.ID, grace.ID)
		require.NoError(t, err)
		assert.Nil(t, props(ada.ID), "merged away")
		assert.Nil(t, props(grace.ID), "merged away")
		assert.Equal(t, "ada@example.com", props(merged.ID)["email"])

		require.NoError(t, b.DeleteContact(ctx, merged.ID))
		assert.Nil(t, props(merged.ID))
		assert.Equal(t, 0, ix.Len())
	})
}

// With an index, the app syncs it in the background from the start and the header says how many
// contacts it holds and how fresh it is; an edit made in the app is in the index at once.
func TestFlowHeaderShowsTheIndex(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := sandbox(t, fam)
		createContacts(t, c, 60)
		ix, err := index.Open(index.Options{Dir: filepath.Join(t.TempDir(), "idx"), Props: index.DefaultProps(nil)})
		require.NoError(t, err)
		defer ix.Close()
		var n int
		require.NoError(t, srv.Store().View(func(tx *hubspottest.Tx) error { n = tx.Count(hubspottest.Contacts); return nil }))
		tm := appAt(t, c, 120, 36, func(o *Options) { o.Index = ix })
		screenMatchesAll(t, tm, `indexed `+strings.ReplaceAll(value.Thousands(n), ",", `,`)+` · \d+ s ago`)
		assert.Equal(t, n, ix.Len())
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	})
}

// With a synced index, the list comes from it: the whole portal's count at once, and no page
// asked of HubSpot.
func TestFlowListReadsTheIndex(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := sandbox(t, fam)
		createContacts(t, c, 120)
		ix := syncedIndex(t, c)
		before := len(srv.Requests())
		tm := appAt(t, c, 120, 36, func(o *Options) { o.Index = ix })
		screenMatchesAll(t, tm, `of `+value.Thousands(ix.Len())+` \(the local index\)`)
		for _, r := range srv.Requests()[before:] {
			if r.Method == "GET" && r.Path == fam.Objects("contacts") {
				assert.Contains(t, r.RawQuery, "archived=true", "only the sync's look at the recycle bin")
			}
		}
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	})
}

// With a synced index, find answers from it at every keystroke — the whole portal, not the
// loaded rows — with its count, exact emails and secondary emails included, and HubSpot's
// search is not asked for words.
func TestFlowFindAnswersFromTheIndex(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := sandbox(t, fam)
		createContacts(t, c, 1500)
		ix := syncedIndex(t, c)
		tm := appAt(t, c, 120, 36, func(o *Options) { o.Index = ix })
		screenMatchesAll(t, tm, `of 1,500 \(the local index\)`)
		before := len(srv.Requests())
		tm.Type("/")
		tm.Type("person14")
		// person14, person140..149, person1400..1499: 111, found though the list loaded 1,000.
		screenMatchesAll(t, tm, `111 matches( · \d+ close)? · the local index`, `person1499@example\.com|person14@example\.com`)
		tm.Type("99@example.com")
		screenMatchesAll(t, tm, `  1 match( · \d+ close)? · the local index`, `person1499@example\.com`)
		for _, r := range srv.Requests()[before:] {
			assert.False(t, r.IsSearch() && !strings.Contains(string(r.Body), "lastmodifieddate") && !strings.Contains(string(r.Body), `"limit":1`),
				"find asked HubSpot's search: %s", r.Body)
		}
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	})
}

// Opened offline, the app shows the index with an OFFLINE badge, and a write says why it is off.
func TestFlowOfflineRefusesWritesWithTheReason(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := sandbox(t, fam)
		createContacts(t, c, 30)
		ix := syncedIndex(t, c)
		// An earlier session online kept the definitions with the index; now HubSpot cannot be
		// reached from the start: the list shows the index with HubSpot's labels all the same.
		e, _ := paneEnv(t, c, func(o *Options) { o.Index = ix })
		_, err := loadDefs(context.Background(), e)
		require.NoError(t, err)
		net, through := newDownProxy(t, srv.URL)
		pc, err := api.New(api.Config{BaseURL: through, Token: srv.Token, APIVersion: fam.Version, Clock: &instantClock{now: testStart}})
		require.NoError(t, err)
		net.down.Store(true)
		tm := appAt(t, pc, 120, 36, func(o *Options) { o.Index, o.Offline = ix, true })
		screenMatchesAll(t, tm, `OFFLINE`, `of 30 \(the local index\)`, `Lifecycle Stage`)
		tm.Type("e")
		screenMatchesAll(t, tm, `offline: .* is off until HubSpot can be reached`)
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	})
}

// With a synced index, a filter whose properties it keeps runs on it: find's terms give the
// contacts HubSpot's search finds, in its order, with no search sent; a filter on a property it
// does not keep still goes to HubSpot's search.
func TestFlowFilterRunsOnTheIndex(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := sandbox(t, fam)
		ctx := context.Background()
		leadsAndNorthwind(t, c)
		ix := syncedIndex(t, c)
		defs, err := c.Properties(ctx, api.ObjectContacts)
		require.NoError(t, err)
		// What HubSpot's search finds for the same filter, in its order.
		hubspot := func(text string) (int, []string) {
			q, err := filter.Parse(text, filter.Env{Props: defs})
			require.NoError(t, err)
			p, err := c.SearchContacts(ctx, api.SearchRequest{Groups: q.Groups(), Query: q.Text(), Properties: []string{"email"}, Limit: 200})
			require.NoError(t, err)
			var emails []string
			for _, o := range p.Results {
				emails = append(emails, regexp.QuoteMeta(o.Properties["email"]))
			}
			return p.Total, emails
		}
		n, emails := hubspot("lifecycle:lead company:northwind")
		require.Equal(t, 20, n)

		tm := appAt(t, c, 120, 36, func(o *Options) { o.Index = ix })
		screenMatchesAll(t, tm, `of 300 \(the local index\)`)
		before := len(srv.Requests())
		tm.Type("/")
		tm.Type("lifecycle:lead company:northwind")
		tm.settle(0, false) // no pause before the index answers: it asks nobody
		assert.Contains(t, tm.frame(), "20 matches · the local index")
		// The first rows on screen are HubSpot's first, in its order.
		screenMatchesAll(t, tm, `  20 matches · the local index`, `(?s)`+strings.Join(emails[:5], `\s.*\n.*`))
		for _, r := range srv.Requests()[before:] {
			assert.False(t, r.IsSearch() && strings.Contains(string(r.Body), `"propertyName":"lifecyclestage"`), "the filter asked HubSpot's search: %s", r.Body)
		}

		// jobtitle is not indexed: HubSpot's search answers.
		n, _ = hubspot("jobtitle:ceo")
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlU})
		tm.Type("jobtitle:ceo")
		screenMatchesAll(t, tm, `  `+value.Thousands(n)+` matches \(HubSpot's search\)`)
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	})
}

// With an index, the detail shows the contact's indexed values at once, saying they are the
// index's, then HubSpot's when they come; when HubSpot does not answer, the index's stay.
func TestDetailShowsTheIndexWhileHubSpotLoads(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := sandbox(t, fam)
		ctx := context.Background()
		ids := createContacts(t, c, 5)
		ix := syncedIndex(t, c)
		// Changed in HubSpot since the sync: the index still says Acme.
		_, err := c.UpdateContact(ctx, ids[2], map[string]string{"company": "Globex"})
		require.NoError(t, err)
		e, _ := paneEnv(t, c, func(o *Options) { o.Index = ix })
		_, err = loadDefs(ctx, e) // as the list has
		require.NoError(t, err)

		d := newDetailPane(e, ids[2], "")
		d.SetSize(100, 30)
		hs := &harness{t: t, pane: d}
		hs.run(d.peek())
		assert.Contains(t, d.View(), "Person 3")
		assert.Contains(t, d.View(), "Acme")
		assert.Contains(t, d.View(), "The local index's values")
		assert.Equal(t, "the local index's values", d.Info())

		hs.run(d.load())
		assert.Contains(t, d.View(), "Globex", "HubSpot's values replace the index's")
		assert.NotContains(t, d.View(), "Acme")
		assert.NotContains(t, d.View(), "local index")
		hs.run(d.peek())
		assert.Contains(t, d.View(), "Globex", "an index answer after HubSpot's changes nothing")

		// HubSpot does not answer (a client that does not retry): the index's values stay, and
		// say so.
		once, err := api.New(api.Config{BaseURL: srv.URL, Token: srv.Token, APIVersion: fam.Version, MaxRetries: -1})
		require.NoError(t, err)
		e, _ = paneEnv(t, once, func(o *Options) { o.Index = ix })
		_, err = loadDefs(ctx, e)
		require.NoError(t, err)
		d = newDetailPane(e, ids[2], "")
		d.SetSize(100, 30)
		hs = &harness{t: t, pane: d}
		srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault503, Match: "GET " + fam.Objects("contacts") + "/" + ids[2]})
		hs.run(d.Init())
		assert.Contains(t, d.View(), "Acme")
		assert.Contains(t, d.View(), "HubSpot did not answer")
	})
}

// downProxy stands between the app and the sandbox; down, it answers nothing (it closes the
// connection unanswered), as when the network has gone.
type downProxy struct {
	down atomic.Bool
	hits atomic.Int64 // requests that came while down
}

func newDownProxy(t *testing.T, target string) (*downProxy, string) {
	u, err := url.Parse(target)
	require.NoError(t, err)
	rp := httputil.NewSingleHostReverseProxy(u)
	p := &downProxy{}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.down.Load() {
			p.hits.Add(1)
			if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
				conn.Close()
			}
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return p, s.URL
}

// When HubSpot stops answering after the start, the app goes offline on the index (the detail
// keeps the index's values), refuses writes with the reason, asks HubSpot once a request instead
// of retrying with backoff, and comes back online when the sync, its probe, gets HubSpot's
// answers again. (The client's backoff waits on an instant clock.)
func TestFlowGoesOfflineAndBackOnline(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := sandbox(t, fam)
		createContacts(t, c, 30)
		ix := syncedIndex(t, c)
		net, through := newDownProxy(t, srv.URL)
		pc, err := api.New(api.Config{BaseURL: through, Token: srv.Token, APIVersion: fam.Version, Clock: &instantClock{now: testStart}})
		require.NoError(t, err)
		tm := appAt(t, pc, 120, 36, func(o *Options) { o.Index = ix })
		screenMatchesAll(t, tm, `of 30 \(the local index\)`)
		assert.NotContains(t, tm.frame(), "OFFLINE")

		net.down.Store(true)
		tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
		tm.settle(0, false) // the request ends, no timer (the sync's) fires
		assert.Contains(t, tm.frame(), "OFFLINE", "offline at the first request that got no answer")
		screenMatchesAll(t, tm, `OFFLINE`, `The local index's values: HubSpot did not answer`, `Person 1`)
		tm.Type("e")
		screenMatchesAll(t, tm, `offline: .* is off until HubSpot can be reached`)
		// Offline, a request is one attempt (the transport may try a dropped connection once
		// more), not the five of the retries.
		before := net.hits.Load()
		tm.Type("r")
		tm.settle(0, false)
		assert.LessOrEqual(t, net.hits.Load()-before, int64(2), "offline, HubSpot is asked once")
		assert.Contains(t, tm.frame(), "OFFLINE")

		net.down.Store(false)
		// Said in place of the failure that took it offline.
		screenMatchesAll(t, tm, `HubSpot answers again: back online`)
		assert.NotContains(t, tm.frame(), "OFFLINE")
		tm.Type("r")
		screenMatchesAll(t, tm, `Companies 0 · Deals 0`)
		tm.Type("e")
		screenMatchesAll(t, tm, `Edit Person 1`)
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	})
}

// syncedIndex is an index of the default columns' properties, synced with the sandbox behind c.
func syncedIndex(t *testing.T, c *api.Client) *index.Index {
	t.Helper()
	ix, err := index.Open(index.Options{Dir: filepath.Join(t.TempDir(), "idx"), Props: index.DefaultProps(config.DefaultColumns())})
	require.NoError(t, err)
	t.Cleanup(func() { ix.Close() })
	_, err = (&index.Syncer{Index: ix, Source: c}).Sync(context.Background())
	require.NoError(t, err)
	return ix
}

// leadsAndNorthwind makes 300 contacts: every third a lead (the others customers), every fifth
// at Northwind Traders as its CEO.
func leadsAndNorthwind(t *testing.T, c *api.Client) {
	t.Helper()
	var batch []api.BatchUpdate
	for i, id := range createContacts(t, c, 300) {
		p := map[string]string{"lifecyclestage": map[bool]string{true: "lead", false: "customer"}[i%3 == 0]}
		if i%5 == 0 {
			p["company"], p["jobtitle"] = "Northwind Traders", "CEO"
		}
		batch = append(batch, api.BatchUpdate{ID: id, Properties: p})
	}
	for len(batch) > 0 {
		n := min(100, len(batch))
		_, err := c.BatchUpdateContacts(context.Background(), batch[:n])
		require.NoError(t, err)
		batch = batch[n:]
	}
}

// With a synced index, a view whose filter names kept properties lists from it: its count, and
// no search sent.
func TestFlowViewFilterRunsOnTheIndex(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := sandbox(t, fam)
		leadsAndNorthwind(t, c)
		ix := syncedIndex(t, c)
		cfg := viewConfig(t, "profiles:\n  test:\n    views:\n      Leads:\n        filter: lifecycle:lead\n")
		before := len(srv.Requests())
		tm := appAt(t, c, 120, 36, func(o *Options) { o.Index, o.Config, o.View = ix, cfg, "Leads" })
		screenMatchesAll(t, tm, `100 of 100 matches \(the local index\)`)
		for _, r := range srv.Requests()[before:] {
			assert.False(t, r.IsSearch() && strings.Contains(string(r.Body), `"propertyName":"lifecyclestage"`), "the view asked HubSpot's search: %s", r.Body)
		}
		tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	})
}
