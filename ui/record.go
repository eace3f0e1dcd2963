package ui

import (
	"context"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// recordPane is a company, deal or ticket, read only: its main properties with HubSpot's
// labels (a deal's stage and pipeline by their labels in the pipeline they belong to), opened
// with enter from a contact's associations. enter lists the contacts associated with it (a
// contact list, paged and sorted like the main one), o opens it in HubSpot's web app, y copies
// its id or link.
type recordPane struct {
	paneBase
	typ, id string
	name    string // sanitized, for the header until loaded
	data    *recordData
	loading call
	loadErr string
	offset  int
	text    []string // lines() as last laid out: on a load and a resize, not every frame
}

// recordData is a loaded record and what its view needs to label it.
type recordData struct {
	obj       *api.Object
	defs      *defs
	pipelines []api.Pipeline
}

// recordFields are the properties the view shows, in order, per type (the name is the heading).
func recordFields(typ string) []string {
	switch typ {
	case api.ObjectDeals:
		return []string{"dealstage", "amount", "closedate", "pipeline", "hubspot_owner_id", "dealtype", "hs_priority",
			"num_associated_contacts", "createdate", "hs_lastmodifieddate", "description"}
	case api.ObjectTickets:
		return []string{"hs_pipeline_stage", "hs_ticket_priority", "hs_pipeline", "hs_ticket_category", "source_type",
			"hubspot_owner_id", "createdate", "hs_lastmodifieddate", "content"}
	}
	return []string{"domain", "industry", "type", "lifecyclestage", "city", "state", "country", "phone",
		"numberofemployees", "annualrevenue", "hubspot_owner_id", "num_associated_contacts", "createdate",
		"hs_lastmodifieddate", "description"}
}

// stagePipeline names a type's stage (stageProp) and pipeline properties ("" for companies).
func stagePipeline(typ string) (stage, pipeline string) {
	switch typ {
	case api.ObjectDeals:
		pipeline = "pipeline"
	case api.ObjectTickets:
		pipeline = "hs_pipeline"
	}
	return stageProp(typ), pipeline
}

func newRecordPane(e *env, typ, id, name string) *recordPane {
	return &recordPane{paneBase: newPaneBase(e), typ: typ, id: id, name: name}
}

func (r *recordPane) Init() tea.Cmd { return r.load() }

func (r *recordPane) Title() string {
	if r.name == "" {
		return capitalize(kindName(r.typ)) + " " + sanitize.Display(r.id)
	}
	return r.name
}

func (r *recordPane) load() tea.Cmd {
	e, typ, id := r.env, r.typ, r.id
	return request(&r.paneBase, &r.loading, "Loading the "+kindName(typ), func(ctx context.Context) (*recordData, error) {
		return fetchRecord(ctx, e, typ, id)
	}, shown(&r.loadErr, r.show))
}

// fetchRecord reads the type's definitions, its pipelines (deals, tickets) and the record. A
// record that does not exist gives nil, nil.
func fetchRecord(ctx context.Context, e *env, typ, id string) (*recordData, error) {
	df, err := loadTypeDefs(ctx, e, typ)
	if err != nil {
		return nil, err
	}
	data := &recordData{defs: df}
	if stage, _ := stagePipeline(typ); stage != "" {
		if data.pipelines, err = e.hub.Pipelines(ctx, typ); err != nil {
			return nil, err
		}
	}
	data.obj, err = e.hub.GetObject(ctx, typ, id, append([]string{nameProp(typ)}, recordFields(typ)...))
	if api.IsNotFound(err) {
		return nil, nil
	}
	return data, err
}

func (r *recordPane) show(data *recordData) {
	if data == nil {
		r.loadErr = "HubSpot has no " + kindName(r.typ) + " " + sanitize.Display(r.id) + " (deleted or merged?)"
		return
	}
	r.data = data
	if n := sanitize.Display(strings.TrimSpace(data.obj.Properties[nameProp(r.typ)])); n != "" {
		r.name = ansi.Truncate(n, maxNameWidth, "…")
	}
	r.text = r.lines()
}

func (r *recordPane) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(reloadMsg); ok {
		return r, r.load()
	}
	return r, nil
}

func (r *recordPane) keys() []binding {
	km := r.env.keys
	loaded := func() bool { return r.data != nil }
	by := func(n int) { r.offset = max(0, min(r.offset+n, len(r.text)-r.height)) }
	page := func() int { return max(1, r.height/2) }
	end := func() int { return len(r.text) }
	return append(quiet(scrolls(km, by, page, end)),
		binding{key: km.Open, help: "its contacts", run: r.contacts, on: loaded, group: capitalize(kindName(r.typ))},
		binding{key: km.Browser, run: func() tea.Cmd { return r.env.openObject(r.typ, r.id) }},
		binding{key: km.Copy, run: r.copy},
		binding{key: km.Refresh, run: r.load},
	)
}

// quiet keeps bindings out of the footer (the full help lists them): scrolling, where the
// pane's own keys say more.
func quiet(bs []binding) []binding {
	for i := range bs {
		bs[i].more = true
	}
	return bs
}

// contacts lists the contacts associated with the record.
func (r *recordPane) contacts() tea.Cmd {
	r.push(newScopedList(r.env, listScope{typ: r.typ, id: r.id, name: r.name}))
	return nil
}

func (r *recordPane) copy() tea.Cmd {
	e, what := r.env, kindName(r.typ)
	cp := func(label, text string) func() tea.Cmd { return func() tea.Cmd { return e.copyText(label, text) } }
	r.ask(question{title: "Copy", text: "Copy what of this " + what + "?", answers: []answer{
		{choice: "i", does: "id", run: cp(what+" id", r.id)},
		{choice: "u", does: "HubSpot link", run: cp("link", e.objectURL(r.typ, r.id))},
	}})
	return nil
}

// recordLabel is the width of the label column.
const recordLabel = 22

// lines lays the record out: the heading, what it is, then one line per property with a value
// (a description wrapped under its label, a few lines at most).
func (r *recordPane) lines() []string {
	t := r.env.theme
	if r.data == nil {
		return nil
	}
	o, df := r.data.obj, r.data.defs
	what := capitalize(kindName(r.typ)) + " · id " + sanitize.Display(o.ID)
	out := []string{t.Header.Render(r.Title()), t.Dim.Render(what), ""}
	width := max(10, r.width-recordLabel-3)
	for _, name := range recordFields(r.typ) {
		raw := o.Properties[name]
		if raw == "" {
			continue
		}
		label := pad(ansi.Truncate(df.label(name), recordLabel-1, "…"), recordLabel)
		values := strings.Split(ansi.Wrap(r.value(name, raw), width, " "), "\n")
		if len(values) > maxValueLines {
			values = append(values[:maxValueLines-1], "…")
		}
		out = append(out, " "+t.Label.Render(label)+values[0])
		for _, v := range values[1:] {
			out = append(out, " "+spaces(recordLabel)+v)
		}
	}
	if len(out) == 3 {
		out = append(out, t.Dim.Render(" No properties with a value."))
	}
	return out
}

// value formats one property: stages and pipelines by their pipeline labels, the rest (owners
// by name among them) by its definition.
func (r *recordPane) value(name, raw string) string {
	stage, pipeline := stagePipeline(r.typ)
	switch name {
	case stage, pipeline:
		p, s := api.StageLabels(r.data.pipelines, r.data.obj.Properties[pipeline], r.data.obj.Properties[stage])
		label := map[string]string{stage: s, pipeline: p}[name]
		if label == "" {
			return r.data.defs.value(name, raw)
		}
		return sanitize.Display(label)
	}
	return r.data.defs.block(name, raw)
}

func (r *recordPane) SetSize(w, h int) {
	r.paneBase.SetSize(w, h)
	r.text = r.lines() // the values wrap in the width
}

func (r *recordPane) View() string {
	if r.data == nil {
		return loadingText(r.env, r.width, "the "+kindName(r.typ), r.loadErr)
	}
	r.offset = max(0, min(r.offset, len(r.text)-r.height))
	return strings.Join(r.text[r.offset:], "\n")
}

// Info says what enter does here.
func (r *recordPane) Info() string {
	if r.data == nil {
		return ""
	}
	n, err := strconv.Atoi(r.data.obj.Properties["num_associated_contacts"])
	if err != nil {
		return keyName(r.env.keys.Open) + " lists its contacts"
	}
	return plural(n, "contact") + " · " + keyName(r.env.keys.Open) + " lists them"
}
