// Package rank is the precise find's one rule for how a text stands in a field, shared by the
// find over loaded rows (ui) and over the local index (internal/index): the whole field, at the
// start of a word, inside a word, each word somewhere, or only its letters in order ("close",
// not a match). Texts and fields are compared lower-cased (Lower).
package rank

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tier is how well a field matches; lower is better.
type Tier uint8

// The tiers, best first.
const (
	Whole  Tier = iota // the whole field
	Prefix             // at the start of a word of the field
	Inside             // inside a word of the field
	Words              // each word of the text in some field of the record
	Close              // the letters of the text in order within one field: not a match
	None               // no match at all
)

// Lower is how texts and fields are compared: lower-cased (s itself when it has no capital).
func Lower(s string) string { return strings.ToLower(s) }

// Find is how text (lower-cased) stands in field (lower-cased): Whole, Prefix or Inside, and
// where (the first start of a word, else the first place); None and -1 when it does not.
func Find(field, text string) (Tier, int) {
	i := strings.Index(field, text)
	if i < 0 {
		return None, -1
	}
	if i == 0 && len(field) == len(text) {
		return Whole, 0
	}
	for j := i; j >= 0; {
		if WordStart(field, j) {
			return Prefix, j
		}
		k := strings.Index(field[j+1:], text)
		if k < 0 {
			break
		}
		j += k + 1
	}
	return Inside, i
}

// WordStart reports whether a word of s starts at byte i: the start, or after a character that
// is not a letter or digit (a space, ., @, -, _).
func WordStart(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !IsWordRune(r)
}

// IsWordRune reports whether r belongs to a word (a letter or a digit).
func IsWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Subsequence reports whether the runes of p appear in s in order.
func Subsequence(s, p string) bool {
	for _, r := range p {
		i := strings.IndexRune(s, r)
		if i < 0 {
			return false
		}
		s = s[i+utf8.RuneLen(r):]
	}
	return true
}

// Query is a find's text prepared once: lower-cased with its spaces squeezed, its words, and
// its letters without the spaces (for the close tier).
type Query struct {
	Text  string
	Words []string
	Runes string
}

// NewQuery prepares s.
func NewQuery(s string) Query {
	words := strings.Fields(Lower(s))
	return Query{Text: strings.Join(words, " "), Words: words, Runes: strings.Join(words, "")}
}
