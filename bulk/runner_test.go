package bulk_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
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

// importCSV prepares and runs an import, collecting each row's result.
func (e *env) importCSV(t testing.TB, text string, o bulk.MapOptions) (*bulk.Plan, bulk.Summary, *results) {
	t.Helper()
	p := e.prepare(t, text, o)
	var rs results
	sum := bulk.Upsert(context.Background(), e.client, p, bulk.RunOptions{Meter: e.meter, OnResult: rs.add})
	require.Empty(t, rs.twice, "rows reported twice")
	return p, sum, &rs
}

func TestImportCreatesUpdatesAndListsFailures(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: -1}})
		e.seed(t, map[string]string{"email": "ada@example.com", "firstname": "Old", "phone": "111"},
			map[string]string{"email": "taken@example.org", "customer_code": "TAKEN"})
		var b strings.Builder
		b.WriteString("Email,First Name,Customer code,Lifecycle Stage\n")
		b.WriteString("ADA@example.com,Ada,A-1,Customer\n") // line 2: update (odd case)
		for i := range 150 {                                // lines 3..152: new
			fmt.Fprintf(&b, "%s,P%d,C-%d,lead\n", emailN(i), i, i)
		}
		b.WriteString("bob@example.com,Bob,TAKEN,lead\n") // 153: HubSpot refuses (unique value taken)
		b.WriteString("bad@example,Bad,,lead\n")          // 154: refused before sending
		p, sum, rs := e.importCSV(t, b.String(), bulk.MapOptions{})

		assert.Equal(t, bulk.Summary{Created: 150, Updated: 1, Failed: 2}, sum)
		assert.Len(t, rs.byLine, p.Rows())
		ada := e.contact("ada@example.com")
		assert.Equal(t, "Ada", ada["firstname"])
		assert.Equal(t, "customer", ada["lifecyclestage"], "the label became the option's value")
		assert.Equal(t, "111", ada["phone"], "a column not in the file is left alone")
		assert.Equal(t, "C-149", e.contact(emailN(149))["customer_code"])
		assert.Nil(t, e.contact("bob@example.com"))
		assert.Equal(t, `A contact with customer_code "TAKEN" already exists. Existing ID: 1002 (409 CONFLICT)`, rs.byLine[153].Reason)
		assert.Contains(t, rs.byLine[154].Reason, `not sent: Email: "bad@example" is not a valid email address`)
		assert.Equal(t, bulk.Updated, rs.byLine[2].Outcome)
		assert.Equal(t, ada["id"], rs.byLine[2].ID)

		// The failures file: the file's own columns, the reason and the line; fixed, it imports.
		var out bytes.Buffer
		require.NoError(t, bulk.WriteFailures(&out, p.Header, p.Comma, rs.failures()))
		recs, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
		require.NoError(t, err)
		require.Len(t, recs, 3)
		assert.Equal(t, []string{"Email", "First Name", "Customer code", "Lifecycle Stage", "hubcontacts_error", "hubcontacts_line"}, recs[0])
		assert.Equal(t, []string{"bob@example.com", "Bob", "TAKEN", "lead"}, recs[1][:4])
		assert.Equal(t, "153", recs[1][5])
		assert.Equal(t, "154", recs[2][5])
		fixed := strings.Replace(strings.Replace(out.String(), ",TAKEN,", ",B-1,", 1), "bad@example,", "bad@example.com,", 1)
		_, sum2, _ := e.importCSV(t, fixed, bulk.MapOptions{})
		assert.Equal(t, bulk.Summary{Created: 2}, sum2)
		assert.Equal(t, "B-1", e.contact("bob@example.com")["customer_code"])
	})
}

// An email-keyed batch in which HubSpot refuses one row writes none of it (HubSpot does no
// partial upserts by email): the other rows must go again, and each lands exactly once.
func TestImportResendsRowsOfARefusedBatch(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: -1}})
		e.seed(t, map[string]string{"email": "holder@example.org", "customer_code": "TAKEN"})
		var b strings.Builder
		b.WriteString("email,customer_code\n")
		for i := range 100 {
			code := fmt.Sprintf("C-%d", i)
			if i == 42 {
				code = "TAKEN"
			}
			fmt.Fprintf(&b, "%s,%s\n", emailN(i), code)
		}
		_, sum, rs := e.importCSV(t, b.String(), bulk.MapOptions{})
		assert.Equal(t, bulk.Summary{Created: 99, Failed: 1}, sum)
		assert.Equal(t, bulk.Failed, rs.byLine[44].Outcome)
		assert.Equal(t, 2, e.requests(http.MethodPost, "/batch/upsert"), "the batch, then the 99 again")
		assert.Equal(t, 100, e.countContacts())
	})
}

func TestImportKeyedByAUniqueProperty(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: -1}})
		e.seed(t, map[string]string{"email": "ada@example.com", "customer_code": "A-1", "firstname": "Old"})
		_, sum, _ := e.importCSV(t, "customer_code,firstname\nA-1,Ada\nB-2,Bob\n", bulk.MapOptions{Key: "customer_code"})
		assert.Equal(t, bulk.Summary{Created: 1, Updated: 1}, sum)
		assert.Equal(t, "Ada", e.contact("ada@example.com")["firstname"])
	})
}

// A run that cannot go on (the token is refused) fails every row left, saying re-importing is
// safe, and stops sending.
func TestImportStopsOnAFatalError(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: -1}})
		var b strings.Builder
		b.WriteString("email\n")
		for i := range 350 {
			b.WriteString(emailN(i) + "\n")
		}
		p := e.prepare(t, b.String(), bulk.MapOptions{})
		revoked, err := api.New(api.Config{BaseURL: e.srv.URL, Token: "pat-na1-11111111-1111-4111-8111-111111111111", APIVersion: e.fam.Version, Clock: e.clock})
		require.NoError(t, err)
		var rs results
		sum := bulk.Upsert(context.Background(), revoked, p, bulk.RunOptions{Workers: 1, OnResult: rs.add})
		require.Error(t, sum.Err)
		assert.Equal(t, 350, sum.Failed)
		assert.Contains(t, rs.byLine[2].Reason, "importing this row again is safe")
		assert.Equal(t, 1, e.requests(http.MethodPost, "/batch/upsert"))
		assert.Zero(t, e.countContacts())
	})
}

// The test: 10,000 rows into a sandbox limited to 100 requests per 10 s, with 10% of
// answers a 5xx and 5% a 429. Both sides run on one virtual clock: the windows and every wait
// pass in virtual time, so the run takes seconds, not the ~17 minutes it would in real time.
func TestImport10000RowsUnderRateLimitAndFaults(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{Seed: 8, RateLimit: hubspottest.RateLimit{Max: 100, Interval: 10 * time.Second},
			Faults: hubspottest.Faults{Error5xx: 0.10, RateLimit429: 0.05}})
		e.srv.SetRequestLogLimit(-1)
		f := newTenK(t, e)
		// The seeded contacts were created before the import (a lost answer's retry tells a contact
		// this run created from one that was there by its creation time).
		_ = e.clock.Sleep(context.Background(), time.Hour)
		start, vstart := time.Now(), e.clock.Now()
		p, sum, rs := e.importCSV(t, f.csv(), bulk.MapOptions{})
		vspent := e.clock.Now().Sub(vstart)
		t.Logf("real %s, virtual %s; %+v; meter %+v", time.Since(start).Round(time.Millisecond), vspent.Round(time.Second), sum, e.meter.Snapshot())

		require.NoError(t, sum.Err)
		require.Equal(t, 10_000, p.Rows())
		require.Len(t, rs.byLine, 10_000, "every row settled")
		assert.Equal(t, 10_000, sum.Created+sum.Updated+sum.Failed, "the totals add up")
		failed := map[int]bool{}
		for _, r := range rs.failures() {
			failed[r.Line] = true
			assert.NotContains(t, r.Reason, "Rate limited", "no 429 reaches the user")
		}
		assert.Equal(t, f.bad, failed, "exactly the bad rows failed")
		f.checkSandbox(t, e, rs)
		m := e.meter.Snapshot()
		assert.Positive(t, m.RateLimited, "the injected 429s were met")
		assert.Positive(t, m.Retried, "the injected 5xx were met")
		assert.GreaterOrEqual(t, vspent, time.Duration(e.requests(http.MethodPost, "/batch/upsert")/100)*10*time.Second,
			"at most 100 requests per 10 s")
	})
}

// tenK is the 10,000-row file: 3,000 rows update seeded contacts, the rest create; 50 rows are
// bad (20 invalid emails, 10 pairs of repeated emails, 10 unique codes another contact holds).
type tenK struct {
	rows [][]string
	bad  map[int]bool // lines expected to fail
}

func newTenK(t *testing.T, e *env) *tenK {
	var seeds []map[string]string
	for i := range 3000 {
		seeds = append(seeds, map[string]string{"email": emailN(i), "firstname": "Old", "customer_code": "OLD-" + strconv.Itoa(i)})
	}
	for i := range 10 {
		seeds = append(seeds, map[string]string{"email": fmt.Sprintf("holder%d@example.org", i), "customer_code": fmt.Sprintf("TAKEN-%d", i)})
	}
	e.seed(t, seeds...)
	f := &tenK{bad: map[int]bool{}}
	stages := []string{"lead", "Customer", "opportunity", "Subscriber"}
	for i := range 10_000 {
		row := []string{emailN(i), "First" + strconv.Itoa(i), "Last" + strconv.Itoa(i), stages[i%4], "NEW-" + strconv.Itoa(i), strconv.Itoa(i * 10)}
		line := i + 2
		switch {
		case i%500 == 7: // 20 rows
			row[0], f.bad[line] = fmt.Sprintf("broken%d@example", i), true
		case i%1000 == 11: // 10 rows, repeating the row before's email
			row[0], f.bad[line], f.bad[line-1] = emailN(i-1), true, true
		case i%1000 == 503: // 10 rows
			row[4], f.bad[line] = fmt.Sprintf("TAKEN-%d", i/1000), true
		}
		f.rows = append(f.rows, row)
	}
	return f
}

func (f *tenK) csv() string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write([]string{"email", "First Name", "lastname", "Lifecycle Stage", "Customer code", "annualrevenue"})
	_ = w.WriteAll(f.rows)
	return b.String()
}

// checkSandbox: each written row's contact holds the row's values; each failed row left its
// contact as seeded (or absent); no contact exists twice.
func (f *tenK) checkSandbox(t *testing.T, e *env, rs *results) {
	values := map[string]string{"lead": "lead", "Customer": "customer", "opportunity": "opportunity", "Subscriber": "subscriber"}
	written, wrong := 0, 0
	for i, row := range f.rows {
		line := i + 2
		r := rs.byLine[line]
		c := e.contact(row[0])
		if r.Outcome == bulk.Failed {
			if c != nil && !f.bad[line-1] && !strings.HasPrefix(row[0], "holder") && c["firstname"] != "Old" {
				t.Errorf("line %d failed yet changed its contact: %v", line, c)
			}
			continue
		}
		written++
		want := []string{r.ID, row[1], row[2], values[row[3]], row[4], row[5], strconv.FormatBool(i < 3000)}
		got := []string{c["id"], c["firstname"], c["lastname"], c["lifecyclestage"], c["customer_code"], c["annualrevenue"],
			strconv.FormatBool(r.Outcome == bulk.Updated)}
		if c == nil || strings.Join(want, "|") != strings.Join(got, "|") {
			wrong++
			assert.Equal(t, want, got, "line %d (id, values, updated) in the sandbox", line)
		}
	}
	require.Zero(t, wrong, "rows whose contact does not hold the row's values")
	created := written - 3000 + countFailedSeeded(f, rs)
	assert.Equal(t, 3010+created, e.countContacts(), "no contact created twice")
}

// countFailedSeeded counts failed rows among the seeded (updating) ones.
func countFailedSeeded(f *tenK, rs *results) int {
	n := 0
	for i := range 3000 {
		if rs.byLine[i+2].Outcome == bulk.Failed {
			n++
		}
	}
	return n
}

// Answers lost after the write (the request reached HubSpot, the contacts were created, the
// response never came back): the re-sent batches find the contacts there, yet this run created
// them, and the totals and every row say so. 3,000 new emails, half the upserts' answers lost,
// among them batches whose every attempt at the API layer lost its answer (sent again by the
// import's next round).
func TestImportTotalsCountWhatThisRunCreatedWhenAnswersAreLost(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{Seed: 5, RateLimit: hubspottest.RateLimit{Max: -1},
			Faults: hubspottest.Faults{DropAfterWrite: 0.5, Only: hubspottest.FaultFilter{Methods: []string{http.MethodPost}, Path: "/batch/upsert"}}})
		e.seed(t, map[string]string{"email": "old@example.com", "firstname": "Old"})
		_ = e.clock.Sleep(context.Background(), time.Hour) // the seeded contact is an hour old
		for range 10 {                                     // the first ten answers lost: a batch gets no answer to any of its API attempts
			e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultDrop, Match: "/batch/upsert"})
		}
		var b strings.Builder
		b.WriteString("email,firstname\nold@example.com,Still\n")
		for i := range 3000 {
			fmt.Fprintf(&b, "%s,P%d\n", emailN(i), i)
		}
		_, sum, rs := e.importCSV(t, b.String(), bulk.MapOptions{})
		assert.Equal(t, bulk.Summary{Created: 3000, Updated: 1}, sum)
		assert.Equal(t, bulk.Updated, rs.byLine[2].Outcome, "the contact that was there is updated")
		for line := 3; line < 3003; line++ {
			if rs.byLine[line].Outcome != bulk.Created {
				t.Fatalf("line %d: %v, want created", line, rs.byLine[line].Outcome)
			}
		}
		assert.Equal(t, 3001, e.countContacts())
		assert.Positive(t, e.meter.Snapshot().Retried, "answers were lost and the batches sent again")
	})
}
