package config

import (
	"sort"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// Render returns the configuration in force, defaults included, as a valid configuration file
// (what `hubcontacts config show` prints). Loading it gives the same configuration.
func (c *Config) Render() ([]byte, error) {
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	add := func(key string, v *yaml.Node) {
		m.Content = append(m.Content, str(key), v)
	}
	add("default_profile", str(c.DefaultProfile))
	add("read_only", scalar("!!bool", strconv.FormatBool(c.ReadOnly)))
	add("page_size", scalar("!!int", strconv.Itoa(c.PageSize)))
	add("theme", str(c.Theme))
	add("columns", flowList(c.Columns))
	add("keys", c.keysNode())
	add("profiles", c.profilesNode())
	return render(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{m}})
}

func (c *Config) keysNode() *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	actions := make([]string, 0, len(c.Keys))
	for a := range c.Keys {
		actions = append(actions, a)
	}
	sort.Strings(actions)
	for _, a := range actions {
		n.Content = append(n.Content, str(a), flowList(c.Keys[a]))
	}
	if len(n.Content) == 0 {
		n.Style = yaml.FlowStyle
	}
	return n
}

func (c *Config) profilesNode() *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, name := range c.ProfileNames() {
		p := c.Profile(name)
		pn := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		pn.Content = append(pn.Content, str("base_url"), str(p.BaseURL))
		if p.PortalID != 0 {
			pn.Content = append(pn.Content, str("portal_id"), scalar("!!int", strconv.FormatInt(p.PortalID, 10)))
		}
		pn.Content = append(pn.Content, str("read_only"), scalar("!!bool", strconv.FormatBool(p.ReadOnly)))
		pn.Content = append(pn.Content, str("api_version"), str(APIVersionName(p.APIVersion)))
		if p.Me != "" {
			pn.Content = append(pn.Content, str("me"), str(p.Me))
		}
		if p.Index != "" {
			pn.Content = append(pn.Content, str("index"), str(p.Index))
		}
		if props := c.indexProps[name]; len(props) > 0 {
			pn.Content = append(pn.Content, str("index_properties"), flowList(props))
		}
		if vs := c.views[name]; len(vs) > 0 {
			pn.Content = append(pn.Content, str("views"), viewsNode(vs))
		}
		n.Content = append(n.Content, str(name), pn)
	}
	return n
}

func viewsNode(vs []View) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for _, v := range vs {
		body := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		if v.Filter != "" {
			body.Content = append(body.Content, str("filter"), str(v.Filter))
		}
		if len(v.Columns) > 0 {
			body.Content = append(body.Content, str("columns"), flowList(v.Columns))
		}
		if v.Sort != "" {
			body.Content = append(body.Content, str("sort"), str(v.Sort))
		}
		n.Content = append(n.Content, str(v.Name), body)
	}
	return n
}

func str(s string) *yaml.Node { return scalar("!!str", s) }

func scalar(tag, v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v} }

func flowList(items []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	for _, s := range items {
		n.Content = append(n.Content, str(s))
	}
	return n
}
