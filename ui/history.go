package ui

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
	"github.com/hubcontacts/hubcontacts/ui/table"
)

// historyPane is one property's history on one contact: every value it had, when, and what set
// it, newest first.
type historyPane struct {
	paneBase
	contactID string
	contact   string // the contact's name, for the title
	prop      string
	defs      *defs
	table     *plainTable
	values    []string // each row's value as HubSpot has it (sanitized), for y
	loading   call
	loaded    bool
}

// historyData is a loaded history: the rows and the values y copies.
type historyData struct {
	rows   []plainRow
	values []string
}

func newHistoryPane(e *env, contactID, contact, prop string, df *defs) *historyPane {
	cols := []table.Column{
		{Key: "when", Title: "When", Min: 16, Weight: 0},
		{Key: "value", Title: "Value", Min: 20, Weight: 1},
		{Key: "source", Title: "Source", Min: 12},
	}
	return &historyPane{paneBase: newPaneBase(e), contactID: contactID, contact: contact, prop: prop, defs: df,
		table: newTable[none](e.theme, cols)}
}

func (h *historyPane) Init() tea.Cmd { return h.load() }

func (h *historyPane) Title() string { return h.defs.label(h.prop) + " history" }

func (h *historyPane) load() tea.Cmd {
	e, id, prop, df := h.env, h.contactID, h.prop, h.defs
	return request(&h.paneBase, &h.loading, "Loading history", func(ctx context.Context) (historyData, error) {
		o, err := e.hub.GetContact(ctx, id, api.GetOptions{Properties: []string{prop}, History: []string{prop}})
		if err != nil {
			return historyData{}, err
		}
		return historyRows(o.History[prop], prop, df, e), nil
	}, h.show)
}

func (h *historyPane) show(data historyData, err error) tea.Cmd {
	if err == nil {
		h.table.SetRows(data.rows, nil, nil)
		h.values, h.loaded = data.values, true
	}
	return nil
}

// historyRows formats the entries (newest first, as the API layer gives them).
func historyRows(entries []api.HistoryEntry, prop string, df *defs, e *env) historyData {
	h := historyData{rows: make([]plainRow, len(entries)), values: make([]string, len(entries))}
	for i, en := range entries {
		value := df.value(prop, en.Value)
		if value == "" {
			value = "(cleared)"
		}
		h.rows[i] = newPlainRow(itoa(i), []string{localTime(en.Timestamp, e.loc), value, source(en)})
		h.values[i] = en.Value
	}
	return h
}

// source says what set a value: HubSpot's source type in words, and its label or id.
func source(en api.HistoryEntry) string {
	words := strings.ToLower(strings.ReplaceAll(sanitize.Display(en.SourceType), "_", " "))
	switch words {
	case "crm ui":
		words = "HubSpot UI"
	case "api":
		words = "API"
	default:
		words = capitalize(words)
	}
	if who := sanitize.Display(firstNonEmpty(en.SourceLabel, en.SourceID)); who != "" {
		words += " · " + who
	}
	return words
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func (h *historyPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(tea.MouseMsg); ok {
		mouseTable(h.table, m)
	}
	return h, nil
}

func (h *historyPane) keys() []binding {
	km := h.env.keys
	some := func() bool { return h.table.Len() > 0 }
	return append(moves(km, h.table, nil),
		binding{key: km.Open, help: "whole value", run: h.value, on: some, group: "Value"},
		binding{key: km.Copy, help: "copy the value", run: h.copy, on: some},
		binding{key: km.Refresh, run: h.load},
	)
}

func (h *historyPane) copy() tea.Cmd { return h.env.copyText("value", h.values[h.table.Cursor()]) }

// value opens the selected value in full.
func (h *historyPane) value() tea.Cmd {
	raw := h.values[h.table.Cursor()]
	title := h.defs.label(h.prop) + " of " + h.contact + " on " + h.table.At(h.table.Cursor()).Cells[0]
	h.push(newValuePane(h.env, title, raw, h.defs.format(h.prop, raw)))
	return nil
}

func (h *historyPane) SetSize(w, ht int) {
	h.paneBase.SetSize(w, ht)
	h.table.SetSize(w, ht-2)
}

func (h *historyPane) View() string {
	t := h.env.theme
	head := t.Header.Render(h.defs.label(h.prop)) + t.Dim.Render(" ("+sanitize.Display(h.prop)+") of "+h.contact)
	switch {
	case !h.loaded:
		return head + "\n\n" + t.Dim.Render("  Loading history…")
	case h.table.Len() == 0:
		return head + "\n\n" + t.Dim.Render("  HubSpot has no history for this property.")
	}
	return head + "\n\n" + h.table.View()
}

func (h *historyPane) Info() string {
	if !h.loaded {
		return ""
	}
	if h.table.Len() == 1 {
		return "1 value"
	}
	return thousands(h.table.Len()) + " values"
}
