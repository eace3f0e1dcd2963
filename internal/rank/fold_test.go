package rank

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// The fold forms answer exactly as the rule over the lower-cased field, for every field that
// Folds: random fields and texts over ASCII of both cases, word separators and letters that
// lower-case to other bytes.
func TestFoldAnswersAsTheLowerCasedField(t *testing.T) {
	alphabet := []string{"a", "b", "A", "B", "m", "M", "z", " ", ".", "@", "-", "1", "é", "É", "ß", "İ", "\u212a", "ü", "\xff", "\ufffd", "ǅ"}
	rnd := rand.New(rand.NewPCG(1, 2))
	word := func(n int) string {
		var b strings.Builder
		for range rnd.IntN(n) {
			b.WriteString(alphabet[rnd.IntN(len(alphabet))])
		}
		return b.String()
	}
	folds := 0
	for range 200_000 {
		field, text := word(12), Lower(word(4))
		if Folds(field) != (Lower(field) == foldASCII(field)) {
			t.Fatalf("Folds(%q) = %v, Lower gives %q", field, Folds(field), Lower(field))
		}
		if !Folds(field) {
			continue
		}
		folds++
		low := Lower(field)
		wantTier, wantAt := Find(low, text)
		tier, at := FindFold(field, text)
		if tier != wantTier || at != wantAt {
			t.Fatalf("FindFold(%q, %q) = %v %d, Find over %q = %v %d", field, text, tier, at, low, wantTier, wantAt)
		}
		if got, want := ContainsFold(field, text), strings.Contains(low, text); got != want {
			t.Fatalf("ContainsFold(%q, %q) = %v, want %v", field, text, got, want)
		}
		runes := strings.ReplaceAll(text, " ", "")
		if got, want := SubsequenceFold(field, runes), Subsequence(low, runes); got != want {
			t.Fatalf("SubsequenceFold(%q, %q) = %v, want %v", field, runes, got, want)
		}
	}
	if folds < 10_000 {
		t.Fatalf("only %d fields fold", folds)
	}
	// A capital in the text never stands in a lower-cased field.
	tier, _ := FindFold("Berg", "B")
	if tier != None {
		t.Fatalf("a capital matched")
	}
}

// foldASCII is s with its ASCII capitals folded.
func foldASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerASCII(c)
	}
	return string(b)
}

func TestFolds(t *testing.T) {
	for s, want := range map[string]bool{"Jonas Berg": true, "zoë": true, "Zoë": true, "José García": true, "ärger": true, "Ärger": false, "": true, "\u212a": false, "\xff": false} {
		if Folds(s) != want {
			t.Errorf("Folds(%q) = %v", s, !want)
		}
	}
}
