package ui

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestHostileValuesThroughTheEditPanes drives the form (with a multi-line field added), the
// change review, the discard question, a batch edit and its results, and the delete question
// over a contact holding hostile values, and checks every byte written to the terminal.
func TestHostileValuesThroughTheEditPanes(t *testing.T) {
	_, c := editSandbox(t)
	createContacts(t, c, 3)
	hostileContact(t, c)
	tm := app(t, c)
	var out bytes.Buffer
	screenShowsInto(t, tm, &out, "Mallory", "4 loaded")
	sendKeys(tm, "G", "e")
	screenShowsInto(t, tm, &out, "Edit Mallory EvilRED", "holds hidden characters")
	for _, add := range []struct{ label, row string }{
		{"message", "> Message                   Paid: no␍Paid: YES"},
		{"favorite food", "> Favorite food             tea␛]0;window title␇"},
	} {
		sendKeys(tm, "ctrl+n")
		tm.Type(add.label)
		screenShowsInto(t, tm, &out, "/ "+add.label+"|")
		sendKeys(tm, "enter")
		screenShowsInto(t, tm, &out, add.row)
	}
	tm.Type(" x")
	sendKeys(tm, "ctrl+s")
	screenShowsInto(t, tm, &out, "Save 1 change to Mallory EvilRED?", "Favorite food")
	sendKeys(tm, "esc", "esc")
	screenShowsInto(t, tm, &out, "Discard changes?")
	sendKeys(tm, "y")
	screenShowsInto(t, tm, &out, "4 loaded")
	sendKeys(tm, " ")
	screenShowsInto(t, tm, &out, "1 marked")
	sendKeys(tm, "e")
	screenShowsInto(t, tm, &out, "Property to set on 1 contact")
	tm.Type("job title")
	sendKeys(tm, "enter")
	tm.Type("Boss")
	sendKeys(tm, "ctrl+s", "y")
	screenShowsInto(t, tm, &out, "Updated: 1 of 1", "+ Mallory EvilRED (mallory@example.com)")
	sendKeys(tm, "esc", "d")
	screenShowsInto(t, tm, &out, "Delete Mallory EvilRED (mallory@example.com)?")
	sendKeys(tm, "n")
	m := quit(t, tm)
	out.Write(screenOut(tm))
	assert.Empty(t, leaked(out.Bytes()), "the terminal got bytes from the data")
	for _, p := range m.stack {
		assert.NotContains(t, p.View(), "\x1b", "%s", p.Title())
	}
}
