package filter

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
)

// testProps are contact properties as HubSpot defines them (a subset, with their real names,
// labels, types and options).
func testProps() []api.Property {
	opts := func(pairs ...string) []api.Option {
		var out []api.Option
		for i := 0; i < len(pairs); i += 2 {
			out = append(out, api.Option{Value: pairs[i], Label: pairs[i+1], DisplayOrder: i / 2})
		}
		return out
	}
	return []api.Property{
		{Name: "email", Label: "Email", Type: "string", FieldType: "text"},
		{Name: "hs_additional_emails", Label: "Additional email addresses", Type: "enumeration", FieldType: "checkbox"},
		{Name: "firstname", Label: "First Name", Type: "string", FieldType: "text"},
		{Name: "lastname", Label: "Last Name", Type: "string", FieldType: "text"},
		{Name: "phone", Label: "Phone Number", Type: "string", FieldType: "phonenumber"},
		{Name: "company", Label: "Company Name", Type: "string", FieldType: "text"},
		{Name: "country", Label: "Country/Region", Type: "string", FieldType: "text"},
		{Name: "annualrevenue", Label: "Annual Revenue", Type: "number", FieldType: "number"},
		{Name: "date_of_birth", Label: "Date of birth", Type: "date", FieldType: "date"},
		{Name: "createdate", Label: "Create Date", Type: "datetime", FieldType: "date"},
		{Name: "lastmodifieddate", Label: "Last Modified Date", Type: "datetime", FieldType: "date"},
		{Name: "lifecyclestage", Label: "Lifecycle Stage", Type: "enumeration", FieldType: "radio", Options: opts(
			"subscriber", "Subscriber", "lead", "Lead", "marketingqualifiedlead", "Marketing Qualified Lead",
			"salesqualifiedlead", "Sales Qualified Lead", "opportunity", "Opportunity", "customer", "Customer")},
		{Name: "hs_lead_status", Label: "Lead Status", Type: "enumeration", FieldType: "select", Options: opts(
			"NEW", "New", "OPEN", "Open", "IN_PROGRESS", "In Progress")},
		{Name: "hs_email_optout", Label: "Unsubscribed from all email", Type: "bool", FieldType: "booleancheckbox",
			Options: opts("true", "Yes", "false", "No")},
		{Name: "hubspot_owner_id", Label: "Contact owner", Type: "enumeration", FieldType: "select"},
		{Name: "lastname_hidden", Label: "Secret", Type: "string", FieldType: "text", Hidden: true},
		{Name: "last_contacted", Label: "Last Contacted", Type: "datetime", FieldType: "date"},
	}
}

var berlin = func() *time.Location {
	l, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return l
}()

func testEnv() Env { return Env{Props: testProps(), Me: "77", Loc: berlin} }

// msAt is a moment in Berlin in epoch milliseconds.
func msAt(y int, mo time.Month, d, h, mi int) string {
	return ms(time.Date(y, mo, d, h, mi, 0, 0, berlin))
}

func TestParseTerms(t *testing.T) {
	nov1, nov2 := msAt(2026, 11, 1, 0, 0), msAt(2026, 11, 2, 0, 0)
	cases := []struct {
		in   string
		want []api.Filter
	}{
		{"lifecycle:lead", []api.Filter{api.Eq("lifecyclestage", "lead")}},
		{"lifecyclestage:Lead", []api.Filter{api.Eq("lifecyclestage", "lead")}},
		{`"Lifecycle Stage":"Marketing Qualified Lead"`, []api.Filter{api.Eq("lifecyclestage", "marketingqualifiedlead")}},
		{"lifecycle_stage:customer", []api.Filter{api.Eq("lifecyclestage", "customer")}},
		{"lifecycle:lead,Customer", []api.Filter{api.In("lifecyclestage", "lead", "customer")}},
		{"-lifecycle:customer", []api.Filter{api.Neq("lifecyclestage", "customer")}},
		{"-lifecycle:lead,customer", []api.Filter{api.NotIn("lifecyclestage", "lead", "customer")}},
		{"status:open", []api.Filter{api.Eq("hs_lead_status", "OPEN")}},
		{"owner:me", []api.Filter{api.Eq("hubspot_owner_id", "77")}},
		{"owner:12345", []api.Filter{api.Eq("hubspot_owner_id", "12345")}},
		{"owner:me,12", []api.Filter{api.In("hubspot_owner_id", "77", "12")}},
		{"owner:none", []api.Filter{api.NotHasProperty("hubspot_owner_id")}},
		{"phone:none", []api.Filter{api.NotHasProperty("phone")}},
		{"phone:any", []api.Filter{api.HasProperty("phone")}},
		{"-phone:none", []api.Filter{api.HasProperty("phone")}},
		{"PHONE:ANY", []api.Filter{api.HasProperty("phone")}},
		{"country:DE", []api.Filter{api.ContainsToken("country", "DE")}},
		{"company:acme", []api.Filter{api.ContainsToken("company", "acme")}},
		{`company:"Northwind Traders"`, []api.Filter{api.ContainsToken("company", "Northwind Traders")}},
		{"-company:acme", []api.Filter{api.NotContainsToken("company", "acme")}},
		{"email:*@acme.com", []api.Filter{api.ContainsToken("email", "*@acme.com")}},
		{"email=Ada@Acme.com", []api.Filter{api.Eq("email", "ada@acme.com")}},
		{"email!=ada@acme.com", []api.Filter{api.Neq("email", "ada@acme.com")}},
		{"company=Acme Corp", nil}, // a space ends the term: company=Acme and the word Corp
		{`company="Acme Corp"`, []api.Filter{api.Eq("company", "Acme Corp")}},
		{"company:Acme,Globex", []api.Filter{api.In("company", "acme", "globex")}}, // HubSpot's IN wants lower case
		{`"company":none`, []api.Filter{api.NotHasProperty("company")}},
		{`company:"none"`, []api.Filter{api.ContainsToken("company", "none")}}, // quoted: the word itself
		{"hs_email_optout:yes", []api.Filter{api.Eq("hs_email_optout", "true")}},
		{"unsub:no", []api.Filter{api.Eq("hs_email_optout", "false")}}, // the start of the label
		{"annualrevenue>1,000,000", []api.Filter{api.Gt("annualrevenue", "1000000")}},
		{"revenue:100..500", []api.Filter{api.Between("annualrevenue", "100", "500")}},
		{"annual:250", []api.Filter{api.Eq("annualrevenue", "250")}},
		{"annualrevenue:1,2", []api.Filter{api.In("annualrevenue", "1", "2")}},
		{"date_of_birth:1990-05-17", []api.Filter{api.Eq("date_of_birth", ms(time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)))}},
		{"date_of_birth<1990-05-17", []api.Filter{api.Lt("date_of_birth", ms(time.Date(1990, 5, 17, 0, 0, 0, 0, time.UTC)))}},
		// A day of a date-and-time property is the user's whole day.
		{"created>2026-11-01", []api.Filter{api.Gte("createdate", nov2)}},
		{"created>=2026-11-01", []api.Filter{api.Gte("createdate", nov1)}},
		{"created<2026-11-01", []api.Filter{api.Lt("createdate", nov1)}},
		{"created<=2026-11-01", []api.Filter{api.Lt("createdate", nov2)}},
		{"created:2026-11-01", []api.Filter{api.Between("createdate", nov1, ms(time.Date(2026, 11, 2, 0, 0, 0, 0, berlin).Add(-time.Millisecond)))}},
		{"created:2026-11-01..2026-11-30", []api.Filter{api.Between("createdate", nov1, ms(time.Date(2026, 12, 1, 0, 0, 0, 0, berlin).Add(-time.Millisecond)))}},
		{"created>2026-11-01T10:00:00Z", []api.Filter{api.Gt("createdate", ms(time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)))}},
		{`created>"2026-11-01 10:30"`, []api.Filter{api.Gt("createdate", msAt(2026, 11, 1, 10, 30))}},
		{"modified>=2026-01-01", []api.Filter{api.Gte("lastmodifieddate", msAt(2026, 1, 1, 0, 0))}},
		{"lifecycle:lead owner:me phone:none", []api.Filter{api.Eq("lifecyclestage", "lead"), api.Eq("hubspot_owner_id", "77"), api.NotHasProperty("phone")}},
		{"lastname_hidden:x", []api.Filter{api.ContainsToken("lastname_hidden", "x")}}, // hidden, named whole
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			q, err := Parse(tc.in, testEnv())
			require.NoError(t, err)
			if tc.want == nil {
				require.Len(t, q.Terms, 1)
				assert.Equal(t, []string{"Corp"}, q.Words)
				return
			}
			assert.Equal(t, tc.want, q.Filters())
			for _, term := range q.Terms {
				assert.Equal(t, tc.in[term.Start:term.End], term.Text)
			}
		})
	}
}

func TestParseFreeWords(t *testing.T) {
	q, err := Parse(`  berg lifecycle:lead "van der" 10:30 -x :y "https://x.example"  `, testEnv())
	require.NoError(t, err)
	assert.Equal(t, []string{"berg", "van der", "10:30", "-x", ":y", "https://x.example"}, q.Words, "words keep their order")
	assert.Equal(t, "berg van der 10:30 -x :y https://x.example", q.Text())
	assert.Len(t, q.Terms, 1)
	assert.Equal(t, []api.FilterGroup{api.Where(api.Eq("lifecyclestage", "lead"))}, q.Groups())

	q, err = Parse("", testEnv())
	require.NoError(t, err)
	assert.False(t, q.HasTerms())
	assert.Nil(t, q.Groups())
	assert.Empty(t, q.Text())
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ in, term, want string }{
		{"lifecyle:lead", "lifecyle:lead", `there is no property "lifecyle": did you mean lifecyclestage (Lifecycle Stage)?`},
		{"zzz:1", "zzz:1", `there is no property "zzz"`},
		{"la:x", "la:x", `there is no property "la"`}, // too short to be a start
		{"last:x", "last:x", `"last" could be lastname (Last Name), lastmodifieddate (Last Modified Date), last_contacted (Last Contacted): write more of the name`},
		{"lifecycle:", "lifecycle:", "needs a value after :, like lifecycle:subscriber (none: no value, any: some value)"},
		{"lifecycle:leed", "lifecycle:leed", `"leed" is not an option of Lifecycle Stage: write one of Subscriber, Lead`},
		{"lifecycle:lead,", "lifecycle:lead,", "a list needs a value between each comma"},
		{"lifecycle:lead,none", "lifecycle:lead,none", "none and any stand alone: write lifecycle:none as its own term"},
		{"lifecycle>lead", "lifecycle>lead", "> compares numbers and dates; for some of lifecyclestage (Lifecycle Stage)'s options write lifecycle:subscriber"},
		{"company>acme", "company>acme", "> compares numbers and dates, and company (Company Name) is text: write company:acme"},
		{"company:a..b", "company:a..b", "a range (..) needs numbers or dates, and company (Company Name) is text"},
		{"revenue:..5", "revenue:..5", "a range needs both ends, like revenue:100..500; for one end write revenue>=… or revenue<=…"},
		{"-revenue:1..5", "-revenue:1..5", "HubSpot's search cannot exclude a range"},
		{"-created>2026-01-01", "-created>2026-01-01", "write the comparison the other way round instead of -: created<=2026-01-01"},
		{"-created:2026-01-01", "-created:2026-01-01", "HubSpot's search cannot exclude a day: write created<2026-01-01 or created>2026-01-01"},
		{"created:2026-01-01,2026-01-02", "created:2026-01-01,2026-01-02", "a list of days is not possible: give a range"},
		{"created>lastweek", "created>lastweek", `"lastweek" is not a date and time: write YYYY-MM-DD HH:MM in your time zone (Europe/Berlin), like 2026-03-14 09:30; or a day: 2026-03-14, today, yesterday, -7d (days ago), -2w (weeks ago)`},
		{"modified>-7x", "modified>-7x", `"-7x" is not a date and time`},
		{"date_of_birth:1990-13-01", "date_of_birth:1990-13-01", `"1990-13-01" is not a date: write YYYY-MM-DD`},
		{"revenue>lots", "revenue>lots", `"lots" is not a number`},
		{"revenue>1,5", "revenue>1,5", `"1,5" is not a number: a comma only groups thousands`},
		{"unsub:maybe", "unsub:maybe", `"maybe" is not yes or no`},
		{"owner:bob", "owner:bob", `"bob" is not an owner id`},
		{"email=*@acme.com", "email=*@acme.com", "= matches the whole value; for a pattern write email:*@acme.com"},
		{"email=not-an-address", "email=not-an-address", `"not-an-address" is not a valid email address: it has no @`},
		{"email=a@b.com,c@d.com", "email=a@b.com,c@d.com", "= takes one value; for one of several write email:a@b.com,c@d.com"},
		{"email:*@a.com,*@b.com", "email:*@a.com,*@b.com", "a list takes whole values, not patterns"},
		{`company:"Acme`, `company:"Acme`, `a quote is not closed: end the value with "`},
		{"a:1 b:2", "a:1", `there is no property "a"`},
		{"see https://x.example", "https://x.example", `there is no property "https"`},
		{"phone:none lifecycle:lead owner:12 company:x email:y country:z revenue:1", "revenue:1", "7 terms: HubSpot's search takes at most 6 together; remove 1"},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			_, err := Parse(tc.in, testEnv())
			require.Error(t, err)
			var fe *Error
			require.True(t, errors.As(err, &fe))
			assert.Contains(t, fe.Msg, tc.want)
			assert.Equal(t, tc.term, fe.Term)
			assert.Equal(t, tc.term, tc.in[fe.Start:fe.End], "the error points at the term")
			assert.True(t, strings.HasPrefix(err.Error(), tc.term+": "))
		})
	}
}

func TestParseOwnerMeNeedsMe(t *testing.T) {
	env := testEnv()
	env.Me = ""
	_, err := Parse("owner:me", env)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `owner:me: me needs to know who you are: add "me: <your email in HubSpot>" to the profile`)
	env.MeWhy = "ada@example.com is not an owner in this HubSpot account"
	_, err = Parse("owner:me", env)
	assert.EqualError(t, err, "owner:me: ada@example.com is not an owner in this HubSpot account")
}

func TestComplete(t *testing.T) {
	inputs := func(cs []Completion) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Input)
		}
		return out
	}
	env := testEnv()
	assert.Equal(t, []string{"lifecyclestage:"}, inputs(Complete("life", env)))
	assert.Equal(t, []string{"berg -lifecyclestage:"}, inputs(Complete("berg -Lifec", env)))
	assert.Equal(t, []string{"last_contacted:", "lastmodifieddate:", "lastname:"}, inputs(Complete("last", env)), "hidden properties are not offered")
	assert.Empty(t, Complete("company zq", env), "a word that starts no property")
	assert.Equal(t, []string{"company:"}, inputs(Complete("comp", env)))
	assert.Equal(t, []string{"lifecycle:lead"}, inputs(Complete("lifecycle:le", env)))
	assert.Equal(t, []string{"lifecycle:marketingqualifiedlead"}, inputs(Complete("lifecycle:Marketing", env)), "by label too")
	assert.Equal(t, []string{"x lifecycle:lead,customer"}, inputs(Complete("x lifecycle:lead,cu", env)))
	assert.Equal(t, []string{"owner:me", "owner:none", "owner:any"}, inputs(Complete("owner:", env)))
	assert.Contains(t, inputs(Complete("phone:n", env)), "phone:none")
	assert.Equal(t, []string{"unsub:yes"}, inputs(Complete("unsub:y", env)))
	assert.Empty(t, Complete("lifecycle:lead ", env), "after a space there is nothing to finish")
	assert.Empty(t, Complete("nosuch:x", env))
	assert.Empty(t, Complete("created>2026", env))
	assert.Empty(t, Complete("", env))
}

type fakeOwners map[string]string

func (f fakeOwners) OwnerByEmail(_ context.Context, email string) (api.Owner, bool, error) {
	if email == "down@example.com" {
		return api.Owner{}, false, errors.New("down")
	}
	id, ok := f[email]
	return api.Owner{ID: id, Email: email}, ok, nil
}

func TestMe(t *testing.T) {
	ctx := context.Background()
	owners := fakeOwners{"ada@example.com": "77"}
	id, why, err := Me(ctx, "", owners)
	assert.Empty(t, id+why)
	assert.NoError(t, err)
	id, why, err = Me(ctx, "ada@example.com", owners)
	assert.Equal(t, "77", id)
	assert.Empty(t, why)
	assert.NoError(t, err)
	_, why, err = Me(ctx, "bob@example.com", owners)
	assert.NoError(t, err)
	assert.Equal(t, "no active owner of this HubSpot account has the email bob@example.com (the profile's me:); fix me: in the configuration file", why)
	_, _, err = Me(ctx, "down@example.com", owners)
	assert.EqualError(t, err, "down")
}

// Relative days count back from now in the user's time zone, a day whole as a written day is:
// so a saved view ("modified in the last week") keeps its meaning.
func TestParseRelativeDates(t *testing.T) {
	env := testEnv()
	env.Now = func() time.Time { return time.Date(2026, 12, 5, 1, 30, 0, 0, time.UTC) } // 02:30 on the 5th in Berlin
	dec5, dec6 := msAt(2026, 12, 5, 0, 0), msAt(2026, 12, 6, 0, 0)
	cases := []struct {
		in   string
		want api.Filter
	}{
		{"modified>=-7d", api.Gte("lastmodifieddate", msAt(2026, 11, 28, 0, 0))},
		{"modified>-1d", api.Gte("lastmodifieddate", dec5)},
		{"created:today", api.Between("createdate", dec5, ms(time.UnixMilli(mustInt(t, dec6)-1)))},
		{"created:YESTERDAY", api.Between("createdate", msAt(2026, 12, 4, 0, 0), ms(time.UnixMilli(mustInt(t, dec5)-1)))},
		{"created<-2w", api.Lt("createdate", msAt(2026, 11, 21, 0, 0))},
		{"created:-2w..today", api.Between("createdate", msAt(2026, 11, 21, 0, 0), ms(time.UnixMilli(mustInt(t, dec6)-1)))},
		{"modified>-12h", api.Filter{Operator: api.OpGT, Value: ms(time.Date(2026, 12, 4, 13, 30, 0, 0, time.UTC)), Property: "lastmodifieddate"}},
		{"date_of_birth:yesterday", api.Eq("date_of_birth", ms(time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)))},
	}
	for _, c := range cases {
		q, err := Parse(c.in, env)
		if assert.NoError(t, err, c.in) {
			assert.Equal(t, []api.Filter{c.want}, q.Filters(), c.in)
		}
	}
}

func mustInt(t *testing.T, s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	require.NoError(t, err)
	return n
}

// An owner by name or email, through the portal's owners: the whole name or email, else the one
// owner one of whose names starts so; several say who they are, none says so.
func TestParseOwnerByName(t *testing.T) {
	env := testEnv()
	env.Owners = []api.Owner{
		{ID: "11", FirstName: "Anna", LastName: "Berg", Email: "anna.berg@acme.com"},
		{ID: "12", FirstName: "Anna", LastName: "Schmidt", Email: "anna.schmidt@acme.com"},
		{ID: "13", FirstName: "Jonas", LastName: "Bergmann", Email: "jonas@acme.com"},
	}
	for in, want := range map[string]api.Filter{
		"owner:jonas":                    api.Eq("hubspot_owner_id", "13"),
		"owner:schm":                     api.Eq("hubspot_owner_id", "12"),
		`owner:"anna berg"`:              api.Eq("hubspot_owner_id", "11"),
		"owner:ANNA.BERG@acme.com":       api.Eq("hubspot_owner_id", "11"),
		"owner:jonas,anna.berg@acme.com": api.In("hubspot_owner_id", "13", "11"),
		"owner:12":                       api.Eq("hubspot_owner_id", "12"),
		"-owner:jonas":                   api.Neq("hubspot_owner_id", "13"),
	} {
		q, err := Parse(in, env)
		if assert.NoError(t, err, in) {
			assert.Equal(t, []api.Filter{want}, q.Filters(), in)
		}
	}
	_, err := Parse("owner:anna", env)
	assert.EqualError(t, err, `owner:anna: "anna" is 2 owners: Anna Berg, Anna Schmidt; write more of the name, or the email`)
	twins := env
	twins.Owners = append(slices.Clone(env.Owners), api.Owner{ID: "14", FirstName: "Anna", LastName: "Berg", Email: "anna.b@acme.com"})
	_, err = Parse("owner:berg", twins)
	assert.ErrorContains(t, err, `"berg" is 3 owners: Anna Berg (anna.berg@acme.com), Jonas Bergmann, Anna Berg (anna.b@acme.com)`)
	_, err = Parse("owner:berg", env) // Berg and Bergmann
	assert.ErrorContains(t, err, `"berg" is 2 owners`)
	_, err = Parse("owner:zoe", env)
	assert.EqualError(t, err, `owner:zoe: no owner of this HubSpot account is named "zoe": write an owner's name or email (or me, none, any)`)
}
