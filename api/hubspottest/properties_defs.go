package hubspottest

// The sandbox portal's property definitions: HubSpot's default properties for each object type
// (names, labels, types, field types, groups, options, read-only and calculated flags as
// GET /crm/v3/properties/{objectType} shows them) plus a few custom ones an admin would add.
// Tables are built by functions so nothing here is a mutable package variable; properties.go
// indexes them once.

// defB builds one PropertyDef; its methods return modified copies.
type defB struct{ d PropertyDef }

// prop starts a HubSpot-defined property: its definition is read-only and it cannot be archived.
func prop(name, label, typ, fieldType, group string) defB {
	return defB{PropertyDef{Name: name, Label: label, Type: typ, FieldType: fieldType, GroupName: group,
		Options: []PropertyOption{}, FormField: true, HubspotDefined: true,
		ModificationMetadata: ModificationMetadata{ReadOnlyDefinition: true}}}
}

func text(name, label, group string) defB     { return prop(name, label, "string", "text", group) }
func textarea(name, label, group string) defB { return prop(name, label, "string", "textarea", group) }
func number(name, label, group string) defB   { return prop(name, label, "number", "number", group) }
func date(name, label, group string) defB     { return prop(name, label, "date", "date", group) }
func datetime(name, label, group string) defB { return prop(name, label, "datetime", "date", group) }
func phone(name, label, group string) defB    { return prop(name, label, "string", "phonenumber", group) }

// boolean is a single on/off checkbox with HubSpot's true/false options.
func boolean(name, label, group string) defB {
	return prop(name, label, "bool", "booleancheckbox", group).opts("true", "Yes", "false", "No")
}

// enum is a dropdown (select) enumeration with value/label pairs.
func enum(name, label, group string, pairs ...string) defB {
	return prop(name, label, "enumeration", "select", group).opts(pairs...)
}

// opts sets the options from value/label pairs, in display order.
func (b defB) opts(pairs ...string) defB {
	b.d.Options = make([]PropertyOption, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		b.d.Options = append(b.d.Options, PropertyOption{Value: pairs[i], Label: pairs[i+1], DisplayOrder: i / 2})
	}
	return b
}

// readOnly marks a value only HubSpot sets.
func (b defB) readOnly() defB {
	b.d.ModificationMetadata.ReadOnlyValue = true
	b.d.FormField = false
	return b
}

// calc marks a value HubSpot calculates (read-only too).
func (b defB) calc() defB {
	b.d.Calculated = true
	if b.d.FieldType == "text" || b.d.FieldType == "number" {
		b.d.FieldType = "calculation_equation"
	}
	return b.readOnly()
}

func (b defB) desc(s string) defB          { b.d.Description = s; return b }
func (b defB) unique() defB                { b.d.HasUniqueValue = true; return b }
func (b defB) externalOptions() defB       { b.d.ExternalOptions = true; return b }
func (b defB) noForm() defB                { b.d.FormField = false; return b }
func (b defB) checkboxes() defB            { b.d.FieldType = "checkbox"; return b }
func (b defB) radio() defB                 { b.d.FieldType = "radio"; return b }
func (b defB) build(order int) PropertyDef { b.d.DisplayOrder = order; return b.d }

// custom marks a property created in the portal: editable definition, archivable, not HubSpot's.
func (b defB) custom() defB {
	b.d.HubspotDefined = false
	b.d.ModificationMetadata = ModificationMetadata{Archivable: true}
	return b
}

func buildDefs(bs ...defB) []PropertyDef {
	out := make([]PropertyDef, len(bs))
	for i, b := range bs {
		out[i] = b.build(i)
	}
	return out
}

// lifecycleStageOptions are HubSpot's default lifecycle stages, in their forward order.
func lifecycleStageOptions() []string {
	return []string{
		"subscriber", "Subscriber", "lead", "Lead", "marketingqualifiedlead", "Marketing Qualified Lead",
		"salesqualifiedlead", "Sales Qualified Lead", "opportunity", "Opportunity", "customer", "Customer",
		"evangelist", "Evangelist", "other", "Other",
	}
}

// ownerProp is hubspot_owner_id: an enumeration whose options are the portal's users.
func ownerProp(label, group string) defB {
	return enum("hubspot_owner_id", label, group).externalOptions().
		desc("The owner of the record. Values are owner ids.")
}

// recordIDProps are the three read-only stamps every object carries (names differ by type).
func recordIDProps(group, created, modified string) []defB {
	return []defB{
		number("hs_object_id", "Record ID", group).readOnly().noForm().
			desc("The unique ID for this record. This value is automatically set by HubSpot."),
		datetime(created, "Create Date", group).readOnly(),
		datetime(modified, "Last Modified Date", group).readOnly(),
	}
}

func contactDefs() []PropertyDef {
	ci, ei, sp := "contactinformation", "emailinformation", "sales_properties"
	bs := []defB{
		text("email", "Email", ci).desc("A contact's email address"),
		prop("hs_additional_emails", "Additional email addresses", "enumeration", "checkbox", ci).
			desc("A set of additional email addresses for a contact, ;-separated"),
		text("firstname", "First Name", ci),
		text("lastname", "Last Name", ci),
		phone("phone", "Phone Number", ci),
		phone("mobilephone", "Mobile Phone Number", ci),
		phone("fax", "Fax Number", ci),
		text("company", "Company Name", ci),
		text("jobtitle", "Job Title", ci),
		text("website", "Website URL", ci),
		text("address", "Street Address", ci),
		text("city", "City", ci),
		text("state", "State/Region", ci),
		text("zip", "Postal Code", ci),
		text("country", "Country/Region", ci),
		text("industry", "Industry", ci),
		number("annualrevenue", "Annual Revenue", ci),
		date("date_of_birth", "Date of birth", ci),
		enum("lifecyclestage", "Lifecycle Stage", ci, lifecycleStageOptions()...).radio().
			desc("The qualification of contacts to sales readiness. Stages only move forward unless cleared first."),
		number("hs_pinned_engagement_id", "Pinned Engagement ID", ci).noForm().
			desc("The object ID of the current pinned engagement. The engagement must be associated with the record."),
		text("hs_email_domain", "Email Domain", ei).calc(),
		boolean("hs_email_optout", "Unsubscribed from all email", ei).readOnly(),
		enum("hs_lead_status", "Lead Status", sp,
			"NEW", "New", "OPEN", "Open", "IN_PROGRESS", "In Progress", "OPEN_DEAL", "Open Deal",
			"UNQUALIFIED", "Unqualified", "ATTEMPTED_TO_CONTACT", "Attempted to Contact", "CONNECTED", "Connected",
			"BAD_TIMING", "Bad Timing"),
		ownerProp("Contact owner", sp),
		datetime("notes_last_updated", "Last Activity Date", sp).readOnly(),
		number("num_associated_deals", "Associated Deals", "deal_information").calc(),
		textarea("message", "Message", "conversioninformation"),
		prop("hs_merged_object_ids", "Merged Contact IDs", "enumeration", "checkbox", ci).readOnly().
			desc("The list of contact IDs that have been merged into this contact"),
	}
	bs = append(bs, recordIDProps(ci, "createdate", "lastmodifieddate")...)
	bs = append(bs,
		text("favorite_food", "Favorite food", "customer_details").custom(),
		prop("hobbies", "Hobbies", "enumeration", "checkbox", "customer_details").custom().
			opts("hiking", "Hiking", "cooking", "Cooking", "music", "Music", "travel", "Travel", "chess", "Chess"),
		enum("customer_tier", "Customer tier", "customer_details", "bronze", "Bronze", "silver", "Silver", "gold", "Gold").custom(),
		text("customer_code", "Customer code", "customer_details").custom().unique().
			desc("The customer's code in the billing system. Unique across contacts."),
		boolean("vip", "VIP", "customer_details").custom(),
	)
	return buildDefs(bs...)
}

func contactGroups() []PropertyGroup {
	return groups("contactinformation", "Contact information", "emailinformation", "Email information",
		"sales_properties", "Sales properties", "conversioninformation", "Conversion information",
		"deal_information", "Deal information", "socialmediainformation", "Social media information",
		"analyticsinformation", "Web analytics history", "customer_details", "Customer details")
}

func companyDefs() []PropertyDef {
	ci := "companyinformation"
	bs := []defB{
		text("name", "Company name", ci),
		text("domain", "Company Domain Name", ci),
		text("website", "Website URL", ci),
		enum("industry", "Industry", ci,
			"ACCOUNTING", "Accounting", "AIRLINES_AVIATION", "Airlines/Aviation", "BANKING", "Banking",
			"BIOTECHNOLOGY", "Biotechnology", "COMPUTER_SOFTWARE", "Computer Software",
			"CONSTRUCTION", "Construction", "EDUCATION_MANAGEMENT", "Education Management",
			"FINANCIAL_SERVICES", "Financial Services", "HOSPITAL_HEALTH_CARE", "Hospital & Health Care",
			"INFORMATION_TECHNOLOGY_AND_SERVICES", "Information Technology and Services",
			"INSURANCE", "Insurance", "MARKETING_AND_ADVERTISING", "Marketing and Advertising",
			"RETAIL", "Retail", "TELECOMMUNICATIONS", "Telecommunications"),
		enum("type", "Type", ci, "PROSPECT", "Prospect", "PARTNER", "Partner", "RESELLER", "Reseller",
			"VENDOR", "Vendor", "OTHER", "Other"),
		phone("phone", "Phone Number", ci),
		text("address", "Street Address", ci),
		text("city", "City", ci),
		text("state", "State/Region", ci),
		text("zip", "Postal Code", ci),
		text("country", "Country/Region", ci),
		number("numberofemployees", "Number of Employees", ci),
		number("annualrevenue", "Annual Revenue", ci),
		textarea("description", "Description", ci),
		enum("lifecyclestage", "Lifecycle Stage", ci, lifecycleStageOptions()...).radio(),
		number("hs_pinned_engagement_id", "Pinned Engagement ID", ci).noForm(),
		ownerProp("Company owner", ci),
		number("num_associated_contacts", "Associated Contacts", ci).calc(),
		prop("hs_merged_object_ids", "Merged Company IDs", "enumeration", "checkbox", ci).readOnly(),
	}
	bs = append(bs, recordIDProps(ci, "createdate", "hs_lastmodifieddate")...)
	return buildDefs(bs...)
}

func dealDefs() []PropertyDef {
	di := "dealinformation"
	bs := []defB{
		text("dealname", "Deal Name", di),
		enum("pipeline", "Pipeline", di, pipelineOptions(Deals)...),
		enum("dealstage", "Deal Stage", di, stageOptions(Deals)...), // every pipeline's stages (pipelines.go)
		number("amount", "Amount", di),
		datetime("closedate", "Close Date", di),
		enum("dealtype", "Deal Type", di, "newbusiness", "New Business", "existingbusiness", "Existing Business"),
		enum("hs_priority", "Priority", di, "low", "Low", "medium", "Medium", "high", "High"),
		textarea("description", "Deal Description", di),
		number("hs_pinned_engagement_id", "Pinned Engagement ID", di).noForm(),
		ownerProp("Deal owner", di),
		number("num_associated_contacts", "Number of Associated Contacts", di).calc(),
		prop("hs_merged_object_ids", "Merged Deal IDs", "enumeration", "checkbox", di).readOnly(),
	}
	bs = append(bs, recordIDProps(di, "createdate", "hs_lastmodifieddate")...)
	return buildDefs(bs...)
}

func ticketDefs() []PropertyDef {
	ti := "ticketinformation"
	bs := []defB{
		text("subject", "Ticket name", ti),
		textarea("content", "Ticket description", ti),
		enum("hs_pipeline", "Pipeline", ti, pipelineOptions(Tickets)...),
		enum("hs_pipeline_stage", "Ticket status", ti, stageOptions(Tickets)...),
		enum("hs_ticket_priority", "Priority", ti, "LOW", "Low", "MEDIUM", "Medium", "HIGH", "High", "URGENT", "Urgent"),
		enum("hs_ticket_category", "Category", ti, "PRODUCT_ISSUE", "Product issue", "BILLING_ISSUE", "Billing issue",
			"FEATURE_REQUEST", "Feature request", "GENERAL_INQUIRY", "General inquiry").checkboxes(),
		enum("source_type", "Source", ti, "EMAIL", "Email", "CHAT", "Chat", "PHONE", "Phone", "FORM", "Form"),
		number("hs_pinned_engagement_id", "Pinned Engagement ID", ti).noForm(),
		ownerProp("Ticket owner", ti),
		prop("hs_merged_object_ids", "Merged Ticket IDs", "enumeration", "checkbox", ti).readOnly(),
	}
	bs = append(bs, recordIDProps(ti, "createdate", "hs_lastmodifieddate")...)
	return buildDefs(bs...)
}

// engagementDefs are the properties every activity type shares, then the type's own.
func engagementDefs(group string, own ...defB) []PropertyDef {
	when := datetime("hs_timestamp", "Activity date", group).desc("When the activity happened. Required on create.")
	if group == "task" {
		when = datetime("hs_timestamp", "Due date", group).desc("When the task is due. Required on create.")
	}
	bs := []defB{
		when,
		ownerProp("Activity assigned to", group),
		text("hs_attachment_ids", "Attachment IDs", group).noForm(),
	}
	bs = append(bs, own...)
	bs = append(bs, recordIDProps(group, "hs_createdate", "hs_lastmodifieddate")...)
	return buildDefs(bs...)
}

func noteDefs() []PropertyDef {
	return engagementDefs("note", prop("hs_note_body", "Note body", "string", "html", "note"))
}

func callDefs() []PropertyDef {
	g := "call"
	return engagementDefs(g,
		text("hs_call_title", "Call Title", g),
		prop("hs_call_body", "Call notes", "string", "html", g),
		enum("hs_call_direction", "Call direction", g, "INBOUND", "Inbound", "OUTBOUND", "Outbound"),
		enum("hs_call_disposition", "Call outcome", g).externalOptions().
			desc("The outcome of the call: the id of one of the portal's call dispositions."),
		number("hs_call_duration", "Call duration", g).desc("Duration in milliseconds"),
		enum("hs_call_status", "Call status", g, "BUSY", "Busy", "CALLING_CRM_USER", "Calling CRM user",
			"CANCELED", "Canceled", "COMPLETED", "Completed", "CONNECTING", "Connecting", "FAILED", "Failed",
			"IN_PROGRESS", "In progress", "NO_ANSWER", "No answer", "QUEUED", "Queued", "RINGING", "Ringing"),
		phone("hs_call_to_number", "To number", g),
		phone("hs_call_from_number", "From number", g),
	)
}

func emailDefs() []PropertyDef {
	g := "email"
	return engagementDefs(g,
		text("hs_email_subject", "Email subject", g),
		textarea("hs_email_text", "Email body (text)", g),
		prop("hs_email_html", "Email body (HTML)", "string", "html", g),
		enum("hs_email_direction", "Email direction", g, "EMAIL", "Sent by the CRM user",
			"INCOMING_EMAIL", "Reply from the contact", "FORWARDED_EMAIL", "Forwarded"),
		enum("hs_email_status", "Email send status", g, "BOUNCED", "Bounced", "FAILED", "Failed",
			"SCHEDULED", "Scheduled", "SENDING", "Sending", "SENT", "Sent"),
	)
}

func meetingDefs() []PropertyDef {
	g := "meeting"
	return engagementDefs(g,
		text("hs_meeting_title", "Meeting name", g),
		prop("hs_meeting_body", "Meeting description", "string", "html", g),
		datetime("hs_meeting_start_time", "Start time", g),
		datetime("hs_meeting_end_time", "End time", g),
		text("hs_meeting_location", "Location", g),
		enum("hs_meeting_outcome", "Meeting outcome", g, "SCHEDULED", "Scheduled", "COMPLETED", "Completed",
			"RESCHEDULED", "Rescheduled", "NO_SHOW", "No show", "CANCELED", "Canceled"),
	)
}

func taskDefs() []PropertyDef {
	g := "task"
	return engagementDefs(g,
		text("hs_task_subject", "Task title", g),
		prop("hs_task_body", "Task notes", "string", "html", g),
		enum("hs_task_status", "Task status", g, "NOT_STARTED", "Not started", "IN_PROGRESS", "In progress",
			"WAITING", "Waiting", "COMPLETED", "Completed", "DEFERRED", "Deferred"),
		enum("hs_task_priority", "Priority", g, "NONE", "None", "LOW", "Low", "MEDIUM", "Medium", "HIGH", "High"),
		enum("hs_task_type", "Task type", g, "TODO", "To-do", "CALL", "Call", "EMAIL", "Email"),
	)
}

// defsByType returns every object type's definitions (built fresh on each call).
func defsByType() map[string][]PropertyDef {
	return map[string][]PropertyDef{
		Contacts: contactDefs(), Companies: companyDefs(), Deals: dealDefs(), Tickets: ticketDefs(),
		Notes: noteDefs(), Calls: callDefs(), Emails: emailDefs(), Meetings: meetingDefs(), Tasks: taskDefs(),
	}
}

// groupsByType returns every object type's property groups.
func groupsByType() map[string][]PropertyGroup {
	return map[string][]PropertyGroup{
		Contacts:  contactGroups(),
		Companies: groups("companyinformation", "Company information", "company_activity", "Company activity"),
		Deals:     groups("dealinformation", "Deal information", "deal_activity", "Deal activity"),
		Tickets:   groups("ticketinformation", "Ticket information", "ticket_activity", "Ticket activity"),
		Notes:     groups("note", "Note information"),
		Calls:     groups("call", "Call information"),
		Emails:    groups("email", "Email information"),
		Meetings:  groups("meeting", "Meeting information"),
		Tasks:     groups("task", "Task information"),
	}
}

func groups(pairs ...string) []PropertyGroup {
	var out []PropertyGroup
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, PropertyGroup{Name: pairs[i], Label: pairs[i+1], DisplayOrder: i / 2})
	}
	return out
}

// defaultProps are the properties GET, list and batch/read return when none are asked for.
func defaultProps(typ string) []string {
	switch typ {
	case Contacts:
		return []string{"createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"}
	case Companies:
		return []string{"createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"}
	case Deals:
		return []string{"amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate", "hs_object_id", "pipeline"}
	case Tickets:
		return []string{"content", "createdate", "hs_lastmodifieddate", "hs_object_id", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_priority", "subject"}
	}
	return []string{"hs_createdate", "hs_lastmodifieddate", "hs_object_id"}
}
