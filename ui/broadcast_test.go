package ui

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

type pingAll struct{ n int }

func (pingAll) broadcast() {}

func TestAppBroadcastReachesEveryPaneOnTheStack(t *testing.T) {
	e := testEnv()
	list, detail, form := newFake(e, "Contacts"), newFake(e, "Ada"), newFake(e, "Edit")
	m := sized(newApp(e, list, "", nil))
	m.push(detail)
	m.push(form)
	m.Update(pingAll{7})
	for _, p := range []*fakePane{list, detail, form} {
		assert.Contains(t, p.msgs, pingAll{7}, p.title)
	}
}
