package cmd

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

type importOptions struct {
	key      string
	maps     []string
	dryRun   bool
	yes      bool
	failures string
}

// previewRows is how many rows the preview shows; previewRefused how many refused rows.
const (
	previewRows    = 5
	previewRefused = 10
	previewWidth   = 120
)

const importLong = `Create or update contacts from a CSV file, 100 per request (HubSpot's batch upsert).

The first line names the columns: HubSpot property names or labels ("email", "First Name",
"Lifecycle Stage"…), matched ignoring case, spaces and punctuation; --map settles the others.
The key column (email unless --key names another unique property) says which contact a row is:
a contact with that key is updated, otherwise one is created. Empty cells change nothing.
Enumeration cells may hold an option's label or value; yes/no work for checkboxes.

Before anything is written, every row is checked (email addresses, options, numbers, dates, the
same key twice) and the mapping and the first rows are shown; a malformed file (ragged rows, bad
quoting, not UTF-8) is refused with the line at fault, and nothing is written. --dry-run stops
there. Progress goes to standard error. Rows that fail, with HubSpot's reason for each, go to a
CSV beside the file (FILE.failures.csv): fix it and import it as it is.

Exit codes: 0 every row written, 1 some rows failed or an error, 2 usage, 4 authentication,
130 interrupted (rows not yet written are in the failures file; importing them again is safe).`

func (r *runner) importCommand() *cobra.Command {
	var o importOptions
	c := &cobra.Command{
		Use:   "import FILE.csv",
		Short: "Create or update contacts from a CSV file (upsert by email or a unique property)",
		Long:  importLong,
		Example: `  hubcontacts import contacts.csv --dry-run
  hubcontacts import contacts.csv --yes
  hubcontacts import codes.csv --key customer_code --map "Mobile=mobilephone" --map "Notes=" --yes
  hubcontacts import contacts.failures.csv --yes     # after fixing the failed rows`,
		Args: fileArg,
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"csv", "txt", "tsv"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(c *cobra.Command, args []string) error { return r.runImport(c.Context(), args[0], o) },
	}
	f := c.Flags()
	f.StringVar(&o.key, "key", bulk.DefaultKey, "the `property` that identifies a contact: email, or another property with unique values")
	f.StringArrayVar(&o.maps, "map", nil, "fill a property from a column: `HEADER=PROPERTY`, or HEADER= to skip the column (repeatable)")
	f.BoolVar(&o.dryRun, "dry-run", false, "check everything and show what would be written; write nothing")
	f.BoolVarP(&o.yes, "yes", "y", false, "import without asking first (required when standard input is not a terminal)")
	f.StringVar(&o.failures, "failures", "", "where to write the failed rows (default: FILE.failures.csv beside the file)")
	return c
}

// fileArg wants one file name.
func fileArg(c *cobra.Command, args []string) error {
	if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
		return usageError("%s takes one CSV file", c.CommandPath())
	}
	return nil
}

func (r *runner) runImport(ctx context.Context, path string, o importOptions) error {
	if r.app.Getenv("GOGC") == "" {
		// An import's heap is small and short-lived (a window of batches, the answers being
		// read): collecting at five times its live size, not twice, spares the collector
		// about a fifth of the process's work on 5,000 rows, for a few MB more at its peak.
		defer debug.SetGCPercent(debug.SetGCPercent(importGCPercent))
	}
	maps, err := parseMaps(o.maps)
	if err != nil {
		return err
	}
	src, closeSrc, err := r.importSource(path, o)
	if err != nil {
		return err
	}
	defer closeSrc()
	var fails *bulk.FailuresFile
	if !o.dryRun {
		// Before anything is sent: a failures file that cannot be written (or is the input
		// itself) would lose the failed rows at the end.
		if fails, err = bulk.CreateFailures(failuresPath(path, o.failures), src); err != nil {
			if o.failures != "" {
				return usageError("--failures: %v", err)
			}
			return err
		}
		defer fails.Discard()
	}
	meter := bulk.NewMeter(nil)
	s, err := r.connect(meter.OnWait)
	if err != nil {
		return err
	}
	if s.readOnly && !o.dryRun {
		return usageError("import writes contacts, and this run is read-only (--read-only, or read_only in the config); check the file with --dry-run")
	}
	plan, err := bulk.Prepare(ctx, s.client, src, bulk.MapOptions{Key: o.key, Map: maps})
	if err != nil {
		return r.prepareError(src.Name(), err, s)
	}
	r.printPlan(src.Name(), plan)
	if o.dryRun {
		return r.dryRunEnd(plan)
	}
	if err := r.confirmImport(ctx, plan, s, o); err != nil {
		return err
	}
	return r.upsert(ctx, s, plan, meter, fails)
}

// importGCPercent is the collector's GOGC while an import runs (Go's default is 100).
const importGCPercent = 400

// parseMaps reads --map HEADER=PROPERTY values.
func parseMaps(vals []string) (map[string]string, error) {
	out := map[string]string{}
	for _, v := range vals {
		i := strings.LastIndex(v, "=")
		if i <= 0 {
			return nil, usageError("--map %q: write HEADER=PROPERTY (or HEADER= to skip the column)", v)
		}
		out[strings.TrimSpace(v[:i])] = strings.TrimSpace(v[i+1:])
	}
	return out, nil
}

// importSource is the file, or standard input for "-" (which then cannot answer a prompt).
// Anything but a regular file (a device, a FIFO, a directory) is refused before it is opened.
func (r *runner) importSource(path string, o importOptions) (bulk.Source, func(), error) {
	if path == "-" {
		if !o.yes && !o.dryRun {
			return nil, nil, usageError("reading the file from standard input leaves no way to ask: add --yes (or --dry-run)")
		}
		in := bulk.Stdin(r.app.Stdin)
		return in, func() { in.Close() }, nil
	}
	src, err := bulk.File(path)
	var nr *bulk.NotRegularError
	if errors.As(err, &nr) {
		return nil, nil, usageError("%v", err)
	}
	if err != nil {
		return nil, nil, err
	}
	return src, func() {}, nil
}

// prepareError says which file a file or mapping problem is in; API failures keep their codes.
func (r *runner) prepareError(path string, err error, s *session) error {
	var fe *bulk.FileError
	var me *bulk.MappingError
	if errors.Is(err, context.Canceled) {
		return err
	}
	if errors.As(err, &fe) || errors.As(err, &me) {
		return fmt.Errorf("%s: %w; nothing was written", path, err)
	}
	return r.explainAPIError(err, s.profile.Name, s.source)
}

// printPlan shows, on standard error, the mapping, the first rows and the rows refused.
func (r *runner) printPlan(path string, p *bulk.Plan) {
	w := r.stderr
	fmt.Fprintf(w, "%s: %s; key: %s\n", show(path), count(p.Rows(), "row"), p.Mapping.Key.Name)
	width := 0
	for _, c := range p.Mapping.Columns {
		width = max(width, ansi.StringWidth(show(c.Header)))
	}
	for _, c := range p.Mapping.Columns {
		target := "skipped: " + c.Skipped
		if c.Property != nil {
			target = fmt.Sprintf("→ %s (%s)", c.Property.Name, show(c.Property.Label))
		}
		fmt.Fprintf(w, "  %s%s  %s\n", show(c.Header), strings.Repeat(" ", width-ansi.StringWidth(show(c.Header))), target)
	}
	r.printPreview(p.Preview(previewRows))
	r.printRefused(p.Refusals, p.Refused)
}

func (r *runner) printPreview(pv bulk.Preview) {
	if len(pv.Rows) == 0 {
		fmt.Fprintln(r.stderr, "The file has no rows to import.")
		return
	}
	names := make([]string, len(pv.Columns))
	for i, c := range pv.Columns {
		names[i] = c.Property.Name
	}
	fmt.Fprintf(r.stderr, "First rows, as they would be written (%s):\n", strings.Join(names, " | "))
	for _, row := range pv.Rows {
		vals := make([]string, len(row.Values))
		for i, v := range row.Values {
			vals[i] = show(v)
		}
		line := fmt.Sprintf("  line %d: %s", row.Line, strings.Join(vals, " | "))
		if row.Problem != "" {
			line += "  [refused]"
		}
		fmt.Fprintln(r.stderr, ansi.Truncate(line, previewWidth, "…"))
	}
}

// printRefused lists the first refused rows (rej) of all n.
func (r *runner) printRefused(rej []bulk.Rejected, n int) {
	if n == 0 {
		return
	}
	fmt.Fprintf(r.stderr, "Refused before sending: %s\n", count(n, "row"))
	for i, x := range rej[:min(len(rej), previewRefused)] {
		fmt.Fprintf(r.stderr, "  line %d: %s\n", x.Line, show(x.Reason()))
		if i == previewRefused-1 && n > previewRefused {
			fmt.Fprintf(r.stderr, "  … and %s more (every one is in the failures file)\n", value.Thousands(n-previewRefused))
		}
	}
}

// dryRunEnd reports what an import would do; refused rows make it exit 1.
func (r *runner) dryRunEnd(p *bulk.Plan) error {
	fmt.Fprintf(r.stdout, "Dry run: %s would be written, %s refused. Nothing was written.\n",
		count(p.Valid, "row"), value.Thousands(p.Refused))
	if p.Refused > 0 {
		return fmt.Errorf("%s would be refused (listed above)", count(p.Refused, "row"))
	}
	return nil
}

// confirmImport asks before writing, unless --yes; with no terminal to ask on, --yes is needed.
func (r *runner) confirmImport(ctx context.Context, p *bulk.Plan, s *session, o importOptions) error {
	if o.yes {
		return nil
	}
	if !r.stdinIsTerminal() {
		return usageError("not importing without asking: add --yes to import (or --dry-run to check the file only)")
	}
	where := "profile " + s.profile.Name
	if s.profile.PortalID != 0 {
		where = fmt.Sprintf("portal %d (profile %s)", s.profile.PortalID, s.profile.Name)
	}
	yes, err := r.confirm(ctx, fmt.Sprintf("Write %s to HubSpot %s?", count(p.Valid, "row"), where))
	if err != nil {
		return err
	}
	if !yes {
		return errors.New("not imported: nothing was written")
	}
	return nil
}

// upsert runs the import, writing the failures file as it goes, and reports the totals.
func (r *runner) upsert(ctx context.Context, s *session, p *bulk.Plan, meter *bulk.Meter, fails *bulk.FailuresFile) error {
	meter.Notify(newProgressPrinter(r.stderr, "processed", "rows").event)
	var failErr error
	sum := bulk.Upsert(ctx, s.client, p, bulk.RunOptions{Meter: meter, OnResult: func(res bulk.Result) {
		if res.Outcome == bulk.Failed && failErr == nil {
			failErr = fails.Add(p, res)
		}
	}})
	fmt.Fprintf(r.stdout, "Created %s, updated %s, failed %s.\n", value.Thousands(sum.Created), value.Thousands(sum.Updated), value.Thousands(sum.Failed))
	if failErr != nil {
		return failErr
	}
	kept, err := fails.Close()
	if err != nil {
		return err
	}
	if kept {
		fmt.Fprintf(r.stdout, "Failed rows, with HubSpot's reasons: %s (fix them and import that file).\n", fails.Path())
	}
	switch {
	case sum.Err != nil:
		return r.explainAPIError(sum.Err, s.profile.Name, s.source)
	case sum.Failed > 0:
		return fmt.Errorf("%s of %s rows failed; they are in %s", value.Thousands(sum.Failed), value.Thousands(p.Rows()), fails.Path())
	}
	return nil
}

// failuresPath is --failures, else FILE.failures.csv beside the file.
func failuresPath(path, given string) string {
	if given != "" {
		return given
	}
	if path == "-" {
		return "import.failures.csv"
	}
	return bulk.FailuresPath(path)
}
