package cmd

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/filter"
)

// filterFlags are --filter and --view, on search and export: the TUI's filter syntax (package
// internal/filter) and the profile's saved views.
type filterFlags struct {
	filter string
	view   string
}

func (f *filterFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&f.filter, "filter", "", "only contacts that match these `terms`, as in the TUI's find box: 'lifecycle:lead owner:me created>2026-11-01' (see the README)")
	fs.StringVar(&f.view, "view", "", "a saved view's filter (and its columns and sort) by `name`, e.g. \"My contacts\"; --filter adds to it")
}

func (f filterFlags) set() bool {
	return strings.TrimSpace(f.filter) != "" || strings.TrimSpace(f.view) != ""
}

// selection is what --filter and --view choose: the parsed filter, and the view's columns and
// sort.
type selection struct {
	query   filter.Query
	view    *config.View
	sort    *api.Sort
	columns []string // the view's, nil when it names none
}

// selection reads --view and --filter against the account's property definitions. A view that
// does not exist, or a term that cannot be mapped, is a usage error saying why.
func (r *runner) selection(ctx context.Context, s *session, f filterFlags) (selection, error) {
	var sel selection
	text := f.filter
	if name := strings.TrimSpace(f.view); name != "" {
		v, ok := s.cfg.View(s.viewProfile(), name)
		if !ok {
			return sel, usageError("--view %q: profile %q has no such view; its views are: %s", name, s.viewProfile(), viewNames(s.cfg.Views(s.viewProfile())))
		}
		sel.view, sel.columns, sel.sort = &v, v.Columns, sortOf(v.Sort)
		text = v.Filter + " " + text
	}
	if strings.TrimSpace(text) == "" {
		return sel, nil
	}
	env, err := r.filterEnv(ctx, s, text)
	if err != nil {
		return sel, err
	}
	if sel.query, err = filter.Parse(text, env); err != nil {
		var fe *filter.Error
		if errors.As(err, &fe) && sel.view != nil && fe.Start < len(sel.view.Filter) {
			return sel, usageError("view %q: %v", sel.view.Name, err)
		}
		return sel, usageError("--filter: %v", err)
	}
	return sel, nil
}

// columnsOr is the view's columns as properties (the name column is first and last name), else def.
func (sel selection) columnsOr(def []string) []string {
	if len(sel.columns) == 0 {
		return def
	}
	var out []string
	for _, c := range sel.columns {
		if c == "name" {
			out = append(out, "firstname", "lastname")
			continue
		}
		out = append(out, c)
	}
	return out
}

// filterEnv is what the filter parser needs for text: the contact properties, who "me" is, the
// time zone, and the owners when text names an owner (owner:anna).
func (r *runner) filterEnv(ctx context.Context, s *session, text string) (filter.Env, error) {
	defs, err := s.client.Properties(ctx, api.ObjectContacts)
	if err != nil {
		return filter.Env{}, r.explainAPIError(err, s.profile.Name, s.source)
	}
	env := filter.Env{Props: defs, Loc: time.Local}
	if strings.Contains(strings.ToLower(text), "owner") {
		if owners, err := s.client.Owners(ctx); err == nil {
			env.Owners = owners // without them (no owners scope) ids and me still work
		}
	}
	env.Me, env.MeWhy, err = filter.Me(ctx, s.profile.Me, s.client)
	if err != nil {
		return filter.Env{}, r.explainAPIError(err, s.profile.Name, s.source)
	}
	return env, nil
}

// sortOf reads a view's sort: a property, - first for descending.
func sortOf(s string) *api.Sort {
	if s == "" {
		return nil
	}
	if name, desc := strings.CutPrefix(s, "-"); desc {
		return api.Desc(name)
	}
	return api.Asc(s)
}

func viewNames(vs []config.View) string {
	names := make([]string, len(vs))
	for i, v := range vs {
		names[i] = `"` + v.Name + `"`
	}
	return strings.Join(names, ", ")
}

// viewProfile is the profile whose views the session uses (the demo's is the chosen profile's).
func (s *session) viewProfile() string {
	if s.viewsOf != "" {
		return s.viewsOf
	}
	return s.profile.Name
}
