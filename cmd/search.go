package cmd

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

// defaultSearchProperties are search's columns when --properties is not given.
func defaultSearchProperties() []string {
	return []string{"email", "firstname", "lastname", "company"}
}

// maxCellWidth caps a column of search's plain output.
const maxCellWidth = 40

type searchOptions struct {
	props []string
	limit int
	json  bool
	filterFlags
}

const searchLong = `Search contacts with HubSpot's search: the words match names, email addresses, phone
numbers and company names. Prints one contact a line, columns aligned, HubSpot's text made safe
for the terminal; --json prints HubSpot's answer raw (total and results).

--filter narrows by property with the TUI's find-box syntax ('lifecycle:lead owner:me
created>2026-11-01 phone:none'; see the README), --view takes a saved view's filter, columns and
sort; with either, the words are optional. The same filter finds the same contacts as the TUI.

HubSpot's search lags a few seconds behind changes: look a contact just created up with
'hubcontacts get EMAIL'.

Exit codes: 0 found, 3 nothing matches (with --json too), 1 error, 2 usage, 4 authentication.`

func (r *runner) searchCommand() *cobra.Command {
	var o searchOptions
	c := &cobra.Command{
		Use:   "search QUERY",
		Short: "Search contacts (plain and aligned, or raw JSON)",
		Long:  searchLong,
		Example: `  hubcontacts search lovelace
  hubcontacts search "acme corp" --limit 100 --properties email,phone
  hubcontacts search --filter 'lifecycle:lead country:Germany' --json
  hubcontacts search --view "My contacts" berg
  hubcontacts search example.com --json | jq -r '.results[].properties.email'`,
		Args: func(c *cobra.Command, args []string) error {
			if o.filterFlags.set() {
				return nil
			}
			return queryArgs(c, args)
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(c *cobra.Command, args []string) error {
			return r.runSearch(c.Context(), strings.Join(args, " "), o)
		},
	}
	f := c.Flags()
	o.filterFlags.add(f)
	f.StringSliceVar(&o.props, "properties", nil, "the `properties` to print, by name or label (default: email, first and last name, company)")
	f.IntVar(&o.limit, "limit", 20, "how many contacts to print, 1 to 200")
	f.BoolVar(&o.json, "json", false, "print HubSpot's answer as raw JSON")
	return c
}

// queryArgs wants at least one word.
func queryArgs(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return usageError("%s needs words to look for, e.g. %s lovelace", c.CommandPath(), c.CommandPath())
	}
	return nil
}

func (r *runner) runSearch(ctx context.Context, query string, o searchOptions) error {
	query = strings.TrimSpace(query)
	if query == "" && !o.filterFlags.set() {
		return usageError("search needs words to look for, --filter or --view")
	}
	if o.limit < 1 || o.limit > api.MaxSearchLimit {
		return usageError("--limit %d: give 1 to %d", o.limit, api.MaxSearchLimit)
	}
	s, err := r.connect(waitNoter(r.stderr))
	if err != nil {
		return err
	}
	sel, err := r.selection(ctx, s, o.filterFlags)
	if err != nil {
		return err
	}
	props, err := r.propertyList(ctx, s, splitList(o.props), sel.columnsOr(defaultSearchProperties()))
	if err != nil {
		return err
	}
	query = strings.TrimSpace(sel.query.Text() + " " + query)
	page, err := s.client.SearchContacts(ctx, api.SearchRequest{Query: query, Groups: sel.query.Groups(), Sort: sel.sort, Properties: props, Limit: o.limit})
	if err != nil {
		return r.explainAPIError(err, s.profile.Name, s.source)
	}
	if o.json {
		if err := writeJSON(r.stdout, searchJSON(page, props)); err != nil {
			return err
		}
	}
	if len(page.Results) == 0 {
		return &exitError{code: ExitNotFound, err: fmt.Errorf("no contact matches %q", strings.TrimSpace(o.filter+" "+query))}
	}
	if o.json {
		return nil
	}
	printTable(r.stdout, props, page.Results)
	if page.Total > len(page.Results) {
		fmt.Fprintf(r.stderr, "hubcontacts: %s of %s matches shown; see more with --limit (up to %d)%s\n",
			value.Thousands(len(page.Results)), value.Thousands(page.Total), api.MaxSearchLimit, capNote(page.Total))
	}
	return nil
}

// capNote is said when a search matches more than HubSpot lets anyone page through.
func capNote(total int) string {
	if total <= api.MaxSearchResults {
		return ""
	}
	return fmt.Sprintf("; HubSpot's search reaches %s of them at most: narrow the filter", value.Thousands(api.MaxSearchResults))
}

// searchJSON is HubSpot's search answer: total and raw results.
func searchJSON(p api.SearchPage, props []string) any {
	results := make([]jsonContact, len(p.Results))
	for i, o := range p.Results {
		results[i] = getRecord(o, props, false)
	}
	return struct {
		Total   int           `json:"total"`
		Results []jsonContact `json:"results"`
	}{p.Total, results}
}

// printTable prints a header of property names and one aligned line per record (id first),
// each cell sanitized and cut at maxCellWidth.
func printTable(w io.Writer, props []string, objs []*api.Object) {
	rows := [][]string{append([]string{"id"}, props...)}
	for _, o := range objs {
		row := []string{show(o.ID)}
		for _, p := range props {
			row = append(row, ansi.Truncate(show(o.Properties[p]), maxCellWidth, "…"))
		}
		rows = append(rows, row)
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	for _, row := range rows {
		var b strings.Builder
		for i, c := range row {
			b.WriteString(c)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}
