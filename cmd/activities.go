package cmd

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/richtext"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

// One-shot commands for a contact's activities, with get's rules (a contact by email or id,
// plain output that reads like the app or --json as HubSpot holds it, the same exit codes):
//
//	hubcontacts note add EMAIL_OR_ID --body TEXT [--pin]
//	hubcontacts task add EMAIL_OR_ID --subject TEXT [--due WHEN] [--owner EMAIL] [--body TEXT]
//	hubcontacts activities EMAIL_OR_ID [--json]

const activityExits = `Exit codes: 0 done, 3 no such contact, 1 error, 2 usage, 4 authentication.`

// maxBody is the longest body HubSpot keeps (a note's hs_note_body: 65,536 characters).
const maxBody = 65536

type noteOptions struct {
	body string
	pin  bool
	json bool
}

func (r *runner) noteCommand() *cobra.Command {
	var o noteOptions
	add := &cobra.Command{
		Use:   "add EMAIL_OR_ID --body TEXT",
		Short: "Log a note on a contact (--body - reads it from standard input)",
		Long: `Log a note on a contact, found by email address or record id, associated with it as HubSpot's
own screens do, timestamped now. The body is plain text (its lines kept); --body - reads it
from standard input. --pin pins it on the contact's record. It prints the note (--json: as
HubSpot holds it).

` + activityExits,
		Example: `  hubcontacts note add ada@example.com --body "Called: wants a quote by Friday"
  git log -1 --format=%B | hubcontacts note add 1201 --body - --pin`,
		Args:              contactArg,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(c *cobra.Command, args []string) error {
			if !c.Flags().Changed("body") {
				return usageError("note add needs --body: the note's text, or - to read it from standard input")
			}
			return r.runNoteAdd(c.Context(), args[0], o)
		},
	}
	f := add.Flags()
	f.StringVar(&o.body, "body", "", "the note's `TEXT` (required; - reads standard input)")
	f.BoolVar(&o.pin, "pin", false, "pin the note on the contact's record")
	f.BoolVar(&o.json, "json", false, "print the note as JSON")
	c := &cobra.Command{Use: "note", Short: "Log notes on contacts", Args: noArgs}
	c.AddCommand(add)
	return c
}

type taskOptions struct {
	subject, due, owner, body string
	json                      bool
}

func (r *runner) taskCommand() *cobra.Command {
	var o taskOptions
	add := &cobra.Command{
		Use:   "add EMAIL_OR_ID --subject TEXT",
		Short: "Create a task on a contact, due tomorrow at nine unless --due says",
		Long: `Create a task on a contact, found by email address or record id, associated with it, not started.

--due takes a day (2026-03-14: at 09:00) or a day and a time (2026-03-14 15:30) in local time,
or a time with its zone (2026-03-14T15:30:00Z); without it, the task is due tomorrow at 09:00.
--owner assigns it by the owner's email; without it, to the profile's me: when set.

` + activityExits,
		Example: `  hubcontacts task add ada@example.com --subject "Send the quote"
  hubcontacts task add 1201 --subject "Call back" --due "2026-03-14 15:30" --owner grace@example.com`,
		Args:              contactArg,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(c *cobra.Command, args []string) error { return r.runTaskAdd(c.Context(), args[0], o) },
	}
	f := add.Flags()
	f.StringVar(&o.subject, "subject", "", "the task's `TEXT` (required)")
	f.StringVar(&o.due, "due", "", "when it is due: `WHEN` like 2026-03-14 or \"2026-03-14 15:30\" (default: tomorrow 09:00)")
	f.StringVar(&o.owner, "owner", "", "the owner's `EMAIL` (default: the profile's me:)")
	f.StringVar(&o.body, "body", "", "the task's notes, `TEXT` (- reads standard input)")
	f.BoolVar(&o.json, "json", false, "print the task as JSON")
	c := &cobra.Command{Use: "task", Short: "Create tasks on contacts", Args: noArgs}
	c.AddCommand(add)
	return c
}

func (r *runner) activitiesCommand() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "activities EMAIL_OR_ID",
		Short: "List a contact's notes, calls, emails, meetings and tasks, newest first",
		Long: `List a contact's notes, calls, emails, meetings and tasks, newest first, as the app's activities
show them: when (local time), what, the title, the owner by name, the body as text. --json
prints them as HubSpot holds them (raw properties, UTC times), in the same order.

` + activityExits,
		Example: `  hubcontacts activities ada@example.com
  hubcontacts activities 1201 --json | jq -r '.[] | select(.type == "tasks") | .id'`,
		Args:              contactArg,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(c *cobra.Command, args []string) error { return r.runActivities(c.Context(), args[0], asJSON) },
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the activities as JSON")
	return c
}

// readBody is --body's text: as given, or standard input for "-"; too long is a usage error.
func (r *runner) readBody(flag, text string) (string, error) {
	if text == "-" {
		raw, err := io.ReadAll(io.LimitReader(r.app.Stdin, 4*maxBody+1))
		if err != nil {
			return "", fmt.Errorf("%s -: reading standard input: %w", flag, err)
		}
		text = string(raw)
	}
	body := richtext.HTML(text)
	if n := len([]rune(body)); n > maxBody {
		return "", usageError("%s: the text is %d characters as HubSpot keeps it; HubSpot keeps at most %d", flag, n, maxBody)
	}
	return body, nil
}

func (r *runner) runNoteAdd(ctx context.Context, ref string, o noteOptions) error {
	body, err := r.readBody("--body", o.body)
	if err != nil {
		return err
	}
	if body == "" {
		return usageError("--body: the note is empty; give its text, or - to read it from standard input")
	}
	s, err := r.connect(waitNoter(r.stderr))
	if err != nil {
		return err
	}
	contact, err := s.client.GetContact(ctx, strings.TrimSpace(ref), api.GetOptions{Properties: []string{"email", "firstname", "lastname"}})
	if err != nil {
		return r.explainAPIError(err, s.profile.Name, s.source)
	}
	a, err := s.client.CreateActivity(ctx, contact.ID, api.ObjectNotes, map[string]string{"hs_note_body": body})
	if err != nil {
		return r.explainAPIError(err, s.profile.Name, s.source)
	}
	if o.pin {
		if _, err := s.client.PinActivity(ctx, contact.ID, a.ID); err != nil {
			return fmt.Errorf("the note %s was logged, but pinning it failed: %w", a.ID, r.explainAPIError(err, s.profile.Name, s.source))
		}
		a.Pinned = true
	}
	return r.printAdded(a, contact, o.json, nil)
}

func (r *runner) runTaskAdd(ctx context.Context, ref string, o taskOptions) error {
	subject := strings.TrimSpace(o.subject)
	if subject == "" {
		return usageError("task add needs --subject: the task's text")
	}
	due, err := taskDue(o.due, time.Now())
	if err != nil {
		return err
	}
	props := map[string]string{"hs_task_subject": subject, "hs_timestamp": due, "hs_task_status": api.TaskNotStarted}
	if o.body != "" {
		if props["hs_task_body"], err = r.readBody("--body", o.body); err != nil {
			return err
		}
	}
	s, err := r.connect(waitNoter(r.stderr))
	if err != nil {
		return err
	}
	owners, _ := s.client.Owners(ctx) // names in the output; ids when the token cannot read them
	email, which := strings.TrimSpace(o.owner), "--owner"
	if email == "" {
		email, which = s.profile.Me, "me:"
	}
	if email != "" {
		owner, ok, err := s.client.OwnerByEmail(ctx, email)
		switch {
		case err != nil:
			return r.explainAPIError(err, s.profile.Name, s.source)
		case !ok && which == "--owner":
			return usageError("--owner %s: no active owner of this HubSpot account has this email", email)
		case !ok:
			return fmt.Errorf("me: %s: no active owner of this HubSpot account has this email; fix me: in the configuration file, or give --owner", email)
		}
		props["hubspot_owner_id"] = owner.ID
	}
	contact, err := s.client.GetContact(ctx, strings.TrimSpace(ref), api.GetOptions{Properties: []string{"email", "firstname", "lastname"}})
	if err != nil {
		return r.explainAPIError(err, s.profile.Name, s.source)
	}
	a, err := s.client.CreateActivity(ctx, contact.ID, api.ObjectTasks, props)
	if err != nil {
		return r.explainAPIError(err, s.profile.Name, s.source)
	}
	return r.printAdded(a, contact, o.json, owners)
}

// taskDue reads --due (a local day, a local day and time, or a time with its zone) as
// hs_timestamp; empty is tomorrow at nine.
func taskDue(when string, now time.Time) (string, error) {
	when = strings.TrimSpace(when)
	if when == "" {
		return isoTime(value.DueDefault(now, time.Local)), nil
	}
	if d, err := time.ParseInLocation("2006-01-02", when, time.Local); err == nil {
		return isoTime(time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, time.Local)), nil
	}
	v, err := value.For(&api.Property{Name: "hs_timestamp", Type: "datetime", FieldType: "date"}, time.Local).Parse(when)
	if err != nil {
		return "", usageError("--due: %v", err)
	}
	return v, nil
}

// printAdded prints what was created: a line that reads like the app's notice, or JSON.
func (r *runner) printAdded(a api.Activity, contact *api.Object, asJSON bool, owners []api.Owner) error {
	if asJSON {
		return writeJSON(r.stdout, activityRecord(a))
	}
	fmt.Fprintf(r.stdout, "Logged %s %s on %s\n", kindOf(a.Type), show(a.ID), contactName(contact))
	printActivity(r.stdout, a, ownerNames(owners))
	return nil
}

func (r *runner) runActivities(ctx context.Context, ref string, asJSON bool) error {
	s, err := r.connect(waitNoter(r.stderr))
	if err != nil {
		return err
	}
	acts, err := s.client.Activities(ctx, strings.TrimSpace(ref))
	if err != nil {
		return r.explainAPIError(err, s.profile.Name, s.source)
	}
	if asJSON {
		out := make([]jsonActivity, len(acts))
		for i, a := range acts {
			out[i] = activityRecord(a)
		}
		return writeJSON(r.stdout, out)
	}
	if len(acts) == 0 {
		fmt.Fprintln(r.stdout, "No notes, calls, emails, meetings or tasks are associated with this contact.")
		return nil
	}
	owners, _ := s.client.Owners(ctx) // names; ids when the token cannot read them
	names := ownerNames(owners)
	for i, a := range acts {
		if i > 0 {
			fmt.Fprintln(r.stdout)
		}
		printActivity(r.stdout, a, names)
	}
	return nil
}

// printActivity prints one activity as the app's list and full view show it: when, what (and
// whether pinned or done), the title, the owner by name; then the body as text, indented.
func printActivity(w io.Writer, a api.Activity, owners map[string]string) {
	head := []string{a.Timestamp.Local().Format("2006-01-02 15:04"), kindOf(a.Type)}
	switch {
	case a.Pinned:
		head[1] += " (pinned)"
	case a.Type == api.ObjectTasks && a.Properties["hs_task_status"] == api.TaskCompleted:
		head[1] += " (done)"
	}
	if t := show(a.Title); t != "" {
		head = append(head, t)
	}
	if id := a.Properties["hubspot_owner_id"]; id != "" {
		name, ok := owners[id]
		if !ok {
			name = "owner " + id
		}
		head = append(head, show(name))
	}
	fmt.Fprintln(w, strings.Join(head, "  ·  "))
	if body := richtext.Text(a.Body); body != "" {
		fmt.Fprintln(w, "    "+strings.ReplaceAll(body, "\n", "\n    "))
	}
}

// kindOf is an engagement type in words: "note", "call", …
func kindOf(typ string) string { return strings.TrimSuffix(typ, "s") }

func contactName(o *api.Object) string {
	p := o.Properties
	if n := strings.TrimSpace(show(p["firstname"]) + " " + show(p["lastname"])); n != "" {
		return n + " (" + show(p["email"]) + ")"
	}
	if e := show(p["email"]); e != "" {
		return e
	}
	return "contact " + show(o.ID)
}

func ownerNames(owners []api.Owner) map[string]string {
	m := make(map[string]string, len(owners))
	for _, o := range owners {
		m[o.ID] = o.Name()
	}
	return m
}

// jsonActivity is an activity as --json prints it: HubSpot's raw values, UTC.
type jsonActivity struct {
	ID         string            `json:"id"`
	Type       string            `json:"type"`
	Timestamp  string            `json:"timestamp"`
	Pinned     bool              `json:"pinned"`
	Properties map[string]string `json:"properties"`
}

func activityRecord(a api.Activity) jsonActivity {
	props := a.Properties
	if props == nil {
		props = map[string]string{}
	}
	return jsonActivity{ID: a.ID, Type: a.Type, Timestamp: isoTime(a.Timestamp), Pinned: a.Pinned, Properties: props}
}
