package filter

import (
	"strings"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

// Completion is one way to finish the last word of a filter.
type Completion struct {
	// Input is the whole input with the last word finished.
	Input string
	// Label is the choice as a list shows it ("lifecyclestage  Lifecycle Stage").
	Label string
}

// maxCompletions bounds a completion list.
const maxCompletions = 50

// Complete offers ways to finish the word the input ends with: a property's name (ending in :)
// while the word has no : yet, else one of the property's options (and none, any; me for the
// owner). Nothing when the input ends with a space or the word cannot be completed.
func Complete(input string, env Env) []Completion {
	start := lastWord(input)
	if start < 0 {
		return nil
	}
	t := split(token{start: start, end: len(input), text: input[start:]})
	head := input[:start]
	if t.op == "" {
		return completeName(head, input[start:], env)
	}
	return completeValue(head, t, env)
}

// lastWord is where the input's last word starts, -1 when the input ends with a space.
func lastWord(s string) int {
	quoted, start := false, 0
	for i, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case (r == ' ' || r == '\t') && !quoted:
			start = i + 1
		}
	}
	if start >= len(s) {
		return -1
	}
	return start
}

func completeName(head, word string, env Env) []Completion {
	neg := ""
	if strings.HasPrefix(word, "-") {
		neg, word = "-", word[1:]
	}
	k := squeeze(word)
	if k == "" {
		return nil
	}
	var out []Completion
	for _, p := range newPropIndex(env.Props).visible() {
		if !startsWith(p, k) {
			continue
		}
		out = append(out, Completion{Input: head + neg + p.Name + ":", Label: p.Name + "  " + p.Label})
		if len(out) == maxCompletions {
			break
		}
	}
	return out
}

func completeValue(head string, t token, env Env) []Completion {
	if t.op != ":" && t.op != "=" && t.op != "!=" {
		return nil
	}
	p, _ := newPropIndex(env.Props).find(t.key)
	if p == nil {
		return nil
	}
	done, typed := "", t.val // a list: complete the value after the last comma
	if i := strings.LastIndexByte(t.val, ','); i >= 0 {
		done, typed = t.val[:i+1], t.val[i+1:]
	}
	prefix := head + t.text[:len(t.text)-len(t.val)] + done
	low := strings.ToLower(unquote(typed))
	var out []Completion
	add := func(v, label string) {
		if len(out) == maxCompletions || !strings.HasPrefix(strings.ToLower(v), low) && !strings.HasPrefix(strings.ToLower(label), low) {
			return
		}
		label = strings.TrimSpace(v + "  " + label)
		if strings.ContainsAny(v, " ,") {
			v = `"` + v + `"`
		}
		out = append(out, Completion{Input: prefix + v, Label: label})
	}
	for _, o := range choices(p) {
		add(o.Value, o.Label)
	}
	if value.For(p, nil).Kind() == value.KindOwner {
		add("me", "you (the profile's me:)")
	}
	if t.op == ":" && done == "" {
		add("none", "no value")
		add("any", "some value")
	}
	return out
}

// choices are the options a value completes to (an enumeration's, yes and no).
func choices(p *api.Property) []api.Option {
	switch value.For(p, nil).Kind() {
	case value.KindChoice:
		out := make([]api.Option, 0, len(p.Options))
		for _, o := range p.Options {
			if !o.Hidden {
				out = append(out, o)
			}
		}
		return out
	case value.KindBoolean:
		return []api.Option{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}}
	}
	return nil
}
