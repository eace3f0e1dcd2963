package ui

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
)

// textKind is text, multi-line text, number, email and phone: an editor, a check, and for
// numbers a normalisation ("12,345" is sent as 12345).
type textKind struct {
	ed    editor
	check func(string) string
	norm  func(string) string
}

func (k *textKind) Value() string {
	v := k.ed.Value()
	if k.norm != nil {
		return k.norm(v)
	}
	return v
}

func (k *textKind) Set(raw string)        { k.ed.SetValue(raw) }
func (k *textKind) Key(m tea.KeyMsg) bool { return k.ed.Key(m) }
func (k *textKind) Editable() bool        { return true }

func (k *textKind) View(width int, focused bool, t *Theme) string {
	return k.ed.View(width, focused, t)
}

func (k *textKind) Check() string {
	if k.check == nil || strings.TrimSpace(k.ed.Value()) == "" {
		return ""
	}
	return k.check(strings.TrimSpace(k.ed.Value()))
}

var (
	numberText = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	// emailText is the same pragmatic check HubSpot's own forms make: a local part, @, and a
	// dotted domain ending in a 2+ letter top-level domain.
	emailText = regexp.MustCompile(`^[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$`)
	phoneText = regexp.MustCompile(`^\+?[0-9 ().\-/]*[0-9][0-9 ().\-/]*((x|ext\.?|#)\s*[0-9]+)?$`)
)

func checkNumber(v string) string {
	if numberText.MatchString(plainNumber(v)) {
		return ""
	}
	return "Enter a number, like 1200 or 12.5"
}

// plainNumber drops thousands separators and spaces: "12,345.5" → "12345.5".
func plainNumber(v string) string {
	return strings.NewReplacer(",", "", " ", "", "\u00a0", "").Replace(strings.TrimSpace(v))
}

// normNumber sends a valid number without separators, anything else as typed.
func normNumber(v string) string {
	if p := plainNumber(v); numberText.MatchString(p) {
		return p
	}
	return v
}

func checkEmail(v string) string {
	if len(v) <= 254 && emailText.MatchString(v) && !strings.Contains(v, "..") {
		return ""
	}
	return "Enter an email address like name@example.com"
}

func checkPhone(v string) string {
	if phoneText.MatchString(strings.ToLower(v)) {
		return ""
	}
	return "Enter a phone number: digits, spaces and + ( ) - . (an extension as x12)"
}

// dateKind is a date or a date-time, typed and shown in local time, sent as HubSpot expects:
// a date as midnight UTC in epoch milliseconds, a date-time as epoch milliseconds.
type dateKind struct {
	ed       editor
	withTime bool
	loc      *time.Location
}

const (
	dateLayout     = "2006-01-02"
	dateTimeLayout = "2006-01-02 15:04"
)

func (k *dateKind) Set(raw string) {
	t := api.ParseTime(raw)
	switch {
	case raw == "" || t.IsZero():
		k.ed.SetValue(raw)
	case k.withTime:
		k.ed.SetValue(t.In(k.loc).Format(dateTimeLayout))
	default:
		k.ed.SetValue(t.UTC().Format(dateLayout)) // a date is a day, not moved by time zones
	}
}

// parse reads the text: a date, or (for a date-time) a local date and time.
func (k *dateKind) parse() (time.Time, bool) {
	v := strings.TrimSpace(k.ed.Value())
	if !k.withTime {
		t, err := time.Parse(dateLayout, v)
		return t, err == nil
	}
	for _, layout := range []string{dateTimeLayout, "2006-01-02 15:04:05", "2006-01-02T15:04", dateLayout} {
		if t, err := time.ParseInLocation(layout, v, k.loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (k *dateKind) Value() string {
	if strings.TrimSpace(k.ed.Value()) == "" {
		return ""
	}
	t, ok := k.parse()
	if !ok {
		return k.ed.Value()
	}
	return strconv.FormatInt(t.UnixMilli(), 10)
}

func (k *dateKind) Check() string {
	if strings.TrimSpace(k.ed.Value()) == "" {
		return ""
	}
	if _, ok := k.parse(); ok {
		return ""
	}
	if k.withTime {
		return "Enter a date and time as YYYY-MM-DD HH:MM, in your time zone (" + k.loc.String() + ")"
	}
	return "Enter a date as YYYY-MM-DD, like 2026-03-14"
}

func (k *dateKind) Key(m tea.KeyMsg) bool { return k.ed.Key(m) }
func (k *dateKind) Editable() bool        { return true }

func (k *dateKind) View(width int, focused bool, t *Theme) string {
	if focused && k.ed.Value() == "" {
		hint := "YYYY-MM-DD"
		if k.withTime {
			hint = "YYYY-MM-DD HH:MM (" + k.loc.String() + ")"
		}
		return k.ed.View(width, true, t) + t.Dim.Render(ansi.Truncate(" "+hint, max(0, width-2), ""))
	}
	return k.ed.View(width, focused, t)
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
func (k *readKind) Check() string       { return "" }
func (k *readKind) Editable() bool      { return false }
func (k *readKind) View(width int, _ bool, t *Theme) string {
	v := k.show(k.raw)
	if v == "" {
		v = "—"
	}
	note := "  (" + k.reason + ")"
	return t.Dim.Render(ansi.Truncate(v, max(1, width-ansi.StringWidth(note)), "…") + note)
}
