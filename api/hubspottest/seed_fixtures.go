package hubspottest

import (
	"strings"
	"time"
)

// The seed's fixture records: the same in every seeded sandbox, inserted before the random
// ones (so the first contact is FirstContactEmail). seed.go documents them as constants.

// seedEngagement is an activity to create and associate with a contact.
type seedEngagement struct {
	typ   string
	at    time.Time
	props map[string]string
}

// seedChange is a write to apply to a record after it was created, as of a past moment.
type seedChange struct {
	at    time.Time
	props map[string]string
}

// seedFixture is one fixture contact.
type seedFixture struct {
	props   map[string]string
	company int // index of the primary company among the fixture companies, -1 none
	billing int // index of a second company labelled "Billing contact", -1 none
	// extra are activities of its own (after the random ones); pin pins the first of them.
	extra []seedEngagement
	pin   bool
	// changes are property writes at the given offset after its creation.
	changes []seedFixtureChange
}

type seedFixtureChange struct {
	after time.Duration
	props map[string]string
}

const seedDay = 24 * time.Hour

func seedFixtureCompanies() []map[string]string {
	return []map[string]string{
		{"name": FirstCompanyName, "domain": "northwind.example", "website": "https://northwind.example",
			"industry": "RETAIL", "city": "Seattle", "country": "United States", "phone": "+1 206 555 0100",
			"numberofemployees": "250", "description": "Specialty foods importer and distributor."},
		{"name": HostileCompanyName, "domain": "evil.example", "industry": "COMPUTER_SOFTWARE",
			"city": HostileC1 + "Gotham", "country": "United States", "phone": "+1 555 0666" + HostileDCS,
			"description": HostileOverwrite + " We are " + HostileZeroWidth + "totally legit" + HostileBOM + "."},
		{"name": "Café ☕ Crème 株式会社", "domain": "cafe-creme.example", "industry": "RETAIL",
			"city": "東京", "country": "Japan", "phone": "+81 3-5555-0101", "numberofemployees": "12"},
	}
}

// seedLongValue is a HostileLongLen-character text with escapes buried in it.
func seedLongValue() string {
	const chunk = "This value is very long and keeps going. "
	var b strings.Builder
	for b.Len() < HostileLongLen {
		b.WriteString(chunk)
		if b.Len()%4000 < len(chunk) {
			b.WriteString(HostileClearScreen)
		}
	}
	return b.String()[:HostileLongLen-len(HostileTitle)] + HostileTitle
}

func seedFixtureContacts() []seedFixture {
	return []seedFixture{
		{props: map[string]string{"email": FirstContactEmail, "firstname": "Maria", "lastname": "Garcia",
			"jobtitle": "Operations Manager", "phone": "+1 (206) 555-0134", "city": "Seattle", "country": "United States",
			"lifecyclestage": "lead", "hs_lead_status": "OPEN", "favorite_food": "paella"},
			company: 0, billing: -1},
		seedHostileFixture(),
		{props: map[string]string{"email": SecondaryEmailsContactEmail, "firstname": "Sam", "lastname": "Okafor",
			"hs_additional_emails": SecondaryEmail1 + ";" + SecondaryEmail2, "jobtitle": "Finance Director",
			"phone": "+234 803 555 0199", "city": "Lagos", "country": "Nigeria", "lifecyclestage": "salesqualifiedlead"},
			company: 0, billing: 2},
		{props: map[string]string{"email": PinnedContactEmail, "firstname": "Wei", "lastname": "Lin",
			"jobtitle": "Head of Procurement", "phone": "+86 10 5555 0123", "city": "上海", "country": "China",
			"lifecyclestage": "opportunity"},
			company: 0, billing: -1, pin: true,
			extra: []seedEngagement{{typ: Calls, props: map[string]string{"hs_call_title": PinnedCallTitle,
				"hs_call_body":      "<p>Agreed on a 12% discount for a three-year term. Contract to follow.</p>",
				"hs_call_direction": "OUTBOUND", "hs_call_duration": "1260000", "hs_call_status": "COMPLETED"}}}},
		seedCustomerFixture(),
		seedOddNameFixture(),
	}
}

func seedHostileFixture() seedFixture {
	return seedFixture{
		props: map[string]string{"email": HostileContactEmail, "firstname": HostileClearScreen + "Mallory",
			"lastname": "O'Hostile" + HostileTitle, "company": HostileCompanyName,
			"jobtitle": HostileOverwrite + HostileColour + " Chief Hacking Officer", "city": HostileC1 + "Gotham",
			"phone": "+1 (555) 010-0666" + HostileDCS, "favorite_food": HostileBidi, "message": seedLongValue(),
			"lifecyclestage": "lead", "hs_lead_status": "NEW"},
		company: 1, billing: -1,
		extra: []seedEngagement{
			{typ: Notes, props: map[string]string{"hs_note_body": "<p>Please " + HostileHyperlink +
				" to verify your account.</p>" + HostileClipboard}},
			{typ: Notes, props: map[string]string{"hs_note_body": "<p>" + seedLongValue() + "</p>"}},
			{typ: Emails, props: map[string]string{"hs_email_subject": "Invoice " + HostileZeroWidth + "overdue" + HostileBOM,
				"hs_email_text": "From: Pay" + HostileZeroWidth + "Pal Supp" + HostileBOM + "ort <billing@paypa1.example>\n\n" +
					HostileOverwrite, "hs_email_direction": "INCOMING_EMAIL", "hs_email_status": "SENT"}},
			{typ: Calls, props: map[string]string{"hs_call_title": HostileTitle + "Call me back",
				"hs_call_body": HostileColour + "<p>urgent</p>", "hs_call_direction": "INBOUND", "hs_call_status": "COMPLETED"}},
		},
	}
}

func seedCustomerFixture() seedFixture {
	return seedFixture{
		props: map[string]string{"email": CustomerContactEmail, "firstname": "Jonas", "lastname": "Berg",
			"jobtitle": "Purchasing Agent", "phone": "+46 8 123 45 67", "city": "Stockholm", "country": "Sweden",
			"lifecyclestage": "subscriber", "favorite_food": "meatballs"},
		company: 0, billing: -1,
		changes: []seedFixtureChange{
			{30 * seedDay, map[string]string{"lifecyclestage": "lead"}},
			{90 * seedDay, map[string]string{"phone": "+46 8 765 43 21"}},
			{120 * seedDay, map[string]string{"lifecyclestage": "opportunity"}},
			{150 * seedDay, map[string]string{"jobtitle": "Procurement Lead"}},
			{200 * seedDay, map[string]string{"lifecyclestage": "customer"}},
		},
	}
}

func seedOddNameFixture() seedFixture {
	return seedFixture{
		props: map[string]string{"email": OddNameContactEmail, "firstname": "Jo" + HostileZeroWidth + "hn" + HostileBOM,
			"lastname": "Tab\tNew\nLine", "jobtitle": "データアナリスト 📊", "city": "東京", "country": "Japan",
			"favorite_food": "🍣 sushi", "lifecyclestage": "marketingqualifiedlead"},
		company: 2, billing: -1,
		extra: []seedEngagement{{typ: Emails, props: map[string]string{"hs_email_subject": "Re: 見積もり 🙏",
			"hs_email_text":      "From: " + HostileZeroWidth + "Maria Garcia" + HostileBOM + " <maria.garcia@example.com>\n\nよろしくお願いします。",
			"hs_email_direction": "INCOMING_EMAIL", "hs_email_status": "SENT"}}},
	}
}
