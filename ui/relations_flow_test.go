package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Flows of the relation panes: the whole app (the tui harness) on the sandbox through the real
// client, each checked afterwards by a fresh read through the API layer. Every frame is kept, so
// a test can look at everything the app drew.

// term is a running app; it keeps everything the app drew.
type term struct {
	t  *testing.T
	tm *tui
}

// startOn starts the app on a contact (as `hubcontacts EMAIL`).
func startOn(t *testing.T, c *api.Client, email string, mods ...func(*Options)) *term {
	t.Helper()
	mods = append([]func(*Options){func(o *Options) { o.Open = email }}, mods...)
	return &term{t: t, tm: app(t, c, mods...)}
}

// shows waits until the screen shows every text.
func (tt *term) shows(texts ...string) {
	tt.t.Helper()
	screenShows(tt.t, tt.tm, texts...)
}

// matches waits until the screen matches re.
func (tt *term) matches(re string) {
	tt.t.Helper()
	screenMatches(tt.t, tt.tm, re)
}

func (tt *term) keys(ks ...string) { keys(tt.tm, ks...) }

func (tt *term) typeText(s string) { tt.tm.Type(s) }

// quit ends the app and returns everything it drew.
func (tt *term) quit() (*App, []byte) {
	tt.t.Helper()
	m := quit(tt.t, tt.tm)
	return m, []byte(tt.tm.frames.String())
}

// onDetail starts the app on Ada's detail and waits for it.
func onDetail(t *testing.T, c *api.Client, mods ...func(*Options)) *term {
	t.Helper()
	tt := startOn(t, c, "ada@example.com", mods...)
	tt.shows("Ada Lovelace  ada@example.com", "Companies 2 · Deals 1 · Tickets 1")
	return tt
}

// deletes lists the DELETE requests the sandbox served.
func deletes(srv *hubspottest.Server) []string {
	var out []string
	for _, r := range srv.Requests() {
		if r.Method == http.MethodDelete {
			out = append(out, r.Path)
		}
	}
	return out
}

// removals lists the association removals sent, "fromType fromID toType toID typeID" for each
// type removed, whichever family's endpoint carried it: v3's DELETE …/{toObjectId}/{typeId},
// or the dated family's POST …/batch/labels/archive (a DELETE of a whole pair is "… all").
func removals(t *testing.T, srv *hubspottest.Server) []string {
	t.Helper()
	v3 := regexp.MustCompile(`^/crm/v3/objects/([^/]+)/([^/]+)/associations/([^/]+)/([^/]+)/(\d+)$`)
	pair := regexp.MustCompile(`^/crm/(?:v4/)?objects/(?:[^/]+/)?([^/]+)/([^/]+)/associations/([^/]+)/([^/]+)$`)
	archive := regexp.MustCompile(`^/crm/(?:v4/associations|associations/[^/]+)/([^/]+)/([^/]+)/batch/labels/archive$`)
	var out []string
	for _, r := range srv.Requests() {
		if m := v3.FindStringSubmatch(r.Path); m != nil && r.Method == http.MethodDelete {
			out = append(out, strings.Join(m[1:], " "))
		} else if m := pair.FindStringSubmatch(r.Path); m != nil && r.Method == http.MethodDelete {
			out = append(out, strings.Join(m[1:], " ")+" all")
		} else if m := archive.FindStringSubmatch(r.Path); m != nil && r.Method == http.MethodPost {
			var body struct {
				Inputs []struct {
					From, To struct{ ID string }
					Types    []struct{ AssociationTypeID int }
				}
			}
			require.NoError(t, json.Unmarshal(r.Body, &body), "%s", r.Body)
			for _, in := range body.Inputs {
				for _, typ := range in.Types {
					out = append(out, fmt.Sprintf("%s %s %s %s %d", m[1], in.From.ID, m[2], in.To.ID, typ.AssociationTypeID))
				}
			}
		}
	}
	return out
}

func TestFlowAssociateACompanyWithALabelThenRemoveIt(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		f := relSetup(t, c)
		tt := onDetail(t, c)
		tt.keys("a")
		tt.shows("Associations of Ada Lovelace", "2 companies · 1 deal · 1 ticket", "Analytical Engines (primary)")
		tt.keys("n")
		tt.shows("Associate Ada Lovelace with…", "1 Company")
		tt.keys("1")
		tt.shows("3 found")
		tt.typeText("babbage")
		tt.shows("1 found", "Babbage Works", "babbage.example")
		tt.keys("enter")
		tt.shows("Associate Ada Lovelace with company Babbage Works as…", "Billing contact", "Former employee")
		tt.keys("j", "j", "enter")
		tt.shows("Associated Ada Lovelace with company Babbage Works (Billing contact)", "3 companies · 1 deal · 1 ticket")
		assert.ElementsMatch(t, []int{api.AssocContactToCompany, hubspottest.TypeContactToCompanyBilling},
			typesOf(t, c, f.contact, api.ObjectCompanies, f.babbage), "HubSpot has it with its label")

		tt.keys("j", "d") // Babbage Works: second, after the primary company
		tt.shows("Remove what between Ada Lovelace and company Babbage Works?", "a the whole association", "1 the label “Billing contact”")
		tt.keys("a")
		tt.shows("Remove the association between Ada Lovelace and company Babbage", "(default: No)")
		tt.keys("y")
		tt.shows("Removed the association between Ada Lovelace and company Babbage Works", "2 companies · 1 deal · 1 ticket")
		assert.Empty(t, typesOf(t, c, f.contact, api.ObjectCompanies, f.babbage), "gone from HubSpot")
		assert.Equal(t, []string{"contacts " + f.contact + " companies " + f.babbage + " 279"}, removals(t, srv),
			"one removal of the unlabelled type, which takes every label with it")
		tt.keys("esc")
		tt.shows("Companies 2 · Deals 1 · Tickets 1")
		m, _ := tt.quit()
		assert.IsType(t, &detailPane{}, m.top(), "esc returns to the detail")
	})
}

func TestFlowDecliningTheRemovalRemovesNothing(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		f := relSetup(t, c)
		tt := onDetail(t, c)
		tt.keys("tab")
		tt.shows("Associations of Ada Lovelace", "Evil Corp")
		for _, no := range []string{"n", "esc", "enter", "q"} {
			tt.keys("j", "d")
			tt.shows("Remove the association between Ada Lovelace and company Evil Corp?")
			tt.keys(no)
			tt.shows("n/+ add • d/x remove") // the dialog closed: the footer is the pane's again
			tt.keys("k")
		}
		m, _ := tt.quit()
		assert.IsType(t, &assocPane{}, m.top(), "q answered the box, it did not quit")
		assert.Empty(t, deletes(srv), "no DELETE was sent")
		assert.Equal(t, []int{api.AssocContactToCompany}, typesOf(t, c, f.contact, api.ObjectCompanies, f.evil))
	})
}

func TestFlowSecondaryEmailsInDefaultAndStrictMode(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		for _, mode := range []struct {
			name string
			opts []func(*hubspottest.Options)
		}{{"default", nil}, {"strict", []func(*hubspottest.Options){strict}}} {
			t.Run(mode.name, func(t *testing.T) {
				srv, c := relSandbox(t, fam, mode.opts...)
				f := relSetup(t, c)
				tt := onDetail(t, c)
				tt.keys("m")
				tt.shows("Email addresses of Ada Lovelace", "ada@old.example.com")

				tt.keys("n")
				tt.shows("Add secondary email:")
				tt.typeText("ada@engines.example")
				tt.keys("enter")
				tt.shows("Added ada@engines.example as a secondary email of Ada Lovelace")
				_, sec := addresses(t, c, f.contact)
				assert.Equal(t, []string{"ada@old.example.com", "ada@engines.example"}, sec)

				srv.ResetRequests()
				tt.keys("n")
				tt.typeText("grace@navy.example.com")
				tt.keys("enter")
				tt.shows("Address in use", "grace@navy.example.com is in use by another contact, Grace Hopper", "M compare and merge the two contacts…")
				assert.Empty(t, srv.Writes(), "refused before any write")
				tt.keys("esc", "esc") // no merge, then out of the box

				tt.keys("j", "d") // ada@old.example.com
				tt.shows("Remove the secondary email ada@old.example.com from Ada Lovelace?")
				tt.keys("y")
				tt.shows("Removed ada@old.example.com from Ada Lovelace", "1 secondary email") // the sentence, then the list reloaded under it
				_, sec = addresses(t, c, f.contact)
				assert.Equal(t, []string{"ada@engines.example"}, sec)

				tt.keys("j", "s")
				tt.shows("Make ada@engines.example the primary email of Ada Lovelace?")
				tt.keys("y")
				tt.shows("ada@engines.example is now the primary email of Ada Lovelace; ada@example.com is a secondary email")
				primary, sec := addresses(t, c, f.contact)
				assert.Equal(t, "ada@engines.example", primary)
				assert.Equal(t, []string{"ada@example.com"}, sec)

				tt.keys("esc")
				tt.shows("Ada Lovelace  ada@engines.example", "Secondary emails: ada@example.com")
				tt.keys("esc")
				tt.matches(`Lovelace +ada@engines\.example`) // the list's row has the new primary
				tt.quit()
			})
		}
	})
}

func TestFlowPinACallSeeItOnTheDetailUnpinIt(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		tt := onDetail(t, c)
		tt.keys("p")
		tt.shows("Activities of Ada Lovelace", "Renewal call", "Met at the fair")
		tt.keys("P")
		tt.shows("Pinned the call “Renewal call”: it now shows first on Ada Lovelace's record", "Call (pinned)")
		assert.Equal(t, f.call, pinnedID(t, c, f.contact))
		tt.keys("esc")
		tt.shows("Pinned call · 2026-02-02 15:30: Renewal call")
		tt.quit()

		again := startOn(t, c, "ada@example.com") // a new session reads everything afresh from HubSpot
		again.shows("Ada Lovelace  ada@example.com", "Pinned call · 2026-02-02 15:30: Renewal call")
		again.keys("shift+tab") // the activities, from the other side of the cycle
		again.shows("Activities of Ada Lovelace", "Call (pinned)")
		again.keys("P")
		again.shows("Unpinned the call “Renewal call” from Ada Lovelace")
		assert.Equal(t, "", pinnedID(t, c, f.contact))
		again.quit()

		last := startOn(t, c, "ada@example.com")
		last.shows("Companies 2 · Deals 1 · Tickets 1", "Contact information")
		_, out := last.quit()
		assert.NotContains(t, string(out), "Pinned", "unpinned for good")
	})
}

func TestFlowPinFromTheFullViewSurvivesARefresh(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		tt := onDetail(t, c)
		tt.keys("p")
		tt.shows("Renewal call")
		tt.keys("enter")
		tt.shows("Call · 2026-02-02 15:30", "Direction   Outbound", "Next: send terms.")
		tt.keys("P")
		tt.shows("Call · 2026-02-02 15:30 · pinned")
		tt.keys("esc")
		tt.shows("Call (pinned)")
		tt.keys("esc")
		tt.shows("Pinned call · 2026-02-02 15:30")
		_, err := c.UpdateContact(context.Background(), f.contact, map[string]string{"jobtitle": "Countess"})
		require.NoError(t, err)
		tt.keys("r")
		tt.shows("Countess") // the refresh has landed
		m, _ := tt.quit()
		assert.Equal(t, f.call, pinnedID(t, c, f.contact))
		d := m.top().(*detailPane)
		require.NotNil(t, d.data.pinned, "after the refresh the pin is still there")
		assert.Equal(t, f.call, d.data.pinned.ID)
		assert.Contains(t, d.View(), "Pinned call · 2026-02-02 15:30: Renewal call")
	})
}

func TestFlowHostileValuesRenderInert(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		relSetup(t, c)
		tt := onDetail(t, c)
		tt.keys("a")
		tt.shows("Evil Corp", "Deal red", "Ticket  done")
		tt.keys("p")
		tt.shows("Met at the fair ok FAKE")
		tt.keys("j", "enter")
		tt.shows("Note · 2026-02-01 09:00", "ok FAKE")
		tt.keys("esc", "tab", "tab") // activities → detail → associations
		tt.shows("Evil Corp")
		_, out := tt.quit()
		for _, s := range injected {
			assert.NotContains(t, string(out), s, "the terminal received %q", s)
		}
		assert.NotContains(t, string(out), "pwned")
		assert.NotContains(t, string(out), "ZXZpbA==", "the OSC 52 payload went with its sequence")
	})
}

func TestFlowReadOnlyRefusesTheWritesWithTheReason(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		relSetup(t, c)
		tt := onDetail(t, c, func(o *Options) { o.ReadOnly = true })
		srv.ResetRequests()
		tt.keys("a", "n")
		tt.shows("read-only mode: add is off")
		tt.keys("d")
		tt.shows("read-only mode: remove is off")
		tt.keys("m", "j", "s")
		tt.shows("read-only mode: make primary is off")
		tt.keys("p", "P")
		tt.shows("read-only mode: pin/unpin is off")
		tt.keys("?")
		tt.shows("Keys for Activities", "pin/unpin (off)")
		tt.quit()
		assert.Empty(t, srv.Writes())
	})
}

// seeded is a sandbox with the seed's fixtures (a few records besides), and a client.
func seeded(t *testing.T, fam families.Family, mods ...func(*hubspottest.Options)) (*hubspottest.Server, *api.Client) {
	t.Helper()
	mods = append([]func(*hubspottest.Options){func(o *hubspottest.Options) {
		o.Empty, o.Contacts, o.Companies, o.Deals, o.Tickets = false, 20, 10, 10, 10
	}}, mods...)
	return relSandbox(t, fam, mods...)
}

func TestFlowSeededHostileContactThroughEveryRelationPane(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := seeded(t, fam)
		tt := startOn(t, c, hubspottest.HostileContactEmail)
		tt.shows("Mallory O'Hostile")
		tt.keys("a")
		tt.shows("Evil Corp click me (primary)", "Big deal", "URGENT gnp.exe")
		tt.keys("tab")
		tt.shows("Email addresses of Mallory O'Hostile", hubspottest.HostileContactEmail)
		tt.keys("tab")
		tt.shows("Activities of Mallory O'Hostile", "Call me back", "Invoice overdue")
		for range 3 {
			tt.keys("enter")
			tt.shows("j/↓ down • k/↑ up") // the full view's keys
			tt.keys("esc")
			tt.shows("enter open")
			tt.keys("j")
		}
		_, out := tt.quit()
		for _, s := range append(hubspottest.HostileSequences(), "\rFAKE", "pwned", "ZXZpbA==", "evil.example/") {
			if s == "\r" {
				continue // the renderer's own line endings
			}
			assert.NotContains(t, string(out), s, "the terminal received %q", s)
		}
	})
}
