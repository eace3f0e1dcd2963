package sanitize

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestDisplay(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Ada Lovelace", "Ada Lovelace"},
		{"empty", "", ""},
		{"accented", "José Müller 日本", "José Müller 日本"},
		{"clear screen", "\x1b[2J\x1b[H", ""},
		{"clear screen around text", "a\x1b[2J\x1b[Hb", "ab"},
		{"sgr colour", "\x1b[31mred\x1b[0m", "red"},
		{"osc 52 clipboard bel", "\x1b]52;c;ZXZpbA==\x07", ""},
		{"osc 52 clipboard st", "x\x1b]52;c;ZXZpbA==\x1b\\y", "xy"},
		{"osc 8 hyperlink", "\x1b]8;;https://evil\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"osc 0 title", "\x1b]0;title\x07", ""},
		{"carriage return overwrite", "ok\rFAKE", "okFAKE"},
		{"rtl override", "\u202Egnp.exe", "gnp.exe"},
		{"c1 csi", "\u009b2J", ""},
		{"c1 csi with text", "a\u009b31mb", "ab"},
		{"raw 8-bit csi byte", "a\x9b2Jb", "ab"},
		{"c1 osc st", "a\u009d0;t\u009cb", "ab"},
		{"dcs", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"},
		{"apc", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"pm", "a\x1b^secret\x1b\\b", "ab"},
		{"sos", "a\x1bXsecret\x1b\\b", "ab"},
		{"c1 apc", "a\u009fdata\u009cb", "ab"},
		{"unterminated osc swallows rest", "name\x1b]0;evil title", "name"},
		{"two-char escape", "a\x1bcb", "ab"},
		{"escape with intermediate", "a\x1b(Bb", "ab"},
		{"lone escape at end", "abc\x1b", "abc"},
		{"escape then non-ascii", "a\x1bé", "aé"},
		{"can cancels csi", "a\x1b[12\x18b", "ab"},
		{"control inside csi", "a\x1b[1\x082Jb", "ab"},
		{"bell backspace del", "a\x07b\x08c\x7fd", "abcd"},
		{"nul", "a\x00b", "ab"},
		{"tab", "a\tb", "a b"},
		{"newline single line", "line1\nline2", "line1 line2"},
		{"crlf single line", "line1\r\nline2", "line1 line2"},
		{"nel c1", "a\u0085b", "ab"},
		{"bidi isolates", "\u2066a\u2067b\u2068c\u2069", "abc"},
		{"bidi embeddings", "\u202Aa\u202Bb\u202Cc\u202Dd", "abcd"},
		{"bidi marks", "a\u200Eb\u200Fc\u061Cd", "abcd"},
		{"zero width", "ad\u200Bmin@exa\u200Cmple.com\u200D\u2060\uFEFF", "admin@example.com"},
		{"tag characters", "hi\U000E0041\U000E0042", "hi"},
		{"line separator", "a\u2028b\u2029c", "a b c"},
		{"invalid utf8", "a\xffb\xc3", "a?b?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Display(tt.in); got != tt.want {
				t.Errorf("Display(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDisplayMultiline(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"keeps newlines", "line1\nline2\n", "line1\nline2\n"},
		{"crlf", "line1\r\nline2", "line1\nline2"},
		{"tab", "\tindented", " indented"},
		{"separators", "a\u2028b\u2029c", "a\nb\nc"},
		{"escapes around lines", "\x1b[2Ja\n\x1b]52;c;ZXZpbA==\x07b", "a\nb"},
		{"overwrite", "Paid: no\rPaid: yes", "Paid: noPaid: yes"},
		{"vertical tab and form feed", "a\vb\fc", "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DisplayMultiline(tt.in); got != tt.want {
				t.Errorf("DisplayMultiline(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestPlainInputNotCopied checks the fast path: a clean string comes back as it is.
func TestPlainInputNotCopied(t *testing.T) {
	in := strings.Repeat("ada@example.com ", 10)
	allocs := testing.AllocsPerRun(100, func() { _ = Display(in) })
	if allocs != 0 {
		t.Errorf("Display of plain ASCII allocated %v times, want 0", allocs)
	}
}

// checkClean is the invariant the fuzz target asserts: valid UTF-8, never longer than the
// input, and no escape, control or format character (a newline only when multiline).
func checkClean(t *testing.T, in, out string, multiline bool) {
	t.Helper()
	if len(out) > len(in) {
		t.Fatalf("output longer than input: %q (%d) from %q (%d)", out, len(out), in, len(in))
	}
	if !utf8.ValidString(out) {
		t.Fatalf("output is not UTF-8: %q from %q", out, in)
	}
	for _, r := range out {
		if r == '\n' && multiline {
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' {
			t.Fatalf("output holds %U: %q from %q", r, out, in)
		}
	}
}

func FuzzDisplay(f *testing.F) {
	for _, s := range []string{
		"\x1b[2J\x1b[H", "\x1b]52;c;ZXZpbA==\x07", "\x1b]8;;https://evil\x1b\\click\x1b]8;;\x1b\\",
		"\x1b]0;title\x07", "ok\rFAKE", "\u202Egnp.exe", "\u009b2J", "a\x9b2Jb", "\x1bP\x1b\x1b\\",
		"José\tMüller\n", "ad\u200Bmin@example.com", "\xff\xfe", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, multiline := range []bool{false, true} {
			out := clean(in, multiline)
			checkClean(t, in, out, multiline)
			if again := clean(out, multiline); again != out {
				t.Fatalf("not idempotent: %q then %q", out, again)
			}
		}
	})
}
