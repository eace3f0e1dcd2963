// Package field is the inputs of the forms: one Field per property, with an input of the kind
// its type asks for (text, a date, a choice among options, yes/no, a rich-text body, a value
// chosen from a list), its value rule (internal/value), and what to say under it. It knows
// nothing of panes: a form lays fields out, moves between them and saves them.
package field

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/richtext"
	"github.com/hubcontacts/hubcontacts/internal/value"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// Styles are what the inputs draw with; Mono is the theme without colour (glyphs instead of
// reverse video).
type Styles struct {
	Selected, Dim lipgloss.Style
	Mono          bool
}

// Context is what a field needs of the form around it: the time zone dates and times are typed
// and shown in, how a value HubSpot sets is shown, and, for a property whose value is chosen
// from a list (the owner), the list.
type Context struct {
	Loc     *time.Location
	Show    func(prop, raw string) string
	Choices func(p *api.Property) (title string, choices []Choice, ok bool)
}

// Choice is one value of a chosen property: raw text, sanitized when drawn.
type Choice struct{ ID, Label, Detail string }

// Chooser is a kind whose value is chosen from a list (in a picker the form opens).
type Chooser interface {
	Choices() (title string, choices []Choice)
	Choose(id string)
}

// Field is one property in the edit form (or the batch edit): its definition, its value rule,
// the value HubSpot has, and an input of the kind the property's type asks for. Only a value
// the user changed is checked before a save; HubSpot's own value, if it fails the rule, is
// flagged (stored) and saved back untouched, never a reason to refuse the save.
type Field struct {
	Prop      *api.Property
	rule      value.Rule
	Kind      Kind
	orig      string // HubSpot's raw value ("" for none)
	base      string // the input's value for orig: the value differs from HubSpot's when this does
	local     string // why the changed value is not valid, found as the user left the field
	doubt     string // a doubt about the changed value that does not stop the save
	stored    string // what is wrong with HubSpot's value by the rule (a warning only)
	server    string // HubSpot's error for this property at the last save (raw)
	warn      string // HubSpot did not apply the value at the last save (raw)
	lastValue string // the value when server and warn were set: editing clears them
}

// Kind is an input for one type of property.
type Kind interface {
	// Value is the value as HubSpot takes it ("" clears); while the input holds something that
	// is not valid, the text itself, so the field shows as changed and the rule stops the save.
	Value() string
	// Set loads HubSpot's raw value.
	Set(raw string)
	// Key handles a key, reporting false for keys the form should have (tab, enter…).
	Key(k tea.KeyMsg) bool
	// View draws the input in width columns, sanitized.
	View(width int, focused bool, s Styles) string
	// Editable is false for read-only and calculated properties.
	Editable() bool
}

// New builds the field for a property holding raw.
func New(p *api.Property, raw string, c Context) *Field {
	rule := value.For(p, c.Loc)
	f := &Field{Prop: p, rule: rule, Kind: kindFor(p, rule, c)}
	f.Reset(raw)
	return f
}

// Reset loads raw as HubSpot's value.
func (f *Field) Reset(raw string) {
	f.orig = raw
	f.Kind.Set(raw)
	f.base = f.Kind.Value()
	f.stored = f.storedNote(raw)
}

// Rebase takes raw as HubSpot's value but keeps what the user typed.
func (f *Field) Rebase(raw string) {
	typed := f.Kind.Value()
	f.orig = raw
	f.Kind.Set(raw)
	f.base = f.Kind.Value()
	f.stored = f.storedNote(raw)
	if typed != f.base {
		f.Kind.Set(typed)
	}
}

// storedNote is what the rule finds wrong with HubSpot's value raw, "" when nothing (or when
// the value is not the user's to edit).
func (f *Field) storedNote(raw string) string {
	if !f.Kind.Editable() || strings.TrimSpace(raw) == "" {
		return ""
	}
	if _, err := f.rule.Parse(raw); err != nil {
		return err.Error()
	}
	return f.rule.Warn(raw)
}

// Dirty reports a value that differs from HubSpot's.
func (f *Field) Dirty() bool { return f.Kind.Editable() && f.Kind.Value() != f.base }

// Problem is what to say under the field: the local check first, then HubSpot's error.
func (f *Field) Problem() string {
	if f.local != "" {
		return f.local
	}
	return f.server
}

// Key gives a key to the input; an edit clears HubSpot's word on the old value.
func (f *Field) Key(k tea.KeyMsg) bool {
	if !f.Kind.Key(k) {
		return false
	}
	if v := f.Kind.Value(); v != f.lastValue {
		f.server, f.warn, f.local, f.doubt = "", "", "", ""
	}
	return true
}

// Check runs the rule on a value the user changed (as they leave the field, and on save): a
// value that fails it stops the save (local), a doubtful one is only noted (doubt). A value
// the user did not change is HubSpot's: it is not checked, and is saved back untouched.
func (f *Field) Check() {
	f.local, f.doubt = "", ""
	if !f.Dirty() {
		return
	}
	v := f.Kind.Value()
	if _, err := f.rule.Parse(v); err != nil {
		f.local = err.Error()
		return
	}
	f.doubt = f.rule.Warn(v)
}

// Note is the field's warning, which never stops a save: a doubt about the changed value, or,
// while the field is untouched, what is wrong with HubSpot's value.
func (f *Field) Note() string {
	switch {
	case f.Dirty():
		return f.doubt
	case f.stored != "":
		return f.stored + "; left as it is unless you change it"
	}
	return ""
}

// Orig is HubSpot's raw value ("" for none).
func (f *Field) Orig() string { return f.orig }

// Invalid is why the changed value is not valid (found as the user left the field, or on save),
// "" when it is.
func (f *Field) Invalid() string { return f.local }

// Warning is what HubSpot did instead of taking the value at the last save, "" when it took it.
func (f *Field) Warning() string { return f.warn }

// ReadOnlyReason says why the field takes no keys ("calculated by HubSpot"), "" when it does.
func (f *Field) ReadOnlyReason() string {
	if r, ok := f.Kind.(*readKind); ok {
		return r.reason
	}
	return ""
}

// Simplified reports a changed rich-text body whose formatting saving loses (SimplifiedNote).
func (f *Field) Simplified() bool {
	b, ok := f.Kind.(*bodyKind)
	return ok && b.rich && f.Dirty()
}

// Refused records HubSpot's error for the value now in the field.
func (f *Field) Refused(msg string) { f.server, f.lastValue = msg, f.Kind.Value() }

// Ignored records that HubSpot kept another value than the one sent.
func (f *Field) Ignored(msg string) { f.warn, f.lastValue = msg, f.Kind.Value() }

// kindFor picks the input for a property by its type and field type; text is typed and read
// through the property's rule.
func kindFor(p *api.Property, rule value.Rule, c Context) Kind {
	show := func(raw string) string { return c.Show(p.Name, raw) }
	if p.Calculated {
		return &readKind{show: show, reason: "calculated by HubSpot"}
	}
	if p.ReadOnly {
		return &readKind{show: show, reason: "read-only: HubSpot sets it"}
	}
	if c.Choices != nil {
		if title, choices, ok := c.Choices(p); ok {
			return &chooseKind{prop: p, title: title, choices: choices}
		}
	}
	switch {
	case p.Type == "bool":
		return &checkKind{}
	case p.Type == "enumeration" && len(visibleOptions(p, "")) > 0:
		return newSelectKind(p)
	case p.FieldType == "html":
		return newBodyKind()
	case p.FieldType == "textarea":
		return &textKind{ed: NewEditor(true), rule: rule}
	}
	return &textKind{ed: NewEditor(false), rule: rule}
}

// visibleOptions are a property's options in display order, hidden ones left out unless the
// contact holds one (keep is its raw value).
func visibleOptions(p *api.Property, keep string) []api.Option {
	held := strings.Split(keep, ";")
	var out []api.Option
	for _, o := range p.Options {
		if !o.Hidden || slices.Contains(held, o.Value) {
			out = append(out, o)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].DisplayOrder < out[j].DisplayOrder })
	return out
}

// optionRank is an option's place in the property's order, -1 when it is not one.
func optionRank(p *api.Property, value string) int {
	opts := visibleOptions(p, value)
	for i, o := range opts {
		if o.Value == value {
			return i
		}
	}
	return -1
}

// BackwardStage reports a lifecycle stage moved to an earlier one, which HubSpot ignores.
func BackwardStage(p *api.Property, from, to string) bool {
	if p == nil || p.Name != "lifecyclestage" || from == "" || to == "" {
		return false
	}
	a, b := optionRank(p, from), optionRank(p, to)
	return a >= 0 && b >= 0 && b < a
}

// DirtyGlyph marks a changed field; ErrGlyph starts a field's error.
func DirtyGlyph(s Styles) string {
	if s.Mono {
		return "* "
	}
	return "● "
}

func ErrGlyph(s Styles) string {
	if s.Mono {
		return "x "
	}
	return "✗ "
}

// textKind is anything typed: text, multi-line text, number, email, phone, date, date and
// time. The property's rule reads what is typed (1,200 is sent as 1200, a local date and time
// as epoch milliseconds) and writes HubSpot's value back as text to edit.
type textKind struct {
	ed   Editor
	rule value.Rule
}

// Value is the typed value as HubSpot takes it, or the text itself while it is not valid.
func (k *textKind) Value() string {
	v, err := k.rule.Parse(k.ed.Value())
	if err != nil {
		return k.ed.Value()
	}
	return v
}

func (k *textKind) Set(raw string)        { k.ed.SetValue(k.rule.Text(raw)) }
func (k *textKind) Key(m tea.KeyMsg) bool { return k.ed.Key(m) }
func (k *textKind) Editable() bool        { return true }

// View draws the Editor; an empty focused date shows the pattern to type.
func (k *textKind) View(width int, focused bool, s Styles) string {
	if hint := k.rule.Hint(); focused && hint != "" && k.ed.Value() == "" {
		return k.ed.View(width, true, s) + s.Dim.Render(ansi.Truncate(" "+hint, max(0, width-2), ""))
	}
	return k.ed.View(width, focused, s)
}

// readKind shows a value HubSpot sets itself (read-only or calculated); it takes no keys.
type readKind struct {
	raw    string
	show   func(string) string // formats a raw value for display (sanitized)
	reason string
}

func (k *readKind) Value() string       { return k.raw }
func (k *readKind) Set(raw string)      { k.raw = raw }
func (k *readKind) Key(tea.KeyMsg) bool { return false }
func (k *readKind) Editable() bool      { return false }
func (k *readKind) View(width int, _ bool, s Styles) string {
	v := k.show(k.raw)
	if v == "" {
		v = "—"
	}
	note := "  (" + k.reason + ")"
	return s.Dim.Render(ansi.Truncate(v, max(1, width-ansi.StringWidth(note)), "…") + note)
}

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

func (k *selectKind) View(width int, focused bool, s Styles) string {
	if k.multi {
		return ansi.Truncate(k.multiView(focused, s), width, "…")
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
		hint = "  " + strconv.Itoa(k.at+1) + "/" + strconv.Itoa(len(k.opts)) + hint
	}
	return ansi.Truncate(s.Selected.Render("‹ "+label+" ›")+s.Dim.Render(hint), width, "…")
}

// multiView lists the ticked labels; focused, every option with its box and the cursor.
func (k *selectKind) multiView(focused bool, s Styles) string {
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
			label = s.Selected.Render(">" + box + label)
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

func (k *checkKind) View(width int, focused bool, st Styles) string {
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
		s = st.Selected.Render(s) + st.Dim.Render("  space toggles")
	}
	return ansi.Truncate(s, width, "…")
}

// bodyKind is a rich-text property (HubSpot keeps note, call, meeting and task bodies as HTML)
// edited as text: HubSpot's value shows as the text richtext.Text reads from it, and the text typed
// goes back as richtext.HTML's minimal HTML. A body whose formatting the text cannot keep (bold,
// links, lists…) says, once it is changed, that saving simplifies it.
type bodyKind struct {
	ed   Editor
	rich bool // HubSpot's value has formatting the text loses
}

// SimplifiedNote is what a changed rich body says under its field and in the review.
const SimplifiedNote = "this text had formatting (bold, links, lists…): saving it keeps the words and the lines, not the formatting"

func newBodyKind() *bodyKind { return &bodyKind{ed: NewEditor(true)} }

func (k *bodyKind) Value() string         { return richtext.HTML(k.ed.Value()) }
func (k *bodyKind) Key(m tea.KeyMsg) bool { return k.ed.Key(m) }
func (k *bodyKind) Editable() bool        { return true }

// Set loads HubSpot's HTML (or a value this kind gave) as text. Once the field has held a rich
// body, it says so for good (a value this kind gives is never rich).
func (k *bodyKind) Set(raw string) {
	k.ed.SetValue(richtext.Text(raw))
	k.rich = k.rich || richtext.Rich(raw)
}

func (k *bodyKind) View(width int, focused bool, s Styles) string {
	return k.ed.View(width, focused, s)
}

// chooseKind is a property whose value is chosen from a list in a picker (the owner: enter, or
// typing part of a name or an email, opens it); backspace clears.
type chooseKind struct {
	prop    *api.Property
	title   string
	choices []Choice
	raw     string
}

func (k *chooseKind) Value() string  { return k.raw }
func (k *chooseKind) Set(raw string) { k.raw = raw }
func (k *chooseKind) Editable() bool { return true }

func (k *chooseKind) Key(m tea.KeyMsg) bool {
	switch m.String() {
	case "backspace", "delete", "ctrl+u":
		k.raw = ""
		return true
	}
	return false
}

func (k *chooseKind) View(width int, focused bool, s Styles) string {
	label := "—"
	if k.raw != "" {
		label = sanitize.Display(value.For(k.prop, nil).Show(k.raw))
	}
	if !focused {
		return ansi.Truncate(label, width, "…")
	}
	return ansi.Truncate(s.Selected.Render(label)+s.Dim.Render("  type a name or email, or enter, to choose"), width, "…")
}

// Choices are the values one can choose.
func (k *chooseKind) Choices() (string, []Choice) { return k.title, k.choices }

func (k *chooseKind) Choose(id string) { k.raw = id }
