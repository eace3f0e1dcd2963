package cmd

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hubcontacts/hubcontacts/api"
)

type mergeOptions struct {
	yes  bool
	json bool
}

const mergeLong = `Merge OTHER into PRIMARY: two contacts become one, as in HubSpot's merge. Each is an email
address (primary or secondary) or a record id.

HubSpot keeps one contact, under a NEW id: PRIMARY's values where both have one (OTHER's where
PRIMARY has none), PRIMARY's email as its email and OTHER's addresses as additional emails, the
furthest lifecycle stage, and both contacts' companies, deals, tickets and activities. Both old
ids keep leading to it. A merge cannot be undone.

It asks first (on standard error) unless --yes; without a terminal to ask on, --yes is required.
It refuses to run read-only, and refuses two names for the same contact (an id merged into the
other one long ago, or an address of the other). It prints the merged contact's id, or with
--json the merged record. If HubSpot's answer is lost (a 5xx, a timeout), it looks at both
contacts before anything is sent again: a merge is never sent twice.

Exit codes: 0 merged, 2 usage (same contact, read-only, no --yes without a terminal),
3 no such contact, 1 error or not confirmed, 4 authentication.`

func (r *runner) mergeCommand() *cobra.Command {
	var o mergeOptions
	c := &cobra.Command{
		Use:   "merge PRIMARY OTHER",
		Short: "Merge two contacts into one (HubSpot keeps PRIMARY's values; it cannot be undone)",
		Long:  mergeLong,
		Example: `  hubcontacts merge ada@example.com ada.lovelace@old.example.com
  hubcontacts merge 1201 1877 --yes --json | jq -r .id`,
		Args:              twoContactArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(c *cobra.Command, args []string) error { return r.runMerge(c.Context(), args[0], args[1], o) },
	}
	f := c.Flags()
	f.BoolVarP(&o.yes, "yes", "y", false, "merge without asking first (required when standard input is not a terminal)")
	f.BoolVar(&o.json, "json", false, "print the merged record as JSON instead of its id")
	return c
}

// twoContactArgs wants two email addresses or record ids.
func twoContactArgs(c *cobra.Command, args []string) error {
	if len(args) != 2 {
		return usageError("%s takes two contacts, PRIMARY and OTHER (email addresses or ids); got %d arguments", c.CommandPath(), len(args))
	}
	for _, a := range args {
		if err := contactArg(c, []string{a}); err != nil {
			return err
		}
	}
	return nil
}

// mergeShown are the properties merge looks at and prints.
func mergeShown() []string {
	return []string{"email", "firstname", "lastname", "hs_additional_emails", "lifecyclestage", "hs_merged_object_ids"}
}

func (r *runner) runMerge(ctx context.Context, primary, other string, o mergeOptions) error {
	s, err := r.connect(waitNoter(r.stderr))
	if err != nil {
		return err
	}
	if s.readOnly {
		return usageError("merge changes HubSpot, and this run is read-only (--read-only, or read_only in the config)")
	}
	var two [2]*api.Object
	for i, ref := range []string{primary, other} {
		two[i], err = s.client.GetContact(ctx, strings.TrimSpace(ref), api.GetOptions{Properties: mergeShown()})
		if api.IsNotFound(err) {
			return fmt.Errorf("no contact %s in HubSpot: %w", show(ref), err)
		}
		if err != nil {
			return r.explainAPIError(err, s.profile.Name, s.source)
		}
	}
	if two[0].ID == two[1].ID {
		return usageError("%s and %s are the same contact (id %s): nothing to merge", show(primary), show(other), show(two[0].ID))
	}
	if err := r.confirmMerge(ctx, two, o); err != nil {
		return err
	}
	merged, err := s.client.MergeContacts(ctx, two[0].ID, two[1].ID)
	var same *api.SameContactError
	if errors.As(err, &same) {
		return usageError("%v", same)
	}
	if err != nil {
		return r.explainAPIError(err, s.profile.Name, s.source)
	}
	fmt.Fprintf(r.stderr, "Merged %s into %s: one contact now, id %s.\n", who(two[1]), who(two[0]), show(merged.ID))
	if !o.json {
		fmt.Fprintln(r.stdout, show(merged.ID))
		return nil
	}
	full, err := s.client.GetContact(ctx, merged.ID, api.GetOptions{Properties: mergeShown()})
	if err != nil {
		return r.explainAPIError(err, s.profile.Name, s.source)
	}
	return writeJSON(r.stdout, getRecord(full, mergeShown(), false))
}

// confirmMerge says what will happen and asks, unless --yes.
func (r *runner) confirmMerge(ctx context.Context, two [2]*api.Object, o mergeOptions) error {
	if o.yes {
		return nil
	}
	if !r.stdinIsTerminal() {
		return usageError("not merging without asking: add --yes to merge")
	}
	fmt.Fprintf(r.stderr, "Merging %s into %s.\n", who(two[1]), who(two[0]))
	fmt.Fprintf(r.stderr, "HubSpot keeps one contact under a new id, with the first one's values and email; the second one's addresses become additional emails; both contacts' companies, deals, tickets and activities stay. A merge cannot be undone.\n")
	yes, err := r.confirm(ctx, "Merge them?")
	if err != nil {
		return err
	}
	if !yes {
		return errors.New("not merged: nothing was changed")
	}
	return nil
}

// who names a contact for a sentence: "Ada Lovelace <ada@example.com> (id 1201)".
func who(c *api.Object) string {
	name := strings.TrimSpace(show(c.Properties["firstname"]) + " " + show(c.Properties["lastname"]))
	email := show(c.Properties["email"])
	switch {
	case name != "" && email != "":
		name += " <" + email + ">"
	case name == "":
		name = email
	}
	if name == "" {
		return "contact " + show(c.ID)
	}
	return name + " (id " + show(c.ID) + ")"
}
