//go:build linux

package e2e

import (
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
	"github.com/hubcontacts/hubcontacts/internal/index"
)

// TestIndexSyncResumesAfterKill9: `hubcontacts index sync` killed with SIGKILL in the middle of
// its first scan leaves an index the next run opens and goes on from, re-reading at most the
// page in flight; afterwards the index holds exactly the sandbox's contacts.
func TestIndexSyncResumesAfterKill9(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		needBinary(t)
		srv := newSandbox(t, fam, hubspottest.Options{Seed: 3, Contacts: 3000, Companies: 10, Deals: -1, Tickets: -1,
			Tokens: map[string][]string{token: hubspottest.AllScopes}, DailyLimit: -1,
			RateLimit: hubspottest.RateLimit{Max: 10, Interval: time.Second}}) // 30 pages: about 3 s
		home := familyHome(t, fam)
		env := userEnv(home, "HUBSPOT_ACCESS_TOKEN="+token, "XDG_CACHE_HOME="+filepath.Join(home, "cache"))
		lists := func() int {
			n := 0
			for _, r := range srv.Requests() {
				if r.Method == "GET" && r.Path == fam.Objects("contacts") && !strings.Contains(r.RawQuery, "archived=true") {
					n++
				}
			}
			return n
		}

		c := exec.Command(bin, "index", "sync", "--base-url", srv.URL)
		c.Env = env
		require.NoError(t, c.Start())
		deadline := time.Now().Add(30 * time.Second)
		for lists() < 12 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		require.NoError(t, c.Process.Signal(syscall.SIGKILL))
		_ = c.Wait()
		before := lists()
		require.Less(t, before, 30, "killed in the middle of the scan")

		r := run(t, env, "", "index", "sync", "--base-url", srv.URL)
		require.Equal(t, 0, r.code, r.all())
		assert.LessOrEqual(t, lists()-before, 30-before+3, "the second run went on from the last page written")

		dir := filepath.Join(home, "cache", "hubcontacts", "index", "default")
		ix, err := index.Open(index.Options{Dir: dir, Props: index.DefaultProps(nil), ReadOnly: true})
		require.NoError(t, err)
		defer ix.Close()
		want := map[string]map[string]string{}
		require.NoError(t, srv.Store().View(func(tx *hubspottest.Tx) error {
			tx.All(hubspottest.Contacts, func(o *hubspottest.Object) bool {
				if !o.Archived {
					props := map[string]string{}
					for _, p := range ix.Props() {
						if v := o.Props[p]; v != "" {
							props[p] = v
						}
					}
					want[o.ID] = props
				}
				return true
			})
			return nil
		}))
		got := map[string]map[string]string{}
		ix.Each(func(row index.Row) bool { got[row.ID] = row.Props; return true })
		require.Equal(t, len(want), len(got))
		for id, props := range want {
			if !assert.Equal(t, props, got[id], "contact %s", id) {
				break
			}
		}
	})
}
