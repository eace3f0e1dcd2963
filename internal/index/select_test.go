package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
	"github.com/hubcontacts/hubcontacts/internal/filter"
)

// filterProps are the properties the comparison filters on, beyond the index's defaults: every
// kind search compares (text, numbers, dates, enumerations, multiple checkboxes, booleans), and
// the ones its free text looks in.
var filterProps = []string{"jobtitle", "city", "country", "hobbies", "vip", "customer_tier", "annualrevenue",
	"date_of_birth", "favorite_food", "hs_lead_status", "phone", "mobilephone", "fax", "hs_marketable_until_renewal"}

// A filter answered from the index finds exactly what HubSpot's search finds (the sandbox's,
// over the same portal), in the same order: hundreds of filters of every operator on every kind
// of property, drawn from the portal's own values (mixed case, tokens, wildcards, numbers and
// dates at and around the values held), as the find box writes them and as raw search filters,
// alone, ANDed and ORed, with free text, sorted by each kind of property either way; and an
// enumeration sorted in its options' order as the list reads it from HubSpot, option by option.
func TestFiltersAgreeWithTheSandbox(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t, fam, 500, hubspottest.Faults{})
		ctx := context.Background()
		w.vary(ctx, rand.New(rand.NewPCG(3, 5)))
		w.props = DefaultProps(filterProps)
		ix := w.open()
		defer ix.Close()
		_, err := w.syncer(ix).Sync(ctx)
		require.NoError(t, err)
		w.equal(ix)

		defs, err := w.user.Properties(ctx, api.ObjectContacts)
		require.NoError(t, err)
		types := TypesOf(defs)
		c := comparison{w: w, ix: ix, types: types, r: rand.New(rand.NewPCG(11, 13)), values: valuesOf(ix)}

		// As people write them in the find box, through the one parser.
		env := filter.Env{Props: defs, Me: c.values["hubspot_owner_id"][0], Loc: time.UTC}
		for _, text := range c.written() {
			q, err := filter.Parse(text, env)
			require.NoError(t, err, text)
			c.check(text, q.Groups(), q.Text(), Sort{})
		}
		// Raw filters of every operator, alone, then ANDed and ORed.
		var fs []api.Filter
		for _, p := range append(slices.Clone(filterProps[:len(filterProps)-1]), "firstname", "lastname", "email", "company", "lifecyclestage",
			"hs_additional_emails", "hubspot_owner_id", "createdate", "lastmodifieddate") {
			fs = append(fs, c.filters(p)...)
		}
		for _, f := range fs {
			c.check(fmt.Sprint(f), []api.FilterGroup{api.Where(f)}, "", Sort{})
		}
		for i := range 60 {
			a, b, d := fs[c.r.IntN(len(fs))], fs[c.r.IntN(len(fs))], fs[c.r.IntN(len(fs))]
			groups := []api.FilterGroup{api.Where(a, b)}
			if i%2 == 1 {
				groups = append(groups, api.Where(d))
			}
			c.check(fmt.Sprint(groups), groups, "", Sort{})
		}
		// Free text, alone and with a filter.
		for _, text := range c.texts() {
			c.check("query "+text, nil, text, Sort{})
			f := fs[c.r.IntN(len(fs))]
			c.check("query "+text+" and "+fmt.Sprint(f), []api.FilterGroup{api.Where(f)}, text, Sort{})
		}
		// Sorted by each kind of property, either way, all and filtered.
		for _, p := range []string{"lastname", "email", "company", "city", "annualrevenue", "date_of_birth", "createdate",
			"lastmodifieddate", "lifecyclestage", "customer_tier", "vip", "hobbies", "hs_additional_emails"} {
			for _, desc := range []bool{false, true} {
				typ, _ := types(p)
				s := Sort{Prop: p, Desc: desc, Type: typ}
				c.check(fmt.Sprintf("sort %s desc=%v", p, desc), nil, "", s)
				f := fs[c.r.IntN(len(fs))]
				c.check(fmt.Sprintf("sort %s desc=%v %v", p, desc, f), []api.FilterGroup{api.Where(f)}, "", s)
			}
		}
		// An enumeration in its options' order, as the list reads it option by option.
		for _, p := range []string{"lifecyclestage", "customer_tier", "hs_lead_status"} {
			for _, desc := range []bool{false, true} {
				typ, _ := types(p)
				c.checkByOptions(p, typ, desc)
			}
		}
		t.Logf("%d queries compared, %d of them finding contacts", c.n, c.found)
		assert.Greater(t, c.found, c.n/2, "most queries find some contacts")
	})
}

// vary gives the seeded portal's contacts values of every kind the seed leaves out, as people
// write them (mixed case, several checkboxes, numbers with decimals, dates), and a few owners.
func (w *world) vary(ctx context.Context, r *rand.Rand) {
	all, err := w.user.Owners(ctx)
	require.NoError(w.t, err)
	owners := slices.DeleteFunc(all, func(o api.Owner) bool { return o.Archived })
	var ids []string
	for id := range w.truth(&Index{t: NewTable(nil)}) {
		ids = append(ids, strconv.FormatInt(id, 10))
	}
	slices.Sort(ids)
	pick := func(l ...string) string { return l[r.IntN(len(l))] }
	var batch []api.BatchUpdate
	for i, id := range ids {
		p := map[string]string{}
		if r.IntN(3) > 0 {
			p["hubspot_owner_id"] = owners[r.IntN(len(owners))].ID
		}
		if r.IntN(2) == 0 {
			var hs []string
			for _, h := range []string{"hiking", "cooking", "music", "travel", "chess"} {
				if r.IntN(3) == 0 {
					hs = append(hs, h)
				}
			}
			p["hobbies"] = strings.Join(hs, ";")
		}
		if r.IntN(3) > 0 {
			p["vip"] = pick("true", "false")
		}
		if r.IntN(2) == 0 {
			p["customer_tier"] = pick("bronze", "silver", "gold")
		}
		if r.IntN(3) > 0 {
			p["annualrevenue"] = pick("0", "100", "1000", "2500.5", "99999", "1000000", "-5", "42", "100.25", strconv.Itoa(r.IntN(200000)))
		}
		if r.IntN(2) == 0 {
			p["date_of_birth"] = time.Date(1950+r.IntN(50), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		}
		if r.IntN(4) == 0 {
			p["favorite_food"] = pick("Pizza", "pizza margherita", "SUSHI", "Käsespätzle", "fish & chips", "Crème brûlée", "ramen-noodles", "Pad Thai")
		}
		if i%50 == 7 {
			p["jobtitle"] = pick("VP of Sales", "vp, sales", "Head of R&D", "CEO")
		}
		batch = append(batch, api.BatchUpdate{ID: id, Properties: p})
		if len(batch) == 100 || i == len(ids)-1 {
			rs, err := w.user.BatchUpdateContacts(ctx, batch)
			require.NoError(w.t, err)
			for _, res := range rs {
				require.Nil(w.t, res.Err)
			}
			batch = batch[:0]
		}
	}
	w.clk.Advance(time.Minute)
}

// comparison runs queries both ways.
type comparison struct {
	w        *world
	ix       *Index
	types    Types
	r        *rand.Rand
	values   map[string][]string // each property's values, as held
	n, found int
}

func valuesOf(ix *Index) map[string][]string {
	seen := map[string]map[string]bool{}
	out := map[string][]string{}
	ix.Each(func(r Row) bool {
		for p, v := range r.Props {
			if seen[p] == nil {
				seen[p] = map[string]bool{}
			}
			if !seen[p][v] {
				seen[p][v] = true
				out[p] = append(out[p], v)
			}
		}
		return true
	})
	for _, vs := range out {
		slices.Sort(vs)
	}
	return out
}

// hubspot is the ids search finds, in its order (paged to the end).
func (c *comparison) hubspot(r api.SearchRequest) []string {
	var ids []string
	r.Limit, r.Properties = 200, []string{"email"}
	for {
		p, err := c.w.user.SearchContacts(context.Background(), r)
		require.NoError(c.w.t, err, "%+v", r)
		for _, o := range p.Results {
			ids = append(ids, o.ID)
		}
		if p.After == "" {
			return ids
		}
		r.After = p.After
	}
}

func (c *comparison) local(groups []api.FilterGroup, text string, s Sort) []string {
	sel, err := c.ix.Select(Query{Groups: groups, Text: text, Sort: s, Types: c.types})
	require.NoError(c.w.t, err)
	ids := make([]string, sel.Len())
	for i := range ids {
		ids[i] = sel.ID(i)
		if p, ok := sel.Pos(ids[i]); !ok || p != i {
			c.w.t.Fatalf("Pos(%s) = %d, %v; want %d", ids[i], p, ok, i)
		}
	}
	return ids
}

func (c *comparison) check(what string, groups []api.FilterGroup, text string, s Sort) {
	c.w.t.Helper()
	r := api.SearchRequest{Groups: groups, Query: text}
	if s.Prop != "" {
		r.Sort = &api.Sort{Property: s.Prop, Descending: s.Desc}
	}
	want, got := c.hubspot(r), c.local(groups, text, s)
	c.n++
	if len(want) > 0 {
		c.found++
	}
	if !slices.Equal(want, got) {
		c.w.t.Errorf("%s: HubSpot finds %d %v, the index %d %v", what, len(want), head(want), len(got), head(got))
	}
}

// checkByOptions compares an enumeration sorted in its options' order with the list's reading
// of it from HubSpot: each option's contacts, then values that are not options, then none.
func (c *comparison) checkByOptions(prop string, typ Type, desc bool) {
	c.w.t.Helper()
	opts := slices.Clone(typ.Options)
	if desc {
		slices.Reverse(opts)
	}
	var want []string
	for _, o := range opts {
		want = append(want, c.hubspot(api.SearchRequest{Groups: []api.FilterGroup{api.Where(api.Eq(prop, o))}})...)
	}
	want = append(want, c.hubspot(api.SearchRequest{Groups: []api.FilterGroup{api.Where(api.NotIn(prop, typ.Options...))}})...)
	want = append(want, c.hubspot(api.SearchRequest{Groups: []api.FilterGroup{api.Where(api.NotHasProperty(prop))}})...)
	got := c.local(nil, "", Sort{Prop: prop, Desc: desc, Type: typ, ByOptions: true})
	c.n++
	assert.Equal(c.w.t, want, got, "%s by its options, desc=%v", prop, desc)
}

func head(ids []string) []string { return ids[:min(len(ids), 8)] }

// some is a value of prop as held, or "" when it has none.
func (c *comparison) some(prop string) string {
	vs := c.values[prop]
	if len(vs) == 0 {
		return ""
	}
	return vs[c.r.IntN(len(vs))]
}

// written are filters as people write them in the find box.
func (c *comparison) written() []string {
	return []string{"lifecycle:lead", "-lifecycle:customer", "lifecycle:lead,customer,Subscriber", "owner:me", "-owner:me",
		"email:*@gmail.com", "email:*@example.com", "email=" + c.some("email"), "email!=" + c.some("email"),
		"created>2025-06-01", "created<=2024-12-31", "created:" + c.day("createdate"), "created:2025-01-01..2025-03-31",
		"modified>=2026-01-01", "revenue:100..100000", "revenue>1000", "revenue<=42", "revenue:2500.5",
		"vip:yes", "vip:no", "-vip:yes", "vip:none", "hobbies:chess", "hobbies:chess,music", "-hobbies:travel", "hobbies:any",
		"tier:gold", "tier:Gold", "-tier:bronze", "country:germany", "city:" + c.word("city"), `company:"` + c.some("company") + `"`,
		"phone:none", "phone:any", "mobilephone:none", "firstname:" + c.word("firstname"), "lastname:m*", "lastname:*son",
		"food:pizza", "food:PIZZA", "food:\"pad thai\"", "food:käsespätzle", "jobtitle:vp", "jobtitle:sales",
		"birth>1990-01-01", "birth:1970-01-01..1979-12-31", "lifecycle:lead country:germany", "status:NEW,OPEN",
		"email:" + c.word("email"), "hs_additional_emails:any", "hs_additional_emails:*example.net",
	}
}

// day is a day of a value of a date and time property.
func (c *comparison) day(prop string) string {
	v := c.some(prop)
	if len(v) < 10 {
		return "2025-05-05"
	}
	return v[:10]
}

// word is a word of a value of prop.
func (c *comparison) word(prop string) string {
	f := strings.FieldsFunc(c.some(prop), func(r rune) bool { return !isSearchWordRune(r) })
	if len(f) == 0 {
		return "x"
	}
	return f[c.r.IntN(len(f))]
}

// texts are free-text queries: words people type, prefixes, a phone number's digits.
func (c *comparison) texts() []string {
	out := []string{"maria", "MARIA", "ber", "gmail", "example.com", "müller", "sam@okafor.example", "o'brien", "555"}
	for range 12 {
		out = append(out, c.word("firstname"), c.word("email")[:1], c.word("company"))
	}
	if p := c.some("phone"); len(p) > 4 {
		out = append(out, p[len(p)-4:])
	}
	return out
}

// filters are raw search filters of every operator on prop, with its values and near ones.
func (c *comparison) filters(prop string) []api.Filter {
	t, _ := c.types(prop)
	v, w := c.some(prop), c.some(prop)
	out := []api.Filter{api.HasProperty(prop), api.NotHasProperty(prop)}
	if v == "" {
		return out
	}
	switch t.Kind {
	case KindNumber, KindTime:
		n, _ := searchNumber(t.Kind, v)
		m, _ := searchNumber(t.Kind, w)
		lo, hi := min(n, m), max(n, m)
		f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
		out = append(out, api.Eq(prop, f(n)), api.Neq(prop, f(n)), api.Lt(prop, f(n)), api.Lte(prop, f(n)), api.Gt(prop, f(n)),
			api.Gte(prop, f(n)), api.Between(prop, f(lo), f(hi)), api.In(prop, f(n), f(m), "12345"), api.NotIn(prop, f(n), f(m)),
			api.ContainsToken(prop, v))
		if t.Kind == KindTime && v != "" {
			out = append(out, api.Gte(prop, v), api.Eq(prop, v[:min(10, len(v))]))
		}
	default:
		tok := c.word(prop)
		out = append(out, api.Eq(prop, v), api.Eq(prop, strings.ToUpper(v)), api.Neq(prop, v), api.In(prop, v, strings.ToLower(w)),
			api.NotIn(prop, strings.ToLower(v), w), api.ContainsToken(prop, tok), api.ContainsToken(prop, strings.ToUpper(tok)),
			api.NotContainsToken(prop, tok), api.ContainsToken(prop, "*"+tok[min(1, len(tok)):]), api.ContainsToken(prop, tok[:min(2, len(tok))]+"*"),
			api.ContainsToken(prop, tok+" "+c.word(prop)), api.Lt(prop, v), api.Gte(prop, w))
		if at := strings.LastIndexByte(v, '@'); at >= 0 {
			out = append(out, api.ContainsToken(prop, "*"+v[at:]), api.ContainsToken(prop, v[at+1:]))
		}
		for _, o := range t.Options[:min(2, len(t.Options))] {
			out = append(out, api.Eq(prop, o), api.Eq(prop, strings.ToUpper(o)))
		}
	}
	return out
}
