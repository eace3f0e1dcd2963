package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	rules "github.com/hubcontacts/hubcontacts/internal/value" // config has its own type named value
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

// The file's limits: a hopeless file stops at maxProblems; a mapping or list longer than
// maxEntries is no configuration file (and would make YAML's duplicate-key check quadratic).
const (
	maxProblems = 20
	maxEntries  = 1000
)

var (
	columnRE     = regexp.MustCompile(`^[a-z][a-z0-9_]{0,99}$`)
	profileRE    = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
	apiVersionRE = regexp.MustCompile(`^(?:v3|20[0-9]{2}-(?:0[1-9]|1[0-2]))$`)
	yamlErrRE    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
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
	c := Defaults(path)
	if root == nil || len(root.Content) == 0 || root.Content[0].Kind == yaml.ScalarNode && root.Content[0].Tag == "!!null" {
		return c, nil // empty, or comments only
	}
	ps := &problems{}
	ix, decodable := shape(root.Content[0], ps)
	if decodable {
		var f file
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&f); err != nil {
			ps.decodeError(err, ix)
		}
		f.check(c, ps)
	}
	if len(ps.list) > 0 {
		sort.Slice(ps.list, func(i, j int) bool {
			a, b := ps.list[i], ps.list[j]
			return a.Line < b.Line || a.Line == b.Line && a.Msg < b.Msg
		})
		return nil, &Error{Path: path, Problems: ps.list[:min(len(ps.list), maxProblems)]}
	}
	return c, nil
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

// problems collects what is wrong, each with its line; lines already blamed on the file's
// shape get no second message from the decoder.
type problems struct {
	list   []Problem
	shaped map[int]bool
}

func (ps *problems) add(line int, format string, args ...any) {
	ps.list = append(ps.list, Problem{Line: line, Msg: fmt.Sprintf(format, args...)})
}

// keyAt locates a mapping key: its line and its text.
type keyAt struct {
	line int
	key  string
}

// shape checks what no schema says (no aliases, keys that are plain words, no endless
// mapping) and indexes which mapping each key is in ("" for the top, "profiles.work"), for
// the decoder's messages. decodable is false when decoding would not be worth its cost.
func shape(top *yaml.Node, ps *problems) (ix map[keyAt]string, decodable bool) {
	ps.shaped = map[int]bool{}
	ix = map[keyAt]string{}
	decodable = true
	fail := func(n *yaml.Node, format string, args ...any) {
		ps.shaped[n.Line] = true
		ps.add(n.Line, format, args...)
	}
	var walk func(n *yaml.Node, where string)
	walk = func(n *yaml.Node, where string) {
		switch n.Kind {
		case yaml.AliasNode:
			fail(n, "aliases (*%s) are not supported; write the value out", truncate(n.Value))
			return
		case yaml.SequenceNode, yaml.MappingNode:
			if len(n.Content) > 2*maxEntries {
				fail(n, "%s holds %d entries; a configuration file has a few dozen", orFile(where), len(n.Content)/2)
				decodable = false
				return
			}
		}
		if n.Kind != yaml.MappingNode {
			for _, c := range n.Content {
				walk(c, where)
			}
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.Value == "" {
				fail(k, "a key must be a plain word, not %s", describe(k))
				continue
			}
			if _, seen := ix[keyAt{k.Line, k.Value}]; !seen {
				ix[keyAt{k.Line, k.Value}] = where
			}
			walk(v, join(where, k.Value))
		}
	}
	if top.Kind != yaml.MappingNode {
		fail(top, "the file must be a set of \"key: value\" lines (a YAML mapping), not %s", describe(top))
		return ix, false
	}
	walk(top, "")
	return ix, decodable
}

func join(where, key string) string {
	if where == "" {
		return truncate(key)
	}
	return where + "." + truncate(key)
}

func orFile(where string) string {
	if where == "" {
		return "the file"
	}
	return where
}

// The decoder's messages this package rewrites in its own words.
var (
	unknownFieldRE = regexp.MustCompile(`^line (\d+): field (.*) not found in type config\.(\w+)$`)
	duplicateRE    = regexp.MustCompile(`^line (\d+): mapping key (".*") already defined at line (\d+)$`)
	mismatchRE     = regexp.MustCompile(`^line (\d+): cannot unmarshal !!(\w+)(?: ` + "`(.*)`" + `)? into (.+)$`)
)

// schemas are the mappings with fixed keys, by Go type name, with where they are.
var schemas = map[string]struct {
	where string
	keys  []string
}{
	"file":        {"", yamlKeys(file{})},
	"profileFile": {"a profile", yamlKeys(profileFile{})},
}

// yamlKeys lists a struct's YAML keys in field order.
func yamlKeys(v any) []string {
	t := reflect.TypeOf(v)
	out := make([]string, t.NumField())
	for i := range out {
		out[i], _, _ = strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
	}
	return out
}

// decodeError turns the decoder's errors into problems: an unknown key (with the keys the
// mapping takes and the closest of them), a key given twice, a mapping where a value belongs.
func (ps *problems) decodeError(err error, ix map[keyAt]string) {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		p := yamlProblem(err)
		ps.add(p.Line, "%s", p.Msg)
		return
	}
	for _, msg := range te.Errors {
		m := yamlErrRE.FindStringSubmatch(msg)
		if m == nil {
			ps.add(0, "%s", msg)
			continue
		}
		line, _ := strconv.Atoi(m[1])
		if ps.shaped[line] {
			continue
		}
		ps.add(line, "%s", decodeMessage(msg, m[2], line, ix))
	}
}

func decodeMessage(msg, rest string, line int, ix map[keyAt]string) string {
	if m := unknownFieldRE.FindStringSubmatch(msg); m != nil {
		s := schemas[m[3]]
		return fmt.Sprintf("unknown key %q%s%s; the keys here are: %s", truncate(m[2]), under(ix[keyAt{line, m[2]}]), suggest(m[2], s.keys), strings.Join(s.keys, ", "))
	}
	if m := duplicateRE.FindStringSubmatch(msg); m != nil {
		key, _ := strconv.Unquote(m[2])
		return fmt.Sprintf("%q appears twice%s (first at line %s)", truncate(key), under(ix[keyAt{line, key}]), m[3])
	}
	if m := mismatchRE.FindStringSubmatch(msg); m != nil {
		what := "this"
		switch {
		case strings.HasSuffix(m[4], "config.file"):
			what = "the file"
		case strings.HasSuffix(m[4], "]*config.profileFile"):
			what = "profiles"
		case strings.HasSuffix(m[4], "*config.value"):
			what = "keys"
		case strings.HasSuffix(m[4], "config.profileFile"):
			what = "a profile"
			for k, where := range ix {
				if k.line == line && where == "profiles" {
					what = "profiles." + truncate(k.key)
				}
			}
		}
		return fmt.Sprintf("%s must be a set of \"key: value\" lines (a YAML mapping), not %s", what, tagDescription(m[2], m[3]))
	}
	return rest
}

func tagDescription(tag, val string) string {
	switch tag {
	case "seq":
		return "a list"
	case "map":
		return "a mapping"
	case "null":
		return "an empty value"
	}
	return strconv.Quote(val)
}

func under(where string) string {
	if where == "" {
		return ""
	}
	return " under " + where
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
	i := rules.Nearest(s, known, 3)
	if i < 0 {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", known[i])
}
