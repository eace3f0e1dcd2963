package bulk_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/bulk"
)

func TestReadCSVRowsAndLines(t *testing.T) {
	in := "\xEF\xBB\xBFemail,firstname,message\n" +
		"ada@example.com,Ada,\"two\nlines\"\n" +
		",,\n" +
		"bob@example.com,Bob,\"say \"\"hi\"\"\"\n"
	tab, rows, err := readAll(in)
	require.NoError(t, err)
	assert.Equal(t, []string{"email", "firstname", "message"}, tab.Header, "the byte-order mark is not part of the first name")
	require.Len(t, rows, 2)
	assert.Equal(t, 2, rows[0].Line)
	assert.Equal(t, "two\nlines", rows[0].Cells[2])
	assert.Equal(t, 5, rows[1].Line, "a quoted newline moves the next row's line")
	assert.Equal(t, `say "hi"`, rows[1].Cells[2])
	assert.Equal(t, 1, tab.Blank)
	assert.Equal(t, ',', tab.Comma)
}

func TestReadCSVSeparatorFromHeader(t *testing.T) {
	for sep, in := range map[rune]string{
		';':  "email;firstname;\"Job, title\"\nada@example.com;Ada;Engineer, chief\n",
		'\t': "email\tfirstname\tcompany\nada@example.com\tAda\tAcme, Inc.\n",
	} {
		tab, rows, err := readAll(in)
		require.NoError(t, err)
		assert.Equal(t, sep, tab.Comma)
		assert.Len(t, tab.Header, 3)
		assert.Len(t, rows[0].Cells, 3)
	}
}

// Each malformed case names the line at fault (and what to do).
func TestReadCSVMalformedNamesTheLine(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
	}{
		{"row with too few fields", "email,firstname,lastname\nada@example.com,Ada,L\nbob@example.com,Bob\n",
			[]string{"line 3:", "2 fields, but the header has 3"}},
		{"row with too many fields", "email,firstname\nada@example.com,Ada\nbob@example.com,Bob,extra\ncy@example.org,Cy\n",
			[]string{"line 3:", "3 fields, but the header has 2"}},
		{"bare quote", "email,firstname\nada@example.com,Ada\nbob@example.com,Bo\"b\n",
			[]string{"line 3, character 19:", `a " inside a field`}},
		{"text after a closing quote", "email,firstname\nada@example.com,\"Ada\"x\n",
			[]string{"line 2:", "a quoted field is not closed properly"}},
		{"quote never closed on the last line", "email,firstname\nada@example.com,Ada\nbob@example.com,\"Bob\n",
			[]string{"line 3:", "a quoted field is not closed properly"}},
		{"quote never closed", "email,firstname\nada@example.com,Ada\nbob@example.com,\"Bob\ncy@example.org,Cy\n",
			[]string{"line 3:", "a quoted field starts here and is not closed"}},
		{"not UTF-8 (Latin-1)", "email,firstname\nada@example.com,Ada\nzoe@example.com,Zo\xe9\n",
			[]string{"line 3, column 2 (firstname):", "not UTF-8 text (byte 0xE9)", "CSV UTF-8"}},
		{"UTF-16", "\xFF\xFEe\x00m\x00", []string{"line 1:", "UTF-16"}},
		{"empty file", "", []string{"line 1:", "empty"}},
		{"column without a name", "email,,lastname\nada@example.com,x,L\n", []string{"line 1, column 2:", "without a name"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, rows, err := readAll(c.in)
			require.Error(t, err)
			assert.Nil(t, rows)
			var fe *bulk.FileError
			require.True(t, errors.As(err, &fe), "%T", err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestReadCSVReportsEveryRaggedLine(t *testing.T) {
	in := "email,firstname\na@x.com,A\nb@x.com\nc@x.com,C,D\nd@x.com,D\n"
	_, _, err := readAll(in)
	var fe *bulk.FileError
	require.True(t, errors.As(err, &fe))
	require.Len(t, fe.Problems, 2)
	assert.Equal(t, 3, fe.Problems[0].Line)
	assert.Equal(t, 4, fe.Problems[1].Line)
	assert.Contains(t, err.Error(), "(and 1 more problem)")
}

// FuzzReadCSV: any bytes either read into a rectangular table of UTF-8 cells with rising line
// numbers, or fail with a *FileError whose every problem names a line. Never a panic.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"email,firstname\nada@example.com,Ada\n", "a;b\n1;2\n", "a\tb\n\"x\ty\"\t2\n", "a,b\n1\n", "a,b\n\"1,2\n",
		"a,b\n1,x\"y\n", "\xEF\xBB\xBFa\n1\n", "\xFF\xFEa", "a,b\n\xe9,1\n", "", "\n\n", "a,\n", "a\r\n1\r\n\"\"\"\"\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, rows, err := readAll(string(data))
		if err != nil {
			var fe *bulk.FileError
			require.True(t, errors.As(err, &fe), "%T: %v", err, err)
			require.NotEmpty(t, fe.Problems)
			require.True(t, strings.HasPrefix(err.Error(), "the CSV file is malformed: line "), err.Error())
			return
		}
		require.NotEmpty(t, tab.Header)
		prev := 1
		for _, r := range rows {
			require.Len(t, r.Cells, len(tab.Header))
			require.Greater(t, r.Line, prev-1)
			require.GreaterOrEqual(t, r.Line, 2)
			prev = r.Line + 1
			for _, c := range r.Cells {
				require.True(t, utf8.ValidString(c))
			}
		}
	})
}
