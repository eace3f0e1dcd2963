package value

import (
	"regexp"
	"strings"
)

var (
	// plainNumber is a number as HubSpot stores it: digits, a leading minus, a decimal point.
	plainNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	// groupedNumber groups thousands with commas or with spaces, one kind per number:
	// 1,200 and 1 200.50, never 1,20 or 12,00,000.
	groupedNumber = regexp.MustCompile(`^-?[0-9]{1,3}((,[0-9]{3})+|( [0-9]{3})+)(\.[0-9]+)?$`)
	digits        = regexp.MustCompile(`^[0-9]+$`)
)

// parseNumber takes a number with or without thousands separators and returns it as HubSpot
// stores it (1,200.50 → 1200.50). A comma that cannot be a thousands separator (1,5) is
// refused rather than guessed at: 1,5 is one and a half in much of the world.
func parseNumber(s string) (string, error) {
	spaced := strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s) // spreadsheets group with no-break spaces
	switch {
	case plainNumber.MatchString(spaced):
		return spaced, nil
	case groupedNumber.MatchString(spaced):
		return strings.NewReplacer(",", "", " ", "").Replace(spaced), nil
	case strings.ContainsAny(spaced, "$€£¥%"):
		if n, err := parseNumber(strings.Trim(spaced, "$€£¥% ")); err == nil {
			return "", errorf("%s is not a number: leave out the currency or percent sign and write %s", quote(s), n)
		}
	case strings.Contains(spaced, ","):
		return "", errorf("%s is not a number: a comma only groups thousands (1,200); write decimals with a point, like 1.5", quote(s))
	}
	return "", errorf("%s is not a number: write digits, with - for a negative and a point for decimals, like 1200, 1,200 or -12.5", quote(s))
}

// parseOwner takes an owner id: HubSpot's owner ids are whole numbers.
func parseOwner(s string) (string, error) {
	if !digits.MatchString(s) {
		return "", errorf("%s is not an owner id: write the owner's id, a whole number like 12345", quote(s))
	}
	return s, nil
}
