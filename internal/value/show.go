package value

import (
	"strconv"
	"strings"

	"github.com/hubcontacts/hubcontacts/api"
)

// Show is a stored value as a person reads it, the same in the TUI and in get's plain output:
// an option's label (several joined by ", "), Yes or No, a number of five digits or more with
// its thousands grouped (an id excepted), a date as YYYY-MM-DD, a date and time in the rule's
// time zone; any other value, and one that cannot be read, as it is. Not sanitized.
func (r Rule) Show(stored string) string {
	if stored == "" {
		return ""
	}
	if r.kind == duration {
		return r.Text(stored) // milliseconds as m:ss
	}
	switch r.prop.Type {
	case "datetime", "date":
		return r.Text(stored)
	case "enumeration":
		return optionLabels(r.prop.Options, stored)
	case "bool":
		if len(r.prop.Options) > 0 {
			return optionLabels(r.prop.Options, stored)
		}
		switch strings.ToLower(stored) {
		case "true":
			return "Yes"
		case "false":
			return "No"
		}
	case "number":
		return grouped(r.prop.Name, stored)
	}
	return stored
}

// optionLabels shows an enumeration's values (';'-separated) by their labels.
func optionLabels(opts []api.Option, stored string) string {
	values := strings.Split(stored, ";")
	for i, v := range values {
		for _, o := range opts {
			if o.Value == v && o.Label != "" {
				values[i] = o.Label
				break
			}
		}
	}
	return strings.Join(values, ", ")
}

// grouped writes a whole part of five digits or more with thousands separators (12,345.5);
// ids (hs_object_id, anything ending in _id) stay as they are.
func grouped(name, stored string) string {
	if name == "hs_object_id" || strings.HasSuffix(name, "_id") {
		return stored
	}
	whole, frac, hasFrac := strings.Cut(stored, ".")
	n, err := strconv.Atoi(whole)
	if err != nil || n < 10000 && n > -10000 {
		return stored
	}
	s := Thousands(n)
	if hasFrac {
		s += "." + frac
	}
	return s
}

// Thousands writes n with thousands separators: 12,345.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}
