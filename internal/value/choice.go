package value

import (
	"slices"
	"strings"

	"github.com/hubcontacts/hubcontacts/api"
)

// maxOptionsNamed is how many options a message names before "…".
const maxOptionsNamed = 12

// parseChoice matches an enumeration value to its options: the internal value exactly, else a
// label or an internal value ignoring case. A multiple choice (checkboxes) takes several,
// separated by ;, and sends each once.
func parseChoice(p *api.Property, s string) (string, error) {
	parts := []string{s}
	if p.FieldType == "checkbox" {
		parts = strings.Split(s, ";")
	}
	var out []string
	for _, part := range parts {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		v, ok := matchOption(p.Options, part)
		if !ok {
			return "", choiceError(p, part)
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return strings.Join(out, ";"), nil
}

func choiceError(p *api.Property, part string) error {
	names := make([]string, 0, min(len(p.Options), maxOptionsNamed+1))
	for i, o := range p.Options {
		if i == maxOptionsNamed {
			names = append(names, "…")
			break
		}
		names = append(names, optionName(o))
	}
	several := ""
	if p.FieldType == "checkbox" {
		several = "; separate several with ;"
	}
	return errorf("%s is not an option of %s: write one of %s (the label or the internal value)%s",
		quote(part), label(p), strings.Join(names, ", "), several)
}

func optionName(o api.Option) string {
	if o.Label != "" {
		return o.Label
	}
	return o.Value
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

// parseBool takes yes/no in the usual spellings, or the property's option labels, and
// returns HubSpot's true or false.
func parseBool(p *api.Property, s string) (string, error) {
	switch strings.ToLower(s) {
	case "true", "yes", "y", "1":
		return "true", nil
	case "false", "no", "n", "0":
		return "false", nil
	}
	if v, ok := matchOption(p.Options, s); ok {
		return v, nil
	}
	return "", errorf("%s is not yes or no: write yes or no (true, false, 1 and 0 work too)", quote(s))
}
