package ui

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/internal/families"
)

// exportOf opens the export pane with x (or ctrl+x in find) and points it at path.
func exportOf(t *testing.T, hs *harness, key, path string) (*harness, *exportPane) {
	t.Helper()
	hs.take()
	if key == "ctrl+x" {
		hs.send(tea.KeyMsg{Type: tea.KeyCtrlX})
	} else {
		hs.keys(key)
	}
	p, ok := hs.opened().(*exportPane)
	require.True(t, ok, "%s opens the export pane", key)
	eh := drive(t, p, 110, 30)
	assert.Regexp(t, `^contacts-\d{8}-\d{6}\.csv$`, p.input.Value(), "a dated default name")
	p.input.SetValue(path)
	eh.send(press("enter"))
	return eh, p
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	return recs
}

func TestExportTheMarkedContacts(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ids := createContacts(t, c, 5)
		hs, _ := bulkList(t, c)
		hs.keys("j", " ", " ") // marks 2 and 3
		out := filepath.Join(t.TempDir(), "marked.csv")
		eh, p := exportOf(t, hs, "x", out)
		assert.Equal(t, "2 marked contacts", p.what)
		require.Equal(t, exportDone, p.stage)
		assert.Contains(t, eh.notices(), "Exported 2 contacts to "+out)
		assert.Contains(t, eh.pane.View(), "Wrote 2 contacts to")
		recs := readCSV(t, out)
		require.Len(t, recs, 3)
		assert.Equal(t, "hs_object_id", recs[0][0])
		assert.Equal(t, ids[1], recs[1][0])
		assert.Equal(t, "person2@example.com", recs[1][1])
		assert.Equal(t, ids[2], recs[2][0])
	})
}

func TestExportEveryContactAsJSON(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		createContacts(t, c, 130)
		hs, _ := bulkList(t, c)
		out := filepath.Join(t.TempDir(), "all.json")
		eh, p := exportOf(t, hs, "x", out)
		assert.Equal(t, "every contact", p.what)
		require.Equal(t, exportDone, p.stage)
		assert.Contains(t, eh.pane.View(), "130 of 130 contacts")
		data, err := os.ReadFile(out)
		require.NoError(t, err)
		var recs []map[string]any
		require.NoError(t, json.Unmarshal(data, &recs))
		assert.Len(t, recs, 130)
	})
}

func TestExportWhatFindShows(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		createContacts(t, c, 12)
		hs, _ := bulkList(t, c)
		hs.keys("/")
		f, ok := hs.opened().(*findPane)
		require.True(t, ok)
		fh := drive(t, f, 110, 30)
		fh.typeIn("person1")
		out := filepath.Join(t.TempDir(), "found.csv")
		_, p := exportOf(t, fh, "ctrl+x", out)
		require.Equal(t, exportDone, p.stage)
		var emails []string
		for _, r := range readCSV(t, out)[1:] {
			emails = append(emails, r[1])
		}
		assert.ElementsMatch(t, []string{"person1@example.com", "person10@example.com", "person11@example.com", "person12@example.com"}, emails)
		assert.Equal(t, "4 matches", p.what)
	})
}

func TestExportFailureLeavesNoFile(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		createContacts(t, c, 3)
		hs, _ := bulkList(t, c)
		out := filepath.Join(t.TempDir(), "missing-dir", "x.csv")
		eh, p := exportOf(t, hs, "x", out)
		require.Equal(t, exportDone, p.stage)
		assert.Error(t, p.err)
		assert.Contains(t, eh.pane.View(), "Not written:")
		assert.NoFileExists(t, out)
		assert.False(t, strings.Contains(eh.pane.View(), "Wrote"))
	})
}
