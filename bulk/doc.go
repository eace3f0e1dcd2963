// Package bulk is the work on many contacts at once, shared by the command line and the TUI:
// splitting a pasted list of emails and looking them all up, reading a CSV file (every
// malformed line named), mapping its header to HubSpot properties, validating the rows before
// anything is written, upserting them in batches of 100 with progress, writing the rows that
// failed to a CSV ready to fix and import again, and exporting contacts as CSV or JSON while
// keeping memory flat.
//
// Files, one concern each:
//
//	emails.go    splitting pasted text into addresses; the address check
//	lookup.go    batch read by email (found, not found), creating the missing ones
//	source.go    the file an import reads (a regular file, or standard input kept aside)
//	csvread.go   reading a CSV file a row at a time, within limits, with line-numbered errors
//	mapping.go   header → property (internal name or label), the key column
//	plan.go      validating rows into upsert inputs (dry run and real run)
//	keys.go      the keys given on more than one row, in bounded memory
//	values.go    checking and normalising one value against its property
//	runner.go    the upsert in batches of 100 as the file is read again, rounds for transient failures
//	progress.go  progress events: records per second, rate-limit waits
//	failures.go  the failures CSV
//	export.go    streaming export of a list, a search or given ids, as CSV or JSON
//
// Values are kept raw here (exactly as HubSpot or the file gave them); sanitizing for display
// is the caller's job (ui/sanitize).
package bulk
