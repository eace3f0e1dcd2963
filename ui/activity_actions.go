package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// What the activities pane, the activity view and My tasks do to an activity: name what it
// holds as ids, complete or reopen a task, delete one after a question that names it.

// activityNames name what activities hold as ids: their owners and a call's outcome. Either may
// be missing (the token may not read owners): the id then shows as it is.
type activityNames struct {
	owners   map[string]api.Owner
	outcomes map[string]string
}

// loadActivityNames reads the owners, and the call outcomes when there are calls (both cached
// by the API layer); failures leave ids.
func loadActivityNames(ctx context.Context, e *env, acts []api.Activity) activityNames {
	var n activityNames
	if owners, err := e.hub.Owners(ctx); err == nil {
		n.owners = ownersByID(owners)
	}
	for _, a := range acts {
		if a.Type != api.ObjectCalls {
			continue
		}
		if outs, err := e.hub.CallOutcomes(ctx); err == nil {
			n.outcomes = make(map[string]string, len(outs))
			for _, o := range outs {
				n.outcomes[o.Value] = o.Label
			}
		}
		break
	}
	return n
}

func (n activityNames) owner(id string) string { return ownerName(n.owners, id) }

func (n activityNames) outcome(id string) string {
	if l, ok := n.outcomes[id]; ok {
		return sanitize.Display(l)
	}
	return sanitize.Display(id)
}

// activityWhat names an activity in a sentence: "the task “Send proposal”", "the note of
// 2026-02-01 09:00".
func activityWhat(a api.Activity, loc *time.Location) string {
	what := "the " + activityKind(a.Type)
	if t := sanitize.Display(a.Title); t != "" {
		return what + " “" + t + "”"
	}
	if s := bodySnippet(a.Body); s != "" {
		return what + " “" + ansi.Truncate(s, 40, "…") + "”"
	}
	return what + " of " + localTime(a.Timestamp, loc)
}

// taskStatusRequest completes the task a, or reopens it when it is done; then gets the task as
// HubSpot answered.
func taskStatusRequest(p *paneBase, c *call, a api.Activity, then func(api.Activity) tea.Cmd) tea.Cmd {
	hub, loc := p.env.hub, p.env.loc
	status, label, done := api.TaskCompleted, "Completing the task", "Completed "+activityWhat(a, loc)
	if a.Properties["hs_task_status"] == api.TaskCompleted {
		status, label, done = api.TaskNotStarted, "Reopening the task", "Reopened "+activityWhat(a, loc)
	}
	return request(p, c, label, func(ctx context.Context) (api.Activity, error) {
		return hub.SetTaskStatus(ctx, a.ID, status)
	}, func(got api.Activity, err error) tea.Cmd {
		if err != nil {
			return nil // the status bar says why
		}
		return tea.Batch(notice(done), then(got))
	})
}

// deleteQuestion asks before a goes to HubSpot's recycle bin, naming it and its contact; yes
// deletes it (unpinning it first when it is the pinned one), then runs then in p.
func deleteQuestion(p *paneBase, c *call, contact contact, a api.Activity, loc *time.Location, then func() tea.Cmd) question {
	what := activityWhat(a, loc)
	details := []string{"It goes to HubSpot's recycle bin, where it can be restored for 90 days."}
	if a.Pinned {
		details = append(details, "It is pinned on "+contact.name+"'s record: it is unpinned first.")
	}
	return question{
		title: "Delete " + activityKind(a.Type), text: "Delete " + what + " on " + contact.name + "?", details: details,
		answers: []answer{{does: "delete", run: func() tea.Cmd {
			hub := p.env.hub
			return request(p, c, "Deleting "+what, func(ctx context.Context) (struct{}, error) {
				return struct{}{}, hub.DeleteActivity(ctx, contact.id, a)
			}, func(_ struct{}, err error) tea.Cmd {
				if err != nil {
					return nil
				}
				return tea.Batch(notice("Deleted "+what+" (it is in HubSpot's recycle bin)"), relatedChanged(contact.id), then())
			})
		}}},
	}
}
