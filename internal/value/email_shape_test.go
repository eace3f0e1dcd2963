package value

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// The regular expression HubSpot's check is written as (see email.go), and its domain half.
var (
	emailExpr  = regexp.MustCompile(`^[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$`)
	domainExpr = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$`)
)

// checkShape fails when the byte-by-byte check and the regular expression disagree on s.
func checkShape(t *testing.T, s string) {
	t.Helper()
	if got, want := hasBadEmailRune(s), strings.ContainsFunc(s, badEmailRune); got != want {
		t.Fatalf("%q: hasBadEmailRune %v, badEmailRune %v", s, got, want)
	}
	if got, want := domainShape(s), domainExpr.MatchString(s); got != want {
		t.Fatalf("domain %q: domainShape %v, the expression %v", s, got, want)
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || strings.Contains(domain, "@") {
		return
	}
	if got, want := localShape(local) && domainShape(domain), emailExpr.MatchString(s); got != want {
		t.Fatalf("address %q: the two halves %v, the expression %v", s, got, want)
	}
}

// The byte-by-byte check gives the regular expression's answer, on the addresses that sit on
// its edges and on 20,000 random strings over the characters that matter to it.
func TestEmailShapeIsTheRegularExpression(t *testing.T) {
	for _, s := range []string{
		"a@b.co", "a@b.c", "a@b.c1", "a@b-.co", "a@-b.co", "a@b..co", "a@.b.co", "a@b.co.", "a@b", "a@co",
		"a@1.co", "a@1-2.co", "a@b.c-o", "a@B.CO", "a@x.y.zz", "@b.co", "a.b+c@d-e.fg", "a b@c.de", "é@b.co",
		"a@b.cé", "a@b_c.de", "a@b.de\n", "{|}~@b.de", "a@b.d[", "a@b.d`", "a@b.d@", "[a@b.de", "a@b.0e",
	} {
		checkShape(t, s)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(chars string, n int) string {
		r := []rune(chars)
		var b strings.Builder
		for range n {
			b.WriteRune(r[rng.IntN(len(r))])
		}
		return b.String()
	}
	const local, label, odd = "aZ09.!#$%&'*+/=?^_{|}~-", "aZz09-", "@.- _`[{\\é\n\t\x7f;,<>()]\"\u200b\u202e\u00a0"
	matched := 0
	for range 20_000 {
		// An address-like string: a local part, @, labels joined by dots, then maybe one
		// character anywhere changed to one the expression cares about.
		s := pick(local, rng.IntN(4))
		if rng.IntN(8) > 0 {
			s += "@"
		}
		for i := range 1 + rng.IntN(3) {
			if i > 0 {
				s += "."
			}
			s += pick(label, rng.IntN(4))
		}
		if rng.IntN(2) == 0 {
			s += "." + pick("aZq", rng.IntN(4))
		}
		if r := []rune(s); len(r) > 0 && rng.IntN(3) == 0 {
			r[rng.IntN(len(r))] = []rune(odd)[rng.IntN(len([]rune(odd)))]
			s = string(r)
		}
		if emailExpr.MatchString(s) {
			matched++
		}
		checkShape(t, s)
	}
	if matched < 500 {
		t.Fatalf("only %d of the strings were addresses: the test tries too few", matched)
	}
}

// FuzzEmailShape holds the byte-by-byte check to the regular expression on any input.
func FuzzEmailShape(f *testing.F) {
	for _, s := range []string{"ada@example.com", "a@b-.co", "a@b.c", "x@y.z1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkShape(t, s) })
}

func BenchmarkEmail(b *testing.B) {
	for range b.N {
		if _, err := Email("bench0001234@example.com"); err != nil {
			b.Fatal(err)
		}
	}
}
