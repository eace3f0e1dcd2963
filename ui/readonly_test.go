package ui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// With --read-only the keys refuse every write (TestReadOnlyRefusesEveryWriteKeyWithTheReason
// and friends), and below them the API client refuses too, as cmd builds it. Here every write
// path of every pane is driven past its key, as a pane that forgot to refuse would: nothing
// reaches HubSpot, and what the user sees says why.
func TestReadOnlyNoWriteLeavesTheProcessEvenWhenAPaneAsks(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := relSandbox(t, fam)
		f := relSetup(t, c)
		ro, err := api.New(api.Config{BaseURL: srv.URL, Token: srv.Token, APIVersion: fam.Version, Clock: &skipClock{now: testStart}, ReadOnly: true})
		require.NoError(t, err)
		e, _ := paneEnv(t, ro, func(o *Options) { o.ReadOnly = true })
		ada := adaRef(f)
		targets := targetsOf(createContacts(t, c, 2)) // the deletes' (ada stays for the rest)
		csv := writeFile(t, "people.csv", "email,firstname\nnew@example.com,New\n")
		srv.ResetRequests()

		writes := []struct {
			name string
			do   func(t *testing.T) string // what the pane shows afterwards
		}{
			{"save an edit", func(t *testing.T) string {
				hs := drive(t, newEditForm(e, f.contact, "Ada Lovelace", true), 100, 40)
				hs.typeIn("!")
				saveNow(hs, hs.pane.(*formPane))
				return hs.pane.View()
			}},
			{"create a contact", func(t *testing.T) string {
				hs := drive(t, newCreateForm(e), 100, 40)
				hs.keys("down", "down")
				hs.typeIn("new@example.com")
				saveNow(hs, hs.pane.(*formPane))
				return hs.pane.View()
			}},
			{"delete a contact", func(t *testing.T) string {
				hs := drive(t, newFake(e, "Contacts"), 100, 40)
				hs.run(deleteTask(hs.pane.base(), targets[0]))
				return strings.Join(hs.notices(), "\n")
			}},
			{"batch edit", func(t *testing.T) string {
				hs := drive(t, newBatchEdit(e, targets), 100, 40)
				b := hs.pane.(*batchPane)
				hs.in(func() tea.Cmd { return b.picked(pickItem{id: "jobtitle"}, true) })
				hs.typeIn("Countess")
				hs.run(b.run())
				return b.View()
			}},
			{"batch delete", func(t *testing.T) string {
				return drive(t, newBatchArchive(e, targets), 100, 40).pane.View()
			}},
			{"add a secondary email", func(t *testing.T) string {
				hs := drive(t, newEmailsPane(e, ada), 100, 40)
				m := hs.pane.(*emailsPane)
				hs.run(m.startAdding())
				hs.typeIn("ada@new.example.com")
				hs.run(m.submit())
				return m.View()
			}},
			{"remove a secondary email", func(t *testing.T) string {
				hs := drive(t, newEmailsPane(e, ada), 100, 40)
				hs.keys("j")
				hs.in(hs.pane.(*emailsPane).remove)
				hs.answer("y")
				return hs.pane.View()
			}},
			{"make an email the primary", func(t *testing.T) string {
				hs := drive(t, newEmailsPane(e, ada), 100, 40)
				hs.keys("j")
				hs.in(hs.pane.(*emailsPane).promote)
				hs.answer("y")
				return hs.pane.View()
			}},
			{"pin an activity", func(t *testing.T) string {
				hs := drive(t, newActivitiesPane(e, ada), 100, 40)
				hs.run(hs.pane.(*activitiesPane).pin())
				return strings.Join(hs.notices(), "\n") + hs.pane.View()
			}},
			{"associate a record", func(t *testing.T) string {
				hs := drive(t, newAssocAddPane(e, ada, 77, nil), 100, 40)
				p := hs.pane.(*assocAddPane)
				p.record = assocRecord{typ: api.ObjectCompanies, id: f.babbage, name: "Babbage Works"}
				p.types = []api.AssociationType{{TypeID: api.AssocContactToCompany}}
				p.step = stepLabel
				hs.run(p.save())
				return p.View()
			}},
			{"remove an association", func(t *testing.T) string {
				hs := drive(t, newAssocPane(e, ada), 100, 40)
				a := hs.pane.(*assocPane)
				r, ok := a.selected()
				require.True(t, ok)
				hs.run(a.doRemove(r, r.wholeType(), ""))
				return strings.Join(hs.notices(), "\n") + a.View()
			}},
			{"create the addresses not found", func(t *testing.T) string {
				hs := drive(t, newPastePane(e), 100, 40)
				hs.run(hs.pane.(*pastePane).create([]string{"new@example.com"}))
				return hs.pane.View()
			}},
			{"import a file", func(t *testing.T) string {
				hs := drive(t, newImportPane(e), 100, 40)
				hs.typeIn(csv)
				hs.keys("enter")
				p := hs.pane.(*importPane)
				require.Equal(t, importPreview, p.stage)
				hs.run(p.start())
				return p.View()
			}},
		}
		reads := 0
		for _, w := range writes {
			t.Run(w.name, func(t *testing.T) {
				srv.ResetRequests()
				shown := w.do(t)
				reads += len(srv.Requests())
				assert.Empty(t, srv.Writes(), "no write reached HubSpot")
				assert.NotContains(t, shown, "Saved", "no success is claimed")
			})
		}
		assert.NotZero(t, reads, "reads still went")
		srv.ResetRequests()

		// Through the root: the status line says why.
		l := newFake(e, "Contacts")
		m := sized(newApp(e, l, "", nil))
		l.ask(deleteOne(&l.paneBase, targets[0], false))
		m.navigate(l)
		_, cmd := m.Update(press("y"))
		feed(m, cmd)
		assert.Contains(t, m.View(), "Deleting Person 1 failed: Not sent: this session is read-only")
		assert.Empty(t, srv.Writes())
	})
}

// feed runs what an Update returned, and everything that follows, through the app.
func feed(m *App, cmd tea.Cmd) {
	for _, msg := range run(cmd) {
		if _, tick := msg.(spinner.TickMsg); tick {
			continue // the spinner would tick for as long as the request it shows is unanswered
		}
		_, next := m.Update(msg)
		feed(m, next)
	}
}
