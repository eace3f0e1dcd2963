package hubspottest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// smallSeed is the size most seed tests use: big enough for every random feature to appear.
var smallSeed = Options{Contacts: 400, Companies: 25, Deals: 30, Tickets: 20}

func seededStore(opts Options, clock func() time.Time) *Store {
	st := NewStore(clock, 0)
	Seed(st, opts)
	return st
}

// seedDump renders every record (properties, history, timestamps) and association of a store
// as text, in a fixed order, so two stores can be compared.
func seedDump(st *Store) string {
	var b strings.Builder
	types := append([]string{Contacts, Companies, Deals, Tickets}, EngagementTypes...)
	_ = st.View(func(tx *Tx) error {
		for _, typ := range types {
			tx.All(typ, func(o *Object) bool {
				fmt.Fprintf(&b, "%s %s %s %s\n", typ, o.ID, isoTime(o.CreatedAt), isoTime(o.UpdatedAt))
				for _, k := range slices.Sorted(mapKeys(o.Props)) {
					fmt.Fprintf(&b, "  %s=%q %v\n", k, o.Props[k], o.History[k])
				}
				for _, to := range types {
					for _, k := range tx.Associated(typ, o.ID, to) {
						fmt.Fprintf(&b, "  -> %s %s %v\n", to, k.ToID, tx.AssocTypes(k))
					}
				}
				return true
			})
		}
		return nil
	})
	return b.String()
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestSeedIsDeterministic(t *testing.T) {
	opts := smallSeed
	opts.Seed = 42
	wall := seededStore(opts, time.Now)
	later := seededStore(opts, func() time.Time { return time.Date(2031, 7, 1, 0, 0, 0, 0, time.UTC) })
	a, b := seedDump(wall), seedDump(later)
	require.Greater(t, len(a), 100000)
	assert.True(t, a == b, "same seed, same data, whatever the clock says")

	opts.Seed = 43
	assert.NotEqual(t, a, seedDump(seededStore(opts, time.Now)), "another seed, other data")
}

func TestSeedSizes(t *testing.T) {
	count := func(st *Store, typ string) (n int) {
		_ = st.View(func(tx *Tx) error { n = tx.Count(typ); return nil })
		return n
	}
	st := seededStore(Options{Contacts: 120, Companies: 15, Deals: 20, Tickets: 9}, nil)
	assert.Equal(t, 120, count(st, Contacts))
	assert.Equal(t, 15, count(st, Companies))
	assert.Equal(t, 20, count(st, Deals))
	assert.Equal(t, 9, count(st, Tickets))
	activities := 0
	for _, et := range EngagementTypes {
		activities += count(st, et)
	}
	assert.GreaterOrEqual(t, activities, 2*120)
	assert.LessOrEqual(t, activities, 6*120+10, "2–6 activities per contact, plus the fixtures' own")

	tiny := seededStore(Options{Contacts: 2, Companies: 1}, nil)
	assert.Equal(t, len(seedFixtureContacts()), count(tiny, Contacts), "the fixtures are always there")
	assert.Equal(t, len(seedFixtureCompanies()), count(tiny, Companies))

	none := seededStore(Options{Contacts: -1, Companies: -1, Deals: -1, Tickets: -1}, nil)
	for _, typ := range append([]string{Contacts, Companies, Deals, Tickets}, EngagementTypes...) {
		assert.Zero(t, count(none, typ), typ)
	}
	noCompanies := seededStore(Options{Contacts: 50, Companies: -1, Deals: 5, Tickets: 5}, nil)
	assert.Equal(t, 50, count(noCompanies, Contacts))
	assert.Zero(t, count(noCompanies, Companies))

	def := New(Options{})
	assert.Equal(t, 2000, count(def.Store(), Contacts), "default size")
	assert.Equal(t, 200, count(def.Store(), Companies))
	assert.Equal(t, 200, count(def.Store(), Deals))
	assert.Equal(t, 200, count(def.Store(), Tickets))
}

// allValues calls f with every property value of every record of the types.
func allValues(st *Store, types []string, f func(typ string, o *Object, prop, v string)) {
	_ = st.View(func(tx *Tx) error {
		for _, typ := range types {
			tx.All(typ, func(o *Object) bool {
				for k, v := range o.Props {
					f(typ, o, k, v)
				}
				return true
			})
		}
		return nil
	})
}

func TestSeedPlantsHostileValues(t *testing.T) {
	st := seededStore(smallSeed, nil)
	types := append([]string{Contacts, Companies, Deals, Tickets}, EngagementTypes...)
	found := map[string]bool{}
	escapesIn := map[string]bool{}
	longIn := map[string]bool{}
	var cjk, emoji, tabNewline bool
	allValues(st, types, func(typ string, o *Object, prop, v string) {
		for _, h := range HostileSequences() {
			if strings.Contains(v, h) {
				found[h] = true
			}
		}
		if strings.ContainsAny(v, "\x1b\u009b") {
			escapesIn[typ] = true
		}
		if utf8.RuneCountInString(v) >= 10000 {
			longIn[typ] = true
		}
		if typ == Contacts && (prop == "firstname" || prop == "lastname") {
			cjk = cjk || strings.IndexFunc(v, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
			emoji = emoji || strings.IndexFunc(v, func(r rune) bool { return r >= 0x1F300 }) >= 0
			tabNewline = tabNewline || strings.ContainsAny(v, "\t") && strings.ContainsAny(v, "\n")
		}
	})
	for _, h := range HostileSequences() {
		assert.True(t, found[h], "%q is planted somewhere", h)
	}
	for _, typ := range []string{Contacts, Companies, Deals, Tickets, Notes} {
		assert.True(t, escapesIn[typ], "%s carry terminal escapes", typ)
	}
	assert.True(t, longIn[Contacts] && longIn[Notes], "10,000+ character values on a contact and a note")
	assert.True(t, cjk, "CJK names")
	assert.True(t, emoji, "emoji in names")
	assert.True(t, tabNewline, "a name with a tab and a newline")
}

// seedGet GETs a path (with query) from a seeded server and decodes the JSON body.
func seedGet(t *testing.T, srv *Server, path string, out any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s: %s", path, body)
	require.NoError(t, json.Unmarshal(body, out))
}

type seedRecord struct {
	ID                    string             `json:"id"`
	Properties            map[string]*string `json:"properties"`
	PropertiesWithHistory map[string][]struct {
		Value string `json:"value"`
	} `json:"propertiesWithHistory"`
}

func (r seedRecord) prop(name string) string {
	if p := r.Properties[name]; p != nil {
		return *p
	}
	return ""
}

func getContact(t *testing.T, srv *Server, email, query string) seedRecord {
	t.Helper()
	var rec seedRecord
	seedGet(t, srv, "/crm/v3/objects/contacts/"+url.PathEscape(email)+"?idProperty=email&"+query, &rec)
	return rec
}

func TestSeedFixturesOverHTTP(t *testing.T) {
	opts := smallSeed
	opts.SearchPerSecond = -1
	srv := NewServer(t, opts)

	first := searchOK(t, srv, Contacts, `{"limit":1}`)
	require.Len(t, first.Results, 1)
	assert.Equal(t, FirstContactEmail, *first.Results[0].Properties["email"], "the first contact in creation order")
	maria := getContact(t, srv, FirstContactEmail, "properties=firstname,lastname,company")
	assert.Equal(t, "Maria", maria.prop("firstname"))
	assert.Equal(t, FirstCompanyName, maria.prop("company"))

	h := getContact(t, srv, HostileContactEmail, "properties=firstname,lastname,company,jobtitle,message")
	assert.Contains(t, h.prop("firstname"), HostileClearScreen)
	assert.Contains(t, h.prop("lastname"), HostileTitle)
	assert.Equal(t, HostileCompanyName, h.prop("company"))
	assert.Contains(t, h.prop("jobtitle"), "\r")
	assert.Equal(t, HostileLongLen, utf8.RuneCountInString(h.prop("message")))

	sam := searchOK(t, srv, Contacts, oneFilter("hs_additional_emails", "EQ", SecondaryEmail2))
	require.Len(t, sam.Results, 1)
	assert.Equal(t, SecondaryEmailsContactEmail, *sam.Results[0].Properties["email"])
	assert.Equal(t, SecondaryEmail1+";"+SecondaryEmail2,
		getContact(t, srv, SecondaryEmailsContactEmail, "properties=hs_additional_emails").prop("hs_additional_emails"))

	pinned := getContact(t, srv, PinnedContactEmail, "properties="+PinnedEngagementProperty)
	var call seedRecord
	seedGet(t, srv, "/crm/v3/objects/calls/"+pinned.prop(PinnedEngagementProperty)+"?properties=hs_call_title", &call)
	assert.Equal(t, PinnedCallTitle, call.prop("hs_call_title"))

	cust := getContact(t, srv, CustomerContactEmail, "propertiesWithHistory=lifecyclestage,jobtitle,phone")
	var stages []string
	for _, e := range cust.PropertiesWithHistory["lifecyclestage"] {
		stages = append(stages, e.Value)
	}
	assert.Equal(t, []string{"customer", "opportunity", "lead", "subscriber"}, stages, "newest first")
	assert.Len(t, cust.PropertiesWithHistory["jobtitle"], 2)
	assert.Len(t, cust.PropertiesWithHistory["phone"], 2)
	assert.Equal(t, "Procurement Lead", cust.PropertiesWithHistory["jobtitle"][0].Value)
}

func TestSeedIsSearchableAtOnce(t *testing.T) {
	clock := newSearchClock()
	srv := NewServer(t, Options{Contacts: 60, Companies: 5, Deals: 5, Tickets: 5, SearchLag: time.Hour,
		Clock: clock.Now, SearchPerSecond: -1})
	assert.Equal(t, 60, searchOK(t, srv, Contacts, `{}`).Total, "seed data does not wait for the search lag")
	assert.Equal(t, 1, searchOK(t, srv, Contacts, oneFilter("email", "EQ", OddNameContactEmail)).Total)
}

// contactEdges returns, for one contact, the association types to each record of toType.
func contactEdges(tx *Tx, c *Object, toType string) map[string][]AssocType {
	out := map[string][]AssocType{}
	for _, k := range tx.Associated(Contacts, c.ID, toType) {
		out[k.ToID] = tx.AssocTypes(k)
	}
	return out
}

func hasType(types []AssocType, id int) bool {
	return slices.ContainsFunc(types, func(t AssocType) bool { return t.TypeID == id })
}

func TestSeedAssociationsAreConsistent(t *testing.T) {
	st := seededStore(smallSeed, nil)
	_ = st.View(func(tx *Tx) error {
		for _, et := range EngagementTypes {
			toContact, _, _ := defaultAssoc(et, Contacts)
			fromContact, _, _ := defaultAssoc(Contacts, et)
			tx.All(et, func(e *Object) bool {
				edges := tx.Associated(et, e.ID, Contacts)
				require.Len(t, edges, 1, "%s %s belongs to one contact", et, e.ID)
				assert.True(t, hasType(tx.AssocTypes(edges[0]), toContact.TypeID))
				back := AssocKey{FromType: Contacts, FromID: edges[0].ToID, ToType: et, ToID: e.ID}
				assert.True(t, hasType(tx.AssocTypes(back), fromContact.TypeID), "both directions")
				return true
			})
		}
		billing := 0
		tx.All(Contacts, func(c *Object) bool {
			companies := contactEdges(tx, c, Companies)
			primaries := 0
			for id, types := range companies {
				assert.True(t, hasType(types, TypeContactToCompany), "every company edge is also unlabelled (279)")
				back := tx.AssocTypes(AssocKey{FromType: Companies, FromID: id, ToType: Contacts, ToID: c.ID})
				assert.True(t, hasType(back, TypeCompanyToContact))
				if hasType(types, TypeContactToPrimaryCompany) {
					primaries++
					assert.True(t, hasType(back, TypePrimaryCompanyToContact))
					assert.Equal(t, tx.Get(Companies, id).Props["name"], c.Props["company"], "company property names the primary")
				}
				if hasType(types, TypeContactToCompanyBilling) {
					billing++
				}
			}
			if len(companies) > 0 {
				assert.Equal(t, 1, primaries, "one primary company")
			}
			for id, types := range contactEdges(tx, c, Deals) {
				assert.True(t, hasType(types, TypeContactToDeal))
				assert.True(t, hasType(tx.AssocTypes(AssocKey{Deals, id, Contacts, c.ID}), TypeDealToContact))
			}
			for id, types := range contactEdges(tx, c, Tickets) {
				assert.True(t, hasType(types, TypeContactToTicket))
				assert.True(t, hasType(tx.AssocTypes(AssocKey{Tickets, id, Contacts, c.ID}), TypeTicketToContact))
			}
			return true
		})
		assert.Greater(t, billing, 1, "some contacts have a company labelled Billing contact")
		for _, typ := range []string{Deals, Tickets} {
			tx.All(typ, func(o *Object) bool {
				assert.NotEmpty(t, tx.Associated(typ, o.ID, Contacts), "%s %s has a contact", typ, o.ID)
				return true
			})
		}
		return nil
	})
}

func TestSeedPinsAndSecondaryEmails(t *testing.T) {
	st := seededStore(smallSeed, nil)
	_ = st.View(func(tx *Tx) error {
		pins, secondaries, contacts := 0, 0, 0
		emails := map[string]bool{}
		tx.All(Contacts, func(c *Object) bool {
			contacts++
			if pin := c.Props[PinnedEngagementProperty]; pin != "" {
				pins++
				associated := false
				for _, et := range EngagementTypes {
					associated = associated || tx.AssocTypes(AssocKey{Contacts, c.ID, et, pin}) != nil
				}
				assert.True(t, associated, "contact %s pins %s, one of its own activities", c.ID, pin)
			}
			all := append([]string{c.Props["email"]}, SecondaryEmails(c)...)
			if len(all) > 1 {
				secondaries++
			}
			for _, e := range all {
				assert.False(t, emails[strings.ToLower(e)], "%s is unique", e)
				emails[strings.ToLower(e)] = true
				assert.Equal(t, c, tx.ContactByEmail(e), "%s finds its contact", e)
			}
			return true
		})
		assert.InDelta(t, 0.10, float64(pins)/float64(contacts), 0.05, "about 10%% pinned")
		assert.InDelta(t, 0.05, float64(secondaries)/float64(contacts), 0.035, "about 5%% with secondary emails")
		return nil
	})
}

func TestSeedTimelineAndStages(t *testing.T) {
	st := seededStore(smallSeed, nil)
	base := SeedBase()
	stages := map[string]int{}
	_ = st.View(func(tx *Tx) error {
		for _, typ := range append([]string{Contacts, Companies, Deals, Tickets}, EngagementTypes...) {
			tx.All(typ, func(o *Object) bool {
				assert.False(t, o.CreatedAt.After(base), "%s %s created before SeedBase", typ, o.ID)
				assert.False(t, o.UpdatedAt.After(base), "%s %s modified before SeedBase", typ, o.ID)
				return true
			})
		}
		tx.All(Contacts, func(c *Object) bool {
			stages[c.Props["lifecyclestage"]]++
			assertForwardStages(t, c)
			for _, et := range EngagementTypes {
				for _, k := range tx.Associated(Contacts, c.ID, et) {
					ts, err := time.Parse(time.RFC3339Nano, tx.Get(et, k.ToID).Props["hs_timestamp"])
					require.NoError(t, err)
					due := et == Tasks && ts.After(base) // a task's hs_timestamp is its due date
					assert.False(t, ts.Before(c.CreatedAt) || ts.After(base) && !due || ts.Before(base.Add(-366*seedDay)),
						"activity %s within the past year and after its contact's creation", k.ToID)
				}
			}
			return true
		})
		return nil
	})
	for _, s := range append(slices.Clone(seedStageOrder), "other") {
		assert.Positive(t, stages[s], "some contacts are at %s", s)
	}
}

// assertForwardStages checks a contact's lifecyclestage history only ever moved forward.
func assertForwardStages(t *testing.T, c *Object) {
	t.Helper()
	last := -1
	for _, h := range c.History["lifecyclestage"] {
		i := slices.Index(seedStageOrder, h.Value)
		if i < 0 {
			continue
		}
		assert.Greater(t, i, last, "contact %s: %v", c.ID, c.History["lifecyclestage"])
		last = i
	}
}

// TestSeedInsertMatchesInsert holds the seed's insert to Tx.Insert followed by Settle, and
// search's view to the values of the last write it can see.
func TestSeedInsertMatchesInsert(t *testing.T) {
	at := time.Date(2025, 3, 4, 5, 6, 7, 8000000, time.UTC)
	props := func() map[string]string {
		return map[string]string{"email": "Ann@Example.com", "hs_additional_emails": "a2@example.com;a3@example.com",
			"firstname": "Ann", "empty": "", "createdate": isoTime(at)}
	}
	clock := func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) }
	a, b := NewStore(clock, time.Minute), NewStore(clock, time.Minute)
	var oa, ob *Object
	_ = a.Do(func(tx *Tx) error { oa = tx.Insert(Contacts, "", props(), "IMPORT"); tx.Settle(oa); return nil })
	_ = b.Do(func(tx *Tx) error {
		ob = tx.obj(newSeeder(context.Background(), tx, Options{}).insert(Contacts, at.Truncate(time.Millisecond), props(), "IMPORT"))
		return nil
	})
	assert.Equal(t, oa, ob)
	firstname := func(st *Store, o *Object) string {
		var v string
		_ = st.View(func(tx *Tx) error {
			view, ok := st.searchView(o.key, clock())
			if ok {
				v = view.value(st.propRef("firstname"))
			}
			return nil
		})
		return v
	}
	_ = b.View(func(tx *Tx) error {
		for _, e := range []string{"ann@example.com", "A3@example.com"} {
			assert.Equal(t, ob, tx.ContactByEmail(e))
		}
		assert.Equal(t, 1, tx.s.tables[0].size())
		return nil
	})
	assert.Equal(t, "Ann", firstname(a, oa))
	assert.Equal(t, "Ann", firstname(b, ob))
	// A later write reaches search only after the lag.
	_ = b.Do(func(tx *Tx) error { tx.SetProps(ob, map[string]string{"firstname": "Changed"}, "API"); return nil })
	assert.Equal(t, "Changed", ob.Props["firstname"])
	assert.Equal(t, "Ann", firstname(b, ob))
}

// Contacts, companies and deals are created at even steps over their span, in id order, for any
// size (span*i overflowed from the 147th of 2,000 contacts on, scattering their create dates).
func TestSeedCreatesEvenlyOverTheSpan(t *testing.T) {
	st := seededStore(Options{Contacts: 2000}, nil)
	for _, c := range []struct {
		typ  string
		span time.Duration
	}{{Contacts, 2 * 365 * seedDay}, {Companies, 3 * 365 * seedDay}, {Deals, 540 * seedDay}} {
		var times []time.Time
		_ = st.View(func(tx *Tx) error {
			tx.All(c.typ, func(o *Object) bool { times = append(times, o.CreatedAt); return true })
			return nil
		})
		require.NotEmpty(t, times, c.typ)
		first, last := times[0], times[len(times)-1]
		assert.True(t, first.Equal(SeedBase().Add(-c.span)), "%s: first created %v", c.typ, first)
		assert.True(t, last.Before(SeedBase()) && last.After(SeedBase().Add(-c.span/time.Duration(len(times))-time.Second)),
			"%s: last created %v", c.typ, last)
		for i := 1; i < len(times); i++ {
			if times[i].Before(times[i-1]) {
				t.Fatalf("%s %d created %v, before the one before it (%v)", c.typ, i, times[i], times[i-1])
			}
		}
	}
}
