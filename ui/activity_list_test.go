package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/families"
	"github.com/hubcontacts/hubcontacts/internal/richtext"
)

// pinnedID reads the contact's pinned activity afresh.
func pinnedID(t *testing.T, c *api.Client, contact string) string {
	t.Helper()
	o, err := c.GetContact(context.Background(), contact, api.GetOptions{Properties: []string{"hs_pinned_engagement_id"}})
	require.NoError(t, err)
	return o.Properties["hs_pinned_engagement_id"]
}

func TestActivitiesNewestFirstWithSnippets(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newActivitiesPane(e, adaRef(f)), 120, 20)
		v := hs.pane.View()
		lines := strings.Split(v, "\n")
		assert.Equal(t, "Activities of Ada Lovelace  · newest first", lines[0])
		assert.Regexp(t, `^> +Call +2026-02-02 15:30 +Renewal call +Discussed the renewal\. Next: send terms\.`, lines[3])
		assert.Regexp(t, `^  +Note +2026-02-01 09:00 +Met at the fair ok FAKE +$`, lines[4])
		noInjected(t, v)
		assert.Equal(t, "1 of 2 activities", hs.pane.(*activitiesPane).Info())
	})
}

// At 80 columns the type takes what its words need ("Meeting"), so the title keeps its room.
func TestActivitiesAt80ColumnsTheTypeGivesTheTitleItsRoom(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newActivitiesPane(e, adaRef(f)), 80, 20)
		lines := strings.Split(hs.pane.View(), "\n")
		assert.Regexp(t, `^> +Call {1,4}2026-02-02 15:30 +Renewal call `, lines[3])
	})
}

func TestActivitiesPinAndUnpin(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newActivitiesPane(e, adaRef(f)), 120, 20)
		hs.take()
		hs.key("P")
		assert.Equal(t, f.call, pinnedID(t, c, f.contact))
		out := hs.take()
		assert.Contains(t, out, noticeMsg{"Pinned the call “Renewal call”: it now shows first on Ada Lovelace's record"})
		assert.Contains(t, related(out), f.contact, "the detail reloads to show it at the top")
		assert.Regexp(t, `> +Call \(pinned\) +2026-02-02 15:30`, hs.pane.View())

		hs.key("j", "P")
		assert.Equal(t, f.note, pinnedID(t, c, f.contact), "pinning another moves the pin: one per record")
		assert.Regexp(t, `\n +Call +2026`, hs.pane.View())
		assert.Regexp(t, `> +Note \(pinned\)`, hs.pane.View())

		hs.take()
		hs.key("P")
		assert.Equal(t, "", pinnedID(t, c, f.contact), "P on the pinned one unpins it")
		assert.Contains(t, hs.take(), noticeMsg{"Unpinned the note from Ada Lovelace"})
		assert.NotContains(t, hs.pane.View(), "(pinned)")
	})
}

func TestActivitiesReadOneInFullAndPinFromThere(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newActivitiesPane(e, adaRef(f)), 80, 20)
		hs.key("enter")
		full, ok := hs.opened().(*activityPane)
		require.True(t, ok)
		fs := drive(t, full, 80, 12)
		v := fs.pane.View()
		for _, want := range []string{"Call · 2026-02-02 15:30", "Renewal call", "Direction   Outbound", "Duration    4:10"} {
			assert.Contains(t, v, want)
		}
		assert.Regexp(t, `\nDiscussed the renewal\. *\nNext: send terms\.`, v, "paragraphs kept, inline tags leave no space")
		fs.key("P")
		assert.Equal(t, f.call, pinnedID(t, c, f.contact))
		assert.Contains(t, fs.pane.View(), "Call · 2026-02-02 15:30 · pinned")
		out := fs.take()
		assert.Equal(t, []int{hs.pane.ID()}, reloads(out), "the list below follows")
		assert.Equal(t, []string{f.contact}, related(out), "and the detail")
		fs.key("P")
		assert.Equal(t, "", pinnedID(t, c, f.contact))
		assert.NotContains(t, fs.pane.View(), "pinned")
	})
}

func TestActivityFullViewScrollsAndKeepsLines(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		long := strings.Repeat("<p>paragraph</p>", 40)
		id := mustEngage(t, c, f.contact, api.ObjectNotes, "2026-02-03T08:00:00.000Z", map[string]string{"hs_note_body": long})
		e, _ := paneEnv(t, c)
		hs := drive(t, newActivitiesPane(e, adaRef(f)), 80, 20)
		hs.key("enter")
		full := hs.opened().(*activityPane)
		require.Equal(t, id, full.act.ID, "newest first: the new note is on top")
		fs := drive(t, full, 80, 10)
		assert.Equal(t, 10, strings.Count(fs.pane.View(), "\n")+1)
		assert.Equal(t, "0%", full.Info())
		fs.key("G")
		assert.Equal(t, "100%", full.Info())
		assert.True(t, strings.HasSuffix(strings.TrimRight(fs.pane.View(), " "), "paragraph"))
		fs.key("g")
		assert.Contains(t, fs.pane.View(), "Note · 2026-02-03 08:00")
	})
}

func TestActivitiesHostileNoteInFull(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c)
		hs := drive(t, newActivitiesPane(e, adaRef(f)), 80, 20)
		hs.key("j", "enter")
		fs := drive(t, hs.opened(), 80, 12)
		v := fs.pane.View()
		noInjected(t, v)
		assert.NotContains(t, v, "\x1b")
		assert.Regexp(t, `\nMet at the fair *\nok FAKE *\n`, v)
	})
}

func TestActivitiesReadOnlyAndEmpty(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := relSandbox(t, fam)
		f := relSetup(t, c)
		e, _ := paneEnv(t, c, func(o *Options) { o.ReadOnly = true })
		hs := drive(t, newActivitiesPane(e, adaRef(f)), 120, 20)
		hs.key("P")
		require.Len(t, hs.notices(), 1)
		assert.Contains(t, hs.notices()[0], "read-only mode: pin/unpin is off")
		assert.Empty(t, pinnedID(t, c, f.contact))

		id := mustCreate(t, c, api.ObjectContacts, map[string]string{"email": "quiet@example.com"})
		hs = drive(t, newActivitiesPane(e, contact{id: id, name: "quiet@example.com"}), 120, 20)
		assert.Contains(t, hs.pane.View(), "No notes, calls, emails, meetings or tasks are associated with this contact.")
	})
}

func TestBodyText(t *testing.T) {
	for in, want := range map[string]string{
		"<p>One</p><p>Two</p>":                         "One\nTwo",
		"line<br>break<br/>again":                      "line\nbreak\nagain",
		"<ul><li>a</li><li>b</li></ul>":                "• a\n• b",
		"&lt;b&gt; &amp; &#27;[2Jx":                    "<b> & x",
		"a <b>bold</b> word, a < b":                    "a bold word, a < b",
		"<table><tr><td>1</td><td>2</td></tr></table>": "1 2",
		"From: Pay <billing@paypa1.example>\n\nok":     "From: Pay <billing@paypa1.example>\n\nok",
		"<div>x</div>\n\n\n\n<div>y</div>":             "x\ny", // whitespace between blocks, as a browser shows it
		"plain\ttext\x07 with\u202e controls":          "plain text with controls",
	} {
		assert.Equal(t, want, richtext.Text(in), "%q", in)
	}
}
