package bulk_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// A header that does not map says, column by column, which columns need a choice and what they
// could be, so the TUI can ask for each (the command line's --map answers the same question);
// the choices then map the file, by the same code.
func TestMappingErrorSaysWhichColumnsNeedAChoice(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		defs := contactDefs(t, fam)
		header := []string{"E-mail", "Frist name", "Favourite colour", "Notes"}
		_, err := bulk.MapHeader(header, defs, bulk.MapOptions{})
		var me *bulk.MappingError
		require.True(t, errors.As(err, &me), "%v", err)
		require.Len(t, me.Columns, 4, "every column, in the file's order")
		byHeader := map[string]bulk.Column{}
		for _, c := range me.Columns {
			byHeader[c.Header] = c
		}
		assert.Empty(t, byHeader["E-mail"].Unmapped)
		assert.Equal(t, "email", byHeader["E-mail"].Property.Name)
		frist := byHeader["Frist name"]
		assert.Equal(t, `matches no property (did you mean firstname, "First Name"?)`, frist.Unmapped)
		require.Len(t, frist.Candidates, 1)
		assert.Equal(t, "firstname", frist.Candidates[0].Name)
		assert.Equal(t, "matches no property", byHeader["Favourite colour"].Unmapped)
		assert.Empty(t, byHeader["Favourite colour"].Candidates)
		assert.NotEmpty(t, byHeader["Notes"].Unmapped)

		m, err := bulk.MapHeader(header, defs, bulk.MapOptions{Map: map[string]string{"Frist name": "firstname", "Favourite colour": "", "Notes": ""}})
		require.NoError(t, err)
		assert.Equal(t, "firstname", m.Columns[1].Property.Name)
		assert.Len(t, m.Imported(), 2)
	})
}

func TestMappingErrorNamesTheCandidatesOfAnAmbiguousColumn(t *testing.T) {
	defs := []api.Property{{Name: "email", Label: "Email", Type: "string"},
		{Name: "work_phone", Label: "Work Phone", Type: "string"}, {Name: "office_phone", Label: "Work phone", Type: "string"}}
	_, err := bulk.MapHeader([]string{"email", "Work Phone"}, defs, bulk.MapOptions{})
	var me *bulk.MappingError
	require.True(t, errors.As(err, &me), "%v", err)
	c := me.Columns[1]
	assert.Equal(t, "could be any of work_phone, office_phone", c.Unmapped)
	assert.Contains(t, err.Error(), `column "Work Phone" could be any of work_phone, office_phone; choose with --map "Work Phone"=NAME`)
	require.Len(t, c.Candidates, 2)
	assert.Equal(t, "office_phone", c.Candidates[1].Name)
}
