// Package config reads and writes hubcontacts' one configuration file, a YAML file a person can
// edit by hand: $XDG_CONFIG_HOME/hubcontacts/config.yaml (~/.config/hubcontacts/config.yaml when
// XDG_CONFIG_HOME is unset). The file is optional: a missing file means the defaults. Loading
// validates everything and reports each problem with its line; unknown keys are errors, never
// silently ignored. The file never holds a token (tokens live in the keyring, package keys).
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
)

// FileName is the configuration file's name inside Dir.
const FileName = "config.yaml"

// Defaults.
const (
	DefaultBaseURL     = "https://api.hubapi.com"
	DefaultProfileName = "default"
	DefaultPageSize    = 50
	MaxPageSize        = 100 // HubSpot's list limit
	DefaultTheme       = "auto"
	// MaxFileSize bounds the file: a real one is a few hundred bytes.
	MaxFileSize = 1 << 20
)

// Themes are the accepted values of theme: auto follows the terminal's background, plain uses
// no colour at all.
func Themes() []string { return []string{"auto", "dark", "light", "plain"} }

// DefaultColumns are the list columns when the file names none.
func DefaultColumns() []string {
	return []string{"firstname", "lastname", "email", "company", "lifecyclestage"}
}

// Config is the loaded configuration, defaults filled in.
type Config struct {
	// Path is the file the configuration came from (or would be written to).
	Path string
	// Exists is false when there was no file and everything is a default.
	Exists bool

	DefaultProfile string
	Profiles       map[string]Profile
	Columns        []string
	PageSize       int
	Theme          string
	// Keys maps a UI action to the keys that trigger it, replacing that action's defaults.
	Keys     map[string][]string
	ReadOnly bool

	// keyLines remembers the line of each action under keys, for CheckActions.
	keyLines map[string]int
	// views are each profile's saved views, in the file's order (see Views).
	views map[string][]View
	// indexProps are each profile's index_properties (see IndexProperties).
	indexProps map[string][]string
}

// IndexProperties are the properties a profile's index keeps beyond the list's columns, find's
// and views' (index_properties: in the profile).
func (c *Config) IndexProperties(profile string) []string { return c.indexProps[profile] }

// Profile is one HubSpot account the app can use.
type Profile struct {
	Name     string
	BaseURL  string // DefaultBaseURL unless set
	PortalID int64  // 0 until login remembers it
	ReadOnly bool
	// APIVersion is HubSpot's API family for this profile: "" for the numbered /crm/v3/ paths
	// (api_version: v3, the default), or a dated version such as "2026-03".
	APIVersion string
	// Me is the user's email in this account (me:): who "me" is (owner:me, "My contacts") for a
	// private-app token, which has no user of its own. "" when not set.
	Me string
	// Index is the local index of the portal's contacts (index:): IndexOn, IndexOff, or ""
	// when not said (an index made by `hubcontacts index sync` is then used). The properties
	// it keeps beyond the defaults: IndexProperties.
	Index string
}

// The index: values.
const (
	IndexOn  = "on"
	IndexOff = "off"
)

// Defaults returns the configuration used when there is no file.
func Defaults(path string) *Config {
	return &Config{
		Path:           path,
		DefaultProfile: DefaultProfileName,
		Profiles:       map[string]Profile{},
		Columns:        DefaultColumns(),
		PageSize:       DefaultPageSize,
		Theme:          DefaultTheme,
		Keys:           map[string][]string{},
		keyLines:       map[string]int{},
		views:          map[string][]View{},
		indexProps:     map[string][]string{},
	}
}

// Dir returns the configuration directory: $XDG_CONFIG_HOME/hubcontacts, or
// $HOME/.config/hubcontacts (on Windows, %AppData%\hubcontacts). getenv is os.Getenv in the app.
func Dir(getenv func(string) string) (string, error) {
	if x := getenv("XDG_CONFIG_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "hubcontacts"), nil
	}
	if runtime.GOOS == "windows" {
		if a := getenv("AppData"); a != "" {
			return filepath.Join(a, "hubcontacts"), nil
		}
	}
	home := getenv("HOME")
	if home == "" {
		return "", errors.New("cannot find the configuration directory: neither XDG_CONFIG_HOME nor HOME is set")
	}
	return filepath.Join(home, ".config", "hubcontacts"), nil
}

// Path returns the configuration file's path (Dir/config.yaml).
func Path(getenv func(string) string) (string, error) {
	dir, err := Dir(getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, FileName), nil
}

// Load reads and validates the file at path. A missing file gives the defaults.
func Load(path string) (*Config, error) {
	data, err := readFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Defaults(path), nil
	}
	if err != nil {
		return nil, err
	}
	c, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	c.Exists = true
	return c, nil
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("cannot read the configuration file: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read the configuration file: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if st.Size() > MaxFileSize {
		return nil, fmt.Errorf("%s is %d bytes; a configuration file is a few hundred (the limit is %d)", path, st.Size(), MaxFileSize)
	}
	data := make([]byte, st.Size())
	if _, err := f.ReadAt(data, 0); err != nil && st.Size() > 0 {
		return nil, fmt.Errorf("cannot read the configuration file: %w", err)
	}
	return data, nil
}

// Profile returns the named profile with its defaults filled in; a name the file does not
// mention gives a profile with the default base URL.
func (c *Config) Profile(name string) Profile {
	p, ok := c.Profiles[name]
	if !ok {
		p = Profile{Name: name}
	}
	p.Name = name
	if p.BaseURL == "" {
		p.BaseURL = DefaultBaseURL
	}
	return p
}

// ProfileNames returns the profiles the file names, sorted, with the default profile included.
func (c *Config) ProfileNames() []string {
	names := []string{c.DefaultProfile}
	for n := range c.Profiles {
		if n != c.DefaultProfile {
			names = append(names, n)
		}
	}
	sort.Strings(names[1:])
	return names
}

// CheckActions reports, with their lines, the actions under keys that are not in known (the
// UI's action names).
func (c *Config) CheckActions(known []string) error {
	var probs []Problem
	for action := range c.Keys {
		if !slices.Contains(known, action) {
			probs = append(probs, Problem{Line: c.keyLines[action], Msg: fmt.Sprintf("keys: unknown action %q%s; the actions are: %s", truncate(action), suggest(action, known), strings.Join(known, ", "))})
		}
	}
	if len(probs) == 0 {
		return nil
	}
	sort.Slice(probs, func(i, j int) bool { return probs[i].Line < probs[j].Line })
	return &Error{Path: c.Path, Problems: probs}
}

// CheckAPIVersion accepts an API version as api_version and --api-version take it: v3 (the
// numbered /crm/v3/ paths, returned as "") or a dated version as HubSpot names it (2026-03).
// Which dated versions exist is HubSpot's to say: a version it does not serve is refused by
// HubSpot with its own message.
func CheckAPIVersion(s string) (string, error) {
	if !apiVersionRE.MatchString(s) {
		return "", fmt.Errorf("%q: use v3 (HubSpot's /crm/v3/ paths, the default) or a dated version as HubSpot names it, like 2026-03", truncate(s))
	}
	if s == "v3" {
		return "", nil
	}
	return s, nil
}

// APIVersionName is how a profile's API version is written and shown: "v3" for the numbered
// paths (the default), else the dated version.
func APIVersionName(v string) string {
	if v == "" {
		return "v3"
	}
	return v
}
