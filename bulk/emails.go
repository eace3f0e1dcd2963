package bulk

import (
	"strings"

	"github.com/hubcontacts/hubcontacts/internal/value"
)

// Paste is a pasted text split into addresses.
type Paste struct {
	// Emails are the distinct addresses, lower-cased, in the order first given.
	Emails []string
	// Repeats counts addresses given again (in any case) and dropped.
	Repeats int
	// Invalid are entries holding an '@' that are not valid addresses, as written.
	Invalid []string
	// Ignored are entries with no '@' at all (names, headers, stray words), as written.
	Ignored []string
}

// SplitEmails splits text copied from anywhere (one address a line, or separated by commas,
// semicolons, tabs or spaces, as a spreadsheet or a mail client copies them) into addresses.
// "Ada Lovelace <ada@example.com>", "mailto:ada@example.com" and quoted names are understood.
func SplitEmails(text string) Paste {
	var p Paste
	seen := map[string]bool{}
	for _, entry := range splitEntries(text) {
		for _, cand := range candidates(entry) {
			p.add(cand, seen)
		}
	}
	return p
}

// add sorts one candidate by the email rule the form and the import use (value.Email).
func (p *Paste) add(cand string, seen map[string]bool) {
	if cand == "" {
		return
	}
	e, err := value.Email(cand)
	switch {
	case !strings.Contains(cand, "@"):
		p.Ignored = append(p.Ignored, cand)
	case err != nil:
		p.Invalid = append(p.Invalid, cand)
	case seen[e]:
		p.Repeats++
	default:
		seen[e] = true
		p.Emails = append(p.Emails, e)
	}
}

// splitEntries cuts text at newlines, commas, semicolons and tabs, except inside double quotes
// or angle brackets ("Lovelace, Ada" <ada@example.com> is one entry).
func splitEntries(text string) []string {
	var out []string
	var b strings.Builder
	quoted, angled := false, false
	flush := func() {
		if s := strings.TrimSpace(b.String()); s != "" {
			out = append(out, s)
		}
		b.Reset()
	}
	for _, r := range text {
		switch {
		case r == '"' && !angled:
			quoted = !quoted
		case r == '<' && !quoted:
			angled = true
		case r == '>' && !quoted:
			angled = false
		case r == '\n' || r == '\r':
			quoted, angled = false, false // a line break always ends an entry
			flush()
			continue
		case (r == ',' || r == ';' || r == '\t') && !quoted && !angled:
			flush()
			continue
		}
		b.WriteRune(r)
	}
	flush()
	return out
}

// candidates turns one entry into the addresses it holds: the part in angle brackets when there
// is one, else its space-separated words holding an '@' (or the whole entry when none does).
func candidates(entry string) []string {
	if i := strings.LastIndex(entry, "<"); i >= 0 {
		if j := strings.Index(entry[i:], ">"); j > 0 {
			return []string{clean(entry[i+1 : i+j])}
		}
	}
	words := strings.Fields(entry)
	var out []string
	for _, w := range words {
		if strings.Contains(w, "@") {
			out = append(out, clean(w))
		}
	}
	if len(out) == 0 {
		return []string{strings.Join(words, " ")}
	}
	return out
}

// clean strips what surrounds an address when copied: quotes, brackets, "mailto:", and a
// sentence's trailing full stop.
func clean(s string) string {
	s = strings.TrimLeft(strings.TrimSpace(s), `"'<>()[]{}`)
	if len(s) >= 7 && strings.EqualFold(s[:7], "mailto:") {
		s = s[7:]
	}
	if q := strings.IndexByte(s, '?'); q >= 0 && strings.Contains(s[:q], "@") {
		s = s[:q] // mailto:ada@example.com?subject=Hi
	}
	return strings.TrimRight(s, `"'<>()[]{}.,:!`)
}
