package cmd_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zalando/go-keyring"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// index sync builds the profile's index under the cache folder, index status describes it,
// index clear (and logout) delete it.
func TestIndexSyncStatusClear(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		o := newOneShot(t, fam)
		cache := filepath.Join(o.config, "cache")
		o.env["XDG_CACHE_HOME"] = cache
		dir := filepath.Join(cache, "hubcontacts", "index", "default")

		r := o.hc("", "index", "status")
		require.Equal(t, 0, r.code, r.output())
		assert.Contains(t, r.stdout, `Profile "default" has no index. Make one with: hubcontacts index sync`)

		r = o.hc("", "index", "sync")
		require.Equal(t, 0, r.code, r.output())
		assert.Contains(t, r.stdout, "Indexed 3 contacts")
		fi, err := os.Stat(dir)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o700), fi.Mode().Perm())

		o.seed(map[string]string{"email": "alan@example.com", "firstname": "Alan", "lastname": "Turing"})
		r = o.hc("", "index", "sync")
		require.Equal(t, 0, r.code, r.output())
		assert.Contains(t, r.stdout, "Indexed 4 contacts")

		r = o.hc("", "index", "status")
		require.Equal(t, 0, r.code, r.output())
		for _, want := range []string{`Index of profile "default": ` + dir, "contacts      4", "size on disk", "last sync", "email"} {
			assert.Contains(t, r.stdout, want)
		}

		r = o.hc("", "index", "clear")
		require.Equal(t, 0, r.code, r.output())
		assert.Contains(t, r.stdout, `The index of profile "default" is deleted.`)
		_, err = os.Stat(dir)
		assert.True(t, os.IsNotExist(err))

		// logout deletes it too.
		require.Equal(t, 0, o.hc("", "index", "sync").code)
		keyring.MockInit()
		r = o.hc("", "logout")
		require.Equal(t, 0, r.code, r.output())
		assert.Contains(t, r.stdout, `The local index of profile "default" is deleted.`)
		_, err = os.Stat(dir)
		assert.True(t, os.IsNotExist(err))
	})
}

func TestIndexOffRefusesSync(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		o := newOneShot(t, fam)
		o.env["XDG_CACHE_HOME"] = filepath.Join(o.config, "cache")
		o.writeConfig("profiles:\n  default:\n    index: off\n")
		r := o.hc("", "index", "sync")
		assert.Equal(t, 2, r.code)
		assert.Contains(t, r.stderr, "index: off")
		_ = hubspottest.Contacts
		assert.False(t, strings.Contains(r.stdout, "Indexed"))
	})
}

// The TUI gets the index when the profile says index: on, or when index sync made one; not with
// index: off.
func TestTUIOpensTheIndexWhenOn(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		o := newOneShot(t, fam)
		o.env["XDG_CACHE_HOME"] = filepath.Join(o.config, "cache")
		r := o.hc("")
		require.Equal(t, 0, r.code, r.output())
		require.Len(t, o.tui, 1)
		assert.Nil(t, o.tui[0].Index, "off by default")

		o.writeConfig("profiles:\n  default:\n    index: on\n")
		r = o.hc("")
		require.Equal(t, 0, r.code, r.output())
		require.Len(t, o.tui, 2)
		assert.NotNil(t, o.tui[1].Index)

		o.writeConfig("profiles:\n  default:\n    index: off\n")
		r = o.hc("")
		require.Equal(t, 0, r.code, r.output())
		assert.Nil(t, o.tui[2].Index, "index: off, though one exists now")

		o.writeConfig("")
		r = o.hc("")
		require.Equal(t, 0, r.code, r.output())
		assert.NotNil(t, o.tui[3].Index, "not said, and one exists")
	})
}

// With a synced index, the app opens offline: HubSpot cannot be reached, so it shows the index
// with writes off (without one it says HubSpot cannot be reached, as before: TestTUI… elsewhere).
func TestTUIOpensOfflineOnTheIndex(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		o := newOneShot(t, fam)
		o.env["XDG_CACHE_HOME"] = filepath.Join(o.config, "cache")
		require.Equal(t, 0, o.hc("", "index", "sync").code)
		o.srv.Close()
		r := o.hc("")
		require.Equal(t, 0, r.code, r.output())
		require.Len(t, o.tui, 1)
		assert.True(t, o.tui[0].Offline)
		assert.NotNil(t, o.tui[0].Index)
		assert.Contains(t, r.stderr, "HubSpot cannot be reached")
		assert.Contains(t, r.stderr, "showing the local index")
	})
}
