package ui

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// importOf opens the import pane from the list with "i" and types the file's path.
func importOf(t *testing.T, hs *harness, path string) (*harness, *importPane) {
	t.Helper()
	hs.keys("i")
	p, ok := hs.opened().(*importPane)
	require.True(t, ok, "i opens the import pane")
	ih := drive(t, p, 110, 30)
	ih.typeIn(path)
	ih.send(press("enter"))
	return ih, p
}

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(body), 0o600))
	return p
}

func contactProps(srv *hubspottest.Server, email string) map[string]string {
	var out map[string]string
	_ = srv.Store().View(func(tx *hubspottest.Tx) error {
		if o := tx.ContactByEmail(email); o != nil {
			out = map[string]string{}
			for k, v := range o.Props {
				out[k] = v
			}
		}
		return nil
	})
	return out
}

func TestImportPreviewThenProgressThenFailures(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		createContacts(t, c, 1) // person1@example.com
		var b strings.Builder
		b.WriteString("Email,First Name,Lifecycle Stage\n")
		b.WriteString("PERSON1@example.com,Ada,Customer\n")
		for i := range 149 {
			b.WriteString("new" + itoa(i) + "@example.com,N" + itoa(i) + ",lead\n")
		}
		b.WriteString("broken@example,Bad,lead\n")
		file := writeFile(t, "people.csv", b.String())
		hs, _ := bulkList(t, c)
		srv.ResetRequests()
		ih, p := importOf(t, hs, file)

		require.Equal(t, importPreview, p.stage)
		assert.Empty(t, srv.Writes(), "the preview writes nothing")
		v := ih.pane.View()
		for _, want := range []string{"people.csv  151 rows · key: email · nothing written yet", "Email            → email (Email)",
			"Lifecycle Stage  → lifecyclestage (Lifecycle Stage)", "line 2: person1@example.com | Ada | customer",
			"1 row is refused before sending:", `line 152: Email: "broken@example" is not a valid email address`} {
			assert.Contains(t, v, want)
		}

		ih.take()
		ih.keys("ctrl+s")
		assert.Equal(t, "Write 150 rows of people.csv to HubSpot?", ih.asked().text, "ctrl+s asks first")
		ih.answer("y")

		require.Equal(t, importDone, p.stage)
		assert.Equal(t, 151, p.prog.Done)
		assert.Contains(t, ih.notices(), "Import done: created 149, updated 1, failed 1")
		v = ih.pane.View()
		assert.Contains(t, v, strings.Repeat("█", 20), "the progress bar is full")
		assert.Contains(t, v, "151 of 151 rows ·")
		assert.Contains(t, v, "created 149 · updated 1 · failed 1")
		assert.Contains(t, v, "people.failures.csv")
		assert.Equal(t, "Ada", contactProps(srv, "person1@example.com")["firstname"])
		assert.Equal(t, "customer", contactProps(srv, "person1@example.com")["lifecyclestage"])
		assert.NotNil(t, contactProps(srv, "new148@example.com"))

		f, err := os.Open(strings.TrimSuffix(file, ".csv") + ".failures.csv")
		require.NoError(t, err)
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		require.NoError(t, err)
		require.Len(t, recs, 2)
		assert.Equal(t, []string{"broken@example", "Bad", "lead"}, recs[1][:3])
		assert.Equal(t, "152", recs[1][4])
	})
}

func TestImportMalformedFileNamesTheLineAndWritesNothing(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		hs, _ := bulkList(t, c)
		file := writeFile(t, "bad.csv", "email,firstname\na@example.com,A\nb@example.com,\"B\n")
		srv.ResetRequests()
		ih, p := importOf(t, hs, file)
		assert.Equal(t, importPath, p.stage, "back to the path, with the problem")
		v := ih.pane.View()
		assert.Contains(t, v, "The file is malformed; nothing was written:")
		assert.Contains(t, v, "line 3: a quoted field is not closed properly")
		assert.Empty(t, srv.Writes())
		ih.keys("ctrl+s")
		assert.Empty(t, srv.Writes(), "ctrl+s in the path box does nothing")
	})
}

func TestImportRefusedReadOnly(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		hs, _ := bulkList(t, c, func(o *Options) { o.ReadOnly = true })
		file := writeFile(t, "people.csv", "email\nnew@example.com\n")
		ih, p := importOf(t, hs, file)
		require.Equal(t, importPreview, p.stage, "the preview is fine read-only")
		ih.take()
		ih.keys("ctrl+s")
		assert.Nil(t, ih.opened())
		assert.Contains(t, strings.Join(ih.notices(), "\n"), "read-only")
		assert.Empty(t, srv.Writes())
	})
}

// While an import runs, esc asks to stop it rather than closing the pane on a running job;
// stopping lists the rows not written in the failures file.
func TestImportEscAsksToStop(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		hs, _ := bulkList(t, c)
		file := writeFile(t, "people.csv", "email\na@example.com\n")
		ih, p := importOf(t, hs, file)
		p.stage = importRunning
		assert.True(t, p.Capturing(), "esc reaches the pane")
		assert.True(t, p.Unsaved(), "quitting asks first")
		ih.take()
		p.job = &job{}
		ih.send(press("esc"))
		assert.Equal(t, "Stop importing people.csv?", ih.asked().text)
		for _, m := range ih.out {
			_, closed := m.(backMsg)
			assert.False(t, closed, "the pane stays open")
		}
	})
}

// Requests in flight together wait together: fifty requests an import holds for the same 9 s
// of HubSpot's window show 9 s waited, not 450 (the line summed every wait it heard, and said
// 202 s three seconds into an import with the whole window in flight). A wait heard while no
// job runs is not the job's.
func TestImportWaitLineCountsWaitsTogetherOnce(t *testing.T) {
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	m := bulk.NewMeter(func() time.Time { return now })
	f := fileJob{job: &job{events: make(chan jobEvent, 1), meter: m}}
	m.Start(5000)
	f.heard(waitMsg{api.Wait{Reason: api.WaitPacing, Duration: time.Second}}, false)
	assert.Equal(t, "No waits for HubSpot's rate limit so far", waitLine(m.Snapshot()))
	for range 50 {
		f.heard(waitMsg{api.Wait{Reason: api.WaitPacing, Duration: 9 * time.Second}}, true)
	}
	now = now.Add(9 * time.Second)
	assert.Contains(t, waitLine(m.Snapshot()), "Rate-limit waits: 50 (9 s) · latest: ")
}
