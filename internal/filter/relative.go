package filter

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Relative dates, so that a saved view keeps meaning "lately": today, yesterday, and a number of
// days, weeks or hours ago written as -7d, -2w, -12h (a day and a week name a whole day in the
// user's time zone, as 2026-11-01 does; an hour names a moment):
//
//	modified>=-7d        changed in the last seven days (from the start of that day)
//	created:today        created today
//	created:-2w..today   a range
var relativeRE = regexp.MustCompile(`^-([0-9]{1,4})([dwh])$`)

// relative reads s as a relative date against now in loc; ok is false when s is not one.
func relative(s string, now time.Time, loc *time.Location) (span, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	now = now.In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	day := func(back int) span {
		from := today.AddDate(0, 0, -back)
		return span{from: from, to: from.AddDate(0, 0, 1), day: true}
	}
	switch s {
	case "today":
		return day(0), true
	case "yesterday":
		return day(1), true
	}
	m := relativeRE.FindStringSubmatch(s)
	if m == nil {
		return span{}, false
	}
	n, _ := strconv.Atoi(m[1])
	switch m[2] {
	case "h":
		return span{from: now.Add(-time.Duration(n) * time.Hour)}, true
	case "w":
		return day(7 * n), true
	}
	return day(n), true
}

// now is the time relative dates count from.
func (env Env) now() time.Time {
	if env.Now != nil {
		return env.Now()
	}
	return time.Now()
}
