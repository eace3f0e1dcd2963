package bulk_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

func contactDefs(t *testing.T, fam families.Family) []api.Property {
	t.Helper()
	e := newEnv(t, fam, hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: -1}})
	defs, err := e.client.Properties(context.Background(), api.ObjectContacts)
	require.NoError(t, err)
	return defs
}

func TestMapHeaderByNameLabelAndLoosely(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		defs := contactDefs(t, fam)
		header := []string{"E-mail", "First Name", "lastname", "Phone Number", "customer_tier", "Job_Title", "Create Date", "hubcontacts_error"}
		m, err := bulk.MapHeader(header, defs, bulk.MapOptions{})
		require.NoError(t, err)
		got := map[string]string{}
		for _, c := range m.Columns {
			if c.Property != nil {
				got[c.Header] = c.Property.Name + "/" + c.By
			}
		}
		assert.Equal(t, map[string]string{
			"E-mail": "email/label", "First Name": "firstname/label", "lastname": "lastname/name",
			"Phone Number": "phone/label", "customer_tier": "customer_tier/name", "Job_Title": "jobtitle/label",
		}, got)
		assert.Equal(t, "email", m.Key.Name)
		assert.Equal(t, 0, m.KeyCol)
		notes := strings.Join(m.Notes(), "\n")
		assert.Contains(t, notes, `column "Create Date" is skipped: createdate is read-only in HubSpot`)
		assert.Contains(t, notes, `column "hubcontacts_error" is skipped`)
	})
}

func TestMapHeaderProblems(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		defs := contactDefs(t, fam)
		cases := []struct {
			name   string
			header []string
			o      bulk.MapOptions
			want   []string
		}{
			{"unknown column with a suggestion", []string{"email", "Frist name"}, bulk.MapOptions{},
				[]string{`column "Frist name" matches no property (did you mean firstname, "First Name"?)`, `--map "Frist name"=NAME`}},
			{"two columns on one property", []string{"email", "firstname", "First Name"}, bulk.MapOptions{},
				[]string{`columns "firstname" and "First Name" both fill firstname`}},
			{"no key column", []string{"firstname"}, bulk.MapOptions{}, []string{"no column fills the key email"}},
			{"key that is not unique", []string{"email", "firstname"}, bulk.MapOptions{Key: "firstname"},
				[]string{"the key firstname cannot identify a contact"}},
			{"--map to nowhere", []string{"email", "Notes"}, bulk.MapOptions{Map: map[string]string{"Notes": "nope", "Other": "city"}},
				[]string{`--map "Notes"="nope": there is no property "nope"`, `--map names a column "Other" the file does not have`}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := bulk.MapHeader(c.header, defs, c.o)
				var me *bulk.MappingError
				require.True(t, errors.As(err, &me), "%v", err)
				for _, w := range c.want {
					assert.Contains(t, err.Error(), w)
				}
			})
		}
	})
}

func TestMapHeaderExplicitChoicesAndUniqueKey(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		defs := contactDefs(t, fam)
		header := []string{"Code", "Mail", "Notes"}
		m, err := bulk.MapHeader(header, defs, bulk.MapOptions{Key: "Customer code", Map: map[string]string{"Code": "customer_code", "Mail": "email", "Notes": ""}})
		require.NoError(t, err)
		assert.Equal(t, "customer_code", m.Key.Name)
		assert.Equal(t, 0, m.KeyCol)
		assert.Len(t, m.Imported(), 2)
		assert.Contains(t, m.Notes(), `column "Notes" is skipped: as chosen`)
	})
}

func TestPlanValidatesEveryRow(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		csv := "email,Lifecycle Stage,hobbies,VIP,annualrevenue,date_of_birth,firstname\n" +
			"Ada@Example.com,Customer,hiking;Music,yes,1000,1990-12-10,Ada\n" + // line 2: ok, normalised
			"bob@example,lead,,,,,Bob\n" + // 3: bad email
			"cy@example.org,boss,darts,maybe,lots,10/12/1990,Cy\n" + // 4: every value wrong
			",lead,,,,,Nobody\n" + // 5: no key
			"dup@example.com,lead,,,,,First\n" + // 6: duplicate key…
			"DUP@example.com,lead,,,,,Second\n" + // 7: …in another case
			"eve@example.com,,,,,,\n" // 8: key only: fine
		e := newEnv(t, fam, hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: -1}})
		p := e.prepare(t, csv, bulk.MapOptions{})
		require.Equal(t, 7, p.Rows())
		require.Equal(t, 2, p.Valid)
		require.Equal(t, 5, p.Refused)
		reasons := map[int]string{}
		for _, r := range p.Refusals {
			reasons[r.Line] = r.Reason()
		}
		assert.Contains(t, reasons[3], `email: "bob@example" is not a valid email address`)
		for _, w := range []string{`Lifecycle Stage: "boss" is not an option of Lifecycle Stage: write one of Subscriber, Lead,`,
			`hobbies: "darts" is not an option of Hobbies`, `VIP: "maybe" is not yes or no: write yes or no`,
			`annualrevenue: "lots" is not a number: write digits`, `date_of_birth: "10/12/1990" is not a date: write YYYY-MM-DD`} {
			assert.Contains(t, reasons[4], w)
		}
		assert.Contains(t, reasons[5], "no email (the key): every row needs one")
		assert.Contains(t, reasons[6], "email dup@example.com is on lines 6, 7; keep one row per contact")
		assert.Contains(t, reasons[7], "email dup@example.com is on lines 6, 7")

		pv := p.Preview(10)
		require.Len(t, pv.Rows, 7)
		assert.Equal(t, []string{"ada@example.com", "customer", "hiking;music", "true", "1000", "1990-12-10", "Ada"}, pv.Rows[0].Values)
		assert.Equal(t, 3, pv.Rows[1].Line)
		assert.NotEmpty(t, pv.Rows[1].Problem)
		assert.Contains(t, pv.Rows[4].Problem, "email dup@example.com is on lines 6, 7", "the preview knows the repeated keys")
		assert.Equal(t, []string{"eve@example.com", "", "", "", "", "", ""}, pv.Rows[6].Values)

		// What the import sends is what the plan said: the same two rows, the same refusals.
		var rs results
		sum := bulk.Upsert(context.Background(), e.client, p, bulk.RunOptions{OnResult: rs.add})
		assert.Equal(t, bulk.Summary{Created: 2, Failed: 5}, sum)
		assert.Equal(t, "hiking;music", e.contact("ada@example.com")["hobbies"])
		for line, reason := range reasons {
			assert.Equal(t, "not sent: "+reason, rs.byLine[line].Reason)
		}
	})
}

// A column name of tens of thousands of characters is named in the message cut short, once
// per mention, and costs no did-you-mean search.
func TestALongUnknownColumnIsNamedShort(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		defs := contactDefs(t, fam)
		long := "firstname" + strings.Repeat("x", 60_000)
		for _, o := range []bulk.MapOptions{{}, {Map: map[string]string{"email": long}}} {
			_, err := bulk.MapHeader([]string{"email", long}, defs, o)
			require.Error(t, err)
			assert.Less(t, len(err.Error()), 1000, "%.200s", err)
			assert.Contains(t, err.Error(), `"firstnamexxxx`)
			assert.Contains(t, err.Error(), `xxx…"`)
			assert.NotContains(t, err.Error(), "did you mean")
		}
	})
}
