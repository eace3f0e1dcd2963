package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProfileIndexSettings(t *testing.T) {
	c, err := Parse("c.yaml", []byte("profiles:\n  work:\n    index: on\n    index_properties: [phone, city, phone]\n  home:\n    index: off\n  eu: {}\n"))
	require.NoError(t, err)
	assert.Equal(t, IndexOn, c.Profile("work").Index)
	assert.Equal(t, []string{"phone", "city"}, c.IndexProperties("work"))
	assert.Equal(t, IndexOff, c.Profile("home").Index)
	assert.Equal(t, "", c.Profile("eu").Index, "not said: an index made by `index sync` is used")
	assert.Nil(t, c.IndexProperties("eu"))

	for text, want := range map[string]string{
		"profiles:\n  w:\n    index: yes\n":                   `line 3: profiles.w.index must be on or off, not "yes"`,
		"profiles:\n  w:\n    index_properties: phone\n":      `profiles.w.index_properties must be a list of property names, like [phone, city]`,
		"profiles:\n  w:\n    index_properties: [Phone No]\n": `profiles.w.index_properties: "Phone No" is not a HubSpot property's internal name`,
	} {
		_, err := Parse("c.yaml", []byte(text))
		assert.ErrorContains(t, err, want, text)
	}
}

// config show (Render) shows a profile's index settings, and its output loads to the same ones.
func TestRenderShowsTheIndexSettings(t *testing.T) {
	c, err := Parse("c.yaml", []byte("profiles:\n  work:\n    index: on\n    index_properties: [phone, city]\n  home:\n    index: off\n  eu: {}\n"))
	require.NoError(t, err)
	out, err := c.Render()
	require.NoError(t, err)
	assert.Contains(t, string(out), "index_properties: [phone, city]")
	back, err := Parse("shown.yaml", out)
	require.NoError(t, err, "%s", out)
	for _, name := range []string{"work", "home", "eu"} {
		assert.Equal(t, c.Profile(name), back.Profile(name), name)
		assert.Equal(t, c.IndexProperties(name), back.IndexProperties(name), name)
	}
}
