package cmd

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/value"
	"github.com/hubcontacts/hubcontacts/keys"
)

// maxSandboxContacts is the most contacts the sandbox seeds: a million (five million records
// with their activities) fit in about 1.2 GB.
const maxSandboxContacts = 1_000_000

type sandboxFlags struct {
	listen      string
	token       string
	contacts    int
	seed        int64
	rateLimit   string
	faults      string
	strict      bool
	searchLag   time.Duration
	state       string
	allowRemote bool
	// dataSet: --contacts or --seed was given (they make a fresh --state file only).
	dataSet bool
	// Switches for HubSpot behaviours the references leave UNVERIFIED, and the other limits.
	retryAfter     bool
	listLimitError bool
	mergedIDs      bool
	oauth          bool
	dailyLimit     int
	searchRate     int
	anyOwnerID     bool
	noDispositions bool
	dispositionOpt bool
	enumOrder      string
	emailSecondary bool
}

const sandboxLong = `Serve a local HubSpot on this machine: the same paths, status codes, error bodies, rate-limit
headers and quirks as the real CRM API, over seeded, deterministic data (hostile values
included). No network, no real token. It prints its base URL and its token, then serves until
Ctrl-C.

It listens on loopback only, unless --allow-remote says plainly that other machines may reach
it (it has no real security: its token is printed and is no secret). With --state FILE its data
is loaded from FILE (and the log FILE.wal beside it) when FILE exists, and every change is on
disk before it is answered, so an acknowledged write survives a restart, even after kill -9;
otherwise every start is fresh from --seed. A new FILE records only --seed and the sizes (a few
bytes, however many contacts), and a restart seeds the same data again and replays the log; once
the log outgrows a copy of the data, it is folded into FILE as one.`

func (r *runner) sandboxCommand() *cobra.Command {
	var f sandboxFlags
	c := &cobra.Command{
		Use:   "sandbox",
		Short: "Serve a local HubSpot sandbox on loopback for scripts, tests and demos",
		Long:  sandboxLong,
		Example: `  hubcontacts sandbox
  hubcontacts sandbox --listen 127.0.0.1:9000 --contacts 10000 --seed 7
  hubcontacts sandbox --rate-limit 10/10s --faults 5xx=0.1,429=0.05,latency=20ms-200ms
  hubcontacts sandbox --state ~/sandbox.json --strict`,
		Args:              noArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(c *cobra.Command, _ []string) error {
			f.dataSet = c.Flags().Changed("contacts") || c.Flags().Changed("seed")
			return r.runSandbox(c.Context(), f)
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.listen, "listen", "127.0.0.1:8089", "`ADDRESS` to listen on (host:port; port 0 picks a free one)")
	fl.StringVar(&f.token, "token", hubspottest.DefaultToken, "the sandbox's own `TOKEN` to accept (a made-up one, never a real HubSpot token)")
	fl.IntVar(&f.contacts, "contacts", 2000, "how many contacts to seed, 0 to 1,000,000 (a million take about 1.2 GB)")
	fl.Int64Var(&f.seed, "seed", 1, "seed of the generated data and of the faults: same seed, same sandbox")
	fl.StringVar(&f.rateLimit, "rate-limit", "100/10s", "the TEN_SECONDLY_ROLLING limit as `REQUESTS/INTERVAL`, or off")
	fl.StringVar(&f.faults, "faults", "", "inject failures: `SPEC` like 5xx=0.1,429=0.05,reset=0.01,latency=20ms (see the README)")
	fl.BoolVar(&f.strict, "strict", false, "stricter HubSpot: hs_additional_emails read-only (legacy v1 endpoints to change them), enumeration labels refused")
	fl.DurationVar(&f.searchLag, "search-lag", 0, "delay before a write shows in search, as in HubSpot (e.g. 3s)")
	fl.StringVar(&f.state, "state", "", "load the data from `FILE` if it exists (--contacts and --seed then make no difference), and keep every change there (in FILE.wal) before answering it")
	fl.BoolVar(&f.allowRemote, "allow-remote", false, "allow listening on an address other machines can reach")
	fl.BoolVar(&f.retryAfter, "retry-after", false, "send Retry-After (seconds) on 429s (unverified in HubSpot: off by default)")
	fl.BoolVar(&f.listLimitError, "list-limit-error", false, "refuse a list limit over 100 with a 400 instead of capping it (unverified in HubSpot)")
	fl.BoolVar(&f.mergedIDs, "strict-merged-ids", false, "only a GET follows a merged-away contact id; PATCH and batches answer 404 (unverified in HubSpot)")
	fl.BoolVar(&f.oauth, "oauth", false, "answer as for OAuth tokens: no daily rate-limit headers")
	fl.IntVar(&f.dailyLimit, "daily-limit", 250000, "the portal's daily request limit (`N`; set it low to try the DAILY 429)")
	fl.IntVar(&f.searchRate, "search-per-second", 5, "search's own per-second limit (`N`)")
	fl.BoolVar(&f.anyOwnerID, "any-owner-id", false, "take any whole number as hubspot_owner_id, not only an owner's id (unverified in HubSpot)")
	fl.BoolVar(&f.noDispositions, "no-legacy-dispositions", false, "answer GET /calling/v1/dispositions with a 404, as if HubSpot had retired it (unverified)")
	fl.BoolVar(&f.dispositionOpt, "disposition-options", false, "list the call outcomes as hs_call_disposition's options (unverified in HubSpot)")
	fl.StringVar(&f.enumOrder, "enum-sort", "value", "how search sorts an enumeration: `value` (by internal value) or options (in the options' order); unverified in HubSpot")
	fl.BoolVar(&f.emailSecondary, "email-eq-secondary", false, "a search filter \"email EQ x\" also matches a secondary email x (a community report; unverified in HubSpot)")
	return c
}

func (r *runner) runSandbox(ctx context.Context, f sandboxFlags) error {
	opts, err := f.options()
	if err != nil {
		return err
	}
	if err := checkListen(f.listen, f.allowRemote); err != nil {
		return err
	}
	r.sayWhatStartDoes(f)
	sb, loaded, err := openSandbox(ctx, f.state, opts)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", f.listen)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", f.listen, err)
	}
	stopPersist := func() error { return nil }
	if f.state != "" {
		// From here on every write is on disk before it is answered (a log beside the file).
		if stopPersist, err = sb.Persist(f.state); err != nil {
			_ = l.Close()
			return err
		}
	}
	sb.SetRequestLogLimit(-1) // a long-running sandbox keeps no request log: memory stays flat
	srv := sb.Serve(l)
	r.announce(srv.URL, f, loaded)

	<-ctx.Done() // SIGINT or SIGTERM
	// Answer the requests in flight (a few seconds at most), then stop.
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	_ = srv.Shutdown(shutdown)
	cancel()
	if err := stopPersist(); err != nil { // --state: the log's last writes, closed
		return err
	}
	if f.state != "" {
		fmt.Fprintf(r.stderr, "Sandbox stopped; its data is saved in %s.\n", f.state)
	} else {
		fmt.Fprintln(r.stderr, "Sandbox stopped.")
	}
	return nil
}

// sayWhatStartDoes tells, before a start that takes a while, what it is doing: seeding, seeding
// again what --state FILE records, or loading FILE. When FILE exists, --contacts and --seed do
// not change its data, and it says so.
func (r *runner) sayWhatStartDoes(f sandboxFlags) {
	info, err := hubspottest.ReadStateInfo(f.state)
	if f.state == "" || errors.Is(err, fs.ErrNotExist) {
		if f.contacts >= 100_000 {
			fmt.Fprintf(r.stderr, "Seeding %s contacts (Ctrl-C stops)…\n", value.Thousands(f.contacts))
		}
		return
	}
	if err != nil {
		return // loading it says what is wrong
	}
	if f.dataSet {
		fmt.Fprintf(r.stderr, "%s exists, so its data is loaded: --contacts and --seed make a fresh file only.\n", f.state)
	}
	log := ""
	if info.LogSize >= 32<<20 {
		log = fmt.Sprintf(", then replaying %s MB of changes", value.Thousands(int(info.LogSize>>20)))
	}
	switch {
	case info.Seeded && (info.Contacts >= 100_000 || log != ""):
		fmt.Fprintf(r.stderr, "Seeding %s contacts from seed %d again, as %s records%s (Ctrl-C stops)…\n",
			value.Thousands(int(info.Contacts)), info.Seed, f.state, log)
	case !info.Seeded && (info.Size >= 32<<20 || log != ""):
		fmt.Fprintf(r.stderr, "Loading %s (%s MB%s; Ctrl-C stops)…\n", f.state, value.Thousands(int(info.Size>>20)), log)
	}
}

func (f sandboxFlags) options() (hubspottest.Options, error) {
	if err := keys.CheckToken(f.token); err != nil {
		return hubspottest.Options{}, usageError("--token: %v", err)
	}
	if f.contacts < 0 || f.contacts > maxSandboxContacts {
		return hubspottest.Options{}, usageError("--contacts %d: give 0 to 1,000,000 (a million contacts, with their "+
			"activities, take about 1.2 GB of memory and half a minute to seed)", f.contacts)
	}
	if f.searchLag < 0 {
		return hubspottest.Options{}, usageError("--search-lag %s: give 0 or more", f.searchLag)
	}
	rl, err := hubspottest.ParseRateLimit(f.rateLimit)
	if err != nil {
		return hubspottest.Options{}, usageError("--rate-limit: %v", err)
	}
	faults, err := hubspottest.ParseFaults(f.faults)
	if err != nil {
		return hubspottest.Options{}, usageError("--faults: %v", err)
	}
	if f.dailyLimit < 1 || f.searchRate < 1 {
		return hubspottest.Options{}, usageError("--daily-limit and --search-per-second: give 1 or more")
	}
	enumOrder := hubspottest.EnumByValue
	switch f.enumOrder {
	case "value":
	case "options":
		enumOrder = hubspottest.EnumByOptions
	default:
		return hubspottest.Options{}, usageError("--enum-sort %q: give value or options", f.enumOrder)
	}
	contacts := f.contacts
	if contacts == 0 {
		contacts = -1 // Options: 0 is "the default", negative is "none"
	}
	return hubspottest.Options{
		Seed: f.seed, Contacts: contacts, Tokens: map[string][]string{f.token: hubspottest.AllScopes},
		RateLimit: rl, Faults: faults, Strict: f.strict, SearchLag: f.searchLag,
		RetryAfter: f.retryAfter, ListLimitError: f.listLimitError, StrictMergedIDs: f.mergedIDs, OAuth: f.oauth,
		DailyLimit: f.dailyLimit, SearchPerSecond: f.searchRate,
		AnyOwnerID: f.anyOwnerID, NoLegacyDispositions: f.noDispositions, DispositionOptions: f.dispositionOpt,
		SearchEnumOrder: enumOrder, SearchEmailMatchesSecondary: f.emailSecondary,
	}, nil
}

// checkListen refuses an address other machines can reach unless allowed in so many words.
func checkListen(addr string, allowRemote bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return usageError("--listen %q: give host:port, like 127.0.0.1:8089", addr)
	}
	if config.IsLoopback(host) || allowRemote {
		return nil
	}
	shown := host
	if shown == "" {
		shown = "every interface"
	}
	return usageError("--listen %s: refusing to serve the sandbox beyond this machine (%s): it has no real security, "+
		"its token is printed and is no secret. Listen on 127.0.0.1, or pass --allow-remote to do it anyway", addr, shown)
}

// openSandbox loads the state file when there is one, else builds a fresh seeded sandbox;
// seeding stops when ctx ends (Ctrl-C).
func openSandbox(ctx context.Context, state string, opts hubspottest.Options) (sb *hubspottest.Sandbox, loaded bool, err error) {
	if state == "" {
		sb, err = hubspottest.NewContext(ctx, opts)
		return sb, false, err
	}
	sb, err = hubspottest.LoadStateContext(ctx, state, opts)
	switch {
	case err == nil:
		return sb, true, nil
	case errors.Is(err, fs.ErrNotExist):
		sb, err = hubspottest.NewContext(ctx, opts)
		return sb, false, err
	case ctx.Err() != nil:
		return nil, false, err
	}
	return nil, false, fmt.Errorf("%w; move %s and %s.wal aside to start afresh", err, state, state)
}

func (r *runner) announce(url string, f sandboxFlags, loaded bool) {
	what := fmt.Sprintf("%s contacts from seed %d", value.Thousands(max(f.contacts, 0)), f.seed)
	if loaded {
		what = "data loaded from " + f.state
	}
	fmt.Fprintf(r.stdout, "HubSpot sandbox listening on %s (%s)\n", url, what)
	fmt.Fprintf(r.stdout, "Base URL: %s\nToken:    %s\n\n", url, f.token)
	fmt.Fprintf(r.stdout, "Point the app at it once:\n  echo %s | hubcontacts login --profile sandbox --base-url %s\n  hubcontacts --profile sandbox\n", f.token, url)
	fmt.Fprintf(r.stdout, "Or script against it:\n  curl -H 'Authorization: Bearer %s' '%s/crm/v3/objects/contacts?limit=2'\n", f.token, url)
	fmt.Fprintln(r.stdout, "Stop it with Ctrl-C.")
}
