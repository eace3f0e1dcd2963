package hubspottest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// rawProps is a request's "properties" object. HubSpot takes strings, and also numbers and
// booleans (the seed's own examples send "hs_pinned_engagement_id": 123456789); null is ignored
// (it does not clear: only "" clears).
type rawProps map[string]json.RawMessage

// strings converts the values to HubSpot's string form, or fails on objects and arrays.
func (p rawProps) strings() (map[string]string, error) {
	out := make(map[string]string, len(p))
	for k, raw := range p {
		raw = bytes.TrimSpace(raw)
		switch {
		case len(raw) == 0 || string(raw) == "null":
			continue
		case raw[0] == '"':
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, err
			}
			out[k] = s
		case raw[0] == '{' || raw[0] == '[':
			return nil, fmt.Errorf("property %s: a property value must be a string, number or boolean", k)
		default: // number or boolean: keep HubSpot's string form of the literal
			out[k] = string(raw)
		}
	}
	return out, nil
}

// propErr builds one entry of a VALIDATION_ERROR's property list, as HubSpot words it.
func (s *Sandbox) propErr(code, name, message, value string) propertyError {
	return propertyError{Message: message, Error: code, Name: name, LocalizedErrorMessage: message,
		PropertyValue: value, PortalID: s.opts.PortalID}
}

// writePropErrors writes a 400 VALIDATION_ERROR: the list inside message (as HubSpot does) and
// again as errors[] with code and context.propertyName.
func writePropErrors(w http.ResponseWriter, r *http.Request, errs []propertyError) {
	writeError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", propertyErrorsMessage(errs),
		&apiError{Errors: propErrorDetails(errs)})
}

func propErrorDetails(errs []propertyError) []errorDetail {
	out := make([]errorDetail, len(errs))
	for i, e := range errs {
		out[i] = errorDetail{Message: e.Message, Code: e.Error, Context: map[string][]string{"propertyName": {e.Name}}}
	}
	return out
}

// cleanProps checks written values against the type's definitions: the property must exist, be
// writable and hold a valid value of its type. It returns the values in stored form ("" clears)
// and every failure found, so one request reports all its errors together.
func (s *Sandbox) cleanProps(typ string, in map[string]string) (map[string]string, []propertyError) {
	out := make(map[string]string, len(in))
	var errs []propertyError
	for _, name := range sortedKeys(in) {
		v := in[name]
		d, ok := s.defFor(typ, name)
		switch {
		case !ok:
			msg := fmt.Sprintf("Property %q does not exist", name)
			errs = append(errs, s.propErr("PROPERTY_DOESNT_EXIST", name, msg, ""))
		case d.ModificationMetadata.ReadOnlyValue:
			msg := fmt.Sprintf("%s is a read only property; its value cannot be set.", name)
			errs = append(errs, s.propErr("READ_ONLY_VALUE", name, msg, v))
		case v == "":
			out[name] = ""
		default:
			clean, e := s.checkValue(typ, d, v)
			if e != nil {
				errs = append(errs, *e)
				continue
			}
			out[name] = clean
		}
	}
	return out, errs
}

// checkValue validates one non-empty value against its definition and returns its stored form.
func (s *Sandbox) checkValue(typ string, d PropertyDef, v string) (string, *propertyError) {
	fail := func(code, msg string) (string, *propertyError) {
		e := s.propErr(code, d.Name, msg, v)
		return "", &e
	}
	switch {
	case typ == Contacts && d.Name == "email":
		return s.checkEmail(d.Name, v)
	case typ == Contacts && d.Name == "hs_additional_emails":
		return s.checkEmailList(d.Name, v)
	case d.Type != "string" && strings.TrimSpace(v) != v:
		return fail("LEADING_TRAILING_WHITESPACE", fmt.Sprintf("%q includes leading or trailing whitespace.", v))
	}
	switch d.Type {
	case "number":
		if !numberRE.MatchString(v) {
			return fail("INVALID_INTEGER", v+" was not a valid number.")
		}
	case "bool", "enumeration":
		return s.checkOption(d, v)
	case "date":
		return s.checkDate(d.Name, v)
	case "datetime":
		if t, ok := parseDateTime(v); ok {
			return isoTime(t), nil
		}
		return fail("INVALID_DATETIME", v+" was not a valid datetime. Use epoch milliseconds or ISO 8601.")
	}
	return v, nil
}

var (
	numberRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	digitsRE = regexp.MustCompile(`^-?[0-9]+$`)
	// emailRE is a pragmatic address check: local part, @, a dotted domain with a 2+ letter TLD.
	emailRE = regexp.MustCompile(`^[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$`)
)

// checkEmail validates an address; HubSpot stores addresses lower-cased.
func (s *Sandbox) checkEmail(name, v string) (string, *propertyError) {
	if !validEmail(v) {
		e := s.propErr("INVALID_EMAIL", name, "Email address "+v+" is invalid", v)
		return "", &e
	}
	return strings.ToLower(v), nil
}

func validEmail(v string) bool {
	return len(v) <= 254 && emailRE.MatchString(v) && !strings.Contains(v, "..")
}

// checkEmailList validates a ,- or ;-separated list of addresses and stores it ;-separated,
// lower-cased, without duplicates.
func (s *Sandbox) checkEmailList(name, v string) (string, *propertyError) {
	seen := map[string]bool{}
	var out []string
	for _, addr := range splitList(v) {
		clean, e := s.checkEmail(name, addr)
		if e != nil {
			return "", e
		}
		if !seen[clean] {
			seen[clean] = true
			out = append(out, clean)
		}
	}
	return strings.Join(out, ";"), nil
}

// checkOption validates enumeration and bool values: option values match exactly (HubSpot is
// case-sensitive); outside strict mode an exact option label is also taken and stored as its
// value (the seed writes "lifecyclestage": "Customer"). Multi-select (checkbox) values are
// ;-separated. Owner ids and call outcomes are checked against the portal's
// (engagement_rules.go).
func (s *Sandbox) checkOption(d PropertyDef, v string) (string, *propertyError) {
	switch {
	case d.Name == "hubspot_owner_id":
		return s.checkOwner(d, v)
	case d.Name == "hs_call_disposition":
		return s.checkDisposition(d, v)
	}
	parts := []string{v}
	if d.FieldType == "checkbox" {
		parts = strings.Split(v, ";")
	}
	for i, p := range parts {
		value, ok := s.matchOption(d, p)
		if !ok {
			msg := fmt.Sprintf("%s was not one of the allowed options: [%s]", p, strings.Join(optionValues(d), ", "))
			e := s.propErr("INVALID_OPTION", d.Name, msg, v)
			return "", &e
		}
		parts[i] = value
	}
	return strings.Join(parts, ";"), nil
}

func (s *Sandbox) matchOption(d PropertyDef, v string) (string, bool) {
	for _, o := range d.Options {
		if o.Value == v {
			return o.Value, true
		}
	}
	if s.opts.Strict {
		return "", false
	}
	for _, o := range d.Options {
		if o.Label == v {
			return o.Value, true
		}
	}
	return "", false
}

// checkDate takes YYYY-MM-DD, midnight-UTC epoch milliseconds or a midnight-UTC ISO time, and
// stores YYYY-MM-DD (what the sandbox returns for date properties).
func (s *Sandbox) checkDate(name, v string) (string, *propertyError) {
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t.Format("2006-01-02"), nil
	}
	t, ok := parseDateTime(v)
	if !ok {
		e := s.propErr("INVALID_DATE", name, v+" was not a valid date. Use YYYY-MM-DD or midnight UTC in epoch milliseconds.", v)
		return "", &e
	}
	if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		ms := t.Nanosecond() / int(time.Millisecond)
		msg := fmt.Sprintf("%s is at %d:%d:%d.%d UTC, not midnight!", v, t.Hour(), t.Minute(), t.Second(), ms)
		e := s.propErr("INVALID_DATE", name, msg, v)
		return "", &e
	}
	return t.Format("2006-01-02"), nil
}

// parseDateTime reads epoch milliseconds or ISO 8601 (with or without fraction; a bare date
// means midnight UTC), returning UTC.
func parseDateTime(v string) (time.Time, bool) {
	if digitsRE.MatchString(v) {
		ms, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.UnixMilli(ms).UTC(), true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
