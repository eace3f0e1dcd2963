package ui

// Settings are the user's choices that shape the UI (the config file's ui part). The zero
// value means the defaults.
type Settings struct {
	// Columns are the list's columns, by property name; "name" is first and last name
	// together. Default: name, email, company, lifecyclestage, lastmodifieddate.
	Columns []string
	// PageSize is how many contacts one request loads (1–100). Default 100.
	PageSize int
	// Keys rebinds actions by name: {"find": ["/", "ctrl+f"]}. See KeyMap.Names.
	Keys map[string][]string
	// Theme is "auto" (default) or "mono".
	Theme string
}

// DefaultColumns are the list's columns when the config names none.
func DefaultColumns() []string {
	return []string{"name", "email", "company", "lifecyclestage", "lastmodifieddate"}
}

func (s Settings) withDefaults() Settings {
	if len(s.Columns) == 0 {
		s.Columns = DefaultColumns()
	}
	if s.PageSize <= 0 || s.PageSize > 100 {
		s.PageSize = 100
	}
	if s.Theme == "" {
		s.Theme = ThemeAuto
	}
	return s
}
