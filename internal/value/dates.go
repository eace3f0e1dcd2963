package value

import (
	"strconv"
	"time"
)

const (
	dateLayout     = "2006-01-02"
	dateTimeLayout = "2006-01-02 15:04"
)

// zoned are the layouts of an instant that names its zone (ISO 8601, as HubSpot writes them).
var zoned = []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00"}

// local are the layouts of a date and time written without a zone: the user's clock.
var local = []string{dateTimeLayout, "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05", dateLayout}

// HubSpot's own notation, the one its answers use: a date as its day, a date and time as ISO
// 8601 in UTC to the millisecond. Its API takes both (as it takes epoch milliseconds), and a
// person can read them in a preview or a failures file.
const (
	hubSpotDate     = dateLayout
	hubSpotDateTime = "2006-01-02T15:04:05.000Z"
)

func dayOut(t time.Time) string     { return t.UTC().Format(hubSpotDate) }
func instantOut(t time.Time) string { return t.UTC().Format(hubSpotDateTime) }

// instant reads HubSpot's own forms of a moment: epoch milliseconds or ISO 8601 with a zone.
func instant(s string) (time.Time, bool) {
	if digits.MatchString(s) {
		ms, err := strconv.ParseInt(s, 10, 64)
		return time.UnixMilli(ms).UTC(), err == nil
	}
	for _, layout := range zoned {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// parseDate takes a day as YYYY-MM-DD (or as HubSpot's API takes one: midnight UTC, in epoch
// milliseconds or ISO 8601) and returns it as HubSpot writes a date, YYYY-MM-DD. A date is a
// day: no time zone moves it.
func parseDate(s string) (string, error) {
	if t, err := time.Parse(dateLayout, s); err == nil {
		return dayOut(t), nil
	}
	t, ok := instant(s)
	if !ok {
		return "", errorf("%s is not a date: write YYYY-MM-DD, like 2026-03-14", quote(s))
	}
	if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 {
		return "", errorf("%s is at %s UTC, and HubSpot keeps a date as a day at midnight UTC: write the day as YYYY-MM-DD", quote(s), t.Format("15:04:05.000"))
	}
	return dayOut(t), nil
}

// parseDateTime takes a date and time in loc (YYYY-MM-DD HH:MM, seconds and a T allowed; a
// bare date is midnight there), or an instant that says its zone (ISO 8601, epoch
// milliseconds), and returns it as HubSpot writes one, ISO 8601 in UTC.
func parseDateTime(s string, loc *time.Location) (string, error) {
	if t, ok := instant(s); ok {
		return instantOut(t), nil
	}
	for _, layout := range local {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return instantOut(t), nil
		}
	}
	return "", errorf("%s is not a date and time: write YYYY-MM-DD HH:MM in your time zone (%s), like 2026-03-14 09:30", quote(s), zoneName(loc))
}

// DueDefault is a new task's due date when none is given: the next day at 09:00 in loc (the
// TUI's task form and `task add` agree).
func DueDefault(now time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.Local
	}
	now = now.In(loc)
	return time.Date(now.Year(), now.Month(), now.Day()+1, 9, 0, 0, 0, loc)
}
