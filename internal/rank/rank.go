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
func Find(field, text string) (Tier, int) { return findWith(field, text, strings.Index) }

// findWith is Find with index as strings.Index over the field compared.
func findWith(field, text string, index func(s, substr string) int) (Tier, int) {
	i := index(field, text)
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
		k := index(field[j+1:], text)
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

// The same rule over a field that is not lower-cased, when lower-casing it would only fold its
// ASCII capitals (Folds): the answers are Find's, Subsequence's and strings.Contains' over
// Lower(field), without a lower-cased copy of the field. A find over many rows keeps the
// fields as they are shown and compares them this way.

// Folds reports whether Lower(s) is s with its ASCII capitals folded and nothing else changed:
// every letter beyond ASCII in s is lower-case already ("José García" folds, "Ärger" does not).
func Folds(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || unicode.ToLower(r) != r {
			return false
		}
		i += n
	}
	return true
}

// lowerASCII folds an ASCII capital.
func lowerASCII(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// indexFold is strings.Index(Lower(s), text) for a field s that Folds.
func indexFold(s, text string) int {
	n := len(text)
	if n == 0 {
		return 0
	}
	first, upper := text[0], text[0]
	switch {
	case 'A' <= first && first <= 'Z':
		return -1 // Lower(s) holds no capital
	case 'a' <= first && first <= 'z':
		upper = first - ('a' - 'A')
	}
	if n > len(s) {
		return -1
	}
	starts := s[:len(s)-n+1] // where a match may start
	none := len(starts)
	lo, hi := -1, none // the next first and upper at or after i (before i: look again)
	if upper != first {
		hi = -1
	}
	for i := 0; i < len(starts); {
		if lo < i {
			lo = nextByte(starts, first, i)
		}
		if hi < i {
			hi = nextByte(starts, upper, i)
		}
		c := min(lo, hi)
		if c == none {
			return -1
		}
		if equalFold(s[c+1:c+n], text[1:]) {
			return c
		}
		i = c + 1
	}
	return -1
}

// nextByte is the index of b in s at or after i, len(s) when there is none.
func nextByte(s string, b byte, i int) int {
	if j := strings.IndexByte(s[i:], b); j >= 0 {
		return i + j
	}
	return len(s)
}

// equalFold reports whether s with its ASCII capitals folded is t.
func equalFold(s, t string) bool {
	for j := 0; j < len(t); j++ {
		if lowerASCII(s[j]) != t[j] {
			return false
		}
	}
	return true
}

// FindFold is Find(Lower(field), text) for a field that Folds (the positions are the same in
// both).
func FindFold(field, text string) (Tier, int) { return findWith(field, text, indexFold) }

// ContainsFold is strings.Contains(Lower(field), text) for a field that Folds.
func ContainsFold(field, text string) bool { return indexFold(field, text) >= 0 }

// SubsequenceFold is Subsequence(Lower(s), p) for an s that Folds.
func SubsequenceFold(s, p string) bool {
	for _, r := range p {
		if r >= utf8.RuneSelf {
			i := strings.IndexRune(s, r)
			if i < 0 {
				return false
			}
			s = s[i+utf8.RuneLen(r):]
			continue
		}
		b := byte(r)
		if 'A' <= b && b <= 'Z' {
			return false // Lower(s) holds no capital
		}
		i := strings.IndexByte(s, b)
		if 'a' <= b && b <= 'z' {
			if j := strings.IndexByte(s, b-('a'-'A')); j >= 0 && (i < 0 || j < i) {
				i = j
			}
		}
		if i < 0 {
			return false
		}
		s = s[i+1:]
	}
	return true
}
