package value

import (
	"regexp"
	"strings"
	"unicode"
)

var (
	// emailShape is the address check HubSpot makes (the sandbox, api/hubspottest, holds its
	// own copy as HubSpot's side): a local part, @, a dotted domain ending in a top-level domain
	// of two letters or more. ASCII only.
	emailShape  = regexp.MustCompile(`^[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$`)
	domainShape = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$`)
	// phoneShape is what a phone number usually looks like: digits, spaces, + ( ) - . /, and an
	// extension (x12, ext. 12, #12). Only a warning rests on it.
	phoneShape = regexp.MustCompile(`^\+?[0-9 ().\-/]*[0-9][0-9 ().\-/]*((x|ext\.?|#)\s*[0-9]+)?$`)
)

// maxEmail is the longest address HubSpot takes.
const maxEmail = 254

// Email checks an address as HubSpot does and returns it as HubSpot stores it (lower case,
// without surrounding spaces). The error names what is wrong with it.
func Email(s string) (string, error) {
	s = strings.TrimSpace(s)
	if why := emailProblem(s); why != "" {
		return "", errorf("%s is not a valid email address: %s; write it like name@example.com", quote(s), why)
	}
	return strings.ToLower(s), nil
}

// emailProblem says why s is not an address HubSpot takes, "" when it is. Each reason is one
// the shape check refuses; the shape check has the last word.
func emailProblem(s string) string {
	local, domain, ok := strings.Cut(s, "@")
	switch {
	case s == "":
		return "it is empty"
	case !ok:
		return "it has no @"
	case strings.Contains(domain, "@"):
		return "it has more than one @"
	case local == "":
		return "nothing comes before the @"
	case strings.ContainsFunc(s, badEmailRune):
		return "it holds a space, an invisible character or one of , ; < > ( ) [ ] \\ \""
	case strings.ContainsFunc(s, func(r rune) bool { return r > unicode.MaxASCII }):
		return "it holds a character HubSpot does not take in an address (an accent, a non-Latin letter)"
	case len(s) > maxEmail:
		return "it is longer than 254 characters"
	case strings.Contains(s, ".."):
		return "it has two dots in a row"
	case !domainShape.MatchString(domain):
		return "the part after the @ is not a domain like example.com"
	case !emailShape.MatchString(s):
		return "the part before the @ holds a character an address cannot have"
	}
	return ""
}

// badEmailRune: spaces, controls, invisible format characters (bidi overrides, zero-width) and
// the separators of a list of addresses.
func badEmailRune(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || strings.ContainsRune(";,<>()[]\\\"", r)
}

// parseEmailList takes addresses separated by ; or , and returns them as HubSpot stores a list
// (hs_additional_emails): lower case, ;-separated, each once.
func parseEmailList(s string) (string, error) {
	var out []string
	seen := map[string]bool{}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		if strings.TrimSpace(part) == "" {
			continue
		}
		e, err := Email(part)
		if err != nil {
			return "", err
		}
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return strings.Join(out, ";"), nil
}
