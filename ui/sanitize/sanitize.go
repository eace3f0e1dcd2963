// Package sanitize is the one display sanitizer: every string that comes from HubSpot passes
// through it at the point it enters a view (the TUI's panes, the CLI's plain output, the
// clipboard), never in the API layer, so the raw value stays exact for editing and export.
//
// It removes what a terminal would act on rather than print:
//   - escape sequences: CSI, OSC, DCS, SOS, PM, APC and the short ESC forms, whether introduced
//     by ESC or by their 8-bit C1 codes (U+009B CSI, U+009D OSC, U+0090 DCS, U+0098 SOS,
//     U+009E PM, U+009F APC). A string sequence with no terminator swallows the rest of the input,
//     as a terminal would;
//   - every C0 and C1 control and DEL (a tab becomes one space; a newline stays in
//     DisplayMultiline and becomes a space in Display; a carriage return is dropped);
//   - Unicode format characters (category Cf): bidi overrides, isolates and marks
//     (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), zero-width characters
//     (U+200B–U+200D, U+2060, U+FEFF), invisible tags (U+E0000 block) and the like;
//   - bytes that are not UTF-8 become '?';
//   - combining marks beyond MaxMarks on one character (a flood of U+0300 stacks upward over
//     the lines above, and costs the terminal dearly) are dropped.
//
// The output is never longer than the input, so it cannot be used to inflate a value.
package sanitize

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// Display sanitizes a single-line value (a name, an email, a table cell): newlines and the
// Unicode line and paragraph separators become spaces.
func Display(s string) string { return clean(s, false) }

// DisplayMultiline sanitizes a value shown over several lines (a note body, a multi-line text
// property): newlines are kept, U+2028 and U+2029 become newlines, everything else as Display.
func DisplayMultiline(s string) string { return clean(s, true) }

// state is where the scanner is within an escape sequence.
type state int

const (
	text     state = iota // ordinary text
	esc                   // after ESC
	escInter              // after ESC and intermediate bytes (0x20–0x2F)
	csi                   // inside a control sequence
	str                   // inside a control string (OSC, DCS, SOS, PM, APC)
	strEsc                // after ESC inside a control string: '\' ends it (ST)
)

const (
	escRune = 0x1b
	can     = 0x18 // cancels any sequence in progress
	sub     = 0x1a // cancels any sequence in progress
	c1CSI   = 0x9b
	c1ST    = 0x9c
)

// MaxMarks is how many combining marks one character keeps: more than real text stacks (a
// Vietnamese letter carries two, Hebrew pointing three or four).
const MaxMarks = 8

func clean(s string, multiline bool) string {
	if plainASCII(s, multiline) {
		return s
	}
	var b bytes.Buffer
	b.Grow(len(s))
	st, marks := text, 0 // marks: the combining marks written since the last other character
	for i := 0; i < len(s); {
		r, size := decode(s[i:])
		i += size
		n := b.Len()
		st = step(&b, st, r, multiline)
		switch {
		case b.Len() == n: // nothing written: a control, an escape sequence
		case !isMark(r):
			marks = 0
		case marks == MaxMarks:
			b.Truncate(n)
		default:
			marks++
		}
	}
	return b.String()
}

// isMark reports a combining mark: nonspacing or enclosing (drawn over the character before).
func isMark(r rune) bool { return r > 0x2ff && unicode.In(r, unicode.Mn, unicode.Me) }

// plainASCII reports whether s holds nothing but printable ASCII (and newlines when kept):
// the common case, returned as it is without allocating.
func plainASCII(s string, multiline bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 0x20 || c > 0x7e) && !(multiline && c == '\n') {
			return false
		}
	}
	return true
}

// invalid stands for a byte that is not UTF-8 and not a C1 control; it prints as '?'.
const invalid = -1

// decode reads one rune. A stray byte 0x80–0x9F is read as the C1 control of that value (a
// terminal in 8-bit mode would act on it); any other invalid byte reads as invalid.
func decode(s string) (rune, int) {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && size == 1 {
		if c := s[0]; c >= 0x80 && c <= 0x9f {
			return rune(c), 1
		}
		return invalid, 1
	}
	return r, size
}

// step consumes one rune in state st, writes what is printable, and returns the next state.
func step(b *bytes.Buffer, st state, r rune, multiline bool) state {
	if r == can || r == sub {
		return text
	}
	switch st {
	case esc:
		return afterEsc(b, r, multiline)
	case escInter:
		return inEscInter(b, r, multiline)
	case csi:
		return inCSI(b, r, multiline)
	case str:
		return inString(r)
	case strEsc:
		if r == '\\' {
			return text
		}
		return afterEsc(b, r, multiline)
	}
	return inText(b, r, multiline)
}

func inText(b *bytes.Buffer, r rune, multiline bool) state {
	switch {
	case r == escRune:
		return esc
	case r == c1CSI:
		return csi
	case r == 0x90 || r == 0x98 || r == 0x9d || r == 0x9e || r == 0x9f:
		return str
	case r == invalid:
		b.WriteByte('?')
	case r == '\t':
		b.WriteByte(' ')
	case r == '\n' || r == '\u2028' || r == '\u2029':
		b.WriteByte(lineBreak(multiline))
	case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
		// dropped: C0, DEL, C1, format characters
	default:
		b.WriteRune(r)
	}
	return text
}

func lineBreak(multiline bool) byte {
	if multiline {
		return '\n'
	}
	return ' '
}

// afterEsc decides what an ESC introduces.
func afterEsc(b *bytes.Buffer, r rune, multiline bool) state {
	switch {
	case r == '[':
		return csi
	case r == ']' || r == 'P' || r == 'X' || r == '^' || r == '_':
		return str
	case r == escRune:
		return esc
	case r >= 0x20 && r <= 0x2f:
		return escInter
	case r >= 0x30 && r <= 0x7e:
		return text // a two-character escape, e.g. ESC c (reset), ESC 7
	}
	return inText(b, r, multiline)
}

func inEscInter(b *bytes.Buffer, r rune, multiline bool) state {
	switch {
	case r >= 0x20 && r <= 0x2f:
		return escInter
	case r >= 0x30 && r <= 0x7e:
		return text
	}
	return inText(b, r, multiline)
}

// inCSI consumes parameter and intermediate bytes up to the final byte. C0 controls inside a
// control sequence are executed by terminals without ending it; here they are dropped.
func inCSI(b *bytes.Buffer, r rune, multiline bool) state {
	switch {
	case r >= 0x20 && r <= 0x3f:
		return csi
	case r >= 0x40 && r <= 0x7e:
		return text
	case r == escRune:
		return esc
	case r < 0x20 || r == 0x7f:
		return csi
	}
	return inText(b, r, multiline)
}

// inString swallows a control string up to BEL, ST (ESC \ or U+009C).
func inString(r rune) state {
	switch r {
	case 0x07, c1ST:
		return text
	case escRune:
		return strEsc
	}
	return str
}
