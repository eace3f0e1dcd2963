package ui

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// A value HubSpot already holds is not the user's to fix before saving something else: only
// the fields the user changed are checked on save; a stored value that fails its check is
// flagged next to its field and sent nowhere.

func TestFlowUntouchedFreeTextPhoneDoesNotBlockSavingTheJobTitle(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		const phone = "555-0100 ask for Bob" // imported: HubSpot takes free text in a phone number
		ada := adaLovelace(t, c, map[string]string{"phone": phone})
		tm := app(t, c, func(o *Options) { o.Open = "ada@example.com" })
		screenShows(t, tm, "Ada Lovelace  ada@example.com")
		sendKeys(tm, "e")
		screenShows(t, tm, "Edit Ada Lovelace", "does not look like a phone number", "left as it is unless you change it")
		sendKeys(tm, "down", "down", "down", "down", "ctrl+u") // first name, last name, email, phone, job title
		tm.Type("Head of Engines")
		sendKeys(tm, "ctrl+s")
		screenShows(t, tm, "Save 1 change to Ada Lovelace?", "Intern → Head of Engines")
		sendKeys(tm, "y")
		screenShows(t, tm, "Saved 1 change to Ada Lovelace")
		leaveApp(t, tm, false)

		got := freshContact(t, c, ada.ID, "jobtitle", "phone")
		assert.Equal(t, "Head of Engines", got.Properties["jobtitle"], "HubSpot stored the new job title")
		assert.Equal(t, phone, got.Properties["phone"], "and the untouched phone as it was")
		ps := patches(t, srv)
		require.Len(t, ps, 1)
		assert.Equal(t, map[string]string{"jobtitle": "Head of Engines"}, ps[0].props, "the phone was not sent")
	})
}

func TestFlowUntouchedValueThatFailsItsRuleIsFlaggedNotChecked(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		// A lead status whose option was removed from the property since it was set: HubSpot keeps
		// the value, and would refuse it if it were written now.
		require.NoError(t, srv.Store().Do(func(tx *hubspottest.Tx) error {
			tx.SetProps(tx.Get(hubspottest.Contacts, ada.ID), map[string]string{"hs_lead_status": "RETIRED"}, "IMPORT")
			return nil
		}))
		tm := app(t, c, func(o *Options) { o.Open = "ada@example.com" })
		screenShows(t, tm, "Ada Lovelace  ada@example.com")
		sendKeys(tm, "e")
		screenShows(t, tm, "Edit Ada Lovelace", `"RETIRED" is not an option of Lead Status`, "left as it is unless you change it")
		sendKeys(tm, "down", "down", "down", "down", "ctrl+u")
		tm.Type("Head of Engines")
		sendKeys(tm, "down", "down", "down") // past the lead status, which is checked as the cursor leaves it
		sendKeys(tm, "ctrl+s")
		screenShows(t, tm, "Save 1 change to Ada Lovelace?")
		sendKeys(tm, "y")
		screenShows(t, tm, "Saved 1 change to Ada Lovelace")
		leaveApp(t, tm, false)

		got := freshContact(t, c, ada.ID, "jobtitle", "hs_lead_status")
		assert.Equal(t, "Head of Engines", got.Properties["jobtitle"])
		assert.Equal(t, "RETIRED", got.Properties["hs_lead_status"], "the stored value is untouched")
		ps := patches(t, srv)
		require.Len(t, ps, 1)
		assert.Equal(t, map[string]string{"jobtitle": "Head of Engines"}, ps[0].props)
	})
}

func TestTypedPhoneThatDoesNotLookLikeOneIsNotedNotRefused(t *testing.T) {
	p := edProp("phone", "string", "phonenumber")
	f := newField(p, "", edDefs(time.UTC, p))
	for _, r := range "555-0100 ask for Bob" {
		f.Key(edRunes(string(r)))
	}
	f.Check()
	assert.Empty(t, f.Invalid(), "HubSpot takes free text in a phone number: the save goes on")
	assert.Contains(t, f.Note(), "does not look like a phone number")
	assert.Equal(t, "555-0100 ask for Bob", f.Kind.Value(), "sent as typed")
	f.Key(edRunes("!"))
	assert.Empty(t, f.Note(), "an edit clears the doubt until the field is left again")
}
