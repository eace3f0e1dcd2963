package ui

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/bulk"
)

// verdict is what one place makes of a value: the value it would send, or why it refuses it.
type verdict struct {
	sent    string
	refused string // the message ("" when the value is taken)
}

// formVerdict types v into a new field of p and leaves it, as a user would.
func formVerdict(t *testing.T, p *api.Property, loc *time.Location, v string) verdict {
	f := newField(p, "", edDefs(loc, p))
	for _, r := range v {
		require.True(t, f.Key(edRunes(string(r))), "the field takes %q", r)
	}
	f.Check()
	if f.Invalid() != "" {
		return verdict{refused: f.Invalid()}
	}
	return verdict{sent: f.Kind.Value()}
}

// importVerdict imports a one-row file whose column for p holds v (keyed by email).
func importVerdict(t *testing.T, p *api.Property, loc *time.Location, v string) verdict {
	emailProp := api.Property{Name: "email", Label: "Email", Type: "string", FieldType: "text"}
	props, header, row := []api.Property{emailProp}, []string{"email"}, []string{"ada@example.com"}
	if p.Name == "email" {
		row[0] = v
	} else {
		props, header, row = append(props, *p), append(header, p.Name), append(row, v)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	require.NoError(t, w.WriteAll([][]string{header, row}))
	plan, err := bulk.Prepare(context.Background(), fixedProps(props), csvText(b.String()), bulk.MapOptions{Loc: loc})
	require.NoError(t, err)
	pv := plan.Preview(1)
	if pv.Rows[0].Problem != "" {
		return verdict{refused: plan.Refusals[0].Reason()}
	}
	for i, c := range pv.Columns {
		if c.Property.Name == p.Name {
			return verdict{sent: pv.Rows[0].Values[i]}
		}
	}
	t.Fatalf("no column for %s", p.Name)
	return verdict{}
}

// fixedProps are property definitions for bulk.Prepare.
type fixedProps []api.Property

func (f fixedProps) Properties(context.Context, string) ([]api.Property, error) { return f, nil }

// csvText is CSV text as an import's file.
type csvText string

func (s csvText) Open(context.Context) (io.ReadCloser, error) {
	return io.NopCloser(strings.NewReader(string(s))), nil
}

func (csvText) Name() string { return "text.csv" }

// pasteVerdict pastes v into the many-emails screen's splitter.
func pasteVerdict(v string) verdict {
	s := bulk.SplitEmails(v)
	switch {
	case len(s.Emails) == 1 && len(s.Invalid)+len(s.Ignored) == 0:
		return verdict{sent: s.Emails[0]}
	case len(s.Invalid) == 1 && len(s.Emails) == 0:
		return verdict{refused: "not an address"}
	}
	return verdict{refused: "split otherwise"}
}

// The form, the CSV import and the paste screen judge a value by one rule: the same values
// are taken, sent as the same value, and refused with the same message. (Options and yes/no
// are chosen from a list in the form, so only typed kinds are compared there; the paste screen
// reads email addresses only.)
func TestFormImportAndPasteGiveTheSameVerdict(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	email := edProp("email", "string", "text")
	number := edProp("annualrevenue", "number", "number")
	owner := edProp("hubspot_owner_id", "enumeration", "select")
	phone := edProp("phone", "string", "phonenumber")
	day := edProp("date_of_birth", "date", "date")
	when := edProp("notes_next", "datetime", "date")
	text := edProp("jobtitle", "string", "text")
	const refused = "\x00refused"
	for _, c := range []struct {
		p    *api.Property
		in   string
		want string // the value sent, or refused
	}{
		{number, "1200", "1200"},
		{number, "1,200", "1200"},
		{number, "1 250 000.75", "1250000.75"},
		{number, "-12.5", "-12.5"},
		{number, "1,5", refused},
		{number, "$1,200", refused},
		{number, "lots", refused},
		{owner, "12345", "12345"},
		{owner, "1,234", refused},
		{phone, "+44 20 7946 0000", "+44 20 7946 0000"},
		{phone, "555-0100 ask for Bob", "555-0100 ask for Bob"},
		{day, "2026-03-14", "2026-03-14"},
		{day, "14/03/2026", refused},
		{when, "2026-03-14 09:30", "2026-03-14T13:30:00.000Z"},
		{when, "2024-01-17T19:55:04Z", "2024-01-17T19:55:04.000Z"},
		{when, "tomorrow", refused},
		{text, "Head of Engines", "Head of Engines"},
		{email, "Ada@Example.COM", "ada@example.com"},
		{email, "o'brien@example.ie", "o'brien@example.ie"},
		{email, "ada@nowhere", refused},
		{email, "a..b@example.com", refused},
		{email, "adä@example.com", refused},
		{email, "ada@example.c", refused},
		{email, "ada@@example.com", refused},
	} {
		form, imp := formVerdict(t, c.p, ny, c.in), importVerdict(t, c.p, ny, c.in)
		if c.want == refused {
			assert.NotEmpty(t, form.refused, "the form refuses %s %q", c.p.Name, c.in)
			assert.NotEmpty(t, imp.refused, "the import refuses %s %q", c.p.Name, c.in)
			assert.Contains(t, imp.refused, form.refused, "%s %q: the same message", c.p.Name, c.in)
		} else {
			assert.Equal(t, verdict{sent: c.want}, form, "the form: %s %q", c.p.Name, c.in)
			assert.Equal(t, verdict{sent: c.want}, imp, "the import: %s %q", c.p.Name, c.in)
		}
		if c.p == email {
			paste := pasteVerdict(c.in)
			if c.want == refused {
				assert.Equal(t, "not an address", paste.refused, "the paste screen refuses %q", c.in)
			} else {
				assert.Equal(t, verdict{sent: c.want}, paste, "the paste screen: %q", c.in)
			}
		}
	}
}
