package bulk

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/hubcontacts/hubcontacts/api"
)

// Exporter reads contacts page by page; *api.Client is one.
type Exporter interface {
	ListContacts(ctx context.Context, o api.ListOptions) (api.Page, error)
	SearchContacts(ctx context.Context, r api.SearchRequest) (api.SearchPage, error)
	ContactReader
}

// Export formats.
const (
	FormatCSV  = "csv"
	FormatJSON = "json"
)

// DefaultExportProperties are the columns of an export when none are asked for.
func DefaultExportProperties() []string {
	return []string{"email", "firstname", "lastname", "phone", "company", "jobtitle", "lifecyclestage", "createdate", "lastmodifieddate"}
}

// ExportOptions choose what an export reads and how it writes it.
type ExportOptions struct {
	// Properties are the columns, in order (the record id always comes first).
	Properties []string
	// Query is a free-text search and Groups are search filters (a filter or a saved view,
	// package internal/filter): with either, HubSpot's search is read (at most 10,000 results);
	// with neither, the whole list.
	Query  string
	Groups []api.FilterGroup
	// IDs, when set, exports these contacts (the TUI's marked ones) instead.
	IDs []string
	// Format is FormatCSV (default) or FormatJSON.
	Format string
	// Raw writes CSV cells exactly as HubSpot holds them. Without it a cell a spreadsheet would
	// take for a formula (starting with =, +, -, @, a tab or a carriage return) gets a leading
	// ' (OWASP's rule against CSV injection), so opening the file runs nothing. JSON is always
	// exact.
	Raw bool
	// Count asks HubSpot first how many contacts the list holds, so progress has a total.
	Count bool
	Meter *Meter
}

// ErrTooManyResults is a search matching more than HubSpot lets one search page through.
type ErrTooManyResults struct{ Total int }

func (e *ErrTooManyResults) Error() string {
	return fmt.Sprintf("the search matches %d contacts, but HubSpot's search stops at %d: narrow the query or the filter, or export the whole list without them", e.Total, api.MaxSearchResults)
}

// Export streams contacts to w, one page at a time, so memory stays flat at any size. It
// returns how many contacts it wrote. Values are written as HubSpot holds them, except that a
// CSV cell a spreadsheet would run as a formula is neutralised unless Raw is set.
func Export(ctx context.Context, c Exporter, w io.Writer, o ExportOptions) (int, error) {
	if len(o.Properties) == 0 {
		o.Properties = DefaultExportProperties()
	}
	if o.Meter == nil {
		o.Meter = NewMeter(nil)
	}
	out, err := newSink(w, o.Format, o.Properties, o.Raw)
	if err != nil {
		return 0, err
	}
	x := &export{c: c, o: o, out: out}
	switch {
	case o.IDs != nil:
		err = x.byIDs(ctx)
	case o.Query != "" || len(o.Groups) > 0:
		err = x.search(ctx)
	default:
		err = x.list(ctx)
	}
	if cerr := out.close(); err == nil {
		err = cerr
	}
	x.o.Meter.finish()
	return x.n, err
}

type export struct {
	c   Exporter
	o   ExportOptions
	out sink
	n   int
}

// page writes one page of contacts.
func (x *export) page(objs []*api.Object) error {
	for _, obj := range objs {
		if err := x.out.write(obj); err != nil {
			return err
		}
	}
	x.n += len(objs)
	x.o.Meter.exported(len(objs))
	return nil
}

func (x *export) list(ctx context.Context) error {
	total := 0
	if x.o.Count {
		if p, err := x.c.SearchContacts(ctx, api.SearchRequest{Limit: 1, Properties: []string{"email"}}); err == nil {
			total = p.Total
		}
	}
	x.o.Meter.Start(total)
	after := ""
	for {
		p, err := x.c.ListContacts(ctx, api.ListOptions{Limit: 100, After: after, Properties: x.o.Properties})
		if err != nil {
			return err
		}
		if err := x.page(p.Results); err != nil {
			return err
		}
		if p.After == "" || p.After == after {
			return nil
		}
		after = p.After
	}
}

func (x *export) search(ctx context.Context) error {
	r := api.SearchRequest{Query: x.o.Query, Groups: x.o.Groups, Properties: x.o.Properties, Limit: api.MaxSearchLimit,
		Sort: api.Asc("hs_object_id")}
	for first := true; ; first = false {
		p, err := x.c.SearchContacts(ctx, r)
		if err != nil {
			return err
		}
		if first {
			if p.Total > api.MaxSearchResults {
				return &ErrTooManyResults{Total: p.Total}
			}
			x.o.Meter.Start(p.Total)
		}
		if err := x.page(p.Results); err != nil {
			return err
		}
		n, _ := strconv.Atoi(p.After)
		if p.After == "" || p.After == r.After || n >= api.MaxSearchResults {
			return nil
		}
		r.After = p.After
	}
}

func (x *export) byIDs(ctx context.Context) error {
	x.o.Meter.Start(len(x.o.IDs))
	for lo := 0; lo < len(x.o.IDs); lo += api.MaxBatchInputs {
		ids := x.o.IDs[lo:min(lo+api.MaxBatchInputs, len(x.o.IDs))]
		rs, err := x.c.BatchReadContacts(ctx, ids, "", x.o.Properties)
		if err != nil {
			return err
		}
		objs := make([]*api.Object, 0, len(rs))
		for _, r := range rs {
			if r.Object != nil {
				objs = append(objs, r.Object)
			}
		}
		if err := x.page(objs); err != nil {
			return err
		}
	}
	return nil
}

// ResolveProperties turns names or labels into property names, checking each exists; "all"
// means every property that is not hidden.
func ResolveProperties(defs []api.Property, names []string) ([]string, error) {
	if len(names) == 1 && strings.EqualFold(names[0], "all") {
		var out []string
		for _, d := range defs {
			if !d.Hidden {
				out = append(out, d.Name)
			}
		}
		return out, nil
	}
	ix := newPropIndex(defs)
	out := make([]string, 0, len(names))
	var problems []string
	for _, n := range names {
		p := ix.find(n)
		if p == nil {
			problems = append(problems, fmt.Sprintf("there is no property %q%s", n, ix.suggest(n)))
			continue
		}
		if !contains(out, p.Name) {
			out = append(out, p.Name)
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return out, nil
}
