package value

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Loose is a name as people write it, for matching: lower case, letters and digits only, so
// "First Name", "first_name" and "firstname" meet (property names and labels).
func Loose(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Nearest is the index of the candidate closest to s, for a "did you mean": the fewest edits
// (Levenshtein distance, ignoring case), fewer than limit; a candidate that s starts (or that
// starts s), both of three letters or more, counts as two edits. -1 when none is that close.
// The first of equally close candidates wins. A name longer than MaxNearestBytes is no
// misspelling: it gets no suggestion, at no cost (a megabyte of header cost seconds).
func Nearest(s string, candidates []string, limit int) int {
	if len(s) > MaxNearestBytes {
		return -1
	}
	s = strings.ToLower(s)
	best, bestD := -1, limit
	for i, c := range candidates {
		c = strings.ToLower(c)
		d := limit
		if prefixed(s, c) {
			d = 2
		}
		if abs(utf8.RuneCountInString(s)-utf8.RuneCountInString(c)) < min(d, bestD) { // else too far apart to beat d
			d = min(d, Distance(s, c))
		}
		if d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

// MaxNearestBytes is the longest name Nearest looks for a neighbour of.
const MaxNearestBytes = 256

func prefixed(a, b string) bool {
	return len(a) >= 3 && len(b) >= 3 && (strings.HasPrefix(a, b) || strings.HasPrefix(b, a))
}

// Distance is the Levenshtein distance between a and b: the fewest one-rune insertions,
// deletions and substitutions that turn one into the other.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
