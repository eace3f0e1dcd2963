package bulk_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
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

// hostile values a web form can deliver: separators, quotes, newlines, escapes, other scripts.
const exportN = 100_000

var hostile = []string{"Ada, \"the\" Countess", "line\nbreak", "\x1b]52;c;aGk=\x07", "Zoë 李", "=cmd|' /C calc'!A0", "", "Bidi\u202eX\u009b31m\U000E0041"}

func seedExport(t testing.TB, e *env, n int) {
	var seeds []map[string]string
	for i := range n {
		seeds = append(seeds, map[string]string{"email": emailN(i), "firstname": hostile[i%len(hostile)],
			"lastname": "Smith" + strconv.Itoa(i%7), "company": "Acme " + strconv.Itoa(i)})
	}
	e.seed(t, seeds...)
}

// storeRows is the live contacts in id order as the export should write them.
func storeRows(e *env, props []string) [][]string {
	var out [][]string
	_ = e.srv.Store().View(func(tx *hubspottest.Tx) error {
		tx.All(hubspottest.Contacts, func(o *hubspottest.Object) bool {
			if !o.Archived {
				row := []string{o.ID}
				for _, p := range props {
					row = append(row, o.Props[p])
				}
				out = append(out, row)
			}
			return true
		})
		return nil
	})
	return out
}

func TestExportListAsCSVMatchesTheSandbox(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{})
		seedExport(t, e, 250)
		props := []string{"email", "firstname", "lastname", "company", "phone"}
		var out bytes.Buffer
		n, err := bulk.Export(context.Background(), e.client, &out, bulk.ExportOptions{Properties: props, Meter: e.meter, Raw: true})
		require.NoError(t, err)
		assert.Equal(t, 250, n)
		recs, err := csv.NewReader(&out).ReadAll()
		require.NoError(t, err)
		assert.Equal(t, append([]string{"hs_object_id"}, props...), recs[0])
		assert.Equal(t, storeRows(e, props), recs[1:], "raw values, hostile ones included")
		assert.Equal(t, 3, e.requests(http.MethodGet, e.fam.Objects("contacts")), "pages of 100")
		m := e.meter.Snapshot()
		assert.Equal(t, 250, m.Done)
		assert.True(t, m.Finished)
	})
}

// A cell a spreadsheet would run as a formula is written with a leading ' (OWASP's rule); Raw
// writes every value as HubSpot holds it, and JSON is always exact.
func TestExportNeutralisesFormulasUnlessRaw(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{})
		values := []string{`=HYPERLINK("http://evil.example","click")`, "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
			"\tx", "\rx", "Ada", "a=b", "'already quoted", "", "Zoë"}
		var seeds []map[string]string
		for i, v := range values {
			seeds = append(seeds, map[string]string{"email": emailN(i), "firstname": v})
		}
		e.seed(t, seeds...)
		export := func(o bulk.ExportOptions) []string {
			var out bytes.Buffer
			o.Properties = []string{"firstname"}
			_, err := bulk.Export(context.Background(), e.client, &out, o)
			require.NoError(t, err)
			if o.Format == bulk.FormatJSON {
				var recs []struct{ Properties map[string]string }
				require.NoError(t, json.Unmarshal(out.Bytes(), &recs))
				got := make([]string, len(recs))
				for i, r := range recs {
					got[i] = r.Properties["firstname"]
				}
				return got
			}
			recs, err := csv.NewReader(&out).ReadAll()
			require.NoError(t, err)
			got := make([]string, len(recs)-1)
			for i, r := range recs[1:] {
				got[i] = r[1]
			}
			return got
		}
		assert.Equal(t, []string{`'=HYPERLINK("http://evil.example","click")`, "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1:A2)",
			"'\tx", "'\rx", "Ada", "a=b", "'already quoted", "", "Zoë"}, export(bulk.ExportOptions{}))
		assert.Equal(t, values, export(bulk.ExportOptions{Raw: true}))
		assert.Equal(t, values, export(bulk.ExportOptions{Format: bulk.FormatJSON}))
	})
}

func TestExportAsJSON(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{})
		seedExport(t, e, 120)
		var out bytes.Buffer
		_, err := bulk.Export(context.Background(), e.client, &out, bulk.ExportOptions{Properties: []string{"email", "firstname", "phone"}, Format: bulk.FormatJSON})
		require.NoError(t, err)
		var recs []struct {
			ID         string             `json:"id"`
			Properties map[string]*string `json:"properties"`
			CreatedAt  time.Time          `json:"createdAt"`
		}
		require.NoError(t, json.Unmarshal(out.Bytes(), &recs), out.String()[:200])
		rows := storeRows(e, []string{"email", "firstname"})
		require.Len(t, recs, 120)
		for i, r := range recs {
			assert.Equal(t, rows[i][0], r.ID)
			assert.Equal(t, rows[i][1], *r.Properties["email"])
			if rows[i][2] == "" {
				assert.Nil(t, r.Properties["firstname"], "no value is null, as HubSpot sends it")
			} else {
				assert.Equal(t, rows[i][2], *r.Properties["firstname"])
			}
			assert.Nil(t, r.Properties["phone"])
			assert.False(t, r.CreatedAt.IsZero())
		}
		assert.NotContains(t, out.String(), `\u003c`, "no HTML escaping")
		for _, c := range []string{"\x1b", "\u202e", "\u009b", "\U000E0041"} {
			assert.NotContains(t, out.String(), c, "escaped in the JSON text, the same value once decoded")
		}
		assert.Contains(t, out.String(), `Bidi\u202eX\u009b31m\udb40\udc41`)
	})
}

func TestExportEmptyJSONIsAnEmptyArray(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{})
		var out bytes.Buffer
		n, err := bulk.Export(context.Background(), e.client, &out, bulk.ExportOptions{Format: bulk.FormatJSON})
		require.NoError(t, err)
		assert.Zero(t, n)
		assert.JSONEq(t, "[]", out.String())
	})
}

func TestExportASearch(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{})
		seedExport(t, e, 700)
		var out bytes.Buffer
		n, err := bulk.Export(context.Background(), e.client, &out, bulk.ExportOptions{Query: "Smith3", Properties: []string{"email", "lastname"}})
		require.NoError(t, err)
		assert.Equal(t, 100, n, "one in seven")
		recs, err := csv.NewReader(&out).ReadAll()
		require.NoError(t, err)
		var want [][]string
		for _, r := range storeRows(e, []string{"email", "lastname"}) {
			if r[2] == "Smith3" {
				want = append(want, r)
			}
		}
		assert.Equal(t, want, recs[1:])
		assert.Equal(t, 1, e.requests(http.MethodPost, "/contacts/search"), "200 a page")
	})
}

// A filter (a saved view's) exports exactly the contacts HubSpot's search finds for it.
func TestExportAFilter(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{})
		seedExport(t, e, 900) // 257 match: two pages
		var out bytes.Buffer
		groups := []api.FilterGroup{api.Where(api.In("lastname", "smith2", "smith5"), api.HasProperty("company"))}
		n, err := bulk.Export(context.Background(), e.client, &out, bulk.ExportOptions{Groups: groups, Properties: []string{"email", "lastname"}})
		require.NoError(t, err)
		var want [][]string
		for _, r := range storeRows(e, []string{"email", "lastname"}) {
			if r[2] == "Smith2" || r[2] == "Smith5" {
				want = append(want, r)
			}
		}
		assert.Equal(t, len(want), n)
		recs, err := csv.NewReader(&out).ReadAll()
		require.NoError(t, err)
		assert.Equal(t, want, recs[1:], "the filter's contacts, in id order, across pages")
	})
}

func TestExportRefusesASearchPastHubSpotsCap(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{})
		seedExport(t, e, 10_001)
		var out bytes.Buffer
		n, err := bulk.Export(context.Background(), e.client, &out, bulk.ExportOptions{Query: "example.com"})
		var tooMany *bulk.ErrTooManyResults
		require.True(t, errors.As(err, &tooMany), "%v", err)
		assert.Equal(t, 10_001, tooMany.Total)
		assert.Contains(t, err.Error(), "narrow the query")
		assert.Zero(t, n)
	})
}

func TestExportGivenIDs(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{})
		ids := e.seed(t, map[string]string{"email": "a@example.com"}, map[string]string{"email": "b@example.com"}, map[string]string{"email": "c@example.com"})
		var out bytes.Buffer
		n, err := bulk.Export(context.Background(), e.client, &out, bulk.ExportOptions{IDs: []string{ids[2], ids[0]}, Properties: []string{"email"}})
		require.NoError(t, err)
		assert.Equal(t, 2, n)
		assert.Equal(t, "hs_object_id,email\n"+ids[2]+",c@example.com\n"+ids[0]+",a@example.com\n", out.String())
	})
}

func TestResolveProperties(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		defs := contactDefs(t, fam)
		got, err := bulk.ResolveProperties(defs, []string{"email", "First Name", "email"})
		require.NoError(t, err)
		assert.Equal(t, []string{"email", "firstname"}, got)
		_, err = bulk.ResolveProperties(defs, []string{"emial"})
		assert.EqualError(t, err, `there is no property "emial" (did you mean email, "Email"?)`)
		all, err := bulk.ResolveProperties(defs, []string{"all"})
		require.NoError(t, err)
		assert.Contains(t, all, "customer_tier")
	})
}

// The memory test: exporting 100,000 contacts keeps the exporting process's peak
// memory under 100 MB. The sandbox (which holds all 100,000) lives in this process; the export
// runs in a child process, which reports its own peak resident set (VmHWM). The file written
// is then checked against the sandbox, row by row.
func TestExport100000ContactsInFlatMemory(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		if testing.Short() {
			t.Skip("100,000 contacts: skipped with -short")
		}
		e := newRealEnv(t, fam, hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: 1000, Interval: time.Second}, DailyLimit: -1})
		e.srv.SetRequestLogLimit(-1)
		t0 := time.Now()
		seedExport(t, e, exportN)
		t.Logf("seeded in %s", time.Since(t0))
		out := filepath.Join(t.TempDir(), "export.csv")
		peak, took := runExportChild(t, e, out)
		t.Logf("exported %d contacts in %s; the exporting process's peak RSS: %.1f MB", exportN, took.Round(time.Millisecond), float64(peak)/1024)
		assert.Less(t, peak, 100*1024, "peak RSS (kB) of the exporting process")
		t0 = time.Now()
		checkExportFile(t, e, out)
		t.Logf("checked in %s", time.Since(t0))
	})
}

// runExportChild runs TestExportChild in a new process and returns its VmHWM (kB).
func runExportChild(t *testing.T, e *env, out string) (int, time.Duration) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestExportChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "HC_EXPORT_CHILD=1", "HC_EXPORT_URL="+e.srv.URL, "HC_EXPORT_TOKEN="+e.srv.Token,
		"HC_EXPORT_API_VERSION="+e.fam.Version, "HC_EXPORT_OUT="+out)
	start := time.Now()
	got, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", got)
	m := regexp.MustCompile(`VmHWM_kB=(\d+)`).FindSubmatch(got)
	require.NotNil(t, m, "%s", got)
	kb, _ := strconv.Atoi(string(m[1]))
	return kb, time.Since(start)
}

// TestExportChild is the child side of TestExport100000ContactsInFlatMemory.
func TestExportChild(t *testing.T) {
	if os.Getenv("HC_EXPORT_CHILD") != "1" {
		t.Skip("run by TestExport100000ContactsInFlatMemory")
	}
	c, err := api.New(api.Config{BaseURL: os.Getenv("HC_EXPORT_URL"), Token: os.Getenv("HC_EXPORT_TOKEN"), APIVersion: os.Getenv("HC_EXPORT_API_VERSION")})
	require.NoError(t, err)
	f, err := os.Create(os.Getenv("HC_EXPORT_OUT"))
	require.NoError(t, err)
	n, err := bulk.Export(context.Background(), c, f, bulk.ExportOptions{Properties: []string{"email", "firstname", "lastname", "company"}})
	require.NoError(t, err)
	require.NoError(t, f.Close())
	require.Equal(t, exportN, n)
	fmt.Printf("VmHWM_kB=%d\n", vmHWM(t))
}

// vmHWM reads this process's peak resident set size from /proc/self/status.
func vmHWM(t *testing.T) int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status on this system")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return kb
		}
	}
	t.Fatal("no VmHWM in /proc/self/status")
	return 0
}

// checkExportFile streams the file and the store side by side.
func checkExportFile(t *testing.T, e *env, path string) {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	head, err := r.Read()
	require.NoError(t, err)
	require.Equal(t, []string{"hs_object_id", "email", "firstname", "lastname", "company"}, head)
	want := storeRows(e, head[1:])
	for _, row := range want {
		for i := range row[1:] {
			row[i+1] = bulk.Neutralise(row[i+1]) // the export's default
		}
	}
	rows, wrong := 0, 0
	for ; ; rows++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if rows >= len(want) || strings.Join(rec, "\x00") != strings.Join(want[rows], "\x00") {
			wrong++
		}
	}
	assert.Equal(t, len(want), rows)
	assert.Zero(t, wrong, "rows that differ from the sandbox")
}
