package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// richContact makes a contact with values of every kind, a company, a secondary email and a
// pinned note; it returns the contact's id.
func richContact(t *testing.T, c *api.Client) string {
	t.Helper()
	ctx := context.Background()
	o, err := c.CreateContact(ctx, map[string]string{
		"firstname": "Ada", "lastname": "Lovelace", "email": "ada@example.com",
		"hs_additional_emails": "ada@old.example.com", "lifecyclestage": "customer",
		"annualrevenue": "1250000", "hobbies": "hiking;chess", "vip": "true", "date_of_birth": "1815-12-10",
		"message": "line one\nline two", "favorite_food": "tea\x1b]52;c;ZXZpbA==\x07",
	})
	require.NoError(t, err)
	co, err := c.CreateObject(ctx, api.ObjectCompanies, map[string]string{"name": "Analytical Engines"})
	require.NoError(t, err)
	require.NoError(t, c.Associate(ctx, o.ID, api.ObjectCompanies, co.ID, 279))
	note, err := c.AddNote(ctx, o.ID, "<p>Discussed the <b>engine</b> &amp; its notes</p>")
	require.NoError(t, err)
	_, err = c.PinActivity(ctx, o.ID, note.ID)
	require.NoError(t, err)
	return o.ID
}

func TestDetailShowsEverythingFormatted(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		id := richContact(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newDetailPane(e, id, "Ada Lovelace"), 100, 60)
		v := hs.pane.View()
		for _, want := range []string{
			"Ada Lovelace  ada@example.com  · id " + id,
			"Companies 1 · Deals 0 · Tickets 0",
			"Secondary emails: ada@old.example.com",
			"Pinned note · ",
			"Discussed the engine & its notes",
			"Contact information",
			"Lifecycle Stage             Customer",
			"Annual Revenue              1,250,000",
			"Date of birth               1815-12-10",
			"Create Date                 2026-02-03 10:00",
			"Customer details",
			"Hobbies                     Hiking, Chess",
			"VIP                         Yes",
			"Favorite food               tea",
			"Message                     line one",
			"                            line two",
		} {
			assert.Contains(t, v, want)
		}
		assert.NotContains(t, v, "Job Title", "empty properties hide")
		assert.NotContains(t, v, "\x1b")
		hs.key(".")
		assert.Contains(t, hs.pane.View(), "Job Title                   —", "the toggle shows them")
	})
}

func TestDetailCursorHistoryAndCopy(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		id := richContact(t, c)
		e, rec := paneEnv(t, c)
		hs := drive(t, newDetailPane(e, id, ""), 100, 60)
		d := hs.pane.(*detailPane)
		assert.Equal(t, "email", d.selectedProp(), "the cursor starts on the first property")
		hs.key("j")
		assert.Equal(t, "hs_additional_emails", d.selectedProp())
		hs.key("h")
		h, ok := hs.opened().(*historyPane)
		require.True(t, ok)
		assert.Equal(t, "hs_additional_emails", h.prop)
		assert.Equal(t, id, h.contactID)

		hs.take()
		hs.key("y")
		ch := hs.asked()
		assert.Equal(t, "Additional email addresses", ch.answers[len(ch.answers)-1].does, "v copies the property's value")
		hs.answer("v")
		hs.answer("u")
		assert.Equal(t, []string{"ada@old.example.com", "https://app.hubspot.com/contacts/12345678/record/0-1/" + id}, rec.copied)
	})
}

func TestDetailOpenedByEmailAndNotFound(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		richContact(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newDetailPane(e, "ada@old.example.com", ""), 100, 40)
		assert.Equal(t, "Ada Lovelace", hs.pane.Title(), "a secondary email finds its contact")

		hs = drive(t, newDetailPane(e, "nobody@example.com", ""), 100, 40)
		out := hs.take()
		require.Len(t, out, 2)
		assert.IsType(t, backMsg{}, out[0], "the pane closes…")
		assert.Equal(t, noticeMsg{"No contact nobody@example.com in HubSpot (deleted, merged or mistyped?)"}, out[1])
	})
}

func TestDetailScrollsToKeepTheCursorOnScreen(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		id := richContact(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newDetailPane(e, id, ""), 100, 10)
		hs.key(".") // every property: far more than ten lines
		d := hs.pane.(*detailPane)
		hs.key("G")
		assert.Greater(t, d.offset, 0)
		assert.Contains(t, d.View(), "> ", "the cursor line is on screen")
		assert.Equal(t, 10, strings.Count(d.View(), "\n")+1)
		hs.key("g")
		assert.Equal(t, 0, d.offset, "at the first property the summary shows again")
	})
}

func TestHistoryOfAChangedProperty(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		ctx := context.Background()
		o, err := c.CreateContact(ctx, map[string]string{"email": "h@example.com", "jobtitle": "Engineer"})
		require.NoError(t, err)
		_, err = c.UpdateContact(ctx, o.ID, map[string]string{"jobtitle": "Lead engineer"})
		require.NoError(t, err)
		_, err = c.UpdateContact(ctx, o.ID, map[string]string{"jobtitle": ""})
		require.NoError(t, err)
		e, rec := paneEnv(t, c)
		df, err := loadDefs(ctx, e)
		require.NoError(t, err)
		hs := drive(t, newHistoryPane(e, o.ID, "h@example.com", "jobtitle", df), 100, 20)
		v := hs.pane.View()
		lines := strings.Split(v, "\n")
		assert.Contains(t, lines[0], "Job Title (jobtitle) of h@example.com")
		require.GreaterOrEqual(t, len(lines), 6)
		assert.Contains(t, lines[3], "(cleared)", "newest first")
		assert.Contains(t, lines[4], "Lead engineer")
		assert.Contains(t, lines[5], "Engineer")
		assert.Contains(t, lines[5], "2026-02-03 10:00")
		assert.Contains(t, lines[5], "Integration", "the sandbox, as HubSpot, credits a private app's writes to INTEGRATION")
		assert.Equal(t, "3 values", hs.pane.(*historyPane).Info())
		hs.key("j")
		hs.key("y")
		assert.Equal(t, []string{"Lead engineer"}, rec.copied)
	})
}

func TestDetailEnterShowsTheWholeValue(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		ctx := context.Background()
		long := strings.Repeat("word ", 2000) + "\x1b]52;c;ZXZpbA==\x07end"
		o, err := c.CreateContact(ctx, map[string]string{"email": "long@example.com", "message": long})
		require.NoError(t, err)
		e, rec := paneEnv(t, c)
		hs := drive(t, newDetailPane(e, o.ID, ""), 100, 30)
		d := hs.pane.(*detailPane)
		assert.Contains(t, d.View(), "… (enter shows it all)")
		for d.selectedProp() != "message" {
			hs.key("j")
		}
		hs.key("enter")
		v, ok := hs.opened().(*valuePane)
		require.True(t, ok)
		vs := drive(t, v, 100, 30)
		assert.Equal(t, "Message of long@example.com", v.Title())
		assert.Contains(t, v.Info(), "lines 1–28 of ")
		vs.key("G")
		assert.Contains(t, v.View(), "word end", "the end of the value, without the escape")
		assert.NotContains(t, v.View(), "\x1b")
		vs.key("y")
		assert.Len(t, rec.copied, 1)
		assert.True(t, strings.HasSuffix(rec.copied[0], "word end"))
	})
}
