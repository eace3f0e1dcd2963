package ui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// shortTempDir is a temporary directory with a short path (the full path fits on an 80-column
// line), removed at the end.
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "hcx")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	dir, err = filepath.EvalSymlinks(dir)
	require.NoError(t, err)
	return dir
}

// exportedHeader waits for the export to end, then reads the header of the one file in dir and
// removes it.
func exportedHeader(t *testing.T, tm *tui, dir string) []string {
	t.Helper()
	screenMatchesAll(t, tm, "Wrote 3 contacts to", regexp.QuoteMeta(dir)+`/contacts-\d{8}-\d{6}\.csv`)
	files, err := filepath.Glob(filepath.Join(dir, "contacts-*.csv"))
	require.NoError(t, err)
	require.Len(t, files, 1)
	recs := readCSV(t, files[0])
	require.NoError(t, os.Remove(files[0]))
	return recs[0]
}

// Export in the TUI says where the file went, whole, and writes the properties the user chose:
// the list's columns unless told otherwise, every property one key away (ctrl+t), or names and
// labels typed as export --properties takes them.
func TestFlowExportSaysTheFullPathAndTakesTheProperties(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		eachSize(t, func(t *testing.T, w, h int) {
			dir := shortTempDir(t)
			t.Chdir(dir) // the default file name is relative: it goes here
			_, c := editSandbox(t, fam)
			createContacts(t, c, 3)
			all, err := c.Properties(t.Context(), api.ObjectContacts)
			require.NoError(t, err)
			visible := []string{"hs_object_id"} // the first column, whatever is asked
			for _, p := range all {
				if !p.Hidden && p.Name != "hs_object_id" {
					visible = append(visible, p.Name)
				}
			}
			tm := appAt(t, c, w, h)
			screenShows(t, tm, "3 loaded")

			keys(tm, "x")
			screenShows(t, tm, "the list's columns", dir+"/contacts-")
			keys(tm, "enter")
			assert.Equal(t, []string{"hs_object_id", "email", "firstname", "lastname", "company", "lifecyclestage"}, exportedHeader(t, tm, dir))

			keys(tm, "esc", "x")
			screenShows(t, tm, "the list's columns")
			keys(tm, "tab", "ctrl+t")
			screenShows(t, tm, "every property that is not hidden: "+thousands(len(visible)))
			keys(tm, "enter")
			assert.ElementsMatch(t, visible, exportedHeader(t, tm, dir), "the record id, then every property")

			keys(tm, "esc", "x")
			screenShows(t, tm, "the list's columns")
			keys(tm, "tab", "ctrl+u")
			tm.Type("Email, Job Title, nosuchthing")
			screenShows(t, tm, `there is no property "nosuchthing"`)
			keys(tm, "backspace")
			for range len(", nosuchthin") {
				keys(tm, "backspace")
			}
			screenShows(t, tm, "2 properties")
			keys(tm, "enter")
			assert.Equal(t, []string{"hs_object_id", "email", "jobtitle"}, exportedHeader(t, tm, dir))
			m := quit(t, tm)
			assert.True(t, strings.HasPrefix(m.top().(*exportPane).path, dir+string(filepath.Separator)), "a full path")
		})
	})
}
