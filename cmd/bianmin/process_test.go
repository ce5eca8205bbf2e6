package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"bianmin/appliance/schema"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// TestKill9KeepsAcknowledgedEdits pulls the plug (SIGKILL) on serve in the
// middle of a burst of edits from four browsers. Every edit the server
// acknowledged (303 back to the list) must be there after a restart, in
// the registry and in the audit chain, and the chain must verify.
func TestKill9KeepsAcknowledgedEdits(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := startServer(t, dir, "serve")
	c := loginAdmin(t, s, adminNewPW)

	const (
		workers = 4
		burst   = 3 * time.Second
	)
	var (
		mu         sync.Mutex
		acked      []string // names of units the server acknowledged
		attempted  []string // every name sent
		unexpected []string // non-2xx/303 answers before the kill
		killed     atomic.Bool
		wg         sync.WaitGroup
	)
	// Half the browsers add units, half add staff members to a unit made
	// first (the store is fresh, so it is unit 1). Acknowledged edits are
	// "unit:NAME" or "staff:STAFF_NO".
	if r, err := c.do(http.MethodPost, "/settings/units", url.Values{"name": {"压测人员单位"}, "csrf_token": {c.csrf}}); err != nil || r.status != http.StatusSeeOther {
		t.Fatalf("create the staff members' unit: %v %+v", err, r)
	}
	start := time.Now()
	killAfter := 500*time.Millisecond + rand.N(2*time.Second) // somewhere inside the burst
	for g := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Since(start) < burst; i++ {
				name := fmt.Sprintf("unit:压测单位-%d-%04d", g, i)
				path, form, ackAt := "/settings/units", url.Values{"name": {strings.TrimPrefix(name, "unit:")}}, "/settings/units"
				if g%2 == 1 {
					no := fmt.Sprintf("K%d%04d", g, i)
					name = "staff:" + no
					path, ackAt = "/settings/staff", "/settings/staff?q="+no
					form = url.Values{"staff_no": {no}, "name": {"压测员"}, "unit": {"1"}, "post": {"A"}, "position": {"staff"}, "active": {"1"}}
				}
				form.Set("csrf_token", c.csrf)
				mu.Lock()
				attempted = append(attempted, name)
				mu.Unlock()
				r, err := c.do(http.MethodPost, path, form)
				switch {
				case err != nil && killed.Load():
					return // the server is gone
				case err != nil:
					mu.Lock()
					unexpected = append(unexpected, fmt.Sprintf("%s: %v", name, err))
					mu.Unlock()
				case r.status == http.StatusSeeOther && r.location == ackAt:
					mu.Lock()
					acked = append(acked, name)
					mu.Unlock()
				default:
					mu.Lock()
					unexpected = append(unexpected, fmt.Sprintf("%s: status %d location %q", name, r.status, r.location))
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(killAfter)
	mu.Lock()
	ackedBeforeKill := len(acked)
	mu.Unlock()
	killed.Store(true)
	killedAt := time.Since(start)
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL: %v", err)
	}
	wg.Wait()
	if _, ok := s.wait(5 * time.Second); !ok {
		t.Fatal("serve still running 5s after SIGKILL")
	}
	if killedAt >= burst {
		t.Fatalf("the burst ended before the kill landed (killed at %v); the test proves nothing", killedAt)
	}
	for _, u := range unexpected {
		t.Errorf("edit failed before the kill: %s", u)
	}
	if len(acked) < 10 {
		t.Fatalf("only %d edits acknowledged before the kill at %v; the server is too slow for this test", len(acked), killAfter)
	}

	// Restart on the same data directory: it must come up, keep the
	// admin's changed password and serve the units page. (Whether every
	// acknowledged unit is there is checked in the store below: with
	// thousands of units the page outgrows the test client's read limit.)
	s2 := startServer(t, dir, "serve")
	if s2.adminPW != "" {
		t.Errorf("restart printed a new admin password: the accounts were lost")
	}
	c2 := newClient(t, s2.base)
	if loc := c2.login("admin", adminNewPW); loc != "/" {
		t.Errorf("login after restart went to %q, want /", loc)
	}
	if page := c2.get("/settings/units"); page.status != http.StatusOK {
		t.Errorf("GET /settings/units after restart: status %d", page.status)
	}
	s2.stop(5 * time.Second)

	// Read the store directly.
	db, err := store.Open(dir, store.Options{Migrations: schema.Migrations(), LockTimeout: 2 * time.Second})
	if err != nil {
		t.Fatalf("open store after restart: %v", err)
	}
	units, err := staff.New(db).Units()
	if err != nil {
		db.Close()
		t.Fatalf("units: %v", err)
	}
	people, err := staff.New(db).ListStaff(staff.Filter{IncludeInactive: true})
	if err != nil {
		db.Close()
		t.Fatalf("staff: %v", err)
	}
	inStore := map[string]bool{}
	for _, u := range units {
		inStore["unit:"+u.Name] = true
	}
	for _, p := range people {
		inStore["staff:"+p.StaffNo] = true
	}
	audited := map[string]bool{}
	err = db.View(func(tx *store.Tx) error {
		return tx.ForEach("audit", func(k, v []byte) error {
			var e store.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("audit entry %d: %w", store.KeyID(k), err)
			}
			switch e.Action {
			case "unit.create":
				var u staff.Unit
				if err := json.Unmarshal(e.After, &u); err != nil {
					return fmt.Errorf("audit entry %d: after: %w", e.Seq, err)
				}
				audited["unit:"+u.Name] = true
			case "staff.create":
				var p staff.Staff
				if err := json.Unmarshal(e.After, &p); err != nil {
					return fmt.Errorf("audit entry %d: after: %w", e.Seq, err)
				}
				audited["staff:"+p.StaffNo] = true
			}
			return nil
		})
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	var missing, missingAudit []string
	for _, name := range acked {
		if !inStore[name] {
			missing = append(missing, name)
		}
		if !audited[name] {
			missingAudit = append(missingAudit, name)
		}
	}
	inFlight := 0 // sent, not acknowledged, but committed before the kill
	ackedSet := map[string]bool{}
	for _, n := range acked {
		ackedSet[n] = true
	}
	for _, n := range attempted {
		if !ackedSet[n] && inStore[n] {
			inFlight++
		}
	}
	t.Logf("kill -9 at %v into the burst: %d edits sent, %d acknowledged (%d when the kill was decided), %d acknowledged found in the store, %d in the audit chain; %d unacknowledged in-flight edits also committed; %d units and %d staff in the store",
		killedAt.Round(time.Millisecond), len(attempted), len(acked), ackedBeforeKill, len(acked)-len(missing), len(acked)-len(missingAudit), inFlight, len(units), len(people))
	if len(missing) > 0 {
		t.Errorf("%d acknowledged edits lost after kill -9: %v", len(missing), firstN(missing, 10))
	}
	if len(missingAudit) > 0 {
		t.Errorf("%d acknowledged edits have no audit entry: %v", len(missingAudit), firstN(missingAudit, 10))
	}
	// Nothing unasked-for either: every unit and person but the staff
	// members' own unit came from an acknowledged or in-flight edit.
	if got := len(units) - 1 + len(people); got != len(acked)+inFlight {
		t.Errorf("store has %d units and staff from the burst, want %d acknowledged + %d in flight", got, len(acked), inFlight)
	}

	out, errOut, code := cli(t, 10*time.Second, "--data", dir, "audit", "verify")
	if code != 0 || !strings.Contains(out, "audit chain OK") {
		t.Errorf("audit verify after kill -9: exit %d\n%s%s", code, out, errOut)
	}
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// TestSecondServeOnSameDataDir: a second process on a data directory in use
// exits at once with code 3 and says why; the first keeps serving.
func TestSecondServeOnSameDataDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := startServer(t, dir, "serve")
	for _, mode := range []string{"serve", "demo"} {
		started := time.Now()
		p := startProc(t, "--data", dir, mode, "--addr", freeAddr(t))
		code, ok := p.wait(2 * time.Second)
		if !ok {
			t.Fatalf("second %s on the same data dir still running after 2s", mode)
		}
		t.Logf("second %s exited with code %d after %v", mode, code, time.Since(started).Round(time.Millisecond))
		if code != 3 {
			t.Errorf("second %s: exit code %d, want 3", mode, code)
		}
		msg := p.stderr.String()
		for _, want := range []string{"另一个 bianmin", "in use by another bianmin process"} {
			if !strings.Contains(msg, want) {
				t.Errorf("second %s: message lacks %q:\n%s", mode, want, msg)
			}
		}
		if strings.Contains(p.stdout.String(), "http://") {
			t.Errorf("second %s printed a URL as if it were running:\n%s", mode, p.stdout.String())
		}
	}
	if s.exited() {
		t.Fatal("the first serve exited")
	}
	if r := newClient(t, s.base).get("/readyz"); r.status != http.StatusOK {
		t.Fatalf("first serve /readyz: status %d", r.status)
	}
	loginAdmin(t, s, adminNewPW) // and it still writes
}

// TestReadyzAndSIGTERM: /readyz and /healthz answer JSON once serve is up,
// and SIGTERM ends serve cleanly (exit 0) within 5 s.
func TestReadyzAndSIGTERM(t *testing.T) {
	t.Parallel()
	s := startServer(t, t.TempDir(), "serve")
	c := newClient(t, s.base)
	for _, tc := range []struct{ path, key, want string }{
		{"/readyz", "disk", "ok"},
		{"/readyz", "status", "ok"},
		{"/healthz", "status", "ok"},
	} {
		resp, err := c.hc.Get(s.base + tc.path)
		if err != nil {
			t.Fatalf("GET %s: %v", tc.path, err)
		}
		var body map[string]any
		decErr := json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", tc.path, resp.StatusCode)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("GET %s: Content-Type %q", tc.path, ct)
		}
		if decErr != nil {
			t.Errorf("GET %s: not JSON: %v", tc.path, decErr)
		} else if body[tc.key] != tc.want {
			t.Errorf("GET %s: %q = %v, want %q (%v)", tc.path, tc.key, body[tc.key], tc.want, body)
		}
	}
	// A client keeps a connection open over the shutdown.
	if _, err := c.do(http.MethodGet, "/login", nil); err != nil {
		t.Fatal(err)
	}
	started := time.Now()
	s.stop(5 * time.Second)
	t.Logf("serve exited 0 %v after SIGTERM", time.Since(started).Round(time.Millisecond))
	if _, err := (&http.Client{Timeout: time.Second}).Get(s.base + "/healthz"); err == nil {
		t.Error("the port still answers after serve exited")
	}
}
