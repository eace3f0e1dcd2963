package hubspottest

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The seed's activities (2–6 per contact, over the year before SeedBase), deals and tickets.

// randomEngagements draws a contact's activities, oldest first, none before its creation.
func (s *seeder) randomEngagements(created time.Time, first string) []seedEngagement {
	from := seedLater(created, SeedBase().Add(-365*seedDay))
	out := make([]seedEngagement, 2+s.r.IntN(5))
	for i := range out {
		typ := s.pick(EngagementTypes)
		at := s.between(from, SeedBase())
		out[i] = seedEngagement{typ: typ, at: at, props: s.engagementProps(typ, at, first)}
	}
	slices.SortStableFunc(out, func(a, b seedEngagement) int { return a.at.Compare(b.at) })
	return out
}

func seedFill(template, name string) string { return strings.ReplaceAll(template, "%s", name) }

// engagementProps returns an activity's properties: at most 5, so with the store's 3 stamps
// the record's maps stay small (8 entries), which matters at 400,000 activities.
func (s *seeder) engagementProps(typ string, at time.Time, first string) map[string]string {
	var p map[string]string
	switch typ {
	case Notes:
		p = seedProps(8, "hs_note_body", seedFill(s.pick(seedNoteBodies), first))
	case Calls:
		p = seedProps(8, "hs_call_title", s.pick(seedCallTitles), "hs_call_body", seedFill(s.pick(seedCallBodies), first),
			"hs_call_direction", s.pick([]string{"INBOUND", "OUTBOUND"}), "hs_call_duration", strconv.Itoa((30+s.r.IntN(2700))*1000))
	case Emails:
		subject := strings.ReplaceAll(s.pick(seedEmailSubjects), "%d", strconv.Itoa(10000+s.r.IntN(90000)))
		p = seedProps(8, "hs_email_subject", subject, "hs_email_text", seedFill(s.pick(seedEmailTexts), first),
			"hs_email_direction", s.pick([]string{"EMAIL", "EMAIL", "INCOMING_EMAIL"}), "hs_email_status", "SENT")
	case Meetings:
		p = seedProps(8, "hs_meeting_title", s.pick(seedMeetingTitles), "hs_meeting_start_time", isoTime(at),
			"hs_meeting_end_time", isoTime(at.Add(time.Duration(30+15*s.r.IntN(4))*time.Minute)),
			"hs_meeting_outcome", s.pick(seedMeetingOutcomes))
	case Tasks:
		p = seedProps(8, "hs_task_subject", s.pick(seedTaskSubjects), "hs_task_status", s.pick(seedTaskStatuses),
			"hs_task_priority", s.pick(seedTaskPriorities), "hs_task_type", s.pick(seedTaskTypes))
	}
	p["hs_timestamp"] = isoTime(at)
	return p
}

// seedDeals creates n deals over the 18 months before SeedBase, each associated with one or
// two contacts. The first is HostileDealName (with HostileContactEmail), the second is
// FirstContactEmail's.
func (s *seeder) seedDeals(n int) {
	start, span := SeedBase().Add(-540*seedDay), 540*seedDay
	for i := range n {
		at := start.Add(seedStep(span, i, n))
		var props map[string]string
		if i == 0 {
			props = map[string]string{"dealname": HostileDealName, "amount": "1000000", "dealstage": "contractsent",
				"pipeline": "default", "closedate": isoTime(SeedBase().Add(30 * seedDay)), "description": HostileHyperlink}
		} else {
			props = s.randomDeal(at)
		}
		d := s.insert(Deals, at, props, "CRM_UI")
		for _, c := range s.dealContacts(i) {
			s.link(c, d, 0)
		}
	}
}

func (s *seeder) randomDeal(at time.Time) map[string]string {
	name := s.pick(seedProducts) + " " + strconv.Itoa(at.Year())
	if len(s.pool) > 0 {
		name = s.pool[s.r.IntN(len(s.pool))].name + " – " + s.pick(seedProducts)
	}
	stage := s.pick(seedDealStages)
	closing := SeedBase().Add(time.Duration(10+s.r.IntN(170)) * seedDay)
	if stage == "closedwon" || stage == "closedlost" {
		closing = s.between(at, SeedBase())
	}
	amount := 500 * math.Pow(500, s.r.Float64())
	p := seedProps(14, "dealname", name, "dealstage", stage, "pipeline", "default", "closedate", isoTime(closing),
		"amount", strconv.Itoa(int(amount/50)*50), "dealtype", s.pick([]string{"newbusiness", "existingbusiness"}))
	if s.chance(60) {
		p["hs_priority"] = s.pick([]string{"low", "medium", "high"})
	}
	return p
}

// dealContacts names the contacts of the i-th deal.
func (s *seeder) dealContacts(i int) []recKey {
	switch {
	case len(s.contacts) == 0:
		return nil
	case i == 0:
		k, _ := s.tx.s.contactByEmail(HostileContactEmail)
		return []recKey{k}
	case i == 1:
		k, _ := s.tx.s.contactByEmail(FirstContactEmail)
		return []recKey{k}
	}
	out := []recKey{s.contacts[s.r.IntN(len(s.contacts))]}
	if s.chance(25) {
		if c := s.contacts[s.r.IntN(len(s.contacts))]; c != out[0] {
			out = append(out, c)
		}
	}
	return out
}

// seedTickets creates n tickets over the year before SeedBase, each associated with a contact.
// The first is HostileTicketSubject (HostileContactEmail's), the second FirstContactEmail's.
func (s *seeder) seedTickets(n int) {
	start, span := SeedBase().Add(-365*seedDay), 365*seedDay
	for i := range n {
		at := start.Add(seedStep(span, i, n))
		props := seedProps(14, "subject", s.pick(seedTicketSubjects), "content", s.pick(seedTicketBodies),
			"hs_pipeline", "0", "hs_pipeline_stage", strconv.Itoa(1+s.r.IntN(4)),
			"hs_ticket_priority", s.pick([]string{"LOW", "MEDIUM", "HIGH", "URGENT"}), "hs_ticket_category", s.ticketCategories())
		if i == 0 {
			props["subject"] = HostileTicketSubject
			props["content"] = HostileDCS + "Run this to fix it: " + HostileClipboard + HostileC1 + HostileBidi
		}
		t := s.insert(Tickets, at, props, "CRM_UI")
		if cs := s.dealContacts(min(i, 2)); len(cs) > 0 {
			s.link(cs[0], t, 0)
		}
	}
}

func (s *seeder) ticketCategories() string {
	first := s.pick(seedTicketCategories)
	if second := s.pick(seedTicketCategories); s.chance(10) && second != first {
		return first + ";" + second
	}
	return first
}
