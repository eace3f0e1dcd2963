package api

import (
	"net/url"
	"strconv"
	"strings"
)

// paths builds every HubSpot path the layer calls, already escaped (each caller-supplied
// segment is path-escaped on its own, so an email with '/', '?' or '#' stays one segment and
// query parameters are never folded into the path). Switching the object endpoints to a
// date-versioned family is Config.APIVersion; moving the rest is a change here only.
type paths struct {
	version string // "" for v3, or "2026-03" etc.
}

func seg(s string) string { return url.PathEscape(s) }

func join(parts ...string) string { return "/" + strings.Join(parts, "/") }

// objects is the root of an object type's endpoints.
func (p paths) objects(objectType string) string {
	if p.version != "" {
		return join("crm", "objects", seg(p.version), seg(objectType))
	}
	return join("crm", "v3", "objects", seg(objectType))
}

func (p paths) object(objectType, id string) string {
	return p.objects(objectType) + "/" + seg(id)
}

func (p paths) batch(objectType, action string) string {
	return p.objects(objectType) + "/batch/" + action
}

func (p paths) search(objectType string) string { return p.objects(objectType) + "/search" }
func (p paths) merge(objectType string) string  { return p.objects(objectType) + "/merge" }
func (p paths) gdprDelete(objectType string) string {
	return p.objects(objectType) + "/gdpr-delete"
}

// assocV3 is the seed's association endpoint (PUT to add, DELETE to remove one type), on the
// numbered family only: HubSpot's date-versioned record paths take no {associationTypeId}
// (the 2026-03 specs, CRM/Associations and CRM/Contacts, list …/associations/{toObjectType}/
// {toObjectId} with the types in the body), so a dated client writes through assocPair and
// assocLabelsArchive instead.
func (p paths) assocV3(fromType, fromID, toType, toID string, typeID int) string {
	return join("crm", "v3", "objects", seg(fromType), seg(fromID), "associations", seg(toType), seg(toID), strconv.Itoa(typeID))
}

// assocPair is the dated family's association between two records: PUT adds the types in the
// body (v4's shape), DELETE removes every type between the pair.
func (p paths) assocPair(fromType, fromID, toType, toID string) string {
	return p.object(fromType, fromID) + join("associations", seg(toType), seg(toID))
}

// assocLabelsArchive removes listed association types between pairs of records (the dated
// family's only way to remove one label and keep the rest).
func (p paths) assocLabelsArchive(fromType, toType string) string {
	return p.assocBatch(fromType, toType) + "/labels/archive"
}

// assocList is the v4 listing of one record's associations to a type, with labels (its
// date-versioned successor lives under the objects family).
func (p paths) assocList(fromType, fromID, toType string) string {
	if p.version != "" {
		return p.object(fromType, fromID) + join("associations", seg(toType))
	}
	return join("crm", "v4", "objects", seg(fromType), seg(fromID), "associations", seg(toType))
}

// assocLabels lists the association types (and labels) from one object type to another.
func (p paths) assocLabels(fromType, toType string) string {
	return join("crm", "associations", p.versionOr("v4"), seg(fromType), seg(toType), "labels")
}

// assocBatchRead reads many records' associations to a type at once: v4's
// /crm/v4/associations/…/batch/read, or /crm/associations/{version}/…/batch/read. (The v4
// association batch endpoints are published under /crm/v4/associations only; the
// /crm/associations/v4/ prefix is the schema API's, labels included: HubSpot's specs,
// CRM/Associations and CRM/Associations Schema.)
func (p paths) assocBatchRead(fromType, toType string) string {
	return p.assocBatch(fromType, toType) + "/read"
}

func (p paths) assocBatch(fromType, toType string) string {
	if p.version != "" {
		return join("crm", "associations", seg(p.version), seg(fromType), seg(toType), "batch")
	}
	return join("crm", "v4", "associations", seg(fromType), seg(toType), "batch")
}

func (p paths) properties(objectType string) string {
	if p.version != "" {
		return join("crm", "properties", seg(p.version), seg(objectType))
	}
	return join("crm", "v3", "properties", seg(objectType))
}

func (p paths) versionOr(numbered string) string {
	if p.version != "" {
		return seg(p.version)
	}
	return numbered
}

// pipelines lists an object type's pipelines (with their stages).
func (p paths) pipelines(objectType string) string {
	if p.version != "" {
		return join("crm", "pipelines", seg(p.version), seg(objectType))
	}
	return join("crm", "v3", "pipelines", seg(objectType))
}

func (p paths) propertyGroups(objectType string) string {
	return p.properties(objectType) + "/groups"
}

func (p paths) accountDetails() string { return join("account-info", p.versionOr("v3"), "details") }

// owners lists the portal's owners: /crm/v3/owners, or /crm/owners/{version} (no beta: a
// "-beta" version's owners are its release's).
func (p paths) owners() string {
	if p.version != "" {
		return join("crm", "owners", seg(strings.TrimSuffix(p.version, "-beta")))
	}
	return join("crm", "v3", "owners")
}

// The calls below keep their legacy paths under every family: HubSpot publishes no dated
// successor for them (HubSpot/HubSpot-public-api-spec-collection, read at commit 9989379: no
// spec names call dispositions, private-app token info or secondary emails, and the 2026-03
// OAuth API's token/introspect wants an OAuth app's client id and secret, which a private-app
// token does not have).

// dispositions lists the call outcomes (a legacy endpoint with no versioned successor yet).
func (p paths) dispositions() string { return "/calling/v1/dispositions" }

// tokenInfo is the private-app token's details (portal, user, scopes).
func (p paths) tokenInfo() string { return "/oauth/v2/private-apps/get/access-token-info" }

// secondaryV1 is the legacy secondary-email endpoint of one contact (vid = contact id).
func (p paths) secondaryV1(vid string) string {
	return join("contacts", "v1", "secondary-email", seg(vid))
}

func (p paths) secondaryV1Email(vid, email string) string {
	return p.secondaryV1(vid) + "/email/" + seg(email)
}
