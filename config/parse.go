package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Error is a configuration file that cannot be used: every problem found, each with its line.
type Error struct {
	Path     string
	Problems []Problem
}

// Problem is one thing wrong in the file. Line 0 means the file as a whole.
type Problem struct {
	Line int
	Msg  string
}

func (e *Error) Error() string {
	var b strings.Builder
	if len(e.Problems) == 1 {
		fmt.Fprintf(&b, "configuration file %s: %s", e.Path, e.Problems[0])
	} else {
		fmt.Fprintf(&b, "configuration file %s has %d problems:", e.Path, len(e.Problems))
		for _, p := range e.Problems {
			fmt.Fprintf(&b, "\n  %s", p)
		}
	}
	b.WriteString("\n(fix the file, or move it aside to use the defaults; `hubcontacts config path` shows where it is)")
	return b.String()
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("line %d: %s", p.Line, p.Msg)
	}
	return p.Msg
}

// maxProblems stops a hopeless file from producing a wall of text.
const maxProblems = 20

var (
	columnRE  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,99}$`)
	profileRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
	yamlErrRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
)

// Parse validates a configuration file's content; path only names it in errors.
func Parse(path string, data []byte) (*Config, error) {
	if len(data) > MaxFileSize {
		return nil, &Error{Path: path, Problems: []Problem{{Msg: fmt.Sprintf("the file is %d bytes; the limit is %d", len(data), MaxFileSize)}}}
	}
	root, err := parseNode(data)
	if err != nil {
		return nil, &Error{Path: path, Problems: []Problem{yamlProblem(err)}}
	}
	p := &parser{c: Defaults(path)}
	p.document(root)
	if len(p.probs) > 0 {
		sort.SliceStable(p.probs, func(i, j int) bool { return p.probs[i].Line < p.probs[j].Line })
		return nil, &Error{Path: path, Problems: p.probs}
	}
	return p.c, nil
}

// parseNode parses one YAML document into its top node (nil for an empty file).
func parseNode(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("line %d: a second YAML document (after ---); the file holds one", extra.Line)
	}
	return &doc, nil
}

func yamlProblem(err error) Problem {
	msg := err.Error()
	first, _, _ := strings.Cut(msg, "\n")
	if m := yamlErrRE.FindStringSubmatch(strings.TrimSpace(first)); m != nil {
		line, _ := strconv.Atoi(m[1])
		return Problem{Line: line, Msg: "not valid YAML: " + m[2]}
	}
	return Problem{Msg: "not valid YAML: " + strings.TrimPrefix(first, "yaml: ")}
}

type parser struct {
	c     *Config
	probs []Problem
}

func (p *parser) fail(n *yaml.Node, format string, args ...any) {
	if len(p.probs) >= maxProblems {
		return
	}
	line := 0
	if n != nil {
		line = n.Line
	}
	p.probs = append(p.probs, Problem{Line: line, Msg: fmt.Sprintf(format, args...)})
}

// field is one key a mapping accepts.
type field struct {
	name string
	set  func(key, val *yaml.Node)
}

func (p *parser) document(doc *yaml.Node) {
	if doc == nil || len(doc.Content) == 0 {
		return
	}
	top := doc.Content[0]
	if top.Kind == yaml.ScalarNode && top.Tag == "!!null" {
		return // only comments
	}
	p.mapping(top, "", []field{
		{"default_profile", func(_, v *yaml.Node) { p.c.DefaultProfile = p.profileName(v, "default_profile") }},
		{"profiles", func(_, v *yaml.Node) { p.profiles(v) }},
		{"columns", func(_, v *yaml.Node) { p.columns(v) }},
		{"page_size", func(_, v *yaml.Node) { p.pageSize(v) }},
		{"theme", func(_, v *yaml.Node) { p.theme(v) }},
		{"keys", func(_, v *yaml.Node) { p.keys(v) }},
		{"read_only", func(_, v *yaml.Node) { p.c.ReadOnly = p.boolean(v, "read_only") }},
	})
}

// mapping walks a mapping node, calling each known field's setter and reporting unknown and
// repeated keys. where names the mapping in messages ("" for the top level).
func (p *parser) mapping(n *yaml.Node, where string, fields []field) {
	if !p.isMapping(n, where) {
		return
	}
	seen := map[string]int{}
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !p.plainKey(k) || !p.noAlias(v) {
			continue
		}
		if line, dup := seen[k.Value]; dup {
			p.fail(k, "%q appears twice%s (first at line %d)", k.Value, under(where), line)
			continue
		}
		seen[k.Value] = k.Line
		f := findField(fields, k.Value)
		if f == nil {
			p.fail(k, "unknown key %q%s%s; the keys here are: %s", truncate(k.Value), under(where), suggest(k.Value, names), strings.Join(names, ", "))
			continue
		}
		f.set(k, v)
	}
}

func findField(fields []field, name string) *field {
	for i := range fields {
		if fields[i].name == name {
			return &fields[i]
		}
	}
	return nil
}

func under(where string) string {
	if where == "" {
		return ""
	}
	return " under " + where
}

func (p *parser) isMapping(n *yaml.Node, where string) bool {
	if !p.noAlias(n) {
		return false
	}
	if n.Kind != yaml.MappingNode {
		if where == "" {
			p.fail(n, "the file must be a set of \"key: value\" lines (a YAML mapping), not %s", describe(n))
		} else {
			p.fail(n, "%s must be a set of \"key: value\" lines (a YAML mapping), not %s", where, describe(n))
		}
		return false
	}
	return true
}

// plainKey accepts a mapping key that is a plain string.
func (p *parser) plainKey(k *yaml.Node) bool {
	if !p.noAlias(k) {
		return false
	}
	if k.Kind != yaml.ScalarNode || k.Value == "" {
		p.fail(k, "a key must be a plain word, not %s", describe(k))
		return false
	}
	return true
}

// noAlias refuses YAML aliases (*name): they make a hand-edited file hard to read and let a
// small file expand without bound.
func (p *parser) noAlias(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode {
		p.fail(n, "aliases (*%s) are not supported; write the value out", n.Value)
		return false
	}
	return true
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "an empty value"
	}
	return fmt.Sprintf("%q", truncate(n.Value))
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func (p *parser) scalar(n *yaml.Node, what string) (string, bool) {
	if !p.noAlias(n) {
		return "", false
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.fail(n, "%s needs a single value, not %s", what, describe(n))
		return "", false
	}
	return n.Value, true
}

func (p *parser) boolean(n *yaml.Node, what string) bool {
	s, ok := p.scalar(n, what)
	if !ok {
		return false
	}
	switch s {
	case "true":
		return true
	case "false":
		return false
	}
	p.fail(n, "%s must be true or false, not %q", what, truncate(s))
	return false
}

func (p *parser) integer(n *yaml.Node, what string, lo, hi int64) int64 {
	s, ok := p.scalar(n, what)
	if !ok {
		return 0
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n.Tag != "!!int" || v < lo || v > hi {
		p.fail(n, "%s must be a whole number from %d to %d, not %q", what, lo, hi, truncate(s))
		return 0
	}
	return v
}

func (p *parser) str(n *yaml.Node, what string) string {
	s, ok := p.scalar(n, what)
	if ok && n.Tag != "!!str" {
		p.fail(n, "%s must be text, not %q (put it in quotes if you mean it as text)", what, truncate(s))
		return ""
	}
	return s
}

func (p *parser) profileName(n *yaml.Node, what string) string {
	s := p.str(n, what)
	if s != "" && !profileRE.MatchString(s) {
		p.fail(n, "%s %q: a profile name is 1 to 64 letters, digits, '-', '_' or '.'", what, truncate(s))
		return DefaultProfileName
	}
	if s == "" {
		return DefaultProfileName
	}
	return s
}

func (p *parser) profiles(n *yaml.Node) {
	if !p.isMapping(n, "profiles") {
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !p.plainKey(k) {
			continue
		}
		name := k.Value
		if !profileRE.MatchString(name) {
			p.fail(k, "profile name %q: use 1 to 64 letters, digits, '-', '_' or '.'", truncate(name))
			continue
		}
		if line, dup := seen[name]; dup {
			p.fail(k, "profile %q appears twice (first at line %d)", name, line)
			continue
		}
		seen[name] = k.Line
		p.c.Profiles[name] = p.profile(name, v)
	}
}

func (p *parser) profile(name string, n *yaml.Node) Profile {
	pr := Profile{Name: name}
	where := "profiles." + name
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return pr // "work:" with nothing under it: all defaults
	}
	p.mapping(n, where, []field{
		{"base_url", func(_, v *yaml.Node) {
			s := p.str(v, where+".base_url")
			if s == "" {
				return
			}
			u, err := CheckBaseURL(s)
			if err != nil {
				p.fail(v, "%s.base_url: %v", where, err)
				return
			}
			pr.BaseURL = u
		}},
		{"portal_id", func(_, v *yaml.Node) { pr.PortalID = p.integer(v, where+".portal_id", 1, 1<<53) }},
		{"read_only", func(_, v *yaml.Node) { pr.ReadOnly = p.boolean(v, where+".read_only") }},
	})
	return pr
}

func (p *parser) columns(n *yaml.Node) {
	if !p.noAlias(n) {
		return
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		p.fail(n, "columns must be a list of property names, like [firstname, lastname, email], not %s", describe(n))
		return
	}
	if len(n.Content) > 30 {
		p.fail(n, "columns lists %d properties; at most 30 fit a screen", len(n.Content))
		return
	}
	var cols []string
	seen := map[string]bool{}
	for _, c := range n.Content {
		s := p.str(c, "a column")
		switch {
		case s == "":
		case !columnRE.MatchString(s):
			p.fail(c, "column %q is not a HubSpot property's internal name (lowercase letters, digits and _, like lifecyclestage)", truncate(s))
		case seen[s]:
			p.fail(c, "column %q is listed twice", s)
		default:
			seen[s] = true
			cols = append(cols, s)
		}
	}
	p.c.Columns = cols
}

func (p *parser) pageSize(n *yaml.Node) {
	if v := p.integer(n, "page_size", 1, MaxPageSize); v > 0 {
		p.c.PageSize = int(v)
	}
}

func (p *parser) theme(n *yaml.Node) {
	s := p.str(n, "theme")
	if s == "" {
		return
	}
	for _, t := range Themes() {
		if s == t {
			p.c.Theme = s
			return
		}
	}
	p.fail(n, "theme %q: use one of %s", truncate(s), strings.Join(Themes(), ", "))
}

func (p *parser) keys(n *yaml.Node) {
	if !p.isMapping(n, "keys") {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !p.plainKey(k) || !p.noAlias(v) {
			continue
		}
		action := k.Value
		if _, dup := p.c.Keys[action]; dup {
			p.fail(k, "keys: action %q appears twice (first at line %d)", action, p.c.keyLines[action])
			continue
		}
		var list []*yaml.Node
		switch v.Kind {
		case yaml.ScalarNode:
			list = []*yaml.Node{v}
		case yaml.SequenceNode:
			list = v.Content
		}
		if len(list) == 0 {
			p.fail(v, "keys.%s needs one key or a list of keys, like [ctrl+s, f2], not %s", truncate(action), describe(v))
			continue
		}
		keys := p.keyList(action, list)
		p.c.Keys[action] = keys
		p.c.keyLines[action] = k.Line
	}
}

func (p *parser) keyList(action string, list []*yaml.Node) []string {
	var keys []string
	for _, kn := range list {
		s, ok := p.scalar(kn, "a key")
		if !ok {
			continue
		}
		if err := checkKey(s); err != nil {
			p.fail(kn, "keys.%s: %v", truncate(action), err)
			continue
		}
		keys = append(keys, s)
	}
	return keys
}

// checkKey accepts a key as Bubble Tea names it: "q", "ctrl+s", "alt+enter", "f2", "space".
func checkKey(s string) error {
	if s == "" || len(s) > 24 {
		return fmt.Errorf("key %q: a key is a short name like q, ctrl+s, enter or f2", truncate(s))
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return fmt.Errorf("key %q holds a space or control character (write \"space\" for the space bar)", truncate(s))
		}
	}
	return nil
}

// suggest returns ` (did you mean "x"?)` when a known name is close to s.
func suggest(s string, known []string) string {
	best, bestD := "", 3
	low := strings.ToLower(s)
	for _, k := range known {
		d := distance(low, k)
		if len(low) >= 3 && (strings.HasPrefix(k, low) || strings.HasPrefix(low, k)) {
			d = min(d, 2)
		}
		if d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance, capped work for long inputs.
func distance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
