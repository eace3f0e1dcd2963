package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/internal/richtext"
)

// bodyKind is a rich-text property (HubSpot keeps note, call, meeting and task bodies as HTML)
// edited as text: HubSpot's value shows as the text richtext.Text reads from it, and the text typed
// goes back as richtext.HTML's minimal HTML. A body whose formatting the text cannot keep (bold,
// links, lists…) says, once it is changed, that saving simplifies it.
type bodyKind struct {
	ed   editor
	rich bool // HubSpot's value has formatting the text loses
}

// simplifiedNote is what a changed rich body says under its field and in the review.
const simplifiedNote = "this text had formatting (bold, links, lists…): saving it keeps the words and the lines, not the formatting"

func newBodyKind() *bodyKind { return &bodyKind{ed: newEditor(true)} }

func (k *bodyKind) Value() string         { return richtext.HTML(k.ed.Value()) }
func (k *bodyKind) Key(m tea.KeyMsg) bool { return k.ed.Key(m) }
func (k *bodyKind) Editable() bool        { return true }

// Set loads HubSpot's HTML (or a value this kind gave) as text. Once the field has held a rich
// body, it says so for good (a value this kind gives is never rich).
func (k *bodyKind) Set(raw string) {
	k.ed.SetValue(richtext.Text(raw))
	k.rich = k.rich || richtext.Rich(raw)
}

func (k *bodyKind) View(width int, focused bool, t *Theme) string {
	return k.ed.View(width, focused, t)
}
