package ui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Batch edit sets an owner chosen in the picker by part of an email; the question names the
// owner, HubSpot stores the id, and the list's column shows the name.
func TestBatchSetsAnOwnerChosenByName(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ids := createContacts(t, c, 2)
		hs, b := batchOn(t, c, targetsOf(ids), ownerProperty)
		hs.take()
		hs.typeIn("g")
		p, ok := hs.opened().(*pickerPane)
		require.True(t, ok, "typing in the owner field opens the owner picker")
		assert.Equal(t, "g", p.input.Value(), "with the letter typed")
		for _, r := range "race.h" { // the picker, on top, takes the next keys
			p.typeKey(press(string(r)))
		}
		require.NotEmpty(t, p.items)
		assert.Equal(t, "Grace Hopper", p.items[0].label, "found by her email")
		hs.in(func() tea.Cmd { return p.then(p.items[0], true) })
		assert.Equal(t, "41629781", b.field.Kind.Value())
		q := confirmRun(t, hs)
		assert.Equal(t, "Set Contact owner to Grace Hopper on 2 contacts?", q.text)
		for _, id := range ids {
			assert.Equal(t, "41629781", freshContact(t, c, id, ownerProperty).Properties[ownerProperty])
		}

		e, _ := paneEnv(t, c)
		df, err := loadDefs(e.ctx, e)
		require.NoError(t, err)
		cols := columns{keys: []string{nameColumn, ownerProperty}, defs: df}
		assert.Equal(t, "Contact owner", cols.title(ownerProperty))
		r := cols.row(freshContact(t, c, ids[0], ownerProperty))
		assert.Equal(t, "Grace Hopper", r.Cells[1], "the list's column names the owner")
		assert.Equal(t, "Former Employee (deactivated)", df.value(ownerProperty, hubspottest.ArchivedOwnerID))
		assert.Equal(t, "99", df.value(ownerProperty, "99"), "an id no owner has shows as it is")
	})
}
