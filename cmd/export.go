package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

type exportOptions struct {
	props  []string
	query  string
	format string
	output string
	raw    bool
	filterFlags
}

const exportLong = `Write contacts to a CSV or JSON file: every contact, or those a search finds (--query, --filter,
--view: the TUI's filter syntax and saved views, so a view exports exactly its contacts). Pages
are read one at a time at HubSpot's rate limit and written as they come, so memory stays flat at
any size; progress goes to standard error. Values are written as HubSpot holds them, except that
a CSV cell a spreadsheet would run as a formula (one starting with =, +, -, @, a tab or a
carriage return) gets a leading ' so that opening the file runs nothing; --raw writes those
untouched too (for machines). JSON is always exact.

The first column is the record id (hs_object_id); --properties chooses the others, by name or
label, or "all" (a view's columns when --view names one). The CSV imports back with 'hubcontacts
import' (which takes values as written, a leading ' included: export with --raw for a file that
imports back exactly). HubSpot's search reaches at most 10,000 contacts: a larger search is refused before
anything is written.

With --output the file appears only once complete; without it the export goes to standard output.

Exit codes: 0 done, 1 error, 2 usage, 4 authentication, 130 interrupted.`

func (r *runner) exportCommand() *cobra.Command {
	var o exportOptions
	c := &cobra.Command{
		Use:   "export",
		Short: "Export contacts to CSV or JSON, streaming (all of them, or a search)",
		Long:  exportLong,
		Example: `  hubcontacts export -o contacts.csv
  hubcontacts export --properties email,phone,lifecyclestage --query "acme" -o acme.csv
  hubcontacts export --filter 'lifecycle:customer phone:none' -o no-phone.csv
  hubcontacts export --view "My contacts" -o mine.csv
  hubcontacts export --properties all --format json > contacts.json`,
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              func(c *cobra.Command, _ []string) error { return r.runExport(c.Context(), o) },
	}
	f := c.Flags()
	f.StringSliceVar(&o.props, "properties", nil, "the `properties` to write, by name or label, or \"all\" (default: email, names, phone, company, job title, lifecycle stage, dates)")
	f.StringVar(&o.query, "query", "", "export only the contacts HubSpot's search finds for these `words` (at most 10,000)")
	f.StringVar(&o.format, "format", "", "csv or json (default: from the --output name, else csv)")
	f.StringVarP(&o.output, "output", "o", "", "write to `FILE` (default: standard output)")
	f.BoolVar(&o.raw, "raw", false, "write CSV cells exactly as HubSpot holds them, even those a spreadsheet would run as a formula (for machines)")
	o.filterFlags.add(f)
	return c
}

func (r *runner) runExport(ctx context.Context, o exportOptions) error {
	format, err := exportFormat(o)
	if err != nil {
		return err
	}
	if o.output == "" && r.stdoutIsTerminal() {
		return usageError("export writes HubSpot's values as they are, and they may hold terminal escape sequences: write to a file with -o FILE, or redirect the output (> contacts.csv)")
	}
	meter := bulk.NewMeter(nil)
	s, err := r.connect(meter.OnWait)
	if err != nil {
		return err
	}
	sel, err := r.selection(ctx, s, o.filterFlags)
	if err != nil {
		return err
	}
	props, err := r.propertyList(ctx, s, splitList(o.props), sel.columnsOr(bulk.DefaultExportProperties()))
	if err != nil {
		return err
	}
	meter.Notify(newProgressPrinter(r.stderr, "exported", "contacts").event)
	opts := bulk.ExportOptions{Properties: props, Query: strings.TrimSpace(o.query + " " + sel.query.Text()), Groups: sel.query.Groups(),
		Format: format, Count: true, Meter: meter, Raw: o.raw}
	n, err := r.exportTo(ctx, s, o.output, opts)
	if err != nil {
		var tooMany *bulk.ErrTooManyResults
		if errors.As(err, &tooMany) {
			return err
		}
		return r.explainAPIError(err, s.profile.Name, s.source)
	}
	if o.output != "" {
		fmt.Fprintf(r.stderr, "hubcontacts: %s contacts written to %s\n", value.Thousands(n), o.output)
	}
	return nil
}

// exportTo streams to standard output, or to a file that appears only when complete.
func (r *runner) exportTo(ctx context.Context, s *session, path string, opts bulk.ExportOptions) (int, error) {
	if path == "" {
		return bulk.Export(ctx, s.client, r.stdout, opts)
	}
	n := 0
	err := bulk.WriteFileAtomic(path, func(w io.Writer) error {
		var err error
		n, err = bulk.Export(ctx, s.client, w, opts)
		return err
	})
	return n, err
}

// exportFormat is --format, else the output file's extension, else csv.
func exportFormat(o exportOptions) (string, error) {
	f := strings.ToLower(strings.TrimSpace(o.format))
	if f == "" && strings.EqualFold(filepath.Ext(o.output), ".json") {
		f = bulk.FormatJSON
	}
	switch f {
	case "", bulk.FormatCSV:
		return bulk.FormatCSV, nil
	case bulk.FormatJSON:
		return f, nil
	}
	return "", usageError("--format %q: use csv or json", o.format)
}
