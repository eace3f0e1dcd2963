package ui

import (
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Unit tests of the form's Update, driven by the harness against the sandbox.

func formOn(t *testing.T, c *api.Client, id string, mods ...func(*Options)) (*harness, *formPane) {
	t.Helper()
	e, _ := paneEnv(t, c, mods...)
	hs := drive(t, newEditForm(e, id, "", true), 100, 40)
	f := hs.pane.(*formPane)
	require.NotNil(t, f.fields, "loaded")
	return hs, f
}

func fieldNames(f *formPane) []string {
	var out []string
	for _, fl := range f.fields {
		out = append(out, fl.Prop.Name)
	}
	return out
}

func TestFormLoadsTheDefaultFieldsWithHubSpotsValues(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, map[string]string{"lifecyclestage": "customer"})
		_, f := formOn(t, c, ada.ID)
		assert.Equal(t, defaultFormFields(), fieldNames(f))
		assert.Equal(t, "Edit Ada Lovelace", f.Title())
		v := f.View()
		assert.Regexp(t, `> First Name +Ada\|`, v, "the first field has the focus and the cursor")
		assert.Regexp(t, `Lifecycle Stage +Customer`, v, "an enumeration shows its label")
		assert.False(t, f.Unsaved())
		assert.Equal(t, "no changes", f.Info())
	})
}

func TestFormReplaysKeysTypedWhileItLoaded(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		e, _ := paneEnv(t, c)
		f := newEditForm(e, ada.ID, "", true)
		f.SetSize(100, 40)
		load := f.Init()
		hs := &harness{t: t, pane: f}
		hs.keys("ctrl+u")
		hs.typeIn("Augusta")
		require.Nil(t, f.fields)
		hs.run(load)
		assert.Equal(t, "Augusta", f.fields[0].Kind.Value(), "nothing typed is lost, even before the form shows")
		assert.True(t, f.Unsaved())
	})
}

func TestFormChecksAFieldAsItIsLeft(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		hs, f := formOn(t, c, ada.ID)
		hs.keys("down", "down", "ctrl+u")
		hs.typeIn("ada@nowhere")
		assert.Empty(t, f.fields[2].Problem(), "no complaint while typing")
		hs.keys("tab")
		assert.Equal(t, 3, f.cursor)
		assert.Equal(t, `"ada@nowhere" is not a valid email address: the part after the @ is not a domain like example.com; write it like name@example.com`, f.fields[2].Problem())
		assert.Contains(t, f.View(), `x "ada@nowhere" is not a valid email address`, "under the field")
		assert.Regexp(t, `Email +\* ada@nowhere`, f.View(), "marked as changed")
		hs.keys("shift+tab", "backspace")
		hs.typeIn("e.org")
		assert.Empty(t, f.fields[2].Problem(), "an edit clears the complaint")
	})
}

func TestFormSaveWithNothingChanged(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		srv.ResetRequests()
		hs, _ := formOn(t, c, ada.ID)
		hs.keys("ctrl+s")
		assert.Equal(t, []string{"Nothing to save: no field differs from HubSpot"}, hs.notices())
		assert.Nil(t, hs.opened())
		assert.Empty(t, srv.Writes())
	})
}

func TestFormSaveReviewsOnlyTheChangedFields(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		hs, f := formOn(t, c, ada.ID)
		hs.keys("down", "down", "down")
		hs.typeIn("555 0100")
		hs.keys("ctrl+s")
		r, ok := hs.opened().(*reviewPane)
		require.True(t, ok, "the review opens")
		require.Len(t, r.spec.changes, 1)
		assert.Equal(t, change{prop: f.fields[3].Prop, old: "", new: "555 0100"}, r.spec.changes[0])
		assert.Equal(t, f.ID(), r.spec.form)
		assert.Nil(t, r.backward)
	})
}

func TestFormSaveSendsOnePatchThenCloses(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		hs, f := formOn(t, c, ada.ID)
		srv.ResetRequests()
		hs.keys("down", "down", "down", "down", "ctrl+u")
		hs.typeIn("Director")
		hs.take()
		saveNow(hs, f)
		ps := patches(t, srv)
		require.Len(t, ps, 1)
		assert.Equal(t, map[string]string{"jobtitle": "Director"}, ps[0].props)
		out := hs.take()
		var saved changedMsg
		for _, m := range out {
			if c, ok := m.(changedMsg); ok {
				saved = c
			}
		}
		require.NotNil(t, saved.saved, "every pane hears of the save")
		assert.Equal(t, "Director", saved.saved.Properties["jobtitle"])
		assert.Equal(t, "Ada", saved.saved.Properties["firstname"], "what HubSpot returned over what was loaded")
		assert.Contains(t, out, tea.Msg(backMsg{}), "the form closes")
		assert.False(t, f.Unsaved())
	})
}

func TestFormFromTheListOpensTheDetailAfterSaving(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		e, _ := paneEnv(t, c)
		hs := drive(t, newEditForm(e, ada.ID, "Ada Lovelace", false), 100, 40)
		hs.keys("down", "down", "down")
		hs.typeIn("1")
		saveNow(hs, hs.pane.(*formPane))
		d, ok := hs.opened().(*detailPane)
		require.True(t, ok)
		assert.Equal(t, ada.ID, d.ref)
		assert.Contains(t, hs.notices(), "Saved 1 change to Ada Lovelace")
	})
}

// Keys typed while the form loads go back to the root as one message once it has loaded; a key
// read from the terminal before that message arrives came later, and waits behind them: the
// text typed after the arrows lands in the field the arrows lead to, not in the first.
func TestFormKeysTypedAfterTheLoadWaitBehindThoseTypedBefore(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		e, _ := paneEnv(t, c)
		f := newEditForm(e, ada.ID, "Ada Lovelace", false)
		f.SetSize(100, 40)
		hs := &harness{t: t, pane: f}
		var loaded func() tea.Cmd
		for _, msg := range run(f.Init()) {
			if d, ok := msg.(doneMsg); ok {
				loaded = d.then
			}
		}
		require.NotNil(t, loaded)
		hs.keys("down", "down", "down") // while the form loads
		replay := loaded()              // it has loaded: the arrows are on their way back
		hs.typeIn("1")                  // read from the terminal before they arrive
		hs.run(replay)
		require.Equal(t, 3, f.cursor, "the arrows moved the cursor")
		assert.True(t, f.fields[3].Dirty(), "the text went to the field the arrows lead to")
		assert.False(t, f.fields[0].Dirty(), "not to the first")
	})
}

func TestFormEscAsksOnlyWhenSomethingWouldBeLost(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		hs, _ := formOn(t, c, ada.ID)
		hs.keys("esc")
		assert.Equal(t, []tea.Msg{backMsg{}}, hs.take())
		hs2, _ := formOn(t, c, ada.ID)
		hs2.typeIn("x")
		hs2.keys("esc")
		out := hs2.take()
		require.Len(t, out, 1)
		ch, ok := out[0].(askedMsg)
		require.True(t, ok)
		assert.Equal(t, "Discard changes?", ch.q.text)
		assert.Len(t, ch.q.answers, 1, "only yes discards")
	})
}

func TestFormAddsAFieldByItsLabel(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, map[string]string{"city": "London"})
		hs, f := formOn(t, c, ada.ID)
		hs.keys("ctrl+n")
		p, ok := hs.opened().(*pickerPane)
		require.True(t, ok)
		for _, it := range p.all {
			assert.NotContains(t, defaultFormFields(), it.id, "only properties not in the form yet")
		}
		ph := &harness{t: t, pane: p}
		ph.typeIn("city")
		require.NotEmpty(t, p.items)
		assert.Equal(t, "city", p.items[0].id)
		ph.keys("enter")
		var pick paneMsg
		for _, m := range ph.take() {
			if pm, ok := m.(paneMsg); ok {
				pick = pm
			}
		}
		require.Equal(t, f.ID(), pick.pane)
		hs.in(pick.then)
		assert.Equal(t, "city", f.fields[f.cursor].Prop.Name, "added and focused")
		assert.Equal(t, "London", f.fields[f.cursor].Kind.Value(), "with HubSpot's value")
	})
}

func TestFormRefusedValueGoesToItsField(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		require.NoError(t, c.GDPRDeleteContact(context.Background(), "gone@example.com"))
		hs, f := formOn(t, c, ada.ID)
		hs.typeIn("!")
		hs.keys("down", "down", "ctrl+u")
		hs.typeIn("gone@example.com")
		hs.keys("up", "up")
		saveNow(hs, f)
		assert.Equal(t, 2, f.cursor, "the refused field has the focus")
		assert.Contains(t, f.fields[2].Problem(), "gone@example.com is blocked in this portal")
		assert.Equal(t, "Ada!", f.fields[0].Kind.Value(), "the other value is kept")
		assert.True(t, f.fields[0].Dirty(), "and still to save: HubSpot refused the whole request")
		assert.Contains(t, f.View(), "Not saved: HubSpot refused 1 value")
	})
}

func TestFormWhileSavingTakesNoKeys(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		hs, f := formOn(t, c, ada.ID)
		hs.typeIn("!")
		f.reviewed(reviewAnswer{changes: f.changes()}) // the save's command is not run: it stays in flight
		require.True(t, f.saving.busy())
		hs.typeIn("?")
		assert.Equal(t, "Ada!", f.fields[0].Kind.Value())
		assert.Contains(t, hs.notices()[0], "Saving…")
		assert.Contains(t, f.View(), "Saving…")
	})
}

func TestFormReadOnlyRefusesToSave(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		hs, _ := formOn(t, c, ada.ID, func(o *Options) { o.ReadOnly = true })
		hs.typeIn("!")
		hs.keys("ctrl+s")
		require.Len(t, hs.notices(), 1)
		assert.Contains(t, hs.notices()[0], "read-only mode")
		assert.Nil(t, hs.opened())
	})
}

func TestCreateNeedsAnEmailOrAName(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		e, _ := paneEnv(t, c)
		hs := drive(t, newCreateForm(e), 100, 40)
		f := hs.pane.(*formPane)
		hs.keys("down", "down", "down")
		hs.typeIn("555 0100")
		hs.keys("ctrl+s")
		assert.Nil(t, hs.opened(), "no review")
		assert.Equal(t, "A new contact needs an email, a first name or a last name.", f.banner)
		assert.Equal(t, 2, f.cursor, "the email field has the focus")
		assert.Empty(t, srv.Writes())
	})
}

func TestCreateConflictOffersTheExistingContact(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		existing := mkContact(t, c, map[string]string{"email": "taken@example.com"})
		e, _ := paneEnv(t, c)
		hs := drive(t, newCreateForm(e), 100, 40)
		f := hs.pane.(*formPane)
		hs.keys("down", "down")
		hs.typeIn("taken@example.com")
		saveNow(hs, f)
		assert.Equal(t, existing.ID, f.existing)
		assert.Equal(t, "A contact with this email already exists", f.fields[2].Problem())
		assert.Contains(t, hs.asked().text, "A contact with this email already exists")
		hs.take()
		hs.keys("ctrl+o")
		d, ok := hs.opened().(*detailPane)
		require.True(t, ok, "ctrl+o opens it")
		assert.Equal(t, existing.ID, d.ref)
		assert.Equal(t, "taken@example.com", f.fields[2].Kind.Value(), "the form keeps what was typed")
	})
}

func TestFormDrawsHostileValuesSanitized(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		evil := mkContact(t, c, map[string]string{
			"firstname": "Eve\x1b]52;c;ZXZpbA==\x07", "lastname": "\u202egnp.exe", "email": "eve@example.com",
			"jobtitle": "ok\rFAKE\x1b[2J", "company": "\u009b31mRed",
		})
		hs, f := formOn(t, c, evil.ID)
		hs.keys("down", "down", "down", "down") // the job title focused: the cursor path draws it too
		v := f.View() + f.Title()
		for _, bad := range []string{"\x1b", "\x07", "\u202e", "\r", "\u009b"} {
			assert.NotContains(t, v, bad)
		}
		assert.Equal(t, "ok\rFAKE\x1b[2J", f.fields[4].Kind.Value(), "the value stays raw in its input")
		assert.False(t, f.Unsaved())
	})
}

func TestFormOnAContactThatIsGone(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		e, _ := paneEnv(t, c)
		hs := drive(t, newEditForm(e, "999999", "", true), 100, 40)
		assert.Contains(t, hs.out, tea.Msg(backMsg{}))
		assert.Equal(t, []string{"No contact 999999 in HubSpot (deleted or merged?)"}, hs.notices())
	})
}

func TestFormKeepsKeysTypedBeforeAPickArrives(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, map[string]string{"city": "London"})
		hs, f := formOn(t, c, ada.ID)
		hs.keys("ctrl+n")
		require.IsType(t, &pickerPane{}, hs.opened())
		hs.keys("ctrl+u")
		hs.typeIn("Paris") // the picker has closed; its answer has not arrived yet
		assert.Equal(t, "Ada", f.fields[0].Kind.Value(), "not typed into the field that had the focus")
		hs.in(func() tea.Cmd { return f.pickedField(pickItem{id: "city"}, true) })
		assert.Equal(t, "city", f.fields[f.cursor].Prop.Name)
		assert.Equal(t, "Paris", f.fields[f.cursor].Kind.Value(), "typed into the field picked, once it arrived")
		hs.keys("ctrl+n")
		hs.typeIn("!")
		hs.in(func() tea.Cmd { return f.pickedField(pickItem{}, false) })
		assert.Equal(t, "Paris!", f.fields[f.cursor].Kind.Value(), "a cancelled pick gives the keys back too")
	})
}

func TestFormSavesWhatTheReviewShowed(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		hs, f := formOn(t, c, ada.ID)
		srv.ResetRequests()
		hs.keys("ctrl+e")
		hs.typeIn("!")
		hs.keys("ctrl+s")
		r := hs.opened().(*reviewPane)
		hs.typeIn("?") // after the review closed, before its answer arrived
		hs.in(func() tea.Cmd { return f.reviewed(reviewAnswer{changes: r.spec.changes}) })
		ps := patches(t, srv)
		require.Len(t, ps, 1)
		assert.Equal(t, map[string]string{"firstname": "Ada!"}, ps[0].props, "exactly the change confirmed")
	})
}

func TestFormCancelFollowsTheCancelKeyOfTheConfig(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := editSandbox(t, fam)
		ada := adaLovelace(t, c, nil)
		rebound := func(o *Options) {
			cfg := config.Defaults("")
			cfg.Keys = map[string][]string{"cancel": {"f2"}}
			o.Config = cfg
		}
		hs, f := formOn(t, c, ada.ID, rebound)
		hs.keys("esc")
		assert.Empty(t, hs.take(), "esc is no longer cancel")
		hs.send(tea.KeyMsg{Type: tea.KeyF2})
		assert.Equal(t, []tea.Msg{backMsg{}}, hs.take())
		var help string
		for _, b := range f.keys() {
			if b.key.Name == "cancel" {
				help = b.view(true).Help().Key
			}
		}
		assert.Equal(t, "f2", help, "help names the key that works")
	})
}

// saveNow gives the form the review's yes for every change it holds.
func saveNow(hs *harness, f *formPane) {
	hs.in(func() tea.Cmd { return f.reviewed(reviewAnswer{changes: f.changes()}) })
}
