package ui

import (
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// selectKind is an enumeration: its options by label, in HubSpot's order. A single choice
// (dropdown, radio) moves with ←/→ or by typing the start of a label; a multiple choice
// (checkboxes) moves its own cursor with ←/→ and ticks with space. Backspace clears.
type selectKind struct {
	prop   *api.Property
	opts   []api.Option
	multi  bool
	chosen []bool // per option
	at     int    // the option under the cursor (multi) or chosen (single; -1 none)
	typed  string // type-ahead so far
	other  string // a value HubSpot holds that is no option (kept unless changed)
}

func newSelectKind(p *api.Property) *selectKind {
	return &selectKind{prop: p, multi: p.FieldType == "checkbox", at: -1}
}

func (k *selectKind) Editable() bool { return true }

func (k *selectKind) Set(raw string) {
	k.opts = visibleOptions(k.prop, raw)
	k.chosen = make([]bool, len(k.opts))
	k.at, k.other, k.typed = -1, "", ""
	if raw == "" {
		return
	}
	for _, v := range k.values(raw) {
		i := slices.IndexFunc(k.opts, func(o api.Option) bool { return o.Value == v })
		if i < 0 {
			k.other = raw
			continue
		}
		k.chosen[i], k.at = true, i
	}
	if k.multi {
		k.at = 0
	}
}

func (k *selectKind) values(raw string) []string {
	if k.multi {
		return strings.Split(raw, ";")
	}
	return []string{raw}
}

func (k *selectKind) Value() string {
	if k.other != "" {
		return k.other
	}
	var vs []string
	for i, on := range k.chosen {
		if on {
			vs = append(vs, k.opts[i].Value)
		}
	}
	return strings.Join(vs, ";")
}

func (k *selectKind) Key(m tea.KeyMsg) bool {
	switch m.String() {
	case "left":
		k.step(-1)
	case "right":
		k.step(1)
	case "backspace", "delete":
		k.clear()
	case " ":
		switch {
		case k.multi:
			k.toggle()
		case k.typed != "":
			k.typeAhead(" ") // a label of several words
		default:
			k.step(1)
		}
	default:
		return m.Type == tea.KeyRunes && !m.Alt && k.typeAhead(string(m.Runes))
	}
	return true
}

// step moves to the next or previous option (round the ends); a single choice takes it.
func (k *selectKind) step(dir int) {
	k.typed = ""
	n := len(k.opts)
	if n == 0 {
		return
	}
	switch {
	case dir > 0:
		k.at = (k.at + 1) % n
	case k.at <= 0:
		k.at = n - 1
	default:
		k.at--
	}
	if !k.multi {
		k.choose(k.at)
	}
}

func (k *selectKind) anyChosen() bool { return slices.Contains(k.chosen, true) }

func (k *selectKind) choose(i int) {
	k.other = ""
	for j := range k.chosen {
		k.chosen[j] = j == i
	}
}

func (k *selectKind) toggle() {
	if k.at >= 0 && k.at < len(k.opts) {
		k.other = ""
		k.chosen[k.at] = !k.chosen[k.at]
	}
}

func (k *selectKind) clear() {
	k.typed, k.other = "", ""
	if k.multi {
		if k.at >= 0 && k.at < len(k.chosen) {
			k.chosen[k.at] = false
		}
		return
	}
	k.at = -1
	k.choose(-1)
}

// typeAhead moves to the first option whose label starts with what was typed (then, failing
// that, contains it); it restarts from the last letter when nothing matches.
func (k *selectKind) typeAhead(s string) bool {
	for _, try := range []string{k.typed + s, s} {
		if i := k.match(strings.ToLower(try)); i >= 0 {
			k.typed, k.at = try, i
			if !k.multi {
				k.choose(i)
			}
			return true
		}
	}
	k.typed = ""
	return true
}

func (k *selectKind) match(prefix string) int {
	for _, starts := range []bool{true, false} {
		for i, o := range k.opts {
			l := strings.ToLower(optionLabel(o))
			if starts && strings.HasPrefix(l, prefix) || !starts && strings.Contains(l, prefix) {
				return i
			}
		}
	}
	return -1
}

func optionLabel(o api.Option) string {
	if o.Label != "" {
		return o.Label
	}
	return o.Value
}

func (k *selectKind) View(width int, focused bool, t *Theme) string {
	if k.multi {
		return ansi.Truncate(k.multiView(focused, t), width, "…")
	}
	label := "—"
	if k.other != "" {
		label = k.other
	} else if k.at >= 0 && k.at < len(k.opts) {
		label = optionLabel(k.opts[k.at])
	}
	label = sanitize.Display(label)
	if !focused {
		return ansi.Truncate(label, width, "…")
	}
	hint := "  ←/→ or type a label"
	if k.at >= 0 {
		hint = "  " + itoa(k.at+1) + "/" + itoa(len(k.opts)) + hint
	}
	return ansi.Truncate(t.Selected.Render("‹ "+label+" ›")+t.Dim.Render(hint), width, "…")
}

// multiView lists the ticked labels; focused, every option with its box and the cursor.
func (k *selectKind) multiView(focused bool, t *Theme) string {
	var parts []string
	for i, o := range k.opts {
		label := sanitize.Display(optionLabel(o))
		if !focused {
			if k.chosen[i] {
				parts = append(parts, label)
			}
			continue
		}
		box := "[ ] "
		if k.chosen[i] {
			box = "[x] "
		}
		if i == k.at {
			label = t.Selected.Render(">" + box + label)
		} else {
			label = " " + box + label
		}
		parts = append(parts, label)
	}
	if !focused && len(parts) == 0 {
		return "—"
	}
	sep := ", "
	if focused {
		sep = " "
	}
	return strings.Join(parts, sep)
}

// checkKind is a yes/no property: space toggles, backspace clears (no value).
type checkKind struct{ v string }

func (k *checkKind) Value() string  { return k.v }
func (k *checkKind) Editable() bool { return true }

func (k *checkKind) Set(raw string) {
	switch strings.ToLower(raw) {
	case "true":
		k.v = "true"
	case "false":
		k.v = "false"
	default:
		k.v = raw
	}
}

func (k *checkKind) Key(m tea.KeyMsg) bool {
	switch m.String() {
	case " ", "x":
		if k.v == "true" {
			k.v = "false"
		} else {
			k.v = "true"
		}
	case "y", "Y":
		k.v = "true"
	case "n", "N":
		k.v = "false"
	case "backspace", "delete":
		k.v = ""
	default:
		return false
	}
	return true
}

func (k *checkKind) View(width int, focused bool, t *Theme) string {
	var s string
	switch k.v {
	case "true":
		s = "[x] Yes"
	case "false":
		s = "[ ] No"
	case "":
		s = "[ ] —"
	default:
		s = "[?] " + sanitize.Display(k.v)
	}
	if focused {
		s = t.Selected.Render(s) + t.Dim.Render("  space toggles")
	}
	return ansi.Truncate(s, width, "…")
}
