package richtext

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// What a browser shows, as text: HubSpot's own editor markup, lists, links, hidden elements.
func TestTextReadsHTMLAsABrowserShowsIt(t *testing.T) {
	for in, want := range map[string]string{
		// HubSpot's editor: a <p> per line, an empty line as <p><br></p>
		`<div style="" dir="auto" data-top-level="true"><p style="margin:0;">Call recap</p><p style="margin:0;"><br></p><p style="margin:0;">Next: send the quote</p></div>`: "Call recap\n\nNext: send the quote",
		"<ol><li>first</li><li>second</li></ol><ul><li>dot</li></ul>":                     "1. first\n2. second\n• dot",
		"<ul><li>a<ul><li>inner</li></ul></li></ul>":                                      "• a\n  • inner",
		`See <a href="https://evil.example/">the proposal</a>, then call.`:                "See the proposal, then call.",
		"<style>p{color:red}</style><script>alert(1)</script><p>shown</p><!-- hidden -->": "shown",
		"<head><title>t</title></head><body><h2>Agenda</h2>item</body>":                   "Agenda\nitem",
		"<pre>  keep   this\n  spacing</pre>":                                             "keep   this\n  spacing",
		`<img src="x.png" alt="a &quot;quote&quot;">`:                                     "[image]",
		"<o:p>Word</o:p> text":                                                            "Word text",
		"Tom &amp; Jerry&nbsp;Co":                                                         "Tom & Jerry Co", // a no-break space is a space
		"":                                                                                "",
	} {
		assert.Equal(t, want, Text(in), "%q", in)
	}
}

// A hostile body: a style sheet, attributes holding quotes and >, escapes raw and as entities,
// bidi controls. Nothing of the markup or the controls is left, the words are.
func TestTextOfAHostileBody(t *testing.T) {
	in := `<style>body{background:url("x>y")}</style><p title='a">b' onclick="x>1">Hello` +
		"\x1b]52;c;ZXZpbA==\x07 &#x1b;[2J\u202eevil\u202c <b data-x=\">\">world</b></p>"
	got := Text(in)
	assert.Equal(t, "Hello evil world", got)
	for _, bad := range []string{"\x1b", "\u202e", "background", "onclick", "title", ">"} {
		assert.NotContains(t, got, bad)
	}
}

// Text goes back as minimal HTML that reads back as the same text; rich bodies are told apart
// from plain ones.
func TestHTMLRoundTripAndRichness(t *testing.T) {
	for _, text := range []string{"one line", "a\nb", "para one\n\npara two", "Tom & <Jerry> \"quoted\"", "x\n\n\n\ny"} {
		h := HTML(text)
		assert.True(t, strings.HasPrefix(h, "<p>"), h)
		assert.False(t, Rich(h), "%q is plain", h)
		want := extraBlankLines.ReplaceAllString(text, "\n\n")
		assert.Equal(t, want, Text(h), "%q → %q → back", text, h)
	}
	assert.Equal(t, "", HTML("  \n "))
	assert.Equal(t, "<p>a &lt;b&gt;<br>c</p>", HTML("a <b>\r\nc"))
	for body, rich := range map[string]bool{
		`<p style="margin:0;">plain</p><div><br></div>`: false,
		"just text":                                    false,
		"<p>a <strong>bold</strong> word</p>":          true,
		`<p>see <a href="https://x">this</a></p>`:      true,
		"<ul><li>item</li></ul>":                       true,
		`<span style="color: rgb(255,0,0)">red</span>`: true,
		`<span style="margin:0">plain span</span>`:     false,
		"<h1>Title</h1>":                               true,
		"From: Pay <billing@paypa1.example>":           false,
	} {
		assert.Equal(t, rich, Rich(body), "%q", body)
	}
}
