package value_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

func prop(name, typ, fieldType string, opts ...string) *api.Property {
	p := &api.Property{Name: name, Label: name, Type: typ, FieldType: fieldType}
	for i := 0; i+1 < len(opts); i += 2 {
		p.Options = append(p.Options, api.Option{Value: opts[i], Label: opts[i+1], DisplayOrder: i / 2})
	}
	return p
}

var (
	numberProp = prop("annualrevenue", "number", "number")
	ownerProp  = prop("hubspot_owner_id", "enumeration", "select")
	emailProp  = prop("email", "string", "text")
	listProp   = prop("hs_additional_emails", "enumeration", "checkbox")
	phoneProp  = prop("phone", "string", "phonenumber")
	dateProp   = prop("date_of_birth", "date", "date")
	whenProp   = prop("notes_next", "datetime", "date")
	textProp   = prop("jobtitle", "string", "text")
	stageProp  = &api.Property{Name: "lifecyclestage", Label: "Lifecycle Stage", Type: "enumeration", FieldType: "radio",
		Options: []api.Option{{Value: "subscriber", Label: "Subscriber"}, {Value: "lead", Label: "Lead"},
			{Value: "marketingqualifiedlead", Label: "Marketing Qualified Lead"}, {Value: "customer", Label: "Customer"}}}
	hobbiesProp = prop("hobbies", "enumeration", "checkbox", "hiking", "Hiking", "music", "Music", "chess", "Chess")
	vipProp     = prop("vip", "bool", "booleancheckbox", "true", "Yes", "false", "No")
)

// parsed is a row of a rule's table: what is written, and what HubSpot is sent or what the
// message says (every refusal says what to write: "write …").
type parsed struct {
	in, want, err string
}

func checkTable(t *testing.T, r value.Rule, rows []parsed) {
	t.Helper()
	for _, c := range rows {
		got, err := r.Parse(c.in)
		if c.err == "" {
			if assert.NoError(t, err, "%q", c.in) {
				assert.Equal(t, c.want, got, "%q", c.in)
			}
			continue
		}
		if assert.Error(t, err, "%q is refused", c.in) {
			assert.Contains(t, err.Error(), c.err, "%q", c.in)
			assert.Contains(t, err.Error(), "write", "%q: the message says what to write", c.in)
			var ve *value.Error
			assert.ErrorAs(t, err, &ve)
		}
		assert.Empty(t, got)
	}
}

func TestNumberTakesThousandsSeparatorsAndSendsPlainDigits(t *testing.T) {
	checkTable(t, value.For(numberProp, nil), []parsed{
		{"1200", "1200", ""},
		{" 1200 ", "1200", ""},
		{"-12.5", "-12.5", ""},
		{"12.50", "12.50", ""},
		{"1,200", "1200", ""},
		{"1,250,000", "1250000", ""},
		{"1,200.50", "1200.50", ""},
		{"-1,200", "-1200", ""},
		{"1 200", "1200", ""},
		{"1\u00a0200,5", "", "a comma only groups thousands"},
		{"1\u202f200", "1200", ""},
		{"", "", ""},
		{"   ", "", ""},
		{"1,5", "", "write decimals with a point, like 1.5"},
		{"12,00", "", "a comma only groups thousands"},
		{"1.200,50", "", "a comma only groups thousands"},
		{"1,20,000", "", "a comma only groups thousands"},
		{"1, 200", "", "a comma only groups thousands"},
		{"1,200 300", "", "a comma only groups thousands"},
		{"$1,200", "", "leave out the currency or percent sign and write 1200"},
		{"15%", "", "leave out the currency or percent sign and write 15"},
		{"lots", "", `"lots" is not a number: write digits`},
		{"12a", "", "is not a number"},
		{"1.2.3", "", "is not a number"},
		{"e5", "", "is not a number"},
		{"1e5", "", "is not a number"},
		{"+5", "", "is not a number"},
		{".5", "", "is not a number"},
		{"1200.", "", "is not a number"},
		{"12 00", "", "is not a number"},
	})
}

func TestOwnerIDIsAWholeNumber(t *testing.T) {
	checkTable(t, value.For(ownerProp, nil), []parsed{
		{"12345", "12345", ""},
		{"1,234", "", "is not an owner id: write the owner's id, a whole number"},
		{"Ada", "", "is not an owner id"},
		{"-3", "", "is not an owner id"},
	})
}

func TestEmailIsHubSpotsCheckAndSaysWhatIsWrong(t *testing.T) {
	long := make([]byte, 250)
	for i := range long {
		long[i] = 'a'
	}
	checkTable(t, value.For(emailProp, nil), []parsed{
		{"ada@example.com", "ada@example.com", ""},
		{" Ada@Example.COM ", "ada@example.com", ""},
		{"a.b+c@sub.example.co.uk", "a.b+c@sub.example.co.uk", ""},
		{"o'brien@example.ie", "o'brien@example.ie", ""},
		{"x@a-b.example", "x@a-b.example", ""},
		{"a@b.co", "a@b.co", ""},
		{"ada.example.com", "", `"ada.example.com" is not a valid email address: it has no @; write it like name@example.com`},
		{"ada@@example.com", "", "it has more than one @"},
		{"@example.com", "", "nothing comes before the @"},
		{"a da@example.com", "", "it holds a space"},
		{"ada@exa\u200bmple.com", "", "an invisible character"},
		{"ada;bob@example.com", "", "one of , ;"},
		{"adä@example.com", "", "an accent"},
		{"ada@例え.jp", "", "a non-Latin letter"},
		{"a..b@example.com", "", "two dots in a row"},
		{"ada@nowhere", "", "the part after the @ is not a domain like example.com"},
		{"ada@example.c", "", "not a domain"},
		{"ada@-example.com", "", "not a domain"},
		{"ada@example.123", "", "not a domain"},
		{"a@b.c0m", "", "not a domain"},
		{"a@.b.co", "", "not a domain"},
		{"a@b..co", "", "two dots in a row"},
		{"a@b.co\x1b", "", "an invisible character"},
		{"ada`@example.com", "", "the part before the @ holds a character"},
		{string(long) + "@example.com", "", "longer than 254 characters"},
	})
	got, err := value.Email("Ada@Example.com")
	require.NoError(t, err)
	assert.Equal(t, "ada@example.com", got, "Email is the same rule, for the paste screen and the secondary emails")
	_, err = value.Email("")
	assert.Error(t, err)
}

func TestEmailListIsEachAddressOnceSemicolonSeparated(t *testing.T) {
	checkTable(t, value.For(listProp, nil), []parsed{
		{"a@example.com", "a@example.com", ""},
		{"A@example.com; b@example.com,c@example.com", "a@example.com;b@example.com;c@example.com", ""},
		{"a@example.com;;A@EXAMPLE.COM;", "a@example.com", ""},
		{"a@example.com;b@nowhere", "", `"b@nowhere" is not a valid email address`},
	})
}

func TestPhoneIsFreeTextAndOnlyWarns(t *testing.T) {
	r := value.For(phoneProp, nil)
	for _, v := range []string{"+44 20 7946 0000", "(555) 010-0000 x12", "555.0100 ext. 7", "+1 206 555 0100 #3", "06/12 34 56 78"} {
		got, err := r.Parse(v)
		assert.NoError(t, err)
		assert.Equal(t, v, got)
		assert.Empty(t, r.Warn(v), v)
	}
	for _, v := range []string{"555-0100 ask for Bob", "call me", "+", "555-CALL", "+1 555 0666\x1bP0;1|\x1b\\"} {
		got, err := r.Parse(v)
		assert.NoError(t, err, "HubSpot takes any text in a phone number: %q", v)
		assert.Equal(t, v, got, "sent as written")
		assert.Contains(t, r.Warn(v), "does not look like a phone number", v)
		assert.Contains(t, r.Warn(v), "HubSpot takes it as written")
	}
	assert.Empty(t, value.For(textProp, nil).Warn("call me"), "only phone numbers warn")
}

func TestDateIsADaySentAsHubSpotWritesIt(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	require.NoError(t, err)
	checkTable(t, value.For(dateProp, tokyo), []parsed{
		{"2026-03-14", "2026-03-14", ""},
		{"1773446400000", "2026-03-14", ""}, // midnight UTC in epoch milliseconds
		{"2026-03-14T00:00:00Z", "2026-03-14", ""},
		{"2026-03-14T00:00:00.000Z", "2026-03-14", ""},
		{"1773446400001", "", "HubSpot keeps a date as a day at midnight UTC: write the day as YYYY-MM-DD"},
		{"2026-03-14T09:30:00+09:00", "", "is at 00:30:00.000 UTC"},
		{"14/03/2026", "", `"14/03/2026" is not a date: write YYYY-MM-DD, like 2026-03-14`},
		{"2026-02-30", "", "is not a date"},
		{"2026-03-14 09:30", "", "is not a date"},
		{"tomorrow", "", "is not a date"},
	})
}

func TestDateTimeIsLocalTimeInAndUTCOut(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	checkTable(t, value.For(whenProp, ny), []parsed{
		{"2026-03-14 09:30", "2026-03-14T13:30:00.000Z", ""}, // New York is UTC-4 after 8 March 2026
		{"2026-03-14 09:30:15", "2026-03-14T13:30:15.000Z", ""},
		{"2026-03-14T09:30", "2026-03-14T13:30:00.000Z", ""},
		{"2026-01-14 09:30", "2026-01-14T14:30:00.000Z", ""}, // and UTC-5 in winter
		{"2026-03-14", "2026-03-14T04:00:00.000Z", ""},       // a bare date is midnight there
		{"2024-01-17T19:55:04Z", "2024-01-17T19:55:04.000Z", ""},
		{"2024-01-17T19:55:04.281Z", "2024-01-17T19:55:04.281Z", ""},
		{"2024-01-17T20:55:04+01:00", "2024-01-17T19:55:04.000Z", ""},
		{"1705521304281", "2024-01-17T19:55:04.281Z", ""},
		{"tomorrow", "", "is not a date and time: write YYYY-MM-DD HH:MM in your time zone (America/New_York), like 2026-03-14 09:30"},
		{"2026-03-14 25:00", "", "is not a date and time"},
		{"03/14/2026 9:30", "", "is not a date and time"},
	})
}

func TestTextShowsAStoredValueAsItIsWritten(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	assert.Equal(t, "2026-03-14", value.For(dateProp, ny).Text("1773446400000"), "a date is not moved by the time zone")
	assert.Equal(t, "2026-03-14", value.For(dateProp, ny).Text("2026-03-14"))
	assert.Equal(t, "2024-01-17 14:55", value.For(whenProp, ny).Text("2024-01-17T19:55:04.281Z"), "a date and time in the user's zone")
	assert.Equal(t, "someday", value.For(whenProp, ny).Text("someday"), "what cannot be read stays as it is")
	assert.Equal(t, "", value.For(whenProp, ny).Text(""))
	assert.Equal(t, "1200", value.For(numberProp, ny).Text("1200"))
	for _, r := range []value.Rule{value.For(dateProp, ny), value.For(whenProp, ny)} {
		for _, stored := range []string{"1773446400000", "2026-03-14T00:00:00Z"} {
			v, err := r.Parse(r.Text(stored))
			require.NoError(t, err)
			assert.True(t, value.Same(whenProp, v, stored) || value.Same(dateProp, v, stored), "written back, it is the same value: %q", stored)
		}
	}
}

func TestHintIsThePatternOfDates(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	assert.Equal(t, "YYYY-MM-DD", value.For(dateProp, ny).Hint())
	assert.Equal(t, "YYYY-MM-DD HH:MM (America/New_York)", value.For(whenProp, ny).Hint())
	assert.Empty(t, value.For(textProp, ny).Hint())
	assert.Equal(t, "YYYY-MM-DD HH:MM (UTC)", value.For(whenProp, nil).Hint(), "no zone given is UTC")
}

func TestChoiceByLabelOrValueIgnoringCase(t *testing.T) {
	checkTable(t, value.For(stageProp, nil), []parsed{
		{"customer", "customer", ""},
		{"Customer", "customer", ""},
		{"CUSTOMER", "customer", ""},
		{"marketing qualified lead", "marketingqualifiedlead", ""},
		{" Lead ", "lead", ""},
		{"boss", "", `"boss" is not an option of Lifecycle Stage: write one of Subscriber, Lead, Marketing Qualified Lead, Customer (the label or the internal value)`},
		{"lead;customer", "", "is not an option"},
	})
	checkTable(t, value.For(hobbiesProp, nil), []parsed{
		{"hiking;Music", "hiking;music", ""},
		{"CHESS ; hiking;", "chess;hiking", ""},
		{"music;Music", "music", ""},
		{"hiking;darts", "", `"darts" is not an option of hobbies: write one of Hiking, Music, Chess (the label or the internal value); separate several with ;`},
	})
	many := prop("color", "enumeration", "select")
	for i := range 20 {
		many.Options = append(many.Options, api.Option{Value: "c" + itoa(int64(i)), Label: "C" + itoa(int64(i))})
	}
	_, err := value.For(many, nil).Parse("teal")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "C10, C11, …")
	assert.NotContains(t, err.Error(), "C12")
	free := prop("source_list", "enumeration", "select")
	v, err := value.For(free, nil).Parse(" anything ")
	require.NoError(t, err)
	assert.Equal(t, "anything", v, "an enumeration without options (filled elsewhere) takes the value as given")
}

func TestBooleanTakesYesAndNo(t *testing.T) {
	checkTable(t, value.For(vipProp, nil), []parsed{
		{"yes", "true", ""}, {"Y", "true", ""}, {"TRUE", "true", ""}, {"1", "true", ""},
		{"no", "false", ""}, {"n", "false", ""}, {"False", "false", ""}, {"0", "false", ""},
		{"maybe", "", `"maybe" is not yes or no: write yes or no`},
	})
	optedIn := prop("opted", "bool", "booleancheckbox", "true", "Opted in", "false", "Opted out")
	v, err := value.For(optedIn, nil).Parse("opted out")
	require.NoError(t, err)
	assert.Equal(t, "false", v, "the property's own labels")
}

func TestPlainTextIsTakenAsWrittenWithoutSurroundingSpaces(t *testing.T) {
	checkTable(t, value.For(textProp, nil), []parsed{
		{"Director of Engines", "Director of Engines", ""},
		{"  Director  ", "Director", ""},
		{"Line one\nLine two\n", "Line one\nLine two", ""},
		{"1,5", "1,5", ""},
	})
}

func TestMessagesQuoteAtMostFortyCharacters(t *testing.T) {
	_, err := value.For(numberProp, nil).Parse("xabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"xabcdefghijklmnopqrstuvwxyzabcdefghijklm…" is not a number`)
}

func TestSameAllowsForHowHubSpotStores(t *testing.T) {
	day, at, hob := dateProp, whenProp, prop("hobbies", "enumeration", "checkbox")
	assert.True(t, value.Same(emailProp, "Ada@Example.com", "ada@example.com"))
	assert.True(t, value.Same(numberProp, "12.50", "12.5"))
	assert.True(t, value.Same(day, "1773446400000", "2026-03-14"))
	assert.True(t, value.Same(at, "1706000000000", "2024-01-23T08:53:20.000Z"))
	assert.True(t, value.Same(hob, "music;hiking", "hiking;music"))
	assert.True(t, value.Same(vipProp, "TRUE", "true"))
	assert.True(t, value.Same(textProp, "", ""))
	assert.False(t, value.Same(textProp, "Ada", "ada"), "a name's case matters")
	assert.False(t, value.Same(stageProp, "lead", "customer"))
	assert.False(t, value.Same(textProp, "Ada", ""))
	assert.False(t, value.Same(numberProp, "12", "13"))
}

func TestNearestIsTheDidYouMean(t *testing.T) {
	names := []string{"firstname", "lastname", "email", "page_size", "theme"}
	for in, want := range map[string]int{
		"firstnme":  0, // one edit
		"FirstName": 0, // case is no edit
		"emial":     2, // two edits
		"first":     0, // a prefix counts as two
		"page":      3,
		"pagesize":  3,
		"them":      4,
	} {
		assert.Equal(t, want, value.Nearest(in, names, 3), in)
	}
	for _, far := range []string{"zzzzzz", "", "em", string(make([]byte, 1<<20))} {
		assert.Equal(t, -1, value.Nearest(far, names, 3), "%.10q", far)
	}
	assert.Equal(t, 1, value.Nearest("b", []string{"xyz", "a", "c"}, 2), "the first of equally close candidates")
}

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"flaw", "lawn", 2}, {"same", "same", 0}, {"café", "cafe", 1}, {"日本語", "日本", 1},
	} {
		assert.Equal(t, c.d, value.Distance(c.a, c.b), "%q %q", c.a, c.b)
		assert.Equal(t, c.d, value.Distance(c.b, c.a), "symmetric: %q %q", c.b, c.a)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
