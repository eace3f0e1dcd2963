package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

// defaultGetProperties are what get prints when --properties is not given.
func defaultGetProperties() []string {
	return []string{"email", "firstname", "lastname", "phone", "mobilephone", "company", "jobtitle",
		"lifecyclestage", "hs_lead_status", "hubspot_owner_id", "hs_additional_emails", "createdate", "lastmodifieddate"}
}

type getOptions struct {
	props   []string
	history bool
	json    bool
}

const getLong = `Print one contact, found by email address (primary or secondary) or by record id.

By default the output is plain and reads like the app: one property a line, its label and its
value aligned, options by their labels, the owner by name, dates and times in local time,
HubSpot's text made safe for the terminal. --json prints the record as HubSpot holds it
(internal names, raw values, UTC times; history with --history). --properties takes internal
names or labels, comma-separated.

Exit codes: 0 found, 3 no such contact, 1 error, 2 usage, 4 authentication.`

func (r *runner) getCommand() *cobra.Command {
	var o getOptions
	c := &cobra.Command{
		Use:   "get EMAIL_OR_ID",
		Short: "Print one contact (plain and aligned, or raw JSON)",
		Long:  getLong,
		Example: `  hubcontacts get ada@example.com
  hubcontacts get 1201 --properties email,phone,lifecyclestage --history
  hubcontacts get ada@example.com --json | jq -r .properties.phone`,
		Args:              contactArg,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(c *cobra.Command, args []string) error { return r.runGet(c.Context(), args[0], o) },
	}
	f := c.Flags()
	f.StringSliceVar(&o.props, "properties", nil, "the `properties` to print, by name or label (default: the usual contact fields)")
	f.BoolVar(&o.history, "history", false, "also print each property's past values (when, and from which source)")
	f.BoolVar(&o.json, "json", false, "print the raw record as JSON")
	return c
}

var contactIDRE = regexp.MustCompile(`^[0-9]{1,20}$`)

// contactArg wants one email address or numeric record id.
func contactArg(c *cobra.Command, args []string) error {
	if len(args) != 1 {
		return usageError("%s takes one email address or contact id; got %d arguments", c.CommandPath(), len(args))
	}
	a := strings.TrimSpace(args[0])
	if !contactIDRE.MatchString(a) && !strings.Contains(a, "@") {
		return usageError("%q is neither an email address nor a contact id (a number)", args[0])
	}
	return nil
}

func (r *runner) runGet(ctx context.Context, ref string, o getOptions) error {
	s, err := r.connect(waitNoter(r.stderr))
	if err != nil {
		return err
	}
	props, err := r.propertyList(ctx, s, splitList(o.props), defaultGetProperties())
	if err != nil {
		return err
	}
	opts := api.GetOptions{Properties: props}
	if o.history {
		opts.History = props
	}
	obj, err := s.client.GetContact(ctx, strings.TrimSpace(ref), opts)
	if err != nil {
		return r.explainAPIError(err, s.profile.Name, s.source)
	}
	if o.json {
		return writeJSON(r.stdout, getRecord(obj, props, o.history))
	}
	defs, err := s.client.Properties(ctx, api.ObjectContacts) // labels and options, as the TUI shows them
	if err != nil {
		return r.explainAPIError(err, s.profile.Name, s.source)
	}
	printContact(r.stdout, obj, props, withOwnerNames(ctx, s.client, defs, obj, props), o.history)
	return nil
}

// withOwnerNames gives the owner property the portal's owners as its options when the contact
// has an owner to print, so it prints by name as the app and the activities command show it;
// without them (the token may lack crm.objects.owners.read) the id prints as it is. The
// definitions are the client's: the owner property is replaced in a copy, never changed.
func withOwnerNames(ctx context.Context, c *api.Client, defs []api.Property, o *api.Object, props []string) []api.Property {
	if !slices.Contains(props, api.OwnerProperty) || o.Properties[api.OwnerProperty] == "" && len(o.History[api.OwnerProperty]) == 0 {
		return defs
	}
	i := slices.IndexFunc(defs, func(p api.Property) bool { return p.Name == api.OwnerProperty })
	if i < 0 {
		return defs
	}
	owners, err := c.Owners(ctx)
	if err != nil || len(owners) == 0 {
		return defs
	}
	defs = slices.Clone(defs)
	defs[i].Options = api.OwnerOptions(owners)
	return defs
}

// propertyList resolves --properties (names or labels) against the portal's definitions, or
// gives the defaults. An unknown name is a usage error naming the closest property.
func (r *runner) propertyList(ctx context.Context, s *session, asked, defaults []string) ([]string, error) {
	if len(asked) == 0 {
		return defaults, nil
	}
	defs, err := s.client.Properties(ctx, api.ObjectContacts)
	if err != nil {
		return nil, r.explainAPIError(err, s.profile.Name, s.source)
	}
	names, err := bulk.ResolveProperties(defs, asked)
	if err != nil {
		return nil, usageError("--properties: %v", err)
	}
	return names, nil
}

// printContact prints "label  value" lines, aligned, as the TUI's detail shows them: each
// property by its label, each value by the one display rule (option labels, Yes/No, grouped
// numbers, dates and times in local time), through the display sanitizer; with history, each
// past value below its property. A property the definitions do not know shows by name, raw.
func printContact(w io.Writer, o *api.Object, props []string, defs []api.Property, history bool) {
	byName := make(map[string]*api.Property, len(defs))
	for i := range defs {
		byName[defs[i].Name] = &defs[i]
	}
	label := func(name string) string {
		if p := byName[name]; p != nil && p.Label != "" {
			return show(p.Label)
		}
		return show(name)
	}
	text := func(name, raw string) string {
		if p := byName[name]; p != nil {
			raw = value.For(p, time.Local).Show(raw)
		}
		return show(raw)
	}
	idLabel := "id"
	if byName["hs_object_id"] != nil {
		idLabel = label("hs_object_id")
	}
	width := ansi.StringWidth(idLabel)
	for _, p := range props {
		width = max(width, ansi.StringWidth(label(p)))
	}
	pad := func(s string) string { return s + strings.Repeat(" ", width-ansi.StringWidth(s)) }
	fmt.Fprintf(w, "%s  %s\n", pad(idLabel), show(o.ID))
	for _, p := range props {
		fmt.Fprintln(w, strings.TrimRight(pad(label(p))+"  "+text(p, o.Properties[p]), " "))
		if history {
			for _, h := range o.History[p] {
				fmt.Fprintf(w, "%s    %s  %s  (%s)\n", strings.Repeat(" ", width), h.Timestamp.Local().Format("2006-01-02 15:04"), text(p, h.Value), show(h.SourceType))
			}
		}
	}
}

// jsonContact is a record as `get --json` prints it, shaped as HubSpot sends it.
type jsonContact struct {
	ID                    string                   `json:"id"`
	Properties            map[string]*string       `json:"properties"`
	PropertiesWithHistory map[string][]jsonHistory `json:"propertiesWithHistory,omitempty"`
	CreatedAt             string                   `json:"createdAt,omitempty"`
	UpdatedAt             string                   `json:"updatedAt,omitempty"`
	Archived              bool                     `json:"archived"`
}

type jsonHistory struct {
	Value      string `json:"value"`
	Timestamp  string `json:"timestamp"`
	SourceType string `json:"sourceType,omitempty"`
	SourceID   string `json:"sourceId,omitempty"`
}

// getRecord is the JSON form: every asked property (null when it has no value), raw.
func getRecord(o *api.Object, props []string, history bool) jsonContact {
	j := jsonContact{ID: o.ID, Properties: map[string]*string{}, CreatedAt: isoTime(o.CreatedAt),
		UpdatedAt: isoTime(o.UpdatedAt), Archived: o.Archived}
	for _, p := range props {
		if v, ok := o.Properties[p]; ok {
			j.Properties[p] = &v
		} else {
			j.Properties[p] = nil
		}
	}
	if history {
		j.PropertiesWithHistory = map[string][]jsonHistory{}
		for p, hs := range o.History {
			for _, h := range hs {
				j.PropertiesWithHistory[p] = append(j.PropertiesWithHistory[p],
					jsonHistory{Value: h.Value, Timestamp: isoTime(h.Timestamp), SourceType: h.SourceType, SourceID: h.SourceID})
			}
		}
	}
	return j
}

func isoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// writeJSON prints v indented, without HTML escaping (values stay exactly as HubSpot has them).
func writeJSON(w io.Writer, v any) error {
	raw, err := bulk.MarshalRaw(v)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = w.Write(out.Bytes())
	return err
}
