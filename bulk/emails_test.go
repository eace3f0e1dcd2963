package bulk_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

func TestSplitEmailsSeparatorsAsCopied(t *testing.T) {
	cases := map[string]string{
		"lines":         "ada@example.com\nbob@example.com\r\ncy@example.org\n",
		"commas":        "ada@example.com, bob@example.com,cy@example.org",
		"semicolons":    "ada@example.com; bob@example.com;cy@example.org;",
		"spaces":        "ada@example.com bob@example.com   cy@example.org",
		"tabs (a row)":  "ada@example.com\tbob@example.com\tcy@example.org",
		"mail client":   `"Lovelace, Ada" <ada@example.com>, Bob <bob@example.com>; <cy@example.org>`,
		"mailto":        "mailto:ada@example.com\nMAILTO:bob@example.com?subject=Hi\n(cy@example.org).",
		"mixed and odd": " Ada@Example.COM ;\n\n bob@EXAMPLE.com,\t'cy@example.org' ",
	}
	want := []string{"ada@example.com", "bob@example.com", "cy@example.org"}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			p := bulk.SplitEmails(text)
			assert.Equal(t, want, p.Emails)
			assert.Zero(t, p.Repeats)
			assert.Empty(t, p.Invalid)
		})
	}
}

func TestSplitEmailsRepeatsInvalidAndIgnored(t *testing.T) {
	text := "Email\nada@example.com\nADA@example.com\nbob@example\nAda Lovelace\tada@Example.com\nnot-an-address@\n@nobody.com\ncy@example.org"
	p := bulk.SplitEmails(text)
	assert.Equal(t, []string{"ada@example.com", "cy@example.org"}, p.Emails)
	assert.Equal(t, 2, p.Repeats, "the two other spellings of ada@example.com")
	assert.Equal(t, []string{"bob@example", "not-an-address@", "@nobody.com"}, p.Invalid)
	assert.Equal(t, []string{"Email", "Ada Lovelace"}, p.Ignored)
}

func TestSplitEmailsEmpty(t *testing.T) {
	p := bulk.SplitEmails(" \n\t,;; \r\n")
	assert.Empty(t, p.Emails)
	assert.Empty(t, p.Invalid)
	assert.Empty(t, p.Ignored)
}

// FuzzSplitEmails: whatever is pasted, every address returned is valid, lower-case, distinct,
// and was in the text; nothing is counted twice; nothing panics.
func FuzzSplitEmails(f *testing.F) {
	for _, s := range []string{
		"ada@example.com", "a@b.co,\"x, y\" <c@d.org>;\tmailto:E@F.net?x", "<<>>\"\"\n@@", "Ada <ada@example.com",
		"ada@example.com ADA@EXAMPLE.COM", "\xff@example.com", "a\u00a0b@example.com",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		p := bulk.SplitEmails(text)
		seen := map[string]bool{}
		lower := strings.ToLower(text)
		for _, e := range p.Emails {
			_, err := value.Email(e)
			require.NoError(t, err, "invalid address returned: %q", e)
			require.Equal(t, strings.ToLower(e), e)
			require.False(t, seen[e], "returned twice: %q", e)
			seen[e] = true
			require.Contains(t, lower, e, "not in the text")
		}
		for _, s := range p.Invalid {
			require.Contains(t, s, "@")
			_, err := value.Email(s)
			require.Error(t, err, "a valid address listed as invalid: %q", s)
		}
		for _, s := range p.Ignored {
			require.NotEmpty(t, s)
			require.NotContains(t, s, "@")
		}
		if utf8.ValidString(text) {
			total := len(p.Emails) + p.Repeats + len(p.Invalid) + len(p.Ignored)
			require.LessOrEqual(t, total, len(text), "more entries than bytes")
		}
	})
}
