// Package richtext reads HubSpot's rich-text bodies (notes, calls, meetings, tasks keep HTML) as
// text, and writes text back as the minimal HTML HubSpot's own screens show line for line.
// HTML is read with HTML's own tokenizer (golang.org/x/net/html), never patterns. The TUI and
// the activities commands share it.
package richtext

import (
	"html"
	"regexp"
	"strconv"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// Text is an activity body as text to read: paragraphs, line breaks and list items kept
// (a bullet, or the item's number), table cells apart, links as their text; the contents of
// <style>, <script> and other elements a browser does not show, comments and every attribute
// gone. Entities are decoded, then the text is sanitized (newlines kept, everything a terminal
// would act on dropped). A body with no markup at all is plain text: its lines stay as they are.
// Something shaped like a tag that is no HTML element ("<billing@example.com>" in a plain
// email) stays as written.
func Text(body string) string {
	var w textWriter
	z := xhtml.NewTokenizer(strings.NewReader(body))
	markup := false
	for {
		tt := z.Next()
		switch tt {
		case xhtml.ErrorToken:
			return w.finish(markup)
		case xhtml.TextToken:
			if w.hidden == 0 {
				w.text(string(z.Text()))
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken, xhtml.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == 0 {
				if w.hidden == 0 && !tagLike(name) {
					w.text(html.UnescapeString(string(z.Raw()))) // not a tag: "<billing@example.com>"
				}
				continue
			}
			markup = true
			w.tag(a, tt)
		case xhtml.CommentToken, xhtml.DoctypeToken:
			markup = true
		}
	}
}

// tagLike reports a tag name made of letters, digits, dashes and colons: an element a browser
// would hide even if HTML does not know it (a custom element, Word's <o:p>), as opposed to
// "billing@example.com".
func tagLike(name []byte) bool {
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == ':' || c == '_') {
			return false
		}
	}
	return len(name) > 0
}

// textWriter builds the text of a body as the tokenizer walks it.
type textWriter struct {
	b      strings.Builder
	raw    strings.Builder // the text as given, for a body without markup
	hidden int             // depth inside elements whose content is not shown
	pre    int             // depth inside <pre>: its spaces and lines are kept
	lists  []int           // per open list: 0 for a bulleted one, else the next number
	space  bool            // a space is owed before the next word
}

// hiddenElements are the elements whose content a browser does not show.
func hiddenElement(a atom.Atom) bool {
	switch a {
	case atom.Style, atom.Script, atom.Head, atom.Title, atom.Template, atom.Noscript, atom.Iframe,
		atom.Object, atom.Svg, atom.Math, atom.Select, atom.Textarea, atom.Noframes, atom.Noembed:
		return true
	}
	return false
}

// blockElement reports an element that starts and ends a line.
func blockElement(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Blockquote, atom.Pre,
		atom.Ul, atom.Ol, atom.Li, atom.Table, atom.Tr, atom.Section, atom.Article, atom.Header, atom.Footer,
		atom.Address, atom.Dl, atom.Dt, atom.Dd, atom.Figure, atom.Figcaption, atom.Hr, atom.Main, atom.Nav, atom.Aside:
		return true
	}
	return false
}

func (w *textWriter) tag(a atom.Atom, tt xhtml.TokenType) {
	if hiddenElement(a) {
		switch {
		case tt == xhtml.StartTagToken && a != atom.Head:
			w.hidden++
		case tt == xhtml.EndTagToken && a != atom.Head && w.hidden > 0:
			w.hidden--
		}
		return
	}
	if w.hidden > 0 {
		return
	}
	start := tt != xhtml.EndTagToken
	switch {
	case a == atom.Br:
		w.b.WriteString("\n")
		w.space = false
	case a == atom.Img && start:
		w.word("[image]")
	case a == atom.Td || a == atom.Th:
		w.space = true
	case a == atom.Ul || a == atom.Ol:
		w.line()
		if start && tt == xhtml.StartTagToken {
			w.lists = append(w.lists, map[bool]int{true: 1, false: 0}[a == atom.Ol])
		} else if !start && len(w.lists) > 0 {
			w.lists = w.lists[:len(w.lists)-1]
		}
	case a == atom.Li && start:
		w.line()
		w.b.WriteString(strings.Repeat("  ", max(0, len(w.lists)-1)) + w.bullet())
		w.space = false
	case a == atom.Pre:
		w.line()
		if start && tt == xhtml.StartTagToken {
			w.pre++
		} else if !start && w.pre > 0 {
			w.pre--
		}
	case blockElement(a):
		w.line()
	}
}

// bullet is the mark of the next list item: • or its number.
func (w *textWriter) bullet() string {
	if len(w.lists) == 0 || w.lists[len(w.lists)-1] == 0 {
		return "• "
	}
	n := w.lists[len(w.lists)-1]
	w.lists[len(w.lists)-1]++
	return strconv.Itoa(n) + ". "
}

// line ends the current line, unless it is already ended.
func (w *textWriter) line() {
	if s := w.b.String(); s != "" && !strings.HasSuffix(s, "\n") {
		w.b.WriteString("\n")
	}
	w.space = false
}

// text adds a text node: its whitespace is one space, as a browser shows it (kept in <pre>).
func (w *textWriter) text(s string) {
	w.raw.WriteString(s)
	if w.pre > 0 {
		w.b.WriteString(s)
		return
	}
	if s != "" && strings.TrimLeft(s, " \t\r\n\f") != s {
		w.space = true
	}
	fields := strings.Fields(s)
	for i, f := range fields {
		if i > 0 {
			w.space = true
		}
		w.word(f)
	}
	if len(fields) > 0 && strings.TrimRight(s, " \t\r\n\f") != s {
		w.space = true
	}
}

func (w *textWriter) word(s string) {
	if w.space && w.b.Len() > 0 && !strings.HasSuffix(w.b.String(), "\n") {
		w.b.WriteString(" ")
	}
	w.b.WriteString(s)
	w.space = false
}

var extraBlankLines = regexp.MustCompile(`\n{3,}`)

// finish is the text, sanitized: at most one blank line in a row, no spaces at the ends of
// lines, none at the ends of the text.
func (w *textWriter) finish(markup bool) string {
	s := w.b.String()
	if !markup {
		s = w.raw.String()
	}
	lines := strings.Split(sanitize.DisplayMultiline(s), "\n")
	for i, l := range lines {
		if markup || w.pre == 0 {
			l = strings.TrimRight(l, " \t")
		}
		if !markup {
			l = strings.Join(strings.Fields(l), " ")
		}
		lines[i] = l
	}
	return strings.TrimSpace(extraBlankLines.ReplaceAllString(strings.Join(lines, "\n"), "\n\n"))
}

// HTML is text as the minimal HTML a body is written back as: one paragraph, its lines apart
// (<br>), every character escaped. HubSpot's record page shows it line for line, and Text reads
// it back as the same text.
func HTML(text string) string {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if text == "" {
		return ""
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = html.EscapeString(strings.TrimRight(l, " \t"))
	}
	return "<p>" + strings.Join(lines, "<br>") + "</p>"
}

// Rich reports a body whose formatting Text does not keep: emphasis, links, lists, headings,
// tables, images, quotes, colours or fonts. Paragraphs and line breaks alone (what HubSpot's
// editor writes for plain typing, and HTML writes) are not rich.
func Rich(body string) bool {
	z := xhtml.NewTokenizer(strings.NewReader(body))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return false
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch a := atom.Lookup(name); a {
			case 0, atom.P, atom.Div, atom.Br, atom.Html, atom.Body, atom.Head, atom.Meta:
			case atom.Span:
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "style" && styled(string(v)) {
						return true
					}
				}
			default:
				return true
			}
		}
	}
}

// styled reports a style that changes how text looks (not just its spacing).
func styled(style string) bool {
	s := strings.ToLower(style)
	for _, p := range []string{"color", "font", "text-decoration", "background"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}
