package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/hubcontacts/hubcontacts/ui/field"
)

// Theme holds every style the panes draw with. Selection and focus never rely on colour alone:
// the row under the cursor carries a glyph, a marked row another, and the focused box a heavier
// border, so the app stays usable under NO_COLOR (where lipgloss v1 drops bold and reverse too).
type Theme struct {
	Mono bool // no colour: NO_COLOR, a dumb terminal or the "mono" theme

	CursorGlyph, NoCursor string // in front of the row under the cursor / every other row
	MarkGlyph, NoMark     string // in front of a marked row / an unmarked one

	App, Header, Crumb, Badge, DemoBadge, ReadOnlyBadge lipgloss.Style

	TableHeader, Selected, Match, Dim lipgloss.Style

	Group, Label, Value, Empty, Pinned lipgloss.Style

	Overdue lipgloss.Style // a task's due date past (its foreground only: it tints a table cell)

	Status, Notice, Error, Wait, Info lipgloss.Style

	Box, FocusedBox lipgloss.Style // a frame around a pane part; focused is heavier

	Help help.Styles
}

// ThemeFor picks the theme for the config's theme name (auto, dark, light, plain) and the
// terminal's colour profile: plain, NO_COLOR or a terminal without colour get MonoTheme.
func ThemeFor(name string, profile termenv.Profile) *Theme {
	if name == "plain" || profile == termenv.Ascii {
		return MonoTheme()
	}
	return ColorTheme(name)
}

// shade picks a colour for the background: auto adapts to the terminal's, dark and light force
// one.
func shade(mode, light, dark string) lipgloss.TerminalColor {
	switch mode {
	case "dark":
		return lipgloss.Color(dark)
	case "light":
		return lipgloss.Color(light)
	}
	return lipgloss.AdaptiveColor{Light: light, Dark: dark}
}

// ColorTheme is the colour theme; mode is auto (follow the terminal's background), dark or
// light.
func ColorTheme(mode string) *Theme {
	var (
		accent = shade(mode, "#5A56E0", "#8E8BFF")
		subtle = shade(mode, "#8A8A8A", "#777777")
		danger = shade(mode, "#C0392B", "#FF6B6B")
		warn   = shade(mode, "#B7791F", "#F6C177")
		ok     = shade(mode, "#2F855A", "#7BD88F")
		hubOrg = shade(mode, "#E8590C", "#FF7A59")
	)
	t := baseTheme()
	t.CursorGlyph, t.MarkGlyph = "› ", "● "
	t.Header = t.Header.Foreground(accent).Bold(true)
	t.Crumb = t.Crumb.Foreground(subtle)
	t.Badge = t.Badge.Foreground(lipgloss.Color("#FFFFFF")).Background(accent).Padding(0, 1)
	t.DemoBadge = t.DemoBadge.Foreground(lipgloss.Color("#000000")).Background(warn).Padding(0, 1)
	t.ReadOnlyBadge = t.ReadOnlyBadge.Foreground(lipgloss.Color("#FFFFFF")).Background(danger).Padding(0, 1)
	t.TableHeader = t.TableHeader.Foreground(subtle).Bold(true)
	t.Selected = t.Selected.Foreground(accent).Bold(true)
	t.Match = t.Match.Foreground(hubOrg).Underline(true)
	t.Dim = t.Dim.Foreground(subtle)
	t.Group = t.Group.Foreground(accent).Bold(true)
	t.Label = t.Label.Foreground(subtle)
	t.Empty = t.Empty.Foreground(subtle).Italic(true)
	t.Pinned = t.Pinned.Foreground(warn)
	t.Overdue = t.Overdue.Foreground(danger)
	t.Notice = t.Notice.Foreground(ok)
	t.Error = t.Error.Foreground(danger).Bold(true)
	t.Wait = t.Wait.Foreground(warn)
	t.Info = t.Info.Foreground(subtle)
	t.Box = t.Box.BorderForeground(subtle)
	t.FocusedBox = t.FocusedBox.BorderForeground(accent)
	t.Help = help.New().Styles
	return t
}

// MonoTheme draws with no colour and no attributes: glyphs and borders carry selection and
// focus, and every glyph is ASCII so any terminal font shows it.
func MonoTheme() *Theme {
	t := baseTheme()
	t.Mono = true
	t.CursorGlyph, t.MarkGlyph = "> ", "* "
	t.Box = t.Box.Border(lipgloss.NormalBorder())
	t.FocusedBox = t.FocusedBox.Border(lipgloss.DoubleBorder())
	t.Help = help.Styles{}
	return t
}

// baseTheme holds what both themes share: sizes, borders, the blank glyphs.
func baseTheme() *Theme {
	s := lipgloss.NewStyle
	return &Theme{
		NoCursor: "  ", NoMark: "  ",
		App: s(), Header: s(), Crumb: s(), Badge: s(), DemoBadge: s(), ReadOnlyBadge: s(),
		TableHeader: s(), Selected: s(), Match: s(), Dim: s(),
		Group: s(), Label: s(), Value: s(), Empty: s(), Pinned: s(), Overdue: s(),
		Status: s(), Notice: s(), Error: s(), Wait: s(), Info: s(),
		Box:        s().Border(lipgloss.RoundedBorder()),
		FocusedBox: s().Border(lipgloss.ThickBorder()),
	}
}

// badge renders a header badge: coloured in colour, bracketed without.
func (t *Theme) badge(style lipgloss.Style, text string) string {
	if t.Mono {
		return "[" + text + "]"
	}
	return style.Render(text)
}

// tint colours text for a table cell with style's foreground, ended by the default foreground
// alone (not a full reset), so the row under the cursor keeps its bold after the cell. Nothing
// without colour.
func (t *Theme) tint(style lipgloss.Style, text string) string {
	fg := style.GetForeground()
	if t.Mono || fg == (lipgloss.NoColor{}) {
		return text
	}
	open := lipgloss.NewStyle().Foreground(fg).Render("\x00")
	open, _, _ = strings.Cut(open, "\x00")
	if open == "" {
		return text // the terminal draws no colour
	}
	return open + text + "\x1b[39m"
}

// fieldStyles are what the form's inputs draw with.
func (t *Theme) fieldStyles() field.Styles {
	return field.Styles{Selected: t.Selected, Dim: t.Dim, Mono: t.Mono}
}
