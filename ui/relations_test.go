package ui

import (
	"context"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Hostile values the relation panes must render inert: screen clears, clipboard and title
// writes, colours, a C1 CSI, a carriage return and a bidi override.
const (
	hostileCompany = "Evil\x1b[2J\x1b[H Corp\x1b]52;c;ZXZpbA==\x07"
	hostileDeal    = "Deal \x1b[31mred\x1b[0m\u202e\u009b2J"
	hostileNote    = "<p>Met at the \x1b]0;pwned\x07fair</p><p>ok\rFAKE &#27;[2J</p>"
	hostileTicket  = "Ticket \x1bP+qdata\x1b\\ done"
)

// injected are byte sequences that only the hostile values could have put in the output (the
// renderer writes plain CSI cursor moves, never these).
var injected = []string{"\x1b]", "\x07", "\x1bP", "\x1b[31m", "\x1b[2J\x1b[H", "\u009b", "\u202e", "\rFAKE"}

// skipClock is the API layer's clock for these tests: a sleep (pacing, backoff, a 429's wait)
// moves the time on at once instead of waiting, so no test here waits on the wall clock.
type skipClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *skipClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *skipClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return ctx.Err()
}

// relSandbox is sandbox with a client on a skipClock.
func relSandbox(t *testing.T, fam families.Family, mods ...func(*hubspottest.Options)) (*hubspottest.Server, *api.Client) {
	t.Helper()
	srv, _ := sandbox(t, fam, mods...)
	c, err := api.New(api.Config{BaseURL: srv.URL, Token: srv.Token, APIVersion: fam.Version, Clock: &skipClock{now: testStart}})
	require.NoError(t, err)
	return srv, c
}

// relFixture is a contact with companies (one primary, one labelled, one hostile), a deal, a
// ticket, a secondary email and activities; plus another contact holding addresses of its own.
type relFixture struct {
	contact, other               string // ids
	engines, evil, babbage, deal string
	ticket, note, call           string
}

func relSetup(t *testing.T, c *api.Client) relFixture {
	t.Helper()
	ctx := context.Background()
	var f relFixture
	f.contact = mustCreate(t, c, api.ObjectContacts, map[string]string{"firstname": "Ada", "lastname": "Lovelace", "email": "ada@example.com"})
	f.other = mustCreate(t, c, api.ObjectContacts, map[string]string{"firstname": "Grace", "lastname": "Hopper", "email": "grace@example.com"})
	require.NoError(t, c.AddSecondaryEmail(ctx, f.contact, "ada@old.example.com"))
	require.NoError(t, c.AddSecondaryEmail(ctx, f.other, "grace@navy.example.com"))
	f.engines = mustCreate(t, c, api.ObjectCompanies, map[string]string{"name": "Analytical Engines", "domain": "engines.example"})
	f.evil = mustCreate(t, c, api.ObjectCompanies, map[string]string{"name": hostileCompany})
	f.babbage = mustCreate(t, c, api.ObjectCompanies, map[string]string{"name": "Babbage Works", "domain": "babbage.example"})
	f.deal = mustCreate(t, c, api.ObjectDeals, map[string]string{"dealname": hostileDeal, "dealstage": "contractsent", "pipeline": "default"})
	f.ticket = mustCreate(t, c, api.ObjectTickets, map[string]string{"subject": hostileTicket, "hs_pipeline_stage": "2", "hs_pipeline": "0"})
	for _, a := range []struct {
		typ, id string
		typeID  int
	}{
		{api.ObjectCompanies, f.engines, api.AssocContactToPrimaryCompany},
		{api.ObjectCompanies, f.engines, hubspottest.TypeContactToCompanyBilling},
		{api.ObjectCompanies, f.evil, api.AssocContactToCompany},
		{api.ObjectDeals, f.deal, hubspottest.TypeContactToDealDecisionMkr},
		{api.ObjectTickets, f.ticket, api.AssocContactToTicket},
	} {
		require.NoError(t, c.Associate(ctx, f.contact, a.typ, a.id, a.typeID))
	}
	f.note = mustEngage(t, c, f.contact, api.ObjectNotes, "2026-02-01T09:00:00.000Z", map[string]string{"hs_note_body": hostileNote})
	f.call = mustEngage(t, c, f.contact, api.ObjectCalls, "2026-02-02T15:30:00.000Z", map[string]string{
		"hs_call_title": "Renewal call", "hs_call_body": "<p>Discussed the <b>renewal</b>.</p><p>Next: send terms.</p>",
		"hs_call_direction": "OUTBOUND", "hs_call_duration": "250000"})
	return f
}

func mustCreate(t *testing.T, c *api.Client, typ string, props map[string]string) string {
	t.Helper()
	o, err := c.CreateObject(context.Background(), typ, props)
	require.NoError(t, err)
	return o.ID
}

// mustEngage creates an activity at a fixed time, associated with the contact.
func mustEngage(t *testing.T, c *api.Client, contact, typ, when string, props map[string]string) string {
	t.Helper()
	props["hs_timestamp"] = when
	toContact := map[string]int{api.ObjectNotes: hubspottest.TypeNoteToContact, api.ObjectCalls: hubspottest.TypeCallToContact}[typ]
	o, err := c.CreateObject(context.Background(), typ, props, api.AssociationInput{ToID: contact, TypeID: toContact})
	require.NoError(t, err)
	return o.ID
}

// adaRef is the fixture's contact as a relation pane gets it.
func adaRef(f relFixture) contact {
	return contact{id: f.contact, name: "Ada Lovelace", email: "ada@example.com"}
}

// reloads lists the pane ids the kept messages ask to reload.
func reloads(msgs []tea.Msg) []int {
	var out []int
	for _, m := range msgs {
		if r, ok := m.(reloadMsg); ok {
			out = append(out, r.pane)
		}
	}
	return out
}

// related lists the contacts the kept messages say changed (every detail showing one reloads).
func related(msgs []tea.Msg) []string {
	var out []string
	for _, m := range msgs {
		if r, ok := m.(relatedMsg); ok {
			out = append(out, r.contact)
		}
	}
	return out
}

// askedIn returns the last question the pane asked among the kept messages.
func askedIn(t *testing.T, msgs []tea.Msg) question {
	t.Helper()
	for i := len(msgs) - 1; i >= 0; i-- {
		if a, ok := msgs[i].(askedMsg); ok {
			return a.q
		}
	}
	require.FailNow(t, "no question was asked", "kept: %v", msgs)
	return question{}
}

// noInjected asserts that none of the hostile sequences reached out.
func noInjected(t *testing.T, out string) {
	t.Helper()
	for _, s := range injected {
		assert.NotContains(t, out, s)
	}
}

func TestRelationKeysCycleAndJump(t *testing.T) {
	e := testEnv()
	c := contact{id: "1", name: "Ada"}
	cases := []struct {
		from relation
		key  string
		to   Pane // nil: back to the detail
	}{
		{relAssociations, "tab", &emailsPane{}}, {relEmails, "tab", &activitiesPane{}},
		{relActivities, "tab", nil}, {relAssociations, "shift+tab", nil},
		{relEmails, "shift+tab", &assocPane{}}, {relActivities, "a", &assocPane{}}, {relAssociations, "m", &emailsPane{}},
		{relEmails, "p", &activitiesPane{}},
	}
	for _, tc := range cases {
		p := relationPane(e, c, tc.from)
		cmd, ok := runKey(p.keys(), press(tc.key), false, false)
		require.True(t, ok, "%d + %s", tc.from, tc.key)
		assert.Nil(t, cmd)
		nav := p.base().takeNav()
		require.NotEmpty(t, nav)
		assert.Nil(t, nav[0].next, "the pane gives way first")
		if tc.to == nil {
			assert.Len(t, nav, 1, "%d + %s: back to the detail", tc.from, tc.key)
		} else {
			require.Len(t, nav, 2)
			assert.IsType(t, tc.to, nav[1].next, "%d + %s", tc.from, tc.key)
		}
	}
	_, ok := runKey(relationPane(e, c, relEmails).keys(), press("j"), false, false)
	assert.True(t, ok, "j moves in the table")
	_, ok = runKey(relationPane(e, c, relEmails).keys(), press("z"), false, false)
	assert.False(t, ok)
}

func TestRelationPanesSwitchInPlaceAndTabBackToTheDetail(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newAssocPane(e, adaRef(f)), 100, 30)
		hs.take()
		hs.key("tab")
		out := hs.take()
		require.Len(t, out, 2, "back, then open: the emails pane takes the associations pane's place")
		assert.IsType(t, backMsg{}, out[0])
		assert.IsType(t, &emailsPane{}, out[1].(openMsg).pane)
		hs.key("shift+tab")
		assert.Equal(t, []tea.Msg{backMsg{}}, hs.take(), "shift+tab from associations is the detail again")
		hs.key("a")
		assert.Empty(t, hs.take(), "a in the associations pane stays")
	})
}

func TestDetailOpensTheRelationPanes(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newDetailPane(e, f.contact, ""), 100, 30)
		for key, want := range map[string]Pane{"tab": &assocPane{}, "a": &assocPane{}, "m": &emailsPane{}, "p": &activitiesPane{}, "shift+tab": &activitiesPane{}} {
			hs.take()
			hs.key(key)
			p := hs.opened()
			require.IsType(t, want, p, key)
			ref := contactRefOf(p)
			assert.Equal(t, contact{id: f.contact, name: "Ada Lovelace", email: "ada@example.com"}, ref, key)
		}
	})
}

func contactRefOf(p Pane) contact {
	switch p := p.(type) {
	case *assocPane:
		return p.contact
	case *emailsPane:
		return p.contact
	case *activitiesPane:
		return p.contact
	}
	return contact{}
}

func TestDetailReloadsWhenAsked(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newDetailPane(e, f.contact, ""), 100, 30)
		assert.NotContains(t, hs.pane.View(), "Pinned call")
		_, err := c.PinActivity(context.Background(), f.contact, f.call)
		require.NoError(t, err)
		hs.send(reloadMsg{pane: hs.pane.ID()})
		assert.Contains(t, hs.pane.View(), "Pinned call · 2026-02-02 15:30: Renewal call — Discussed the renewal. Next: send terms.")
		_, err = c.PinActivity(context.Background(), f.contact, f.note)
		require.NoError(t, err)
		hs.send(relatedMsg{contact: f.other})
		assert.Contains(t, hs.pane.View(), "Pinned call", "another contact's change leaves it be")
		hs.send(relatedMsg{contact: f.contact}) // a relation pane changed this contact
		assert.Contains(t, hs.pane.View(), "Pinned note · 2026-02-01 09:00: Met at the fair ok FAKE", "a note has no title: the body alone (a CR in HTML is a space)")

	})
}

func TestRelationPanesSayWhyTheyCouldNotLoad(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		require.NoError(t, c.DeleteContact(context.Background(), f.contact), "deleted elsewhere while the detail was open")
		e, _ := paneEnv(t, c)
		for _, p := range []Pane{newAssocPane(e, adaRef(f)), newEmailsPane(e, adaRef(f)), newActivitiesPane(e, adaRef(f))} {
			hs := drive(t, p, 100, 20)
			v := hs.pane.View()
			assert.Contains(t, v, "✗ Could not load the ", "%T", p)
			assert.Contains(t, v, "r tries again.")
			assert.NotContains(t, v, "Loading")
		}
	})
}
