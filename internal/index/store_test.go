package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/index/indextest"
)

func openAt(t *testing.T, dir string) *Index {
	t.Helper()
	ix, err := Open(Options{Dir: dir, Props: indextest.Props})
	require.NoError(t, err)
	return ix
}

func fill(t *testing.T, ix *Index, n int) {
	p := indextest.New(3)
	for i := 0; i < n; i += 100 {
		var page []Contact
		for j := i; j < min(n, i+100); j++ {
			page = append(page, Contact{ID: int64(j + 1), Props: p.Contact(j)})
		}
		require.NoError(t, ix.Put(page...))
	}
}

func TestIndexReopensFromJournalAndSnapshot(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	ix := openAt(t, dir)
	fill(t, ix, 3000)
	require.NoError(t, ix.Delete(17, 18))
	require.NoError(t, ix.Put(Contact{ID: 5, Props: map[string]string{"firstname": "Zebulon", "email": "z@x.example"}}))
	want := map[int64]map[string]string{}
	ix.Each(func(r Row) bool { want[mustID(r.ID)] = r.Props; return true })
	// Read back from the journal alone (the process died before closing).
	ix.st.close()
	again := openAt(t, dir)
	assert.Equal(t, "", again.Rebuilt)
	assert.Equal(t, 2998, again.Len())
	got := map[int64]map[string]string{}
	again.Each(func(r Row) bool { got[mustID(r.ID)] = r.Props; return true })
	assert.Equal(t, want, got)
	rows, found := again.Find("zebulon", Sort{}, 10)
	require.Len(t, rows, 1)
	assert.Equal(t, "5", rows[0].ID)
	assert.Equal(t, 1, found.Matches)
	// Closed: written as a snapshot, then read from it.
	require.NoError(t, again.Close())
	fi, err := os.Stat(filepath.Join(dir, journalName))
	require.NoError(t, err)
	assert.Equal(t, int64(12), fi.Size(), "the journal starts again after the snapshot")
	third := openAt(t, dir)
	defer third.Close()
	got = map[int64]map[string]string{}
	third.Each(func(r Row) bool { got[mustID(r.ID)] = r.Props; return true })
	assert.Equal(t, want, got)
	rows, _ = third.Find("zebulon", Sort{}, 10)
	require.Len(t, rows, 1)
}

func TestIndexIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	ix := openAt(t, dir)
	fill(t, ix, 200)
	require.NoError(t, ix.Close())
	fi, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), fi.Mode().Perm())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	for _, e := range entries {
		fi, err := e.Info()
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), e.Name())
	}
}

func TestOneWriterAtATime(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	ix := openAt(t, dir)
	defer ix.Close()
	_, err := Open(Options{Dir: dir, Props: indextest.Props})
	assert.ErrorIs(t, err, ErrBusy)
	ro, err := Open(Options{Dir: dir, Props: indextest.Props, ReadOnly: true})
	require.NoError(t, err, "status reads while another writes")
	assert.Equal(t, 0, ro.Len())
}

// A damaged or foreign index is replaced by an empty one, never read.
func TestDamagedOrOldIndexIsRebuilt(t *testing.T) {
	build := func(t *testing.T) string {
		dir := filepath.Join(t.TempDir(), "idx")
		ix := openAt(t, dir)
		fill(t, ix, 500)
		require.NoError(t, ix.Close())
		return dir
	}
	for name, c := range map[string]struct {
		harm func(t *testing.T, path string)
		why  string
	}{
		"a flipped byte": {func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			b[len(b)/2] ^= 0x40
			require.NoError(t, os.WriteFile(p, b, 0o600))
		}, "damaged (its checksum does not match)"},
		"cut short": {func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			require.NoError(t, os.WriteFile(p, b[:len(b)/3], 0o600))
		}, "damaged (a section's length)"},
		"another format": {func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			b[4] = FormatVersion + 1
			require.NoError(t, os.WriteFile(p, b, 0o600))
		}, fmt.Sprintf("format %d, this version reads %d", FormatVersion+1, FormatVersion)},
		"not an index": {func(t *testing.T, p string) {
			require.NoError(t, os.WriteFile(p, []byte("hello"), 0o600))
		}, "not an index"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := build(t)
			c.harm(t, filepath.Join(dir, snapName))
			ix := openAt(t, dir)
			defer ix.Close()
			assert.Equal(t, c.why, ix.Rebuilt)
			assert.Equal(t, 0, ix.Len())
			assert.False(t, ix.State().Complete, "a rebuilt index syncs from the start")
		})
	}
	t.Run("other properties", func(t *testing.T) {
		dir := build(t)
		ix, err := Open(Options{Dir: dir, Props: append([]string{"phone"}, indextest.Props...)})
		require.NoError(t, err)
		defer ix.Close()
		assert.Equal(t, "it holds other properties", ix.Rebuilt)
		assert.Equal(t, 0, ix.Len())
	})
}

// A write the crash cut short is dropped; every write before it stays.
func TestTornJournalKeepsEveryWholeEntry(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	ix := openAt(t, dir)
	fill(t, ix, 300)
	st := State{ScanAfter: "301", Scanned: 300}
	require.NoError(t, ix.write(nil, nil, &st))
	require.NoError(t, ix.Put(Contact{ID: 1000, Props: map[string]string{"firstname": "Last"}}))
	ix.st.close()
	p := filepath.Join(dir, journalName)
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(p, b[:len(b)-3], 0o600))
	again := openAt(t, dir)
	defer again.Close()
	assert.Equal(t, 300, again.Len())
	_, ok := again.Get(1000)
	assert.False(t, ok)
	assert.Equal(t, "301", again.State().ScanAfter)
	require.NoError(t, again.Put(Contact{ID: 1000, Props: map[string]string{"firstname": "Again"}}))
	r, ok := again.Get(1000)
	require.True(t, ok)
	assert.Equal(t, "Again", r.Props["firstname"])
}

func TestClearRemovesTheIndex(t *testing.T) {
	home := t.TempDir()
	env := func(k string) string {
		if k == "XDG_CACHE_HOME" {
			return home
		}
		return ""
	}
	dir, err := Dir(env, "work")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(home, "hubcontacts", "index", "work"), dir)
	ix := openAt(t, dir)
	fill(t, ix, 10)
	require.NoError(t, ix.Close())
	had, err := Clear(env, "work")
	require.NoError(t, err)
	assert.True(t, had)
	_, err = os.Stat(dir)
	assert.True(t, errors.Is(err, os.ErrNotExist))
	had, err = Clear(env, "work")
	require.NoError(t, err)
	assert.False(t, had)
	_, err = Dir(env, "../x")
	assert.Error(t, err)
}

// The definitions kept with the index come back as they were given, after a reopen too, in a
// private file; a damaged file is as none.
func TestDefinitionsAreKept(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	ix := openAt(t, dir)
	_, ok := ix.Definitions()
	assert.False(t, ok, "none yet")
	d := Definitions{
		Properties: []api.Property{{Name: "lifecyclestage", Label: "Lifecycle stage", Type: "enumeration", FieldType: "select", GroupName: "contactinformation",
			Options: []api.Option{{Label: "Lead", Value: "lead", DisplayOrder: 1}}}, {Name: "email", Label: "Email", Type: "string"}},
		Groups: []api.PropertyGroup{{Name: "contactinformation", Label: "Contact information"}},
	}
	require.NoError(t, ix.SaveDefinitions(d))
	got, ok := ix.Definitions()
	require.True(t, ok)
	assert.Equal(t, d, got)
	require.NoError(t, ix.Close())

	again := openAt(t, dir)
	got, ok = again.Definitions()
	require.True(t, ok)
	assert.Equal(t, d, got)
	fi, err := os.Stat(filepath.Join(dir, defsName))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	require.NoError(t, again.Close())

	require.NoError(t, os.WriteFile(filepath.Join(dir, defsName), []byte(`{"properties":[{"Na`), 0o600))
	third := openAt(t, dir)
	defer third.Close()
	_, ok = third.Definitions()
	assert.False(t, ok, "a damaged file is as none")
}
