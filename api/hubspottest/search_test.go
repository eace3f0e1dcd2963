package hubspottest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// searchClock is a clock tests move by hand.
type searchClock struct {
	mu sync.Mutex
	t  time.Time
}

func newSearchClock() *searchClock {
	return &searchClock{t: time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *searchClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *searchClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// searchOut is a search response or an error body.
type searchOut struct {
	Total   int `json:"total"`
	Results []struct {
		ID         string             `json:"id"`
		Properties map[string]*string `json:"properties"`
		CreatedAt  string             `json:"createdAt"`
		UpdatedAt  string             `json:"updatedAt"`
		Archived   bool               `json:"archived"`
	} `json:"results"`
	Paging *struct {
		Next struct {
			After string `json:"after"`
			Link  string `json:"link"`
		} `json:"next"`
	} `json:"paging"`
	Status        string              `json:"status"`
	Message       string              `json:"message"`
	Category      string              `json:"category"`
	CorrelationID string              `json:"correlationId"`
	Context       map[string][]string `json:"context"`
}

func (o searchOut) ids() []string {
	out := []string{}
	for _, r := range o.Results {
		out = append(out, r.ID)
	}
	return out
}

// postSearch POSTs body to path on the server and decodes the answer.
func postSearch(t *testing.T, srv *Server, path, body string) (int, searchOut) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var out searchOut
	require.NoError(t, json.Unmarshal(raw, &out), "body: %s", raw)
	return resp.StatusCode, out
}

// searchOK searches contacts (or typ) and requires a 200.
func searchOK(t *testing.T, srv *Server, typ, body string) searchOut {
	t.Helper()
	code, out := postSearch(t, srv, "/crm/v3/objects/"+typ+"/search", body)
	require.Equal(t, http.StatusOK, code, "message: %s", out.Message)
	return out
}

// search400 requires a HubSpot VALIDATION_ERROR whose message holds want.
func search400(t *testing.T, srv *Server, typ, body, want string) searchOut {
	t.Helper()
	code, out := postSearch(t, srv, "/crm/v3/objects/"+typ+"/search", body)
	require.Equal(t, http.StatusBadRequest, code, "body %s gave %+v", body, out)
	assert.Equal(t, "error", out.Status)
	assert.Equal(t, "VALIDATION_ERROR", out.Category)
	assert.NotEmpty(t, out.CorrelationID)
	assert.Contains(t, out.Message, want)
	return out
}

// insertAt inserts a record created at the given time and returns its id.
func insertAt(t *testing.T, srv *Server, typ string, at time.Time, props map[string]string) string {
	t.Helper()
	var id string
	p := map[string]string{"createdate": isoTime(at)}
	for k, v := range props {
		p[k] = v
	}
	require.NoError(t, srv.Store().Do(func(tx *Tx) error {
		o := tx.Insert(typ, "", p, "API")
		tx.Settle(o)
		id = o.ID
		return nil
	}))
	return id
}

// newSearchServer starts an empty sandbox for search tests with search's own per-second
// limit off (these tests search many times a second; limits_test.go tests the limit).
func newSearchServer(t *testing.T, opts Options) *Server {
	opts.Empty = true
	if opts.SearchPerSecond == 0 {
		opts.SearchPerSecond = -1
	}
	return NewServer(t, opts)
}

// people are the contacts most search tests run against, created a day apart in this order.
type people struct {
	srv                         *Server
	alice, bob, chloe, dave, yu string
	base                        time.Time
}

func newPeople(t *testing.T, opts Options) *people {
	p := &people{srv: newSearchServer(t, opts), base: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)}
	day := 24 * time.Hour
	p.alice = insertAt(t, p.srv, Contacts, p.base, map[string]string{
		"firstname": "Alice", "lastname": "Smith", "email": "alice@example.com", "lifecyclestage": "lead",
		"phone": "+1 (555) 010-0001", "company": "Acme Corp", "jobtitle": "Engineer",
		"hs_additional_emails": "alice.alt@example.org;A.Smith@Work.test"})
	p.bob = insertAt(t, p.srv, Contacts, p.base.Add(day), map[string]string{
		"firstname": "Bob", "lastname": "Stone", "email": "bob@acme.test", "lifecyclestage": "customer",
		"jobtitle": "Sales Director", "company": "Acme Corp"})
	p.chloe = insertAt(t, p.srv, Contacts, p.base.Add(2*day), map[string]string{
		"firstname": "Chloé", "lastname": "Dubois", "email": "chloe@exemple.fr", "lifecyclestage": "opportunity",
		"jobtitle": "Directrice commerciale"})
	p.dave = insertAt(t, p.srv, Contacts, p.base.Add(3*day), map[string]string{
		"firstname": "dave", "email": "dave@example.com"})
	p.yu = insertAt(t, p.srv, Contacts, p.base.Add(4*day), map[string]string{
		"firstname": "美咲", "lastname": "山田", "email": "misaki@example.jp", "lifecyclestage": "lead"})
	return p
}

func filter(prop, op, value string) string {
	return fmt.Sprintf(`{"propertyName":%q,"operator":%q,"value":%q}`, prop, op, value)
}

func oneFilter(prop, op, value string) string {
	return `{"filterGroups":[{"filters":[` + filter(prop, op, value) + `]}]}`
}

func TestSearchOperators(t *testing.T) {
	p := newPeople(t, Options{})
	ms := func(d time.Duration) string { return fmt.Sprint(p.base.Add(d).UnixMilli()) }
	day := 24 * time.Hour
	cases := []struct {
		name string
		body string
		want []string
	}{
		{"EQ is case-insensitive on text", oneFilter("firstname", "EQ", "ALICE"), []string{p.alice}},
		{"EQ on non-ASCII text", oneFilter("firstname", "EQ", "chloé"), []string{p.chloe}},
		{"EQ on an enumeration is case-sensitive", oneFilter("lifecyclestage", "EQ", "LEAD"), nil},
		{"EQ on an enumeration", oneFilter("lifecyclestage", "EQ", "lead"), []string{p.alice, p.yu}},
		{"NEQ skips records without a value", oneFilter("lifecyclestage", "NEQ", "lead"), []string{p.bob, p.chloe}},
		{"EQ email does not match a secondary email", oneFilter("email", "EQ", "a.smith@work.TEST"), nil},
		{"EQ hs_additional_emails matches a secondary email", oneFilter("hs_additional_emails", "EQ", "a.smith@work.TEST"), []string{p.alice}},
		{"EQ email, primary", oneFilter("email", "EQ", "Dave@Example.com"), []string{p.dave}},
		{"EQ email, unknown", oneFilter("email", "EQ", "nobody@example.com"), nil},
		{"EQ hs_additional_emails matches one of the list", oneFilter("hs_additional_emails", "EQ", "alice.alt@example.org"), []string{p.alice}},
		{"LT on a datetime in ms", oneFilter("createdate", "LT", ms(day)), []string{p.alice}},
		{"LTE on a datetime in ms", oneFilter("createdate", "LTE", ms(day)), []string{p.alice, p.bob}},
		{"GT on a datetime in ISO", oneFilter("createdate", "GT", isoTime(p.base.Add(3*day))), []string{p.yu}},
		{"GTE on a datetime as a date", oneFilter("createdate", "GTE", "2026-01-08"), []string{p.dave, p.yu}},
		{"BETWEEN is inclusive", `{"filterGroups":[{"filters":[{"propertyName":"createdate","operator":"BETWEEN","value":"` +
			ms(day) + `","highValue":"` + isoTime(p.base.Add(2*day)) + `"}]}]}`, []string{p.bob, p.chloe}},
		{"LT on text compares case-insensitively", oneFilter("lastname", "LT", "smith"), []string{p.chloe}},
		{"IN with lowercase values", `{"filterGroups":[{"filters":[{"propertyName":"firstname","operator":"IN","values":["alice","bob"]}]}]}`,
			[]string{p.alice, p.bob}},
		{"IN with an uppercase string never matches", `{"filterGroups":[{"filters":[{"propertyName":"firstname","operator":"IN","values":["Alice","DAVE"]}]}]}`,
			nil},
		{"IN on an enumeration is exact", `{"filterGroups":[{"filters":[{"propertyName":"lifecyclestage","operator":"IN","values":["customer","opportunity"]}]}]}`,
			[]string{p.bob, p.chloe}},
		{"NOT_IN", `{"filterGroups":[{"filters":[{"propertyName":"lifecyclestage","operator":"NOT_IN","values":["lead","customer"]}]}]}`,
			[]string{p.chloe}},
		{"HAS_PROPERTY", `{"filterGroups":[{"filters":[{"propertyName":"lastname","operator":"HAS_PROPERTY"}]}]}`,
			[]string{p.alice, p.bob, p.chloe, p.yu}},
		{"NOT_HAS_PROPERTY", `{"filterGroups":[{"filters":[{"propertyName":"lastname","operator":"NOT_HAS_PROPERTY"}]}]}`,
			[]string{p.dave}},
		{"CONTAINS_TOKEN with a leading wildcard", oneFilter("email", "CONTAINS_TOKEN", "*@example.com"), []string{p.alice, p.dave}},
		{"CONTAINS_TOKEN on a word", oneFilter("jobtitle", "CONTAINS_TOKEN", "SALES"), []string{p.bob}},
		{"CONTAINS_TOKEN with a trailing wildcard", oneFilter("jobtitle", "CONTAINS_TOKEN", "dir*"), []string{p.bob, p.chloe}},
		{"CONTAINS_TOKEN needs a whole token", oneFilter("jobtitle", "CONTAINS_TOKEN", "dir"), nil},
		{"NOT_CONTAINS_TOKEN", oneFilter("jobtitle", "NOT_CONTAINS_TOKEN", "dir*"), []string{p.alice}},
		{"hs_object_id compares as a number", oneFilter("hs_object_id", "GTE", p.dave), []string{p.dave, p.yu}},
		{"value sent as a JSON number", `{"filterGroups":[{"filters":[{"propertyName":"hs_object_id","operator":"EQ","value":` + p.bob + `}]}]}`,
			[]string{p.bob}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := searchOK(t, p.srv, Contacts, tc.body)
			assert.Equal(t, append([]string{}, tc.want...), out.ids())
			assert.Equal(t, len(tc.want), out.Total)
		})
	}
}

func TestSearchNumbersCompareNumerically(t *testing.T) {
	srv := newSearchServer(t, Options{})
	at := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	small := insertAt(t, srv, Deals, at, map[string]string{"dealname": "Small", "amount": "900"})
	big := insertAt(t, srv, Deals, at.Add(time.Hour), map[string]string{"dealname": "Big", "amount": "10000"})
	mid := insertAt(t, srv, Deals, at.Add(2*time.Hour), map[string]string{"dealname": "Mid", "amount": "2500.50"})
	none := insertAt(t, srv, Deals, at.Add(3*time.Hour), map[string]string{"dealname": "Unpriced"})

	assert.Equal(t, []string{big, mid}, searchOK(t, srv, Deals, oneFilter("amount", "GT", "1000")).ids())
	assert.Equal(t, []string{small}, searchOK(t, srv, Deals, oneFilter("amount", "LT", "1e3")).ids())
	assert.Equal(t, []string{mid}, searchOK(t, srv, Deals, oneFilter("amount", "EQ", "2500.5")).ids())
	assert.Equal(t, []string{big, mid}, searchOK(t, srv, Deals,
		`{"filterGroups":[{"filters":[{"propertyName":"amount","operator":"IN","values":["10000","2500.5"]}]}]}`).ids())
	sorted := searchOK(t, srv, Deals, `{"sorts":[{"propertyName":"amount","direction":"DESCENDING"}]}`)
	assert.Equal(t, []string{big, mid, small, none}, sorted.ids(), "numeric order, no value last")
	asc := searchOK(t, srv, Deals, `{"sorts":["amount"]}`)
	assert.Equal(t, []string{small, mid, big, none}, asc.ids())
	search400(t, srv, Deals, oneFilter("amount", "GT", "lots"), `"lots" is not a valid value`)
}

func TestSearchGroupsAreORedFiltersANDed(t *testing.T) {
	p := newPeople(t, Options{})
	body := `{"filterGroups":[
		{"filters":[` + filter("company", "EQ", "acme corp") + `,` + filter("lifecyclestage", "EQ", "customer") + `]},
		{"filters":[` + filter("firstname", "EQ", "dave") + `]}]}`
	out := searchOK(t, p.srv, Contacts, body)
	assert.Equal(t, []string{p.bob, p.dave}, out.ids())

	// Top-level filters (accepted by the real API, undocumented) form one ANDed group.
	top := `{"filters":[` + filter("company", "EQ", "acme corp") + `,` + filter("lifecyclestage", "EQ", "lead") + `]}`
	assert.Equal(t, []string{p.alice}, searchOK(t, p.srv, Contacts, top).ids())

	// No filters at all: everything, in creation order.
	assert.Equal(t, []string{p.alice, p.bob, p.chloe, p.dave, p.yu}, searchOK(t, p.srv, Contacts, `{}`).ids())
	assert.Equal(t, 5, searchOK(t, p.srv, Contacts, ``).Total, "an empty body searches everything")
}

func TestSearchSorts(t *testing.T) {
	p := newPeople(t, Options{})
	all := []string{p.alice, p.bob, p.chloe, p.dave, p.yu}
	rev := slices.Clone(all)
	slices.Reverse(rev)
	cases := map[string][]string{
		`{"sorts":[{"propertyName":"createdate","direction":"DESCENDING"}]}`:           rev,
		`{"sorts":[{"propertyName":"createdate","direction":"ASCENDING"}]}`:            all,
		`{"sorts":["-createdate"]}`:                                                    rev,
		`{"sorts":["createdate"]}`:                                                     all,
		`{"sorts":["{\"propertyName\":\"createdate\",\"direction\":\"DESCENDING\"}"]}`: rev,
		// Text sorts ignore case; records without a value come last either way.
		`{"sorts":[{"propertyName":"lastname","direction":"ASCENDING"}]}`:  {p.chloe, p.alice, p.bob, p.yu, p.dave},
		`{"sorts":[{"propertyName":"lastname","direction":"DESCENDING"}]}`: {p.yu, p.bob, p.alice, p.chloe, p.dave},
		`{"sorts":[{"propertyName":"firstname"}]}`:                         {p.alice, p.bob, p.chloe, p.dave, p.yu},
	}
	for body, want := range cases {
		assert.Equal(t, want, searchOK(t, p.srv, Contacts, body).ids(), body)
	}
	search400(t, p.srv, Contacts, `{"sorts":["createdate","lastname"]}`, "Only one sort")
	search400(t, p.srv, Contacts, `{"sorts":[{"propertyName":"createdate","direction":"UP"}]}`, "ASCENDING, DESCENDING")
	search400(t, p.srv, Contacts, `{"sorts":[{"direction":"DESCENDING"}]}`, "propertyName")
}

func TestSearchQuery(t *testing.T) {
	p := newPeople(t, Options{})
	cases := map[string][]string{
		"ali":                {p.alice},         // token prefix of firstname
		"SMITH":              {p.alice},         // case-insensitive
		"acme":               {p.alice, p.bob},  // company
		"alice.alt":          {p.alice},         // secondary email
		"a.smith@work.test":  {p.alice},         // the second secondary email, whole
		"example.com":        {p.alice, p.dave}, // email domain tokens
		"dave@example.com":   {p.dave},          // whole email
		"555 010":            {p.alice},         // phone digits without the country code
		"(555) 010-0001":     {p.alice},         // formatted phone
		"alice smith":        {p.alice},         // every word must match
		"alice stone":        nil,               // ... in some property
		"山田":                 {p.yu},            // CJK
		"engineer":           nil,               // jobtitle is not searchable by query
		"":                   {p.alice, p.bob, p.chloe, p.dave, p.yu},
		"chlo":               {p.chloe},
		"mith":               nil, // prefixes only
		"exemple.fr, dubois": {p.chloe},
	}
	for q, want := range cases {
		body, _ := json.Marshal(map[string]any{"query": q})
		out := searchOK(t, p.srv, Contacts, string(body))
		assert.Equal(t, append([]string{}, want...), out.ids(), "query %q", q)
	}
	// query and filters combine with AND.
	both := `{"query":"acme","filterGroups":[{"filters":[` + filter("lifecyclestage", "EQ", "customer") + `]}]}`
	assert.Equal(t, []string{p.bob}, searchOK(t, p.srv, Contacts, both).ids())
}

func TestSearchOtherObjectTypes(t *testing.T) {
	srv := newSearchServer(t, Options{})
	at := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	acme := insertAt(t, srv, Companies, at, map[string]string{"name": "Acme Corporation", "domain": "acme.test"})
	insertAt(t, srv, Companies, at, map[string]string{"name": "Globex", "domain": "globex.test"})
	deal := insertAt(t, srv, Deals, at, map[string]string{"dealname": "Acme renewal 2026", "amount": "1200", "pipeline": "default"})
	ticket := insertAt(t, srv, Tickets, at, map[string]string{"subject": "Login broken", "content": "Cannot sign in since Monday"})
	note := insertAt(t, srv, Notes, at, map[string]string{"hs_note_body": "<p>Called about the <b>renewal</b></p>"})
	call := insertAt(t, srv, Calls, at, map[string]string{"hs_call_title": "Discovery call"})

	assert.Equal(t, []string{acme}, searchOK(t, srv, Companies, `{"query":"acme"}`).ids())
	assert.Equal(t, []string{acme}, searchOK(t, srv, Companies, `{"query":"acme.test"}`).ids())
	assert.Equal(t, []string{deal}, searchOK(t, srv, Deals, `{"query":"renewal"}`).ids())
	assert.Equal(t, []string{ticket}, searchOK(t, srv, Tickets, `{"query":"monday"}`).ids())
	assert.Equal(t, []string{note}, searchOK(t, srv, Notes, `{"query":"renewal"}`).ids())
	assert.Equal(t, []string{call}, searchOK(t, srv, Calls, `{"query":"discovery"}`).ids())
	// Object type ids and singular names work as path segments too.
	assert.Equal(t, []string{deal}, searchOK(t, srv, "0-3", `{"query":"acme"}`).ids())

	d := searchOK(t, srv, Deals, `{}`).Results[0].Properties
	assert.ElementsMatch(t, []string{"amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate",
		"hs_object_id", "pipeline"}, keys(d), "deal default properties")
	assert.Equal(t, "1200", *d["amount"])
	assert.Nil(t, d["closedate"], "a known property without a value is null")
	require.NotNil(t, d["hs_lastmodifieddate"])
	assert.NotEmpty(t, *d["hs_lastmodifieddate"])
}

func keys(m map[string]*string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestSearchAssociationsPseudoProperty(t *testing.T) {
	p := newPeople(t, Options{})
	at := time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC)
	t1 := insertAt(t, p.srv, Tickets, at, map[string]string{"subject": "One"})
	insertAt(t, p.srv, Tickets, at, map[string]string{"subject": "Two"})
	t3 := insertAt(t, p.srv, Tickets, at, map[string]string{"subject": "Three"})
	require.NoError(t, p.srv.Store().Do(func(tx *Tx) error {
		for _, id := range []string{t1, t3} {
			tt, rev, _ := defaultAssoc(Tickets, Contacts)
			tx.Link(AssocKey{FromType: Tickets, FromID: id, ToType: Contacts, ToID: p.bob}, tt, rev)
		}
		return nil
	}))
	assert.Equal(t, []string{t1, t3}, searchOK(t, p.srv, Tickets, oneFilter("associations.contact", "EQ", p.bob)).ids())
	assert.Empty(t, searchOK(t, p.srv, Tickets, oneFilter("associations.contact", "EQ", p.alice)).ids())
	search400(t, p.srv, Tickets, oneFilter("associations.contact", "GT", p.bob), "not supported")
	search400(t, p.srv, Tickets, oneFilter("associations.nothing", "EQ", "1"), `"associations.nothing"`)
}

func TestSearchPagingAndTotal(t *testing.T) {
	srv := newSearchServer(t, Options{})
	at := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	var ids []string
	for i := range 25 {
		ids = append(ids, insertAt(t, srv, Contacts, at.Add(time.Duration(i)*time.Minute),
			map[string]string{"email": fmt.Sprintf("p%02d@example.com", i), "firstname": "Pat"}))
	}
	first := searchOK(t, srv, Contacts, `{"filterGroups":[{"filters":[`+filter("firstname", "EQ", "pat")+`]}]}`)
	assert.Equal(t, 25, first.Total)
	assert.Equal(t, ids[:10], first.ids(), "default limit 10, creation order")
	require.NotNil(t, first.Paging)
	assert.Equal(t, "10", first.Paging.Next.After)
	assert.Equal(t, "?after=10", first.Paging.Next.Link)

	var got []string
	after := ""
	for range 10 {
		out := searchOK(t, srv, Contacts, `{"limit":7,"after":"`+after+`","sorts":["-createdate"]}`)
		assert.Equal(t, 25, out.Total)
		got = append(got, out.ids()...)
		if out.Paging == nil {
			break
		}
		after = out.Paging.Next.After
	}
	want := slices.Clone(ids)
	slices.Reverse(want)
	assert.Equal(t, want, got, "paging with after visits every record once")

	last := searchOK(t, srv, Contacts, `{"limit":10,"after":20}`)
	assert.Equal(t, ids[20:], last.ids(), "after as a JSON number")
	assert.Nil(t, last.Paging, "no paging on the last page")
	past := searchOK(t, srv, Contacts, `{"after":"40"}`)
	assert.Empty(t, past.Results)
	assert.Equal(t, 25, past.Total)
	assert.Len(t, searchOK(t, srv, Contacts, `{"limit":200}`).Results, 25)
	assert.Len(t, searchOK(t, srv, Contacts, `{"limit":0}`).Results, 10, "0 means the default")
}

func TestSearchProperties(t *testing.T) {
	p := newPeople(t, Options{})
	out := searchOK(t, p.srv, Contacts, oneFilter("email", "EQ", "bob@acme.test"))
	require.Len(t, out.Results, 1)
	r := out.Results[0]
	assert.ElementsMatch(t, []string{"createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"}, keys(r.Properties))
	assert.Equal(t, "Bob", *r.Properties["firstname"])
	assert.Equal(t, p.bob, *r.Properties["hs_object_id"])
	assert.Equal(t, "2026-01-06T10:00:00.000Z", r.CreatedAt)
	assert.Equal(t, "2026-01-06T10:00:00.000Z", *r.Properties["createdate"])
	assert.False(t, r.Archived)

	asked := searchOK(t, p.srv, Contacts, `{"properties":["jobtitle","lifecyclestage","no_such_property_xyz"],`+
		`"filterGroups":[{"filters":[`+filter("firstname", "EQ", "dave")+`]}]}`)
	require.Len(t, asked.Results, 1)
	props := asked.Results[0].Properties
	assert.ElementsMatch(t, []string{"createdate", "hs_object_id", "lastmodifieddate", "jobtitle", "lifecyclestage"}, keys(props),
		"the identifying stamps come back too; unknown names are left out")
	assert.Nil(t, props["lifecyclestage"], "a known property without a value is null")
	assert.Nil(t, props["jobtitle"])

	note := insertAt(t, p.srv, Notes, p.base, map[string]string{"hs_note_body": "hello", "hs_timestamp": isoTime(p.base)})
	n := searchOK(t, p.srv, Notes, `{"properties":["hs_note_body"]}`)
	require.Equal(t, []string{note}, n.ids())
	assert.ElementsMatch(t, []string{"hs_createdate", "hs_object_id", "hs_lastmodifieddate", "hs_note_body"}, keys(n.Results[0].Properties))
	assert.Equal(t, isoTime(p.base), *n.Results[0].Properties["hs_createdate"])
}

func TestSearchLimits(t *testing.T) {
	p := newPeople(t, Options{})
	groups := func(n, per int) string {
		var gs []string
		for range n {
			var fs []string
			for range per {
				fs = append(fs, `{"propertyName":"firstname","operator":"HAS_PROPERTY"}`)
			}
			gs = append(gs, `{"filters":[`+strings.Join(fs, ",")+`]}`)
		}
		return `{"filterGroups":[` + strings.Join(gs, ",") + `]}`
	}
	assert.Equal(t, 5, searchOK(t, p.srv, Contacts, groups(5, 3)).Total, "5 groups of 3 = 15 filters is fine")
	assert.Equal(t, 5, searchOK(t, p.srv, Contacts, groups(3, 6)).Total, "18 filters in all is fine")
	search400(t, p.srv, Contacts, groups(6, 1), "Too many filter groups: 6. The maximum is 5")
	search400(t, p.srv, Contacts, groups(1, 7), "Too many filters in a filter group: 7. The maximum is 6")
	search400(t, p.srv, Contacts, groups(4, 5), "Too many filters: 20. The maximum is 18")
	search400(t, p.srv, Contacts, `{"limit":201}`, "limit must be between 1 and 200, got 201")
	search400(t, p.srv, Contacts, `{"limit":-1}`, "limit must be between")
	search400(t, p.srv, Contacts, `{"after":"-5"}`, "after must be a non-negative offset")
	search400(t, p.srv, Contacts, `{"after":"abc"}`, `after must be an integer, got "abc"`)
	long := `{"query":"` + strings.Repeat("a", 2990) + `"}`
	search400(t, p.srv, Contacts, long, "The request body is 3002 characters long. The maximum is 3000")
	// The body limit counts characters, not bytes: 1,000 CJK characters are 3,000 bytes but fit.
	cjk := `{"query":"` + strings.Repeat("山", 1000) + `"}`
	assert.Equal(t, 0, searchOK(t, p.srv, Contacts, cjk).Total)
}

func TestSearchLimitsAreSwitchable(t *testing.T) {
	p := newPeople(t, Options{SearchLimits: SearchLimits{MaxFilterGroups: 3, MaxFiltersPerGroup: 3, MaxBodyChars: -1}})
	var gs []string
	for range 4 {
		gs = append(gs, `{"filters":[`+filter("firstname", "HAS_PROPERTY", "")+`]}`)
	}
	search400(t, p.srv, Contacts, `{"filterGroups":[`+strings.Join(gs, ",")+`]}`, "The maximum is 3 filter groups")
	// With the body limit off, the query's own 3,000-character limit answers.
	search400(t, p.srv, Contacts, `{"query":"`+strings.Repeat("a", 3001)+`"}`, "The query is 3001 characters long. The maximum is 3000")
}

func TestSearchRejectsBadRequests(t *testing.T) {
	p := newPeople(t, Options{})
	search400(t, p.srv, Contacts, oneFilter("firstname", "LIKE", "a"),
		`from String "LIKE": not one of the values accepted for Enum class: [EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN, NOT_CONTAINS_TOKEN]`)
	search400(t, p.srv, Contacts, `{"filterGroups":[{"filters":[{"value":"x"}]}]}`,
		"Cannot build Filter, some of required attributes are not set [propertyName, operator]")
	search400(t, p.srv, Contacts, `{"filterGroups":[{"filters":[{"propertyName":"email","operator":"EQ"}]}]}`, "needs a value")
	search400(t, p.srv, Contacts, `{"filterGroups":[{"filters":[{"propertyName":"email","operator":"IN","values":[]}]}]}`, "non-empty values")
	search400(t, p.srv, Contacts, `{"filterGroups":[{"filters":[{"propertyName":"createdate","operator":"BETWEEN","value":"1"}]}]}`, "highValue")
	search400(t, p.srv, Contacts, `{"filterGroups":[{"filters":[{"propertyName":"email","operator":"EQ","value":{"a":1}}]}]}`, "from Object value")
	search400(t, p.srv, Contacts, oneFilter("createdate", "GT", "yesterday"), "epoch milliseconds or ISO-8601")
	search400(t, p.srv, Contacts, "{\n  \"limit\": 10,\n  \"query\": oops\n}", "Invalid input JSON on line 3, column")
	search400(t, p.srv, Contacts, `{"filterGroups":{"filters":[]}}`, "Invalid input JSON on line 1")
	search400(t, p.srv, "widgets", `{}`, "Unable to infer object type from: widgets")
}

func TestSearchUnknownPropertyWhenDefinitionsExist(t *testing.T) {
	p := newPeople(t, Options{})
	out := search400(t, p.srv, Contacts, oneFilter("no_such_property_xyz", "EQ", "1"), `Property "no_such_property_xyz" does not exist`)
	assert.Equal(t, []string{"no_such_property_xyz"}, out.Context["propertyName"])
	search400(t, p.srv, Contacts, `{"sorts":["no_such_property_xyz"]}`, "does not exist")
}

func TestSearchBothAPIFamilies(t *testing.T) {
	p := newPeople(t, Options{})
	for _, path := range []string{"/crm/v3/objects/contacts/search", "/crm/objects/2026-03/contacts/search", "/crm/objects/2026-09/0-1/search"} {
		code, out := postSearch(t, p.srv, path, oneFilter("email", "EQ", "alice@example.com"))
		require.Equal(t, http.StatusOK, code, path)
		assert.Equal(t, []string{p.alice}, out.ids(), path)
	}
	code, _ := postSearch(t, p.srv, "/crm/objects/2025-01/contacts/search", `{}`)
	assert.Equal(t, http.StatusNotFound, code, "a month HubSpot never published is no version")
}

func TestSearchTenThousandCap(t *testing.T) {
	srv := newSearchServer(t, Options{})
	require.NoError(t, srv.Store().Do(func(tx *Tx) error {
		for i := range 10050 {
			tx.Insert(Contacts, "", map[string]string{"firstname": "Many", "email": fmt.Sprintf("m%d@example.com", i)}, "IMPORT")
		}
		return nil
	}))
	out := searchOK(t, srv, Contacts, `{"limit":200,"after":"9900"}`)
	assert.Equal(t, 10050, out.Total, "total is the true count")
	assert.Len(t, out.Results, 100, "the page stops at the 10,000th result")
	require.NotNil(t, out.Paging, "HubSpot still offers the next page...")
	assert.Equal(t, "10000", out.Paging.Next.After)
	search400(t, srv, Contacts, `{"limit":10,"after":"10000"}`, "Search results are limited to 10000") // ...which is a 400
	sorted := searchOK(t, srv, Contacts, `{"limit":200,"after":"9950","sorts":["-createdate"]}`)
	assert.Len(t, sorted.Results, 50)
}

func TestSearchLag(t *testing.T) {
	clock := newSearchClock()
	srv := newSearchServer(t, Options{SearchLag: 5 * time.Second, Clock: clock.Now})
	var id string
	require.NoError(t, srv.Store().Do(func(tx *Tx) error {
		id = tx.Insert(Contacts, "", map[string]string{"email": "new@example.com", "firstname": "Nova"}, "API").ID
		return nil
	}))
	byEmail := oneFilter("email", "EQ", "new@example.com")
	assert.Equal(t, 0, searchOK(t, srv, Contacts, byEmail).Total, "a new record is not searchable at once")
	clock.Advance(4999 * time.Millisecond)
	assert.Equal(t, 0, searchOK(t, srv, Contacts, `{"query":"nova"}`).Total)
	clock.Advance(time.Millisecond)
	assert.Equal(t, []string{id}, searchOK(t, srv, Contacts, byEmail).ids(), "visible once the lag has passed")

	clock.Advance(time.Minute)
	require.NoError(t, srv.Store().Do(func(tx *Tx) error {
		tx.SetProps(tx.Get(Contacts, id), map[string]string{"firstname": "Vera"}, "API")
		return nil
	}))
	old := searchOK(t, srv, Contacts, oneFilter("firstname", "EQ", "nova"))
	assert.Equal(t, []string{id}, old.ids(), "search still sees the old value")
	assert.Equal(t, "Nova", *old.Results[0].Properties["firstname"], "and returns it")
	assert.Equal(t, 0, searchOK(t, srv, Contacts, oneFilter("firstname", "EQ", "vera")).Total)
	clock.Advance(5 * time.Second)
	assert.Equal(t, 0, searchOK(t, srv, Contacts, oneFilter("firstname", "EQ", "nova")).Total)
	now := searchOK(t, srv, Contacts, oneFilter("firstname", "EQ", "vera"))
	require.Equal(t, []string{id}, now.ids())
	assert.Equal(t, isoTime(clock.Now().Add(-5*time.Second)), now.Results[0].UpdatedAt)
}

func TestSearchNeverShowsArchived(t *testing.T) {
	for _, lag := range []time.Duration{0, 5 * time.Second} {
		clock := newSearchClock()
		p := newPeople(t, Options{SearchLag: lag, Clock: clock.Now})
		require.NoError(t, p.srv.Store().Do(func(tx *Tx) error {
			tx.Archive(tx.Get(Contacts, p.alice))
			return nil
		}))
		assert.Empty(t, searchOK(t, p.srv, Contacts, oneFilter("email", "EQ", "alice@example.com")).ids(), "lag %v", lag)
		assert.Empty(t, searchOK(t, p.srv, Contacts, oneFilter("email", "EQ", "a.smith@work.test")).ids(), "lag %v", lag)
		out := searchOK(t, p.srv, Contacts, `{}`)
		assert.Equal(t, 4, out.Total, "lag %v", lag)
		assert.NotContains(t, out.ids(), p.alice)
	}
}

// TestSearchEmailShortcutAgreesWithScan checks the email index path against a full scan: the
// same query run with a filter the shortcut does not take (an extra always-true group).
func TestSearchEmailShortcutAgreesWithScan(t *testing.T) {
	p := newPeople(t, Options{})
	for _, email := range []string{"alice@example.com", "ALICE.ALT@example.org", "dave@example.com", "none@example.com", " alice@example.com"} {
		fast := searchOK(t, p.srv, Contacts, oneFilter("email", "EQ", email))
		slow := searchOK(t, p.srv, Contacts, `{"filterGroups":[{"filters":[`+filter("email", "EQ", email)+`,`+
			`{"propertyName":"hs_object_id","operator":"HAS_PROPERTY"}]}]}`)
		assert.Equal(t, slow.ids(), fast.ids(), email)
		assert.Equal(t, slow.Total, fast.Total, email)
	}
	withQuery := searchOK(t, p.srv, Contacts, `{"query":"bob","filterGroups":[{"filters":[`+filter("email", "EQ", "alice@example.com")+`]}]}`)
	assert.Equal(t, 0, withQuery.Total, "the shortcut still applies the query")
	paged := searchOK(t, p.srv, Contacts, `{"after":"1","filterGroups":[{"filters":[`+filter("email", "EQ", "alice@example.com")+`]}]}`)
	assert.Equal(t, 1, paged.Total)
	assert.Empty(t, paged.Results)
}

func TestSearchBodyTooLarge(t *testing.T) {
	srv := newSearchServer(t, Options{MaxBodyBytes: 100})
	code, out := postSearch(t, srv, "/crm/v3/objects/contacts/search", `{"query":"`+strings.Repeat("x", 200)+`"}`)
	assert.Equal(t, http.StatusRequestEntityTooLarge, code)
	assert.Contains(t, out.Message, "100 byte limit")
}

// BenchmarkSearchOneFilter measures one-filter searches over 100,000 contacts inserted directly
// (no seed): a scan (EQ firstname, CONTAINS_TOKEN), the email index (EQ email), a query, a sorted
// search, and the same scan over loopback HTTP.
func BenchmarkSearchOneFilter(b *testing.B) {
	srv := NewServer(b, Options{Empty: true, SearchPerSecond: -1})
	defer srv.Close()
	firsts := []string{"Alice", "Bob", "Chloé", "Dmitri", "Eve", "Fatima", "Gao", "Hana", "Ivan", "Jun"}
	_ = srv.Store().Do(func(tx *Tx) error {
		for i := range 100000 {
			o := tx.Insert(Contacts, "", map[string]string{
				"firstname": firsts[i%len(firsts)], "lastname": fmt.Sprintf("Name%d", i),
				"email": fmt.Sprintf("person%d@example.com", i), "lifecyclestage": "lead",
				"jobtitle": "Account executive", "company": "Acme"}, "IMPORT")
			tx.Settle(o)
		}
		return nil
	})
	bodies := map[string]string{
		"scan_EQ_firstname":     oneFilter("firstname", "EQ", "gao"),
		"scan_CONTAINS_TOKEN":   oneFilter("lastname", "CONTAINS_TOKEN", "name4242*"),
		"index_EQ_email":        oneFilter("email", "EQ", "person77777@example.com"),
		"query_prefix":          `{"query":"name9999"}`,
		"sorted_desc_limit_200": `{"limit":200,"sorts":["-createdate"],` + oneFilter("firstname", "EQ", "gao")[1:],
	}
	for name, body := range bodies {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, e := srv.search(Contacts, []byte(body)); e != nil {
					b.Fatal(e.Message)
				}
			}
		})
	}
	b.Run("http_scan_EQ_firstname", func(b *testing.B) {
		body := bodies["scan_EQ_firstname"]
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/crm/v3/objects/contacts/search", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+srv.Token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil || resp.StatusCode != http.StatusOK {
				b.Fatal(err, resp)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}

func TestSearchNeedsTheReadScope(t *testing.T) {
	srv := newSearchServer(t, Options{Tokens: map[string][]string{"pat-na1-companies-only": {"crm.objects.companies.read"}}})
	code, out := postSearch(t, srv, "/crm/v3/objects/contacts/search", `{}`)
	assert.Equal(t, http.StatusForbidden, code)
	assert.Equal(t, "MISSING_SCOPES", out.Category)
	code, _ = postSearch(t, srv, "/crm/v3/objects/companies/search", `{}`)
	assert.Equal(t, http.StatusOK, code)
}

// An "email EQ" filter matches the primary address only, unless the sandbox is switched to the
// community report's behaviour; the app's find sends an hs_additional_emails group beside it.
func TestSearchEmailEQAndSecondaryEmails(t *testing.T) {
	both := `{"filterGroups":[{"filters":[` + filter("email", "EQ", "alice.alt@example.org") + `]},{"filters":[` +
		filter("hs_additional_emails", "EQ", "alice.alt@example.org") + `]}]}`
	strict := newPeople(t, Options{})
	assert.Empty(t, searchOK(t, strict.srv, Contacts, oneFilter("email", "EQ", "alice.alt@example.org")).ids())
	assert.Equal(t, []string{strict.alice}, searchOK(t, strict.srv, Contacts, both).ids())

	lenient := newPeople(t, Options{SearchEmailMatchesSecondary: true})
	assert.Equal(t, []string{lenient.alice}, searchOK(t, lenient.srv, Contacts, oneFilter("email", "EQ", "alice.alt@example.org")).ids())
	assert.Equal(t, []string{lenient.alice}, searchOK(t, lenient.srv, Contacts, both).ids())
}

// How search sorts an enumeration is not documented: by internal value by default, in the
// options' order (lifecycle stage from Subscriber to Customer) when switched; no value last.
func TestSearchSortsEnumerations(t *testing.T) {
	asc := `{"sorts":[{"propertyName":"lifecyclestage","direction":"ASCENDING"}]}`
	desc := `{"sorts":[{"propertyName":"lifecyclestage","direction":"DESCENDING"}]}`
	stages := func(p *people, body string) []string {
		var out []string
		for _, r := range searchOK(t, p.srv, Contacts, `{"properties":["lifecyclestage"],`+body[1:]).Results {
			v := ""
			if s := r.Properties["lifecyclestage"]; s != nil {
				v = *s
			}
			out = append(out, v)
		}
		return out
	}
	byValue := newPeople(t, Options{})
	assert.Equal(t, []string{"customer", "lead", "lead", "opportunity", ""}, stages(byValue, asc))
	assert.Equal(t, []string{"opportunity", "lead", "lead", "customer", ""}, stages(byValue, desc))

	byOptions := newPeople(t, Options{SearchEnumOrder: EnumByOptions})
	assert.Equal(t, []string{"lead", "lead", "opportunity", "customer", ""}, stages(byOptions, asc))
	assert.Equal(t, []string{"customer", "opportunity", "lead", "lead", ""}, stages(byOptions, desc))
	assert.Equal(t, []string{byOptions.alice, byOptions.yu, byOptions.chloe, byOptions.bob, byOptions.dave},
		searchOK(t, byOptions.srv, Contacts, asc).ids(), "ties keep creation order")
}

// Dates go to search as epoch milliseconds (the app's filters send them so): a date property
// (stored as its day) compares at midnight UTC; a day range of a date-and-time is BETWEEN its
// first and last millisecond.
func TestSearchDatesAsMilliseconds(t *testing.T) {
	srv := newSearchServer(t, Options{})
	day := time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)
	born := insertAt(t, srv, Contacts, day, map[string]string{"email": "a@example.com", "date_of_birth": "1990-05-17"})
	later := insertAt(t, srv, Contacts, day.Add(36*time.Hour), map[string]string{"email": "b@example.com", "date_of_birth": "1991-01-02"})
	none := insertAt(t, srv, Contacts, day.Add(72*time.Hour), map[string]string{"email": "c@example.com"})
	ms := func(t time.Time) string { return fmt.Sprint(t.UnixMilli()) }
	assert.Equal(t, []string{born}, searchOK(t, srv, Contacts, oneFilter("date_of_birth", "EQ", ms(day))).ids())
	assert.Equal(t, []string{later}, searchOK(t, srv, Contacts, oneFilter("date_of_birth", "GT", ms(day))).ids())
	assert.Equal(t, []string{none}, searchOK(t, srv, Contacts, oneFilter("date_of_birth", "NOT_HAS_PROPERTY", "")).ids())
	between := `{"filterGroups":[{"filters":[{"propertyName":"createdate","operator":"BETWEEN","value":"` + ms(day) +
		`","highValue":"` + ms(day.Add(48*time.Hour-time.Millisecond)) + `"}]}]}`
	assert.Equal(t, []string{born, later}, searchOK(t, srv, Contacts, between).ids(), "both ends included")
	search400(t, srv, Contacts, oneFilter("date_of_birth", "EQ", "soon"), `"soon" is not a valid value`)
}
