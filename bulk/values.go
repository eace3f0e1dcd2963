package bulk

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hubcontacts/hubcontacts/api"
)

var (
	numberRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	digitsRE = regexp.MustCompile(`^-?[0-9]+$`)
)

// maxOptionsNamed is how many options an error lists before "…".
const maxOptionsNamed = 12

// CheckValue checks one cell against its property and returns the value to send (an option's
// internal value for its label, a lower-cased email, true/false for yes/no), or why HubSpot
// would refuse it. Surrounding spaces are dropped.
func CheckValue(p *api.Property, v string) (string, error) {
	v = strings.TrimSpace(v)
	switch {
	case p.Name == "email":
		return checkEmail(v)
	case p.Name == "hs_additional_emails":
		return checkEmailList(v)
	}
	switch p.Type {
	case "bool":
		return checkBool(p, v)
	case "enumeration":
		return checkOptions(p, v)
	case "number":
		if !numberRE.MatchString(v) {
			return "", fmt.Errorf("%q is not a number (write digits, a leading - and a decimal point at most)", v)
		}
	case "date":
		return checkDate(v)
	case "datetime":
		return checkDateTime(v)
	}
	return v, nil
}

func checkEmail(v string) (string, error) {
	if !ValidEmail(v) {
		return "", fmt.Errorf("%q is not a valid email address", v)
	}
	return NormEmail(v), nil
}

func checkEmailList(v string) (string, error) {
	var out []string
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ',' }) {
		e, err := checkEmail(strings.TrimSpace(part))
		if err != nil {
			return "", err
		}
		out = append(out, e)
	}
	return strings.Join(out, ";"), nil
}

// checkBool takes true/false, yes/no, 1/0 and the property's option labels.
func checkBool(p *api.Property, v string) (string, error) {
	switch strings.ToLower(v) {
	case "true", "yes", "y", "1":
		return "true", nil
	case "false", "no", "n", "0":
		return "false", nil
	}
	if val, ok := matchOption(p.Options, v); ok {
		return val, nil
	}
	return "", fmt.Errorf("%q is not true or false (yes and no work too)", v)
}

// checkOptions matches an enumeration value (;-separated for checkboxes) to its options: the
// internal value exactly, else a label or value ignoring case. A property without options
// (owners, external lists) is taken as given, digits only for owners.
func checkOptions(p *api.Property, v string) (string, error) {
	if len(p.Options) == 0 {
		if p.Name == "hubspot_owner_id" && !digitsRE.MatchString(v) {
			return "", fmt.Errorf("%q is not an owner id (owner ids are numbers)", v)
		}
		return v, nil
	}
	parts := []string{v}
	if p.FieldType == "checkbox" {
		parts = strings.Split(v, ";")
	}
	for i, part := range parts {
		val, ok := matchOption(p.Options, strings.TrimSpace(part))
		if !ok {
			return "", fmt.Errorf("%q is not an option of %s (%s)", part, p.Name, optionList(p.Options))
		}
		parts[i] = val
	}
	return strings.Join(parts, ";"), nil
}

func matchOption(opts []api.Option, v string) (string, bool) {
	for _, o := range opts {
		if o.Value == v {
			return o.Value, true
		}
	}
	for _, o := range opts {
		if strings.EqualFold(o.Label, v) || strings.EqualFold(o.Value, v) {
			return o.Value, true
		}
	}
	return "", false
}

func optionList(opts []api.Option) string {
	names := make([]string, 0, len(opts))
	for i, o := range opts {
		if i == maxOptionsNamed {
			names = append(names, "…")
			break
		}
		names = append(names, o.Value)
	}
	return strings.Join(names, ", ")
}

// checkDate takes YYYY-MM-DD or midnight UTC (epoch milliseconds or ISO 8601), as HubSpot does.
func checkDate(v string) (string, error) {
	if _, err := time.Parse("2006-01-02", v); err == nil {
		return v, nil
	}
	t, ok := parseInstant(v)
	if !ok {
		return "", fmt.Errorf("%q is not a date (write YYYY-MM-DD)", v)
	}
	if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		return "", fmt.Errorf("%q is not midnight UTC, which HubSpot requires of a date (write YYYY-MM-DD)", v)
	}
	return t.Format("2006-01-02"), nil
}

// checkDateTime takes ISO 8601, YYYY-MM-DD (midnight UTC) or epoch milliseconds.
func checkDateTime(v string) (string, error) {
	if _, ok := parseInstant(v); !ok {
		return "", fmt.Errorf("%q is not a date and time (write ISO 8601 like 2024-01-17T19:55:04Z, or epoch milliseconds)", v)
	}
	return v, nil
}

func parseInstant(v string) (time.Time, bool) {
	if digitsRE.MatchString(v) {
		ms, err := strconv.ParseInt(v, 10, 64)
		return time.UnixMilli(ms).UTC(), err == nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
