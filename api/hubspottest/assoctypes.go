package hubspottest

// assocDef is one association type between two object types, with the type id of the reverse
// direction.
type assocDef struct {
	From, To string
	AssocType
	Reverse int
}

// Association type ids, HubSpot-defined, as HubSpot documents them (contact side first).
const (
	TypeContactToCompany        = 279 // unlabelled
	TypeCompanyToContact        = 280
	TypeContactToPrimaryCompany = 1
	TypePrimaryCompanyToContact = 2
	TypeContactToDeal           = 4
	TypeDealToContact           = 3
	TypeContactToTicket         = 15
	TypeTicketToContact         = 16
	TypeContactToCall           = 193
	TypeCallToContact           = 194
	TypeContactToEmail          = 197
	TypeEmailToContact          = 198
	TypeContactToMeeting        = 199
	TypeMeetingToContact        = 200
	TypeContactToNote           = 201
	TypeNoteToContact           = 202
	TypeContactToTask           = 203
	TypeTaskToContact           = 204
)

// User-defined labels the sandbox portal has between contacts and companies (as an admin would
// create them in HubSpot's settings). Ids in HubSpot's user-defined range.
const (
	TypeContactToCompanyBilling  = 1001
	TypeCompanyToContactBilling  = 1002
	TypeContactToCompanyFormer   = 1003
	TypeCompanyToContactFormer   = 1004
	TypeContactToDealDecisionMkr = 1005
	TypeDealToContactDecisionMkr = 1006
)

// assocDefs lists every association type the sandbox knows, contact side first; the reverse
// entries are derived by reverseDefs.
var assocDefs = []assocDef{
	{Contacts, Companies, AssocType{TypeContactToCompany, "HUBSPOT_DEFINED", ""}, TypeCompanyToContact},
	{Contacts, Companies, AssocType{TypeContactToPrimaryCompany, "HUBSPOT_DEFINED", "Primary"}, TypePrimaryCompanyToContact},
	{Contacts, Companies, AssocType{TypeContactToCompanyBilling, "USER_DEFINED", "Billing contact"}, TypeCompanyToContactBilling},
	{Contacts, Companies, AssocType{TypeContactToCompanyFormer, "USER_DEFINED", "Former employee"}, TypeCompanyToContactFormer},
	{Contacts, Deals, AssocType{TypeContactToDeal, "HUBSPOT_DEFINED", ""}, TypeDealToContact},
	{Contacts, Deals, AssocType{TypeContactToDealDecisionMkr, "USER_DEFINED", "Decision maker"}, TypeDealToContactDecisionMkr},
	{Contacts, Tickets, AssocType{TypeContactToTicket, "HUBSPOT_DEFINED", ""}, TypeTicketToContact},
	{Contacts, Calls, AssocType{TypeContactToCall, "HUBSPOT_DEFINED", ""}, TypeCallToContact},
	{Contacts, Emails, AssocType{TypeContactToEmail, "HUBSPOT_DEFINED", ""}, TypeEmailToContact},
	{Contacts, Meetings, AssocType{TypeContactToMeeting, "HUBSPOT_DEFINED", ""}, TypeMeetingToContact},
	{Contacts, Notes, AssocType{TypeContactToNote, "HUBSPOT_DEFINED", ""}, TypeNoteToContact},
	{Contacts, Tasks, AssocType{TypeContactToTask, "HUBSPOT_DEFINED", ""}, TypeTaskToContact},
}

// reverseLabels names the reverse side of the labelled types.
var reverseLabels = map[int]string{
	TypePrimaryCompanyToContact:  "Primary",
	TypeCompanyToContactBilling:  "Billing contact",
	TypeCompanyToContactFormer:   "Former employee",
	TypeDealToContactDecisionMkr: "Decision maker",
}

// AssocTypesBetween returns the association types from one object type to another, both
// directions of assocDefs considered, in a stable order.
func AssocTypesBetween(from, to string) []AssocType {
	var out []AssocType
	for _, d := range assocDefs {
		switch {
		case d.From == from && d.To == to:
			out = append(out, d.AssocType)
		case d.From == to && d.To == from:
			out = append(out, AssocType{TypeID: d.Reverse, Category: d.Category, Label: reverseLabels[d.Reverse]})
		}
	}
	return out
}

// lookupAssoc finds the association type typeID from one object type to another and its reverse.
func lookupAssoc(from, to string, typeID int) (t AssocType, reverse AssocType, ok bool) {
	for _, d := range assocDefs {
		switch {
		case d.From == from && d.To == to && d.TypeID == typeID:
			return d.AssocType, AssocType{TypeID: d.Reverse, Category: d.Category, Label: reverseLabels[d.Reverse]}, true
		case d.From == to && d.To == from && d.Reverse == typeID:
			return AssocType{TypeID: d.Reverse, Category: d.Category, Label: reverseLabels[d.Reverse]}, d.AssocType, true
		}
	}
	return AssocType{}, AssocType{}, false
}

// defaultAssoc returns the unlabelled HubSpot-defined type from one object type to another.
func defaultAssoc(from, to string) (AssocType, AssocType, bool) {
	for _, t := range AssocTypesBetween(from, to) {
		if t.Category == "HUBSPOT_DEFINED" && t.Label == "" {
			return lookupAssoc(from, to, t.TypeID)
		}
	}
	return AssocType{}, AssocType{}, false
}
