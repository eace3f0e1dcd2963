package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// newFileHeader starts a file the app creates.
const newFileHeader = "hubcontacts configuration. Edit freely: unknown keys are reported with their line.\n" +
	"Reference: the README's \"Configuration file\" section. Tokens are never stored here."

// UpdateProfile changes one profile in the file at path and writes it back atomically: the file
// is re-read and validated first (an invalid file is left alone and its errors returned), only
// the fields that change are touched, and comments and the order of keys survive. A missing file
// is created (with its directory, private to the user).
func UpdateProfile(path, name string, change func(*Profile)) error {
	if !profileRE.MatchString(name) {
		return fmt.Errorf("profile name %q: use 1 to 64 letters, digits, '-', '_' or '.'", truncate(name))
	}
	data, err := readFile(path)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	cfg := Defaults(path)
	if exists {
		if cfg, err = Parse(path, data); err != nil {
			return err
		}
	}
	before := cfg.Profiles[name]
	before.Name = name
	after := before
	change(&after)
	if _, err := CheckBaseURL(orDefault(after.BaseURL)); err != nil {
		return err
	}
	if after == before && exists {
		return nil
	}
	root, err := parseNode(data)
	if err != nil {
		return err
	}
	out, err := render(setProfile(root, before, after))
	if err != nil {
		return err
	}
	if _, err := Parse(path, out); err != nil {
		return fmt.Errorf("internal error: the updated configuration would not load: %w", err)
	}
	return writeAtomic(path, out)
}

func orDefault(u string) string {
	if u == "" {
		return DefaultBaseURL
	}
	return u
}

// setProfile edits the document tree: profiles.<name>.<field> for each changed field.
func setProfile(doc *yaml.Node, before, after Profile) *yaml.Node {
	if doc == nil || len(doc.Content) == 0 || (doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null") {
		comment := newFileHeader
		if doc != nil && len(doc.Content) > 0 {
			comment = doc.Content[0].HeadComment // a file of comments only keeps them
		}
		doc = &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map", HeadComment: comment}}}
	}
	profiles := child(doc.Content[0], "profiles", yaml.MappingNode)
	prof := child(profiles, after.Name, yaml.MappingNode)
	if after.BaseURL != before.BaseURL {
		setScalar(prof, "base_url", "!!str", after.BaseURL)
	}
	if after.PortalID != before.PortalID {
		setScalar(prof, "portal_id", "!!int", strconv.FormatInt(after.PortalID, 10))
	}
	if after.ReadOnly != before.ReadOnly {
		setScalar(prof, "read_only", "!!bool", strconv.FormatBool(after.ReadOnly))
	}
	return doc
}

// child returns the value under key in mapping m, adding it (of kind) when absent or empty.
func child(m *yaml.Node, key string, kind yaml.Kind) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			v := m.Content[i+1]
			if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
				*v = yaml.Node{Kind: kind, Tag: "!!map", LineComment: v.LineComment}
			}
			return v
		}
	}
	v := &yaml.Node{Kind: kind, Tag: "!!map"}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
	return v
}

func setScalar(m *yaml.Node, key, tag, value string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			v := m.Content[i+1]
			v.Kind, v.Tag, v.Value, v.Style = yaml.ScalarNode, tag, value, 0
			return
		}
	}
	m.Content = append(m.Content,
		&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key},
		&yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: value})
}

func render(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("cannot write the configuration: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("cannot write the configuration: %w", err)
	}
	return buf.Bytes(), nil
}

// writeAtomic replaces path with data: a temporary file in the same directory, synced, then
// renamed over the old one, so a crash leaves the old file or the new one, never half of one.
// A new file is private to the user (0600); an existing one keeps its permissions.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("cannot create %s: %w", dir, err)
	}
	mode := fs.FileMode(0o600)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(dir, ".config-*.yaml.tmp")
	if err != nil {
		return fmt.Errorf("cannot write the configuration: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("cannot write the configuration: %w", err)
	}
	if err = tmp.Chmod(mode); err != nil {
		return fmt.Errorf("cannot write the configuration: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("cannot write the configuration: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("cannot write the configuration: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write the configuration: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // make the rename durable; not all systems allow it
		d.Close()
	}
	return nil
}
