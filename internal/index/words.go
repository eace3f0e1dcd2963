package index

import (
	"bytes"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/hubcontacts/hubcontacts/internal/rank"
)

// dict is one field kind's words (the runs of letters and digits of its lower-cased fields),
// sorted, each with the rows that hold it, ascending.
type dict struct {
	built  bool
	text   []byte   // the words, sorted, each followed by a 0 byte
	off    []uint32 // word w is text[off[w] : off[w+1]-1]
	pstart []uint32 // word w's rows are post[pstart[w]:pstart[w+1]]
	post   []uint32
}

func (d *dict) len() int { return len(d.off) - 1 }

func (d *dict) word(w int) string { return unsafeString(d.text[d.off[w] : d.off[w+1]-1]) }

// unsafeString is b as a string without a copy: only for bytes never written again (the
// dictionaries and the find text are append-only).
func unsafeString(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// splitWords calls f with each piece of s: the runs of letters and the runs of digits (a word
// in find's sense, a run of letters and digits, is one piece or more: "jberg123" is "jberg" and
// "123"). The dictionaries hold pieces, so a number in an address ("anna.berg45@…") does not
// make every address's word one of a kind, and a text of letters looks only at pieces of
// letters. Pieces only say where to look: every row found is graded by internal/rank.
func splitWords(s string, f func(w string)) {
	start, class := -1, 0
	for i := 0; i < len(s); {
		c := s[i]
		n, cl := 1, 0 // 0: neither, 1: a letter, 2: a digit
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
				cl = 1
			case '0' <= c && c <= '9':
				cl = 2
			}
		} else {
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:])
			switch {
			case unicode.IsDigit(r):
				cl = 2
			case rank.IsWordRune(r):
				cl = 1
			}
		}
		if start >= 0 && cl != class {
			f(s[start:i])
			start = -1
		}
		if cl != 0 && start < 0 {
			start, class = i, cl
		}
		i += n
	}
	if start >= 0 {
		f(s[start:])
	}
}

// digits reports whether a piece is of digits.
func digits(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsDigit(r)
}

// buildWords builds every kind's dictionary from the rows, and forgets the dirty rows.
func (t *Table) buildWords() {
	for k := range kinds {
		t.words[k] = t.buildDict(k)
	}
	t.dirty, t.isDir = t.dirty[:0], nil
}

func (t *Table) buildDict(kind int) dict {
	ids := map[string]uint32{}
	var words []string
	var pairs []uint64 // word<<32 | row
	var mine []uint32
	for r := range t.ids {
		if t.ids[r] == 0 {
			continue
		}
		mine = mine[:0]
		t.fields(uint32(r), func(k int, s string) bool {
			if k == kind {
				splitWords(s, func(w string) {
					id, ok := ids[w]
					if !ok {
						id = uint32(len(words))
						w = strings.Clone(w)
						ids[w] = id
						words = append(words, w)
					}
					if !slices.Contains(mine, id) {
						mine = append(mine, id)
					}
				})
			}
			return k <= kind
		})
		for _, id := range mine {
			pairs = append(pairs, uint64(id)<<32|uint64(r))
		}
	}
	// Sorted words; old id -> new id.
	order := make([]uint32, len(words))
	for i := range order {
		order[i] = uint32(i)
	}
	sort.Slice(order, func(i, j int) bool { return words[order[i]] < words[order[j]] })
	remap := make([]uint32, len(words))
	d := dict{built: true, off: make([]uint32, 1, len(words)+1), pstart: make([]uint32, len(words)+1)}
	size := 0
	for _, w := range words {
		size += len(w) + 1
	}
	d.text = make([]byte, 0, size)
	for n, o := range order {
		remap[o] = uint32(n)
		d.text = append(append(d.text, words[o]...), 0)
		d.off = append(d.off, uint32(len(d.text)))
	}
	for _, p := range pairs {
		d.pstart[remap[p>>32]+1]++
	}
	for w := 1; w < len(d.pstart); w++ {
		d.pstart[w] += d.pstart[w-1]
	}
	d.post = make([]uint32, len(pairs))
	fill := slices.Clone(d.pstart[:len(words)])
	for _, p := range pairs { // pairs are in row order, so each word's rows come out ascending
		w := remap[p>>32]
		d.post[fill[w]] = uint32(p)
		fill[w]++
	}
	return d
}

// Word matches, by how the text stands in a word.
const (
	wordEqual  = iota // the word is the text
	wordPrefix        // the word starts with the text
	wordInside        // the text is inside the word, not at its start
)

// matching returns the words of d that are text (how wordEqual), start with it (wordPrefix,
// the equal one left out) or hold it elsewhere (wordInside, those starting with it left out).
func (d *dict) matching(text string, how int) (from, to int, inside []int) {
	n := d.len()
	lo := sort.Search(n, func(i int) bool { return d.word(i) >= text })
	switch how {
	case wordEqual:
		if lo < n && d.word(lo) == text {
			return lo, lo + 1, nil
		}
		return lo, lo, nil
	case wordPrefix:
		if lo < n && d.word(lo) == text {
			lo++
		}
		hi := lo + sort.Search(n-lo, func(i int) bool { return !strings.HasPrefix(d.word(lo+i), text) })
		return lo, hi, nil
	}
	// Inside: every occurrence in the text of the words of text's kind (digits sort before
	// letters: the pieces of digits are the first ones), not at a word's start (w follows pos
	// through the words, so the scan is one pass).
	needle := []byte(text)
	split := sort.Search(n, func(i int) bool { return !digits(d.word(i)) })
	w, end := split, len(d.text)
	if digits(text) {
		w, end = 0, int(d.off[split])
	}
	for at := int(d.off[w]); ; {
		i := bytes.Index(d.text[at:end], needle)
		if i < 0 {
			break
		}
		pos := at + i
		for int(d.off[w+1]) <= pos {
			w++
		}
		if pos > int(d.off[w]) && pos+len(needle) < int(d.off[w+1]) {
			inside = append(inside, w)
		}
		at = int(d.off[w+1]) // on to the next word
	}
	return 0, 0, inside
}
