package sanitize_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// A flood of combining marks (200 × U+0300 on one letter) keeps MaxMarks of them; real text
// (Vietnamese, Hebrew pointing, a letter after a flood) is untouched.
func TestCombiningMarksAreCappedPerCharacter(t *testing.T) {
	flood := "Z" + strings.Repeat("\u0300", 200) + "oe"
	assert.Equal(t, "Z"+strings.Repeat("\u0300", sanitize.MaxMarks)+"oe", sanitize.Display(flood))
	assert.Equal(t, "a"+strings.Repeat("\u20dd", sanitize.MaxMarks), sanitize.DisplayMultiline("a"+strings.Repeat("\u20dd", 50)), "enclosing marks too")
	two := strings.Repeat("x"+strings.Repeat("\u0301", 20), 2)
	assert.Equal(t, strings.Repeat("x"+strings.Repeat("\u0301", sanitize.MaxMarks), 2), sanitize.Display(two), "per character, not per string")
	for _, s := range []string{"Nguyễn Thị Ánh", "Tiếng Việt", "שָׁלוֹם", "e\u0301\u0323", "नमस्ते"} {
		assert.Equal(t, s, sanitize.Display(s))
	}
}
