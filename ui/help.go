package ui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// The footer and the full help (?), both drawn from the focused pane's key table (or, while a
// question is open, from its answers), so they show what works, as the key map binds it.

// footer is the most used keys of the focused pane, in the order its table gives them, each
// whole, then quit; it ends with "? help", or "? more" when some did not fit (the full help
// lists them all). In a pane with a focused text box the help key is one that cannot be typed
// (f1), and the footer says so.
func (m *App) footer() string {
	items, help := m.shortItems()
	sig := footerSig(items, help, m.width)
	if sig != m.foot.sig {
		m.foot = footerCache{sig: sig, text: m.layFooter(items, help)}
	}
	return m.foot.text
}

// footerCache is the footer last drawn and what it was drawn from: most frames draw the same
// one, and styling it is most of a frame's work.
type footerCache struct{ sig, text string }

// footerSig says everything the footer is drawn from.
func footerSig(items []footerItem, help string, width int) string {
	var b strings.Builder
	b.WriteString(itoa(width))
	for _, it := range items {
		b.WriteString("\x00" + it.key + "\x01" + it.desc)
	}
	b.WriteString("\x00" + help)
	return b.String()
}

// layFooter fits the items in the width: their plain widths decide how many show, then only
// those are styled.
func (m *App) layFooter(items []footerItem, help string) string {
	sepWidth := ansi.StringWidth(m.help.ShortSeparator)
	width := func(its []footerItem) int {
		w := 0
		for i, it := range its {
			if i > 0 {
				w += sepWidth
			}
			w += ansi.StringWidth(it.key) + 1 + ansi.StringWidth(it.desc)
		}
		return w
	}
	if help == "" { // a question's answers
		return ansi.Truncate(m.renderItems(items), m.width, "…")
	}
	if all := append(slices.Clip(items), footerItem{help, "help"}); width(all) <= m.width {
		return m.renderItems(all)
	}
	more := footerItem{help, "more"}
	shown := items
	for len(shown) > 0 && width(append(slices.Clip(shown), more)) > m.width {
		shown = shown[:len(shown)-1]
	}
	return ansi.Truncate(m.renderItems(append(slices.Clip(shown), more)), m.width, "")
}

// renderItems styles the items and joins them with the separator.
func (m *App) renderItems(items []footerItem) string {
	sep := m.help.Styles.ShortSeparator.Inline(true).Render(m.help.ShortSeparator)
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = m.item(it.key, it.desc)
	}
	return strings.Join(parts, sep)
}

// footerItem is one key of the footer, plain: its key and what it does.
type footerItem struct{ key, desc string }

// shortItems are the footer's keys, and the help key's name ("" when no key opens the help
// here).
func (m *App) shortItems() ([]footerItem, string) {
	km, p := m.env.keys, m.top()
	typing := isTyping(p)
	var items []footerItem
	if m.asked != nil {
		for _, a := range m.asked.q.answers {
			items = append(items, footerItem{a.keyName(km), sanitize.Display(a.does)})
		}
		return append(items, footerItem{keyName(km.No) + "/" + keyName(km.Cancel), "cancel"}), ""
	}
	table := p.keys()
	for _, b := range table {
		if !b.offered() || b.more {
			continue
		}
		v := b.view(typing)
		if v.Help().Key == "" {
			continue
		}
		items = append(items, footerItem{v.Help().Key, v.Help().Desc})
	}
	if !isCapturing(p) {
		if m.backOffered(table) {
			items = append(items, footerItem{keyName(km.Back), "back"})
		}
		items = append(items, footerItem{keyName(km.Quit), "quit"})
	}
	help := km.Help.Help().Key
	if typing {
		help = keyLabel(untyped(km.Help.Keys()))
	} else if ks := km.Help.Keys(); len(ks) > 0 {
		help = keyLabel(ks[:1])
	}
	return items, help
}

// backOffered reports esc going back from the focused pane: a pane below it, and no binding of
// the pane's own on esc now (the list's "unmark all" while contacts are marked). table is the
// focused pane's keys(), which the caller has already built.
func (m *App) backOffered(table []binding) bool {
	if len(m.stack) < 2 {
		return false
	}
	for _, b := range table {
		if b.key.Name == m.env.keys.Back.Name && b.offered() {
			return false
		}
	}
	return true
}

// item is one key of the footer: its key, then what it does.
func (m *App) item(k, desc string) string {
	s := m.help.Styles
	return s.ShortKey.Inline(true).Render(k) + " " + s.ShortDesc.Inline(true).Render(desc)
}

// fullHelp is every key of the focused pane, in its table's columns, then the global keys and,
// while a text box has the focus, the keys it edits with.
func (m *App) fullHelp() string {
	km, p := m.env.keys, m.top()
	typing := isTyping(p)
	var groups [][]key.Binding
	table := p.keys()
	for _, b := range table {
		if !b.offered() {
			continue
		}
		if b.group != "" || len(groups) == 0 {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], b.view(typing))
	}
	var global []key.Binding
	for _, k := range []Key{km.Back, km.Help, km.Suspend, km.Quit} {
		b := binding{key: k}
		if isCapturing(p) && len(untyped(k.Keys())) == 0 {
			continue // typed, not obeyed, here
		}
		if k.Name == km.Back.Name && (isCapturing(p) || !m.backOffered(table)) {
			continue // the pane's own table says what esc does here, or it does nothing
		}
		global = append(global, b.view(isCapturing(p)))
	}
	groups = append(groups, global)
	if typing {
		groups = append(groups, []key.Binding{
			key.NewBinding(key.WithKeys("left"), key.WithHelp("←/→", "move in the text")),
			key.NewBinding(key.WithKeys("home"), key.WithHelp("home/end", "start / end")),
			key.NewBinding(key.WithKeys("ctrl+w"), key.WithHelp("ctrl+w", "delete a word")),
			key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "delete to the start")),
		})
	}
	return "Keys for " + sanitize.Display(p.Title()) + "\n\n" + m.flowHelp(groups)
}

// flowHelp lays the help's columns side by side, starting a new row of columns when the next
// would not fit (help.Model would drop it).
func (m *App) flowHelp(groups [][]key.Binding) string {
	var rows, row []string
	width := 0
	for _, g := range groups {
		col := m.help.FullHelpView([][]key.Binding{g})
		if col == "" {
			continue
		}
		col = lipgloss.NewStyle().PaddingRight(4).Render(col)
		w := lipgloss.Width(col)
		if width > 0 && width+w > m.width {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
			row, width = nil, 0
		}
		row, width = append(row, col), width+w
	}
	if len(row) > 0 {
		rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
	}
	return strings.Join(rows, "\n\n")
}
