// Package hubspottest is a HubSpot CRM that runs on this machine: an in-memory portal that
// answers over real HTTP as HubSpot does, so that no test, demo or CI run reaches HubSpot. It
// runs standalone (`hubcontacts sandbox`, `--demo`) as well as inside tests, like Go's own
// httptest or Bigtable's bttest.
//
// # Serving
//
// New builds a Sandbox (an http.Handler) from Options; Sandbox.Serve, Listen and Start serve
// it with a plain net/http server, and NewServer is the thin constructor tests use (a free
// loopback port, closed on cleanup). A Server is the Sandbox plus its URL and a token it takes.
//
// # Fidelity
//
// Requests meet what a HubSpot client meets, from the outside in: authentication and scopes
// (private-app and OAuth tokens), the ten-secondly, search and daily rate limits with their
// headers and 429 bodies, a cap on body sizes, then the CRM API itself: objects of every type
// HubSpot's contacts app touches (CRUD, list paging, batches, upsert, merge, gdpr-delete), search
// with its operators, limits and lag, v3 and v4 associations with labels, deal and ticket pipelines, property definitions
// and value validation, secondary emails, account details. Both path families are served: the
// numbered v3/v4 paths and the date-based versions HubSpot publishes (versions.go names them
// and where the list comes from). Status codes, error bodies (HubSpot's quirks included, such
// as validation details serialised into the message) and headers follow HubSpot's documents
// and observed answers; where a behaviour is unverified, an Options field switches it. Beside the
// CRM objects it serves the portal's owners (owners.go) and call outcomes (dispositions.go).
//
// # Data
//
// The Store holds the portal's records, their property history, associations, merges and the
// gdpr blocklist behind one lock; Store.Do and Store.View give tests atomic access, handing out
// Objects that are copies of the stored records. It is built for a portal of a million contacts
// (five million records with their activities, ten million association edges) in about 650
// bytes a contact: fixed-size records without pointers, properties and history encoded in an
// append-only arena with the repeated values interned (store_data.go), one id index of four
// bytes a record, association edges in pairs of 16 bytes. Lookups by id and email and a list page
// cost the same at every size. A seeded sandbox is deterministic: the same Options.Seed gives the
// same records, with fixtures (named by the constants in seed.go) that tests rely on, and hostile
// values (terminal escapes, bidi overrides, very long values) a client must render safely.
//
// # Faults and observation
//
// Faults injects the failures of a real network and a busy HubSpot (latency, 5xx, 429, resets,
// truncated and lost answers), at random but reproducibly from the seed, or one at a time
// through InjectNext. The request log records what was asked and answered, for tests.
//
// # State
//
// SaveState and LoadState keep a sandbox across restarts (the command's --state). Persist keeps
// it from then on: each transaction's changes go to a write-ahead log beside the state file and
// are fsync'd before Store.Do returns (transactions ending together share one fsync), so a write
// is on disk before it is answered (journal.go). A fresh state file of a seeded sandbox holds
// only the seed's settings and a fingerprint of what they make, so starting costs nothing on
// disk at any size; loading seeds again, checks the fingerprint and replays the log. Once the
// log outgrows what a snapshot would take, it is folded into a snapshot in the background: a
// versioned binary file written and read a record at a time, with a checksum, that says the same
// state in the same bytes (state_binary.go). Version 1 state files (JSON) are still read
// (state_json.go).
package hubspottest
