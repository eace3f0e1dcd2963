package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

func TestListLoadsFirstPageWithLabels(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 120)
		e, _ := paneEnv(t, c)
		hs := drive(t, newListPane(e), 100, 20)
		l := hs.pane.(*listPane)
		assert.Equal(t, 50, l.table.Len(), "one page of the config's default size")
		assert.Equal(t, "50 loaded · more", l.Info())
		v := l.View()
		assert.Contains(t, v, "First Name", "column titles are HubSpot's labels")
		assert.Contains(t, v, "person1@example.com")
		assert.Equal(t, 20, strings.Count(v, "\n")+1, "a header and only the rows that fit")
	})
}

func TestListLoadsAheadOfTheCursorToTheEnd(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 120)
		e, _ := paneEnv(t, c)
		hs := drive(t, newListPane(e), 100, 20)
		l := hs.pane.(*listPane)
		hs.key("ctrl+d")
		assert.Equal(t, 50, l.table.Len(), "more than two screens (2×19 rows) below the cursor")
		hs.key("j", "j", "j")
		assert.Equal(t, 100, l.table.Len(), "within two screens of the end: the next page loads")
		hs.key("G")
		assert.Equal(t, "person100@example.com", l.table.At(l.table.Cursor()).Value.email, "G goes to the last loaded row")
		assert.Equal(t, 120, l.table.Len(), "and loads the rest behind it")
		assert.Equal(t, "120 loaded", l.Info(), "all loaded: no 'more'")
		hs.key("G")
		assert.Equal(t, "person120@example.com", l.table.At(l.table.Cursor()).Value.email)
	})
}

func TestListDropsAStalePage(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 60)
		e, _ := paneEnv(t, c)
		l := newListPane(e)
		l.SetSize(100, 20)
		first := l.Init()
		hs := &harness{t: t, pane: l}
		hs.run(l.load("", true, 0)) // a refresh overtakes the first load
		require.Equal(t, 50, l.table.Len())
		l.table.Move(3)
		hs.run(first)
		assert.Equal(t, 3, l.table.Cursor(), "the older answer was dropped, nothing moved")
	})
}

func TestListRefreshKeepsTheCursorOnItsContact(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 120)
		e, _ := paneEnv(t, c)
		hs := drive(t, newListPane(e), 100, 20)
		l := hs.pane.(*listPane)
		hs.key("G") // 100 loaded, cursor at the 100th
		hs.key("G") // 120
		hs.key("k", "k")
		id := l.table.SelectedID()
		hs.key("r")
		assert.Equal(t, 120, l.table.Len(), "a refresh reloads as many as were loaded")
		assert.Equal(t, id, l.table.SelectedID())
	})
}

func TestListMarksOpensAndActions(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		ids := createContacts(t, c, 5)
		e, rec := paneEnv(t, c)
		hs := drive(t, newListPane(e), 100, 20)
		l := hs.pane.(*listPane)
		hs.key(" ", " ")
		assert.ElementsMatch(t, ids[:2], l.table.Marked())
		assert.Equal(t, 2, l.table.Cursor(), "space marks and moves on")
		assert.Equal(t, "2 marked (M merges them) · 5 loaded", l.Info())

		hs.key("enter")
		d, ok := hs.opened().(*detailPane)
		require.True(t, ok, "enter opens the detail")
		assert.Equal(t, ids[2], d.ref)
		assert.Equal(t, "Person 3", d.Title())

		hs.take()
		hs.key("y")
		assert.Equal(t, []string{"person1@example.com\nperson2@example.com"}, rec.copied, "y copies the marked contacts' emails, one a line")
		assert.Equal(t, []string{"Copied 2 emails"}, hs.notices())
		rec.copied = nil

		hs.take()
		hs.key("esc")
		assert.Empty(t, l.table.Marked(), "esc unmarks them all")
		hs.key("y")
		assert.Equal(t, "email", hs.asked().answers[0].does)
		hs.answer("e")
		assert.Equal(t, []string{"person3@example.com"}, rec.copied)
		assert.Equal(t, []string{"Copied email: person3@example.com"}, hs.notices())

		hs.take()
		hs.key("o")
		assert.Equal(t, []string{"https://app.hubspot.com/contacts/12345678/record/0-1/" + ids[2]}, rec.opened)
	})
}

// In the list, a, m and p act on the contact under the cursor: its detail opens with the
// relation on top, so esc goes back to the detail and again to the list (issue 12 item 2).
func TestListAMPOpenTheRelationsOfTheContactUnderTheCursor(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		ids := createContacts(t, c, 2)
		e, _ := paneEnv(t, c)
		hs := drive(t, newListPane(e), 100, 20)
		for key, want := range map[string]Pane{"a": &assocPane{}, "m": &emailsPane{}, "p": &activitiesPane{}} {
			hs.take()
			hs.key("j", key)
			out := hs.take()
			require.Len(t, out, 2, key)
			d, ok := out[0].(openMsg).pane.(*detailPane)
			require.True(t, ok, "%s: the contact's detail first", key)
			assert.Equal(t, ids[1], d.ref)
			rel := out[1].(openMsg).pane
			assert.IsType(t, want, rel, key)
			assert.Equal(t, contact{id: ids[1], name: "Person 2", email: "person2@example.com", company: "Acme"}, contactRefOf(rel), key)
			hs.key("k")
		}
		assert.Empty(t, hs.notices(), "no \"open a contact first\"")
	})
}

func TestListReadOnlyRefusesWritesWithTheReason(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 2)
		e, _ := paneEnv(t, c, func(o *Options) { o.ReadOnly = true })
		hs := drive(t, newListPane(e), 100, 20)
		hs.key("d")
		require.Len(t, hs.notices(), 1)
		assert.Contains(t, hs.notices()[0], "read-only mode: delete is off")
		var deleteHelp string
		for _, b := range hs.pane.keys() {
			if b.view(false).Help().Key == "d" {
				deleteHelp = b.view(false).Help().Desc
			}
		}
		assert.Equal(t, "delete (off)", deleteHelp, "help shows it refused")
	})
}

func TestListEmptyPortal(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		e, _ := paneEnv(t, c)
		hs := drive(t, newListPane(e), 100, 20)
		assert.Contains(t, hs.pane.View(), "No contacts in this portal yet.")
		_ = hubspottest.DefaultPortalID
	})
}

func TestListSortsOnHubSpot(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 120)
		e, _ := paneEnv(t, c)
		hs := drive(t, newListPane(e), 100, 20)
		l := hs.pane.(*listPane)
		hs.key("s", "s") // first name, then last name
		require.Equal(t, "lastname", l.sortBy)
		assert.Equal(t, "120 of 120", l.Info())
		assert.Equal(t, []string{"1", "10", "100"}, []string{l.table.At(0).Cells[1], l.table.At(1).Cells[1], l.table.At(2).Cells[1]},
			"HubSpot sorts text as text")
		assert.Contains(t, l.View(), "Last Name ▲")
		hs.key("S")
		assert.Equal(t, "99", l.table.At(0).Cells[1])
		assert.Contains(t, l.View(), "Last Name ▼")
		hs.key("s", "s", "s", "s")
		assert.Equal(t, "", l.sortBy, "past the last column: HubSpot's own order again")
		assert.Equal(t, "50 loaded · more", l.Info())
	})
}

func TestListMouseWheelAndClicks(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 40)
		e, _ := paneEnv(t, c)
		hs := drive(t, newListPane(e), 100, 20)
		l := hs.pane.(*listPane)
		hs.send(tea.MouseMsg{Button: tea.MouseButtonWheelDown, Action: tea.MouseActionPress})
		assert.Equal(t, 3, l.table.Offset(), "the wheel scrolls")
		assert.Equal(t, 3, l.table.Cursor(), "and the cursor comes along")
		hs.send(tea.MouseMsg{Y: 5, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
		assert.Equal(t, "person8@example.com", l.table.At(l.table.Cursor()).Value.email, "a click selects the row (line 5 under the header, from row 4)")
		assert.Nil(t, hs.opened())
		hs.send(tea.MouseMsg{Y: 5, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
		d, ok := hs.opened().(*detailPane)
		require.True(t, ok, "a second click opens it")
		assert.Equal(t, "Person 8", d.name)
	})
}
