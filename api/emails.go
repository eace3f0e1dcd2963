package api

import (
	"context"
	"net/http"
	"strings"
)

const additionalEmails = "hs_additional_emails"

// SecondaryEmails returns a contact's secondary emails (hs_additional_emails), in HubSpot's order.
func (c *Client) SecondaryEmails(ctx context.Context, contactID string) ([]string, error) {
	obj, err := c.GetContact(ctx, contactID, GetOptions{Properties: []string{additionalEmails}})
	if err != nil {
		return nil, err
	}
	return splitEmails(obj.Properties[additionalEmails]), nil
}

// AddSecondaryEmail adds a secondary email to a contact. It writes hs_additional_emails (the
// whole set, comma-separated) as the seed describes; when HubSpot answers that the property is
// read-only, it uses the legacy v1 endpoint instead, and keeps doing so for this client.
// Adding an email the contact already has is a no-op.
func (c *Client) AddSecondaryEmail(ctx context.Context, contactID, email string) error {
	email = strings.TrimSpace(email)
	if !isEmail(email) {
		return argError("%q is not an email address", email)
	}
	return c.changeSecondary(ctx, contactID, email, true)
}

// RemoveSecondaryEmail removes a secondary email from a contact (v3 property write, or the
// legacy v1 endpoint once HubSpot has said the property is read-only).
func (c *Client) RemoveSecondaryEmail(ctx context.Context, contactID, email string) error {
	return c.changeSecondary(ctx, contactID, strings.TrimSpace(email), false)
}

func (c *Client) changeSecondary(ctx context.Context, contactID, email string, add bool) error {
	id, err := c.contactID(ctx, contactID)
	if err != nil {
		return err
	}
	if !c.v1Secondary.Load() {
		err := c.writeSecondaryV3(ctx, id, email, add)
		if !secondaryReadOnly(err) {
			return err
		}
		c.v1Secondary.Store(true)
		c.log.Debug("hubspot: hs_additional_emails is read-only here; using the legacy v1 secondary-email endpoints")
	}
	method := http.MethodPut
	if !add {
		method = http.MethodDelete
	}
	_, err = c.do(ctx, call{method: method, path: c.paths.secondaryV1Email(id, email), idempotent: true})
	return err
}

// writeSecondaryV3 rewrites the whole set through hs_additional_emails.
func (c *Client) writeSecondaryV3(ctx context.Context, id, email string, add bool) error {
	cur, err := c.SecondaryEmails(ctx, id)
	if err != nil {
		return err
	}
	next := make([]string, 0, len(cur)+1)
	have := false
	for _, e := range cur {
		if strings.EqualFold(e, email) {
			have = true
			if !add {
				continue
			}
		}
		next = append(next, e)
	}
	if add == have {
		return nil // already there, or already absent
	}
	if add {
		next = append(next, email)
	}
	_, err = c.UpdateContact(ctx, id, map[string]string{additionalEmails: strings.Join(next, ",")})
	return err
}

// secondaryReadOnly reports HubSpot refusing a write of hs_additional_emails as read-only.
func secondaryReadOnly(err error) bool {
	details, ok := IsValidation(err)
	if !ok {
		return false
	}
	for _, d := range details {
		if d.Name == additionalEmails && (d.Code == "READ_ONLY_VALUE" || strings.Contains(strings.ToLower(d.Message), "read-only") ||
			strings.Contains(strings.ToLower(d.Message), "read only")) {
			return true
		}
	}
	return false
}

// contactID resolves an email to the contact's id (ids pass through).
func (c *Client) contactID(ctx context.Context, idOrEmail string) (string, error) {
	if !isEmail(idOrEmail) {
		return idOrEmail, nil
	}
	obj, err := c.GetContact(ctx, idOrEmail, GetOptions{Properties: []string{"hs_object_id"}})
	if err != nil {
		return "", err
	}
	return obj.ID, nil
}
