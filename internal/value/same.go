package value

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hubcontacts/hubcontacts/api"
)

// Same reports whether got, the value HubSpot returned, is the value sent, allowing for how
// HubSpot stores values: emails lower-cased, numbers and times in another notation, the
// options of a multiple choice in another order.
func Same(p *api.Property, sent, got string) bool {
	sent, got = strings.TrimSpace(sent), strings.TrimSpace(got)
	if sent == got {
		return true
	}
	if sent == "" || got == "" {
		return false
	}
	switch p.Type {
	case "number":
		a, errA := strconv.ParseFloat(sent, 64)
		b, errB := strconv.ParseFloat(got, 64)
		return errA == nil && errB == nil && a == b
	case "date":
		return api.ParseTime(sent).UTC().Format(time.DateOnly) == api.ParseTime(got).UTC().Format(time.DateOnly)
	case "datetime":
		return api.ParseTime(sent).Equal(api.ParseTime(got))
	case "enumeration":
		return sameSet(sent, got)
	}
	return strings.EqualFold(sent, got) && (kindOf(p) == email || kindOf(p) == emailList || p.Type == "bool")
}

func sameSet(a, b string) bool {
	x, y := strings.Split(a, ";"), strings.Split(b, ";")
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}
