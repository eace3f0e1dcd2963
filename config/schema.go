package config

import (
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	rules "github.com/hubcontacts/hubcontacts/internal/value" // config has its own type named value
)

// file is the configuration file as YAML decodes it: the struct is the file's schema, and the
// decoder (KnownFields) refuses any other key with its line. Values are kept as written, with
// their lines, for check to validate and name the line of any it refuses.
type file struct {
	DefaultProfile *value                `yaml:"default_profile"`
	Profiles       map[name]*profileFile `yaml:"profiles"`
	Columns        *value                `yaml:"columns"`
	PageSize       *value                `yaml:"page_size"`
	Theme          *value                `yaml:"theme"`
	Keys           map[name]*value       `yaml:"keys"`
	ReadOnly       *value                `yaml:"read_only"`
}

// profileFile is one profile under profiles.
type profileFile struct {
	BaseURL    *value `yaml:"base_url"`
	PortalID   *value `yaml:"portal_id"`
	ReadOnly   *value `yaml:"read_only"`
	APIVersion *value `yaml:"api_version"`
	Me         *value `yaml:"me"`
	Views      *value `yaml:"views"`
	Index      *value `yaml:"index"`
	IndexProps *value `yaml:"index_properties"`
}

// value is one value as written (a scalar, or a list or mapping where the file has one), with
// its line. A key given with nothing after it ("theme:") decodes to no value at all.
type value struct{ n yaml.Node }

func (v *value) UnmarshalYAML(n *yaml.Node) error { v.n = *n; return nil }

// name is a key of a mapping whose keys the file chooses (profile names, actions), with its line.
type name struct {
	s    string
	line int
}

func (k *name) UnmarshalYAML(n *yaml.Node) error {
	k.s, k.line = n.Value, n.Line
	return nil
}

// check validates the decoded file into c, adding a problem for each value it refuses.
func (f *file) check(c *Config, ps *problems) {
	if v := f.DefaultProfile; v != nil {
		c.DefaultProfile = v.profileName(ps, "default_profile")
	}
	for n, pf := range f.Profiles {
		if !profileRE.MatchString(n.s) {
			ps.add(n.line, "profile name %q: use 1 to 64 letters, digits, '-', '_' or '.'", truncate(n.s))
			continue
		}
		c.Profiles[n.s] = pf.check(n.s, ps)
		if pf != nil && pf.Views != nil {
			c.views[n.s] = pf.Views.views(ps, "profiles."+n.s)
		}
		if pf != nil && pf.IndexProps != nil {
			c.indexProps[n.s] = pf.IndexProps.propertyList(ps, "profiles."+n.s+".index_properties")
		}
	}
	if v := f.Columns; v != nil {
		c.Columns = v.columns(ps)
	}
	if v := f.PageSize; v != nil {
		if n := v.integer(ps, "page_size", 1, MaxPageSize); n > 0 {
			c.PageSize = int(n)
		}
	}
	if v := f.Theme; v != nil {
		c.Theme = v.theme(ps, c.Theme)
	}
	for action, v := range f.Keys {
		c.Keys[action.s] = v.keyList(ps, action)
		c.keyLines[action.s] = action.line
	}
	if v := f.ReadOnly; v != nil {
		c.ReadOnly = v.boolean(ps, "read_only")
	}
}

func (pf *profileFile) check(name string, ps *problems) Profile {
	pr := Profile{Name: name}
	if pf == nil {
		return pr // "work:" with nothing under it: all defaults
	}
	where := "profiles." + name
	if v := pf.BaseURL; v != nil {
		if s := v.str(ps, where+".base_url"); s != "" {
			u, err := CheckBaseURL(s)
			if err != nil {
				ps.add(v.n.Line, "%s.base_url: %v", where, err)
			}
			pr.BaseURL = u
		}
	}
	if v := pf.PortalID; v != nil {
		pr.PortalID = v.integer(ps, where+".portal_id", 1, 1<<53)
	}
	if v := pf.ReadOnly; v != nil {
		pr.ReadOnly = v.boolean(ps, where+".read_only")
	}
	if v := pf.APIVersion; v != nil {
		pr.APIVersion = v.apiVersion(ps, where+".api_version")
	}
	if v := pf.Me; v != nil {
		pr.Me = v.email(ps, where+".me")
	}
	if v := pf.Index; v != nil {
		pr.Index = v.onOff(ps, where+".index")
	}
	return pr
}

// onOff reads on or off (true or false too).
func (v *value) onOff(ps *problems, what string) string {
	s, ok := v.scalar(ps, what)
	switch {
	case !ok:
	case s == "on" || s == "true":
		return IndexOn
	case s == "off" || s == "false":
		return IndexOff
	default:
		ps.add(v.n.Line, "%s must be on or off, not %q", what, truncate(s))
	}
	return ""
}

// propertyList reads a list of properties' internal names.
func (v *value) propertyList(ps *problems, what string) []string {
	n := &v.n
	if n.Kind != yaml.SequenceNode {
		ps.add(n.Line, "%s must be a list of property names, like [phone, city], not %s", what, describe(n))
		return nil
	}
	var out []string
	for _, c := range n.Content {
		s := (&value{*c}).str(ps, "a property in "+what)
		switch {
		case s == "":
		case !columnRE.MatchString(s):
			ps.add(c.Line, "%s: %q is not a HubSpot property's internal name (lowercase letters, digits and _, like phone)", what, truncate(s))
		case !slices.Contains(out, s):
			out = append(out, s)
		}
	}
	return out
}

func (v *value) scalar(ps *problems, what string) (string, bool) {
	if v.n.Kind != yaml.ScalarNode || v.n.Tag == "!!null" {
		ps.add(v.n.Line, "%s needs a single value, not %s", what, describe(&v.n))
		return "", false
	}
	return v.n.Value, true
}

func (v *value) boolean(ps *problems, what string) bool {
	s, ok := v.scalar(ps, what)
	switch {
	case !ok:
	case s == "true":
		return true
	case s != "false":
		ps.add(v.n.Line, "%s must be true or false, not %q", what, truncate(s))
	}
	return false
}

func (v *value) integer(ps *problems, what string, lo, hi int64) int64 {
	s, ok := v.scalar(ps, what)
	if !ok {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v.n.Tag != "!!int" || n < lo || n > hi {
		ps.add(v.n.Line, "%s must be a whole number from %d to %d, not %q", what, lo, hi, truncate(s))
		return 0
	}
	return n
}

func (v *value) str(ps *problems, what string) string {
	s, ok := v.scalar(ps, what)
	if ok && v.n.Tag != "!!str" {
		ps.add(v.n.Line, "%s must be text, not %q (put it in quotes if you mean it as text)", what, truncate(s))
		return ""
	}
	return s
}

func (v *value) profileName(ps *problems, what string) string {
	s := v.str(ps, what)
	if s != "" && !profileRE.MatchString(s) {
		ps.add(v.n.Line, "%s %q: a profile name is 1 to 64 letters, digits, '-', '_' or '.'", what, truncate(s))
		return DefaultProfileName
	}
	if s == "" {
		return DefaultProfileName
	}
	return s
}

// email is an email address (lower-cased, as HubSpot keeps it).
func (v *value) email(ps *problems, what string) string {
	s := v.str(ps, what)
	if s == "" {
		return ""
	}
	e, err := rules.Email(s)
	if err != nil {
		ps.add(v.n.Line, "%s: %v", what, err)
	}
	return e
}

func (v *value) apiVersion(ps *problems, what string) string {
	s := v.str(ps, what)
	if s == "" {
		return ""
	}
	ver, err := CheckAPIVersion(s)
	if err != nil {
		ps.add(v.n.Line, "%s %v", what, err)
	}
	return ver
}

func (v *value) columns(ps *problems) []string {
	n := &v.n
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		ps.add(n.Line, "columns must be a list of property names, like [firstname, lastname, email], not %s", describe(n))
		return DefaultColumns()
	}
	if len(n.Content) > 30 {
		ps.add(n.Line, "columns lists %d properties; at most 30 fit a screen", len(n.Content))
		return DefaultColumns()
	}
	var cols []string
	seen := map[string]bool{}
	for _, c := range n.Content {
		s := (&value{*c}).str(ps, "a column")
		switch {
		case s == "":
		case !columnRE.MatchString(s):
			ps.add(c.Line, "column %q is not a HubSpot property's internal name (lowercase letters, digits and _, like lifecyclestage)", truncate(s))
		case seen[s]:
			ps.add(c.Line, "column %q is listed twice", s)
		default:
			seen[s] = true
			cols = append(cols, s)
		}
	}
	return cols
}

func (v *value) theme(ps *problems, def string) string {
	s := v.str(ps, "theme")
	if s == "" {
		return def
	}
	for _, t := range Themes() {
		if s == t {
			return s
		}
	}
	ps.add(v.n.Line, "theme %q: use one of %s", truncate(s), strings.Join(Themes(), ", "))
	return def
}

// keyList is an action's keys: one key, or a list of them.
func (v *value) keyList(ps *problems, action name) []string {
	var list []*yaml.Node
	line := action.line
	if v != nil {
		line = v.n.Line
		switch v.n.Kind {
		case yaml.ScalarNode:
			if v.n.Tag != "!!null" {
				list = []*yaml.Node{&v.n}
			}
		case yaml.SequenceNode:
			list = v.n.Content
		}
	}
	if len(list) == 0 {
		desc := "an empty value"
		if v != nil {
			desc = describe(&v.n)
		}
		ps.add(line, "keys.%s needs one key or a list of keys, like [ctrl+s, f2], not %s", truncate(action.s), desc)
		return nil
	}
	var keys []string
	for _, kn := range list {
		s, ok := (&value{*kn}).scalar(ps, "a key")
		if !ok {
			continue
		}
		if err := checkKey(s); err != nil {
			ps.add(kn.Line, "keys.%s: %v", truncate(action.s), err)
			continue
		}
		keys = append(keys, s)
	}
	return keys
}
