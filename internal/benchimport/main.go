// Command benchimport measures `hubcontacts import` against HubSpot's rate window (make
// bench-import). For each size and fault setting it starts a fresh sandbox, imports a CSV of
// new contacts with the real binary, as a user would, then does the same import with a plain
// rolling-window client model in this process (the peer), and prints each one's rows per
// second as a fraction of the physical limit, the longest pause, and the rows lost.
//
// The physical limit. A rolling window admits at most M requests in any interval I. From an
// empty window, the k-th request (0-based) can be admitted no earlier than floor(k/M)·I after
// the first, so R requests need at least floor((R-1)/M)·I, plus the time the machine takes to
// serve the last window's requests, which the window lets go at once. That time is measured,
// not modelled: the bench itself offers the last window's requests to a fresh sandbox (the
// same bodies, encoded beforehand; answers read and dropped; the property read first and alone
// when it is among them, as every client needs its answer before writing), on a fresh sandbox,
// with 1, 2, 4, 8, 16 and all of them in flight (all at once is not the fastest on a small
// machine: the requests then compete for it), and takes the time from the first arrival to
// the last answer's end. It does so before and after the line's clients and keeps the least:
// what this machine needed, under its load at the time, with no client work at all. R is what
// the import needs without faults: one read of the property definitions and one upsert per 100
// rows. The limit in rows per second is rows / that time, one limit for every client of a line
// (faulted lines too). A run's time is from the first request's arrival to the last answer's
// end, as the sandbox sees them.
//
// In flight. Both clients keep bulk.Workers of the window in flight (the whole window, 100 at
// 100 per 10 s) while it has room; the limit takes whatever number in flight served fastest.
//
// The wire. The sandbox answers over TLS with HTTP/2 offered, as HubSpot does (-tls=false for
// plain HTTP/1.1, where every request in flight needs a connection of its own: a burst of 50
// cost the sandbox about 20 ms of accepting them); each client trusts its certificate through
// SSL_CERT_FILE.
//
// Modes. clean: no faults, the sandbox answering as fast as this machine lets it, so the
// sandbox and the client share its processors (HubSpot's own serving costs the client
// nothing). faults: --faults (5xx and 429 at random). latency: no faults, each answer taking
// -latency (drawn per request), as HubSpot's do: the figure a user meets, where the client's
// own work is small beside the answer time and requests in flight are what counts. The
// latency line's limit is measured with the same latency.
//
// A pause is an interval in which the sandbox had no request of the run in flight. Columns:
// reqs, 429 and 5xx count what the sandbox answered; lost is rows the sandbox does not hold at
// the end, fail what the client reported failed; prep is the time from the first request to the
// second (the import's checks of the file), s the mean time the sandbox took to answer a
// request, cpu the client's own processor time (ours: the process's user and system time,
// start-up included).
//
// Runs. The limit is the best of its trials, so on a line whose requests fit one window (a
// tenth of a second clean, where one run varies by a tenth or more) each client gets its best
// of -runs too, the median beside it; a line the window binds (seconds to minutes, set by the
// window) and a faulted line run once.
//
// It takes minutes (the 100,000-row runs are window-bound: about 100 s each at 100/10 s) and
// is not part of make test. Real time throughout: the sandbox's rate window runs on the wall
// clock, as HubSpot's does, so the figures include every cost of a real run.
package main

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/bulk"
)

func main() {
	sizes := flag.String("sizes", "5000,20000,100000", "import sizes in rows, comma-separated")
	rate := flag.String("rate-limit", "100/10s", "the sandbox's TEN_SECONDLY_ROLLING window")
	faults := flag.String("faults", "5xx=0.05,429=0.02", "the faulted runs' --faults")
	seed := flag.Int64("seed", 1, "the sandbox's seed (faults drawn from it)")
	clients := flag.String("clients", "ours,peer", "which clients to run: ours, peer, cmd")
	peerCmd := flag.String("peer-cmd", "", "with -clients …,cmd: a command importing $BENCH_CSV into $BENCH_BASE_URL with token $BENCH_TOKEN (another client to compare)")
	modes := flag.String("modes", "clean,faults,latency", "clean, faults, latency, or several")
	latency := flag.String("latency", "100ms-300ms", "the latency runs' answer time, as --faults latency= takes it (HubSpot's own for a 100-contact upsert is not documented)")
	runs := flag.Int("runs", 5, "runs of each client on a clean or latency line whose requests fit one window, the best kept: the limit is the best of its trials, and one run of a tenth of a second varies by a tenth or more (lines the window binds, and faulted lines, run once)")
	prebuilt := flag.String("bin", "", "a hubcontacts binary to run as ours (default: build the tree's), to measure another version")
	spans := flag.Bool("spans", false, "print each request of each run to standard error: client, arrival and end (ms from the first arrival), status")
	cores := flag.String("cores", defaultCores(), "split: the sandbox on the first processor, every client on the others (as HubSpot's servers are not the user's machine); shared: all on all")
	useTLS := flag.Bool("tls", true, "serve the sandbox over TLS with HTTP/2 offered, as HubSpot does (every client trusts its certificate through SSL_CERT_FILE); false: plain HTTP/1.1")
	as := flag.String("as", "", "internal: run as a client process (peer or serve) against -base")
	base := flag.String("base", "", "internal: the sandbox's URL, with -as")
	csvPath := flag.String("csv", "", "internal: the CSV file, with -as")
	inFlight := flag.Int("in-flight", 0, "internal: requests in flight, with -as serve")
	flag.Parse()

	if *as != "" {
		rl, err := hubspottest.ParseRateLimit(*rate)
		check(err)
		asClient(*as, *base, *csvPath, rl, *inFlight)
		return
	}
	if *cores != "split" && *cores != "shared" {
		check(fmt.Errorf("-cores %q: split or shared", *cores))
	}
	if *cores == "split" && os.Getenv(pinnedEnv) == "" {
		os.Exit(pinSelf())
	}

	rl, err := hubspottest.ParseRateLimit(*rate)
	check(err)
	fs, err := hubspottest.ParseFaults(*faults)
	check(err)
	lat, err := hubspottest.ParseFaults("latency=" + *latency)
	check(err)
	dir, err := os.MkdirTemp("", "benchimport-")
	check(err)
	defer os.RemoveAll(dir)
	bin := *prebuilt
	if bin == "" {
		check(os.Mkdir(filepath.Join(dir, "bin"), 0o700))
		bin = filepath.Join(dir, "bin", "hubcontacts")
		build := exec.Command("go", "build", "-o", bin, ".")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		check(build.Run())
	}

	self, err := os.Executable()
	check(err)
	b := &bench{dir: dir, bin: bin, self: self, rate: rl, seed: *seed, peerCmd: *peerCmd, spans: *spans, split: *cores == "split"}
	if *useTLS {
		b.serveTLS()
	}
	fmt.Printf("window %s; physical limit: floor((R-1)/M)·I + the least time this machine served the last window's requests in (see the source); in flight: %d; processors: %s\n\n",
		rl, bulk.Workers(rl.Max, rl.Interval), b.coresSaid())
	fmt.Printf("%-7s %-6s %-5s %7s %5s %5s %8s %9s %9s %7s %7s %5s %5s %8s %7s %7s\n",
		"rows", "mode", "who", "reqs", "429", "5xx", "time", "rows/s", "limit/s", "of lim", "pause", "lost", "fail", "prep", "s", "cpu")
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		check(err)
		csv := b.writeCSV(n)
		for _, mode := range strings.Split(*modes, ",") {
			// The limit's sandbox answers as the line's does when the line models HubSpot's
			// answer time (the window then lets its last requests go at once, each waiting
			// that time); faults are the clients' to weather, not the limit's.
			f, limitFaults := hubspottest.Faults{}, hubspottest.Faults{}
			switch mode {
			case "faults":
				f = fs
			case "latency":
				f, limitFaults = lat, lat
			case "clean":
			default:
				check(fmt.Errorf("unknown mode %q (clean, faults or latency)", mode))
			}
			served, at := b.lastWindow(n, csv, limitFaults)
			tries := 1
			if mode != "faults" && requestsFor(n) <= b.rate.Max {
				tries = *runs
			}
			var line []run
			for _, who := range strings.Split(*clients, ",") {
				r := b.best(who, n, csv, f, tries)
				r.mode = mode
				line = append(line, r)
			}
			if again, w := b.lastWindow(n, csv, limitFaults); again < served {
				served, at = again, w
			}
			limit := b.limit(n, served)
			fmt.Printf("%-7s %-6s %-5s %7d %5s %5s %7.1fs %9s %9.0f   (the last window's %d requests served in %.1f ms, %d in flight)\n",
				thousands(n), mode, "limit", requestsFor(n), "", "", limit.Seconds(), "", float64(n)/limit.Seconds(),
				requestsFor(n)-(requestsFor(n)-1)/b.rate.Max*b.rate.Max, ms(served), at)
			for _, r := range line {
				r.limit = limit
				r.print()
			}
			for _, other := range line[1:] {
				if line[0].who == "ours" && other.rowsPerSec() > 0 {
					fmt.Printf("%-7s %-6s ours/%s = %.2f\n", thousands(n), mode, other.who, line[0].rowsPerSec()/other.rowsPerSec())
				}
			}
		}
		fmt.Println()
	}
}

type bench struct {
	dir     string
	bin     string
	self    string // this program, run again as a client (-as)
	rate    hubspottest.RateLimit
	seed    int64
	peerCmd string
	spans   bool
	split   bool // the sandbox on processor 0 (this process), the clients on the others
	tls     *tls.Config
	caFile  string // the sandbox's certificate, for the clients to trust
}

// pinnedEnv marks the bench process once it runs on processor 0 alone; its value is the
// machine's processor count (the pinned process sees only its own).
const pinnedEnv = "BENCHIMPORT_PINNED"

// defaultCores splits the processors when there are two or more.
func defaultCores() string {
	if os.Getenv(pinnedEnv) != "" || runtime.NumCPU() >= 2 {
		return "split"
	}
	return "shared"
}

// cpus is the machine's processor count.
func cpus() int {
	if n, err := strconv.Atoi(os.Getenv(pinnedEnv)); err == nil {
		return n
	}
	return runtime.NumCPU()
}

// pinSelf runs this program again on processor 0 alone (taskset), and returns its exit code.
// The bench process serves the sandbox, so the sandbox has processor 0 to itself; every
// client runs as its own process on the others (clientCmd).
func pinSelf() int {
	self, err := os.Executable()
	check(err)
	cmd := exec.Command("taskset", append([]string{"-c", "0", self}, os.Args[1:]...)...)
	cmd.Env = append(os.Environ(), pinnedEnv+"="+strconv.Itoa(runtime.NumCPU()))
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		check(fmt.Errorf("taskset (util-linux) runs the sandbox on its own processor; -cores shared runs without it: %w", err))
	}
	return 0
}

func (b *bench) coresSaid() string {
	if b.split {
		return fmt.Sprintf("split (the sandbox on processor 0, each client on 1-%d)", cpus()-1)
	}
	return "shared (the sandbox and each client on all)"
}

// clientCmd is a client's process: on the processors the sandbox leaves when they are split,
// trusting the sandbox's certificate (SSL_CERT_FILE, which Go's and most TLS stacks read).
func (b *bench) clientCmd(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	if b.split {
		cmd = exec.Command("taskset", append([]string{"-c", fmt.Sprintf("1-%d", cpus()-1), name}, args...)...)
	}
	cmd.Env = os.Environ()
	if b.tls != nil {
		cmd.Env = append(cmd.Env, "SSL_CERT_FILE="+b.caFile)
	}
	return cmd
}

// listen serves h on a fresh loopback port: over TLS, HTTP/2 offered as HubSpot does, unless
// -tls=false. It returns the base URL and a stop.
func (b *bench) listen(h http.Handler) (string, func()) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	if b.tls == nil {
		go func() { _ = hs.Serve(l) }()
		return "http://" + l.Addr().String(), func() { hs.Close() }
	}
	hs.TLSConfig = b.tls.Clone()
	go func() { _ = hs.ServeTLS(l, "", "") }()
	return "https://" + l.Addr().String(), func() { hs.Close() }
}

// serveTLS makes a certificate for 127.0.0.1, writes it to dir/sandbox-ca.pem for the clients
// to trust, and keeps the server's side of it.
func (b *bench) serveTLS() {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	check(err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "benchimport sandbox"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	check(err)
	b.caFile = filepath.Join(b.dir, "sandbox-ca.pem")
	check(os.WriteFile(b.caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	b.tls = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}, MinVersion: tls.VersionTLS12}
}

// asClient is this program run as a client process: the peer's import, or the limit's
// client (serve) sending the last window's requests inFlight at a time.
func asClient(as, base, csv string, rl hubspottest.RateLimit, inFlight int) {
	switch as {
	case "peer":
		failed, err := peer(base, csv, rl)
		fmt.Println(failed)
		check(err)
	case "serve":
		check(send(base, lastWindowRequests(csv, rl), inFlight))
	default:
		check(fmt.Errorf("-as %q: peer or serve", as))
	}
}

// runClient runs this program as a client (-as) against base.
func (b *bench) runClient(as, base, csv string, args ...string) (string, error) {
	cmd := b.clientCmd(b.self, append([]string{"-as", as, "-base", base, "-csv", csv, "-rate-limit", b.rate.String()}, args...)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("%v: %s", err, lastLines(errOut.String(), 3))
	}
	return out.String(), nil
}

func (b *bench) writeCSV(n int) string {
	path := filepath.Join(b.dir, fmt.Sprintf("contacts-%d.csv", n))
	f, err := os.Create(path)
	check(err)
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "email,firstname,lastname,jobtitle")
	for i := range n {
		fmt.Fprintf(w, "bench%07d@example.com,First%d,Last%d,Engineer\n", i, i, i)
	}
	check(w.Flush())
	check(f.Close())
	return path
}

// run imports the CSV into a fresh sandbox with one client and measures it.
func (b *bench) run(who string, n int, csv string, f hubspottest.Faults) run {
	sb := hubspottest.New(hubspottest.Options{Empty: true, Seed: b.seed, RateLimit: b.rate, Faults: f, DailyLimit: -1})
	sb.SetRequestLogLimit(-1)
	m := &meter{}
	base, stop := b.listen(m.wrap(sb))
	defer stop()

	r := run{who: who, rows: n}
	switch who {
	case "ours":
		r.failed, r.cpu, r.err = b.ours(base, csv)
	case "peer":
		var out string
		out, r.err = b.runClient("peer", base, csv)
		if n, err := strconv.Atoi(strings.TrimSpace(out)); err == nil {
			r.failed = n
		}
	case "cmd":
		r.err = b.external(base, csv)
	default:
		check(fmt.Errorf("unknown client %q", who))
	}
	r.stored = storedOf(sb, n)
	m.into(&r)
	if b.spans {
		m.print(who)
	}
	return r
}

// best runs a client tries times, each on a fresh sandbox, and keeps its fastest run without
// an error, noting the median's rows per second.
func (b *bench) best(who string, n int, csv string, f hubspottest.Faults, tries int) run {
	var all []run
	for range max(1, tries) {
		all = append(all, b.run(who, n, csv, f))
	}
	sort.SliceStable(all, func(i, j int) bool {
		if (all[i].err == nil) != (all[j].err == nil) {
			return all[i].err == nil
		}
		return all[i].took < all[j].took
	})
	r := all[0]
	r.tries = len(all)
	r.medianTook = all[len(all)/2].took
	return r
}

// ours runs the real binary's import, as a user would.
func (b *bench) ours(base, csv string) (failed int, cpu time.Duration, err error) {
	cmd := b.clientCmd(b.bin, "import", csv, "--yes", "--base-url", base)
	cmd.Env = append(cmd.Env, "HOME="+b.dir, "XDG_CONFIG_HOME="+b.dir, "HUBSPOT_ACCESS_TOKEN="+hubspottest.DefaultToken)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	runErr := cmd.Run()
	if cmd.ProcessState != nil {
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	m := regexp.MustCompile(`failed ([\d,]+)`).FindStringSubmatch(out.String())
	if m == nil {
		return 0, cpu, fmt.Errorf("no totals from the import (%v): %s %s", runErr, out.String(), lastLines(errOut.String(), 3))
	}
	failed, _ = strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	if runErr != nil {
		return failed, cpu, fmt.Errorf("%v: %s", runErr, lastLines(errOut.String(), 3))
	}
	return failed, cpu, nil
}

func (b *bench) external(base, csv string) error {
	cmd := b.clientCmd("sh", "-c", b.peerCmd)
	cmd.Env = append(cmd.Env, "BENCH_BASE_URL="+base, "BENCH_CSV="+csv, "BENCH_TOKEN="+hubspottest.DefaultToken)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

// storedOf counts the CSV's contacts the sandbox holds.
func storedOf(sb *hubspottest.Sandbox, n int) int {
	found := 0
	_ = sb.Store().View(func(tx *hubspottest.Tx) error {
		for i := range n {
			if tx.ContactByEmail(fmt.Sprintf("bench%07d@example.com", i)) != nil {
				found++
			}
		}
		return nil
	})
	return found
}

// meter records each request's arrival, end and status at the sandbox's door.
type meter struct {
	mu   sync.Mutex
	reqs []span
}

type span struct {
	start, end time.Time
	status     int
	proto      string
}

func (m *meter) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := span{start: time.Now(), proto: r.Proto}
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			s.end, s.status = time.Now(), sw.status
			m.mu.Lock()
			m.reqs = append(m.reqs, s)
			m.mu.Unlock()
		}()
		h.ServeHTTP(sw, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = 200
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// print writes each request's arrival and end (ms from the first arrival) and status.
func (m *meter) print(who string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range m.reqs {
		fmt.Fprintf(os.Stderr, "%s %9.1f %9.1f %d %s\n", who, ms(s.start.Sub(m.reqs[0].start)), ms(s.end.Sub(m.reqs[0].start)), s.status, s.proto)
	}
}

// into fills the run's request figures: count, 429s, 5xx, span, service time, longest pause.
func (m *meter) into(r *run) {
	m.mu.Lock()
	defer m.mu.Unlock()
	sort.Slice(m.reqs, func(i, j int) bool { return m.reqs[i].start.Before(m.reqs[j].start) })
	if len(m.reqs) == 0 {
		return
	}
	var served time.Duration
	var ok int
	end := m.reqs[0].end
	for i, s := range m.reqs {
		switch {
		case s.status == 429:
			r.limited++
		case s.status >= 500:
			r.errors++
		case s.status >= 200 && s.status < 300:
			served += s.end.Sub(s.start)
			ok++
		}
		if i > 0 && s.start.After(end) {
			r.pause = max(r.pause, s.start.Sub(end))
		}
		if s.end.After(end) {
			end = s.end
		}
	}
	r.requests = len(m.reqs)
	r.took = end.Sub(m.reqs[0].start)
	if ok > 0 {
		r.service = served / time.Duration(ok)
	}
	if len(m.reqs) > 1 {
		r.firstWrite = m.reqs[1].start.Sub(m.reqs[0].start)
	}
}

type run struct {
	who, mode      string
	rows           int
	limit          time.Duration // the physical limit's time for the rows (see the package comment)
	cpu            time.Duration // the client's processor time, when known
	requests       int
	limited        int
	errors         int
	took           time.Duration
	service        time.Duration // mean time the sandbox spent on a successful request
	pause          time.Duration
	firstWrite     time.Duration // from the first request to the second (the import's preparation)
	stored, failed int
	err            error
	tries          int           // runs of which this is the best
	medianTook     time.Duration // the median run's time, with tries > 1
}

func (r run) rowsPerSec() float64 {
	if r.took <= 0 {
		return 0
	}
	return float64(r.rows) / r.took.Seconds()
}

// requestsFor is R, the requests an import of n rows needs without faults: the property read
// and one upsert per 100 rows.
func requestsFor(n int) int { return 1 + (n+99)/100 }

// limit is the physical limit's time for n rows, the last window served in served.
func (b *bench) limit(n int, served time.Duration) time.Duration {
	full := (requestsFor(n) - 1) / b.rate.Max
	return time.Duration(full)*b.rate.Interval + served
}

func (r run) print() {
	lim := float64(r.rows) / r.limit.Seconds()
	fmt.Printf("%-7s %-6s %-5s %7d %5d %5d %7.1fs %9.0f %9.0f %7.2f %6.1fs %5d %5d",
		thousands(r.rows), r.mode, r.who, r.requests, r.limited, r.errors, r.took.Seconds(),
		r.rowsPerSec(), lim, r.rowsPerSec()/lim, r.pause.Seconds(), r.rows-r.stored, r.failed)
	cpu := "-"
	if r.cpu > 0 {
		cpu = fmt.Sprintf("%.0fms", ms(r.cpu))
	}
	fmt.Printf(" %6.0fms %5.2fms %7s", ms(r.firstWrite), ms(r.service), cpu)
	if r.tries > 1 && r.medianTook > 0 {
		fmt.Printf("  best of %d; median %.2f", r.tries, float64(r.rows)/r.medianTook.Seconds()/lim)
	}
	if r.err != nil {
		fmt.Printf("  error: %v", r.err)
	}
	fmt.Println()
}

// answer is a batch answer as HubSpot's SDKs model it (BatchResponseSimplePublicUpsertObject):
// what a client must read to tell what it wrote.
type answer struct {
	Status      string `json:"status"`
	StartedAt   string `json:"startedAt"`
	CompletedAt string `json:"completedAt"`
	Results     []struct {
		ID         string            `json:"id"`
		Properties map[string]string `json:"properties"`
		CreatedAt  string            `json:"createdAt"`
		UpdatedAt  string            `json:"updatedAt"`
		Archived   bool              `json:"archived"`
		New        bool              `json:"new"`
	} `json:"results"`
	Errors []json.RawMessage `json:"errors"`
}

// peer imports the CSV with a plain rolling-window client model: it knows the window (M per
// I), keeps the end times of its own requests, and sends whenever fewer than M of them ended
// within the last I (counting those in flight), with as many in flight as the import keeps
// (bulk.Workers), and reads each answer into the SDKs' model (answer); nothing else: no
// checks of the file, nothing sanitised, no row matched to its result. It retries like HubSpot's Node
// client: a 429 when its window has room again, a 5xx or a lost answer after 200 ms × attempt,
// up to 6 attempts. Batch upsert by email is idempotent, so a lost answer is simply re-sent.
func peer(base, csv string, rl hubspottest.RateLimit) (failed int, err error) {
	rows, err := readRows(csv)
	if err != nil {
		return 0, err
	}
	w := &rollingWindow{max: rl.Max, interval: rl.Interval}
	// at its best: its connections kept for every request it may have in flight (net/http keeps 2)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = max(2, rl.Max)
	hc := &http.Client{Timeout: 30 * time.Second, Transport: tr}
	send := func(method, path string, body any) error {
		var data []byte
		if body != nil {
			data, _ = json.Marshal(body)
		}
		var last error
		for attempt := 1; attempt <= 6; attempt++ {
			w.acquire()
			req, _ := http.NewRequest(method, base+path, bytes.NewReader(data))
			req.Header.Set("Authorization", "Bearer "+hubspottest.DefaultToken)
			req.Header.Set("Content-Type", "application/json")
			resp, err := hc.Do(req)
			status := 0
			if err == nil {
				status = resp.StatusCode
				if status < 300 {
					var out answer // read as HubSpot's SDKs read it: into their models
					err = json.NewDecoder(resp.Body).Decode(&out)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			w.release()
			switch {
			case err == nil && status < 300:
				return nil
			case status == 429:
				last = fmt.Errorf("429")
				w.waitForRoom()
				continue
			case err == nil && status < 500:
				return fmt.Errorf("%s %s: %d", method, path, status)
			}
			last = fmt.Errorf("%s %s: %v %d", method, path, err, status)
			time.Sleep(time.Duration(attempt) * 200 * time.Millisecond)
		}
		return last
	}
	if err := send(http.MethodGet, "/crm/v3/properties/contacts", nil); err != nil {
		return 0, err
	}
	batches := make(chan [][]string)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range bulk.Workers(rl.Max, rl.Interval) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				if e := send(http.MethodPost, "/crm/v3/objects/contacts/batch/upsert", map[string]any{"inputs": upsertInputs(b)}); e != nil {
					mu.Lock()
					failed += len(b)
					err = e
					mu.Unlock()
				}
			}
		}()
	}
	for i := 0; i < len(rows); i += 100 {
		batches <- rows[i:min(i+100, len(rows))]
	}
	close(batches)
	wg.Wait()
	return failed, err
}

// rollingWindow is the peer's model of the window: its own requests, each counted from its
// start until I after its end.
type rollingWindow struct {
	mu       sync.Mutex
	max      int
	interval time.Duration
	ends     []time.Time
	inflight int
}

func (w *rollingWindow) acquire() {
	for {
		w.mu.Lock()
		now := time.Now()
		for len(w.ends) > 0 && !w.ends[0].Add(w.interval).After(now) {
			w.ends = w.ends[1:]
		}
		if len(w.ends)+w.inflight < w.max {
			w.inflight++
			w.mu.Unlock()
			return
		}
		d := time.Until(w.ends[0].Add(w.interval))
		w.mu.Unlock()
		time.Sleep(d)
	}
}

func (w *rollingWindow) release() {
	w.mu.Lock()
	w.inflight--
	w.ends = append(w.ends, time.Now())
	w.mu.Unlock()
}

// waitForRoom sleeps until the oldest request the window holds leaves it (at most I).
func (w *rollingWindow) waitForRoom() {
	w.mu.Lock()
	d := time.Duration(0)
	if len(w.ends) >= w.max-w.inflight && len(w.ends) > 0 {
		d = time.Until(w.ends[0].Add(w.interval))
	}
	w.mu.Unlock()
	time.Sleep(d)
}

// lastWindow measures how fast this machine serves the import's last window of requests,
// which the window lets go at once: from a client with nothing else to do (bodies encoded
// beforehand, answers read and dropped; the property read first and alone when it is among
// them), on a fresh sandbox each time, offered with 1, 2, 4, 8, 16 and all of them in flight.
// It returns the least time from the first arrival to the last answer's end, and the number in
// flight that gave it.
func (b *bench) lastWindow(n int, csv string, f hubspottest.Faults) (time.Duration, int) {
	k := requestsFor(n) - (requestsFor(n)-1)/b.rate.Max*b.rate.Max
	best, at := time.Duration(0), 0
	for _, w := range []int{1, 2, 4, 8, 16, k} {
		if w > k || w == at {
			continue
		}
		if t := b.serve(csv, w, f); best == 0 || t < best {
			best, at = t, w
		}
	}
	return best, at
}

type request struct {
	method, path string
	body         []byte
}

// lastWindowRequests is the import's last window of requests for the CSV, bodies encoded.
func lastWindowRequests(csv string, rl hubspottest.RateLimit) []request {
	rows, err := readRows(csv)
	check(err)
	reqs := []request{{http.MethodGet, "/crm/v3/properties/contacts", nil}}
	for i := 0; i < len(rows); i += 100 {
		data, err := json.Marshal(map[string]any{"inputs": upsertInputs(rows[i:min(i+100, len(rows))])})
		check(err)
		reqs = append(reqs, request{http.MethodPost, "/crm/v3/objects/contacts/batch/upsert", data})
	}
	return reqs[(len(reqs)-1)/rl.Max*rl.Max:]
}

// serve has the limit's client (a process of its own, -as serve) send the last window's
// requests to a fresh sandbox, inFlight at a time, and returns the time from the first
// arrival to the last answer's end.
func (b *bench) serve(csv string, inFlight int, f hubspottest.Faults) time.Duration {
	sb := hubspottest.New(hubspottest.Options{Empty: true, Seed: b.seed, RateLimit: b.rate, Faults: f, DailyLimit: -1})
	sb.SetRequestLogLimit(-1)
	m := &meter{}
	base, stop := b.listen(m.wrap(sb))
	defer stop()
	_, err := b.runClient("serve", base, csv, "-in-flight", strconv.Itoa(inFlight))
	check(err)
	var r run
	m.into(&r)
	return r.took
}

// send sends reqs to base, inFlight at a time (the property read first and alone when it
// leads).
func send(base string, reqs []request, inFlight int) error {
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: len(reqs), ForceAttemptHTTP2: true}}
	defer hc.CloseIdleConnections()
	one := func(q request) error {
		req, err := http.NewRequest(q.method, base+q.path, bytes.NewReader(q.body))
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+hubspottest.DefaultToken)
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return err
		}
		if resp.StatusCode >= 300 {
			return fmt.Errorf("%s %s: %d", q.method, q.path, resp.StatusCode)
		}
		return nil
	}
	if reqs[0].method == http.MethodGet {
		if err := one(reqs[0]); err != nil {
			return err
		}
		reqs = reqs[1:]
	}
	todo := make(chan request, len(reqs))
	for _, q := range reqs {
		todo <- q
	}
	close(todo)
	errs := make(chan error, len(reqs))
	for range inFlight {
		go func() {
			for q := range todo {
				errs <- one(q)
			}
		}()
	}
	for range reqs {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

// upsertInputs is a batch upsert's inputs for CSV rows (email, first name, last name, job title).
func upsertInputs(rows [][]string) []map[string]any {
	inputs := make([]map[string]any, len(rows))
	for i, r := range rows {
		inputs[i] = map[string]any{"id": r[0], "idProperty": "email",
			"properties": map[string]string{"email": r[0], "firstname": r[1], "lastname": r[2], "jobtitle": r[3]}}
	}
	return inputs
}

func readRows(path string) ([][]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")[1:]
	rows := make([][]string, len(lines))
	for i, l := range lines {
		rows[i] = strings.Split(l, ",")
	}
	return rows, nil
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], " | ")
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchimport:", err)
		os.Exit(1)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
