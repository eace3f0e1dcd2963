package hubspottest

// HubSpot's date-based API versions (`/crm/objects/2026-03/contacts`, …) next to the numbered
// v3/v4 paths. The sandbox serves a date version only where HubSpot publishes it, so a client
// that builds a version HubSpot never shipped meets the same 404 it would meet there.
//
// Source: HubSpot/HubSpot-public-api-spec-collection, one OpenAPI document per API and version
// at PublicApiSpecs/<area>/<api>/Rollouts/<rollout>/<version>/<api>.json (read at commit
// 9989379, 2026-08-21):
//
//	CRM/Objects, CRM/Contacts (and the other object types)  2025-09 2026-03 2026-09 2026-09-beta
//	CRM/Associations, CRM/Associations Schema               2025-09 2026-03 2026-09 2026-09-beta
//	CRM/Properties                                          2025-09 2026-03 2026-09
//	CRM/Pipelines                                           2025-09 2026-03 2026-09 2026-09-beta
//	Account/Account Info                                    2025-09 2026-03 2026-09
//	CRM/Crm Owners                                          2025-09 2026-03 2026-09
//
// (2027-03-beta exists only for other APIs: forecasts, payment links, webhooks, …) When HubSpot
// publishes a version, add it here and to TestPublishedVersions.

// apiFamily is a group of paths that share their published versions.
type apiFamily int

const (
	familyObjects      apiFamily = iota // /crm/objects/{version}/…
	familyAssociations                  // /crm/associations/{version}/…
	familyProperties                    // /crm/properties/{version}/…
	familyAccount                       // /account-info/{version}/…
	familyOwners                        // /crm/owners/{version}…
	familyPipelines                     // /crm/pipelines/{version}/…
)

// publishedVersion reports whether HubSpot publishes date version v for a family.
func publishedVersion(f apiFamily, v string) bool {
	switch v {
	case "2025-09", "2026-03", "2026-09":
		return true
	case "2026-09-beta":
		return f == familyObjects || f == familyAssociations || f == familyPipelines
	}
	return false
}
