package ui

import "github.com/hubcontacts/hubcontacts/config"

// Settings are the user's choices that shape the UI, taken from the config file.
type Settings struct {
	// Columns are the list's columns, by property name; "name" is first and last name together.
	Columns []string
	// PageSize is how many contacts one request loads (1–100).
	PageSize int
	// Keys rebinds actions by name: {"find": ["/", "ctrl+f"]}. See KeyActions.
	Keys map[string][]string
	// Theme is one of config.Themes(): auto, dark, light or plain.
	Theme string
}

// settingsFrom reads the UI's part of the config; a nil config means every default.
func settingsFrom(c *config.Config) Settings {
	if c == nil {
		c = config.Defaults("")
	}
	s := Settings{Columns: c.Columns, PageSize: c.PageSize, Keys: c.Keys, Theme: c.Theme}
	return s.withDefaults()
}

func (s Settings) withDefaults() Settings {
	if len(s.Columns) == 0 {
		s.Columns = config.DefaultColumns()
	}
	if s.PageSize <= 0 || s.PageSize > config.MaxPageSize {
		s.PageSize = config.DefaultPageSize
	}
	if s.Theme == "" {
		s.Theme = config.DefaultTheme
	}
	return s
}

// KeyActions are the action names the config's keys section may rebind (for
// config.CheckActions).
func KeyActions() []string { return DefaultKeyMap().Names() }
