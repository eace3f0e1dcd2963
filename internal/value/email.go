package value

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The address check HubSpot makes (the sandbox, api/hubspottest, holds its own copy as
// HubSpot's side) is the regular expression
//
//	^[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$
//
// a local part, @, a dotted domain ending in a top-level domain of two letters or more; ASCII
// only. localShape and domainShape check its two halves byte by byte: the regular expression
// took a microsecond and a half an address, most of an import's check of its rows
// (TestEmailShapeIsTheRegularExpression holds the two to the same answers).

// localShape: the part before the @, one or more of the expression's characters.
func localShape(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !alnum(c) && !strings.ContainsRune(".!#$%&'*+/=?^_{|}~-", rune(c)) {
			return false
		}
	}
	return true
}

// domainShape: the part after the @, two or more labels; the last letters only (two or more),
// the others letters, digits and hyphens, not beginning or ending with a hyphen.
func domainShape(s string) bool {
	last := strings.LastIndexByte(s, '.')
	if last < 0 || len(s)-last-1 < 2 {
		return false
	}
	for i := last + 1; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	for label := range strings.SplitSeq(s[:last], ".") {
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if !alnum(label[i]) && label[i] != '-' {
				return false
			}
		}
	}
	return true
}

func alnum(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z' }

var (
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
	case hasBadEmailRune(s):
		return "it holds a space, an invisible character or one of , ; < > ( ) [ ] \\ \""
	case strings.ContainsFunc(s, func(r rune) bool { return r > unicode.MaxASCII }):
		return "it holds a character HubSpot does not take in an address (an accent, a non-Latin letter)"
	case len(s) > maxEmail:
		return "it is longer than 254 characters"
	case strings.Contains(s, ".."):
		return "it has two dots in a row"
	case !domainShape(domain):
		return "the part after the @ is not a domain like example.com"
	case !localShape(local):
		return "the part before the @ holds a character an address cannot have"
	}
	return ""
}

// hasBadEmailRune reports whether s holds a badEmailRune, ASCII a byte at a time.
func hasBadEmailRune(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return strings.ContainsFunc(s, badEmailRune)
		}
		if c <= ' ' || c == 0x7f || strings.IndexByte(";,<>()[]\\\"", c) >= 0 {
			return true
		}
	}
	return false
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
