// Package browsertest starts headless Chromium for the browser tests of
// the commands (cmd/countyd; the launcher of cmd/bianmin's browser tests is
// the same): a fresh profile, one tab, steps bounded in time, screenshots
// on request. The path comes from BIANMIN_CHROMIUM (default
// /usr/bin/chromium); without Chromium a test skips, unless
// BIANMIN_REQUIRE_BROWSER=1. With BIANMIN_SCREENSHOTS=DIR set, Shot leaves
// a PNG there.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Browser is one headless Chromium with one tab, pointed at a server.
type Browser struct {
	T    *testing.T
	Ctx  context.Context // a chromedp context that has run once
	Base string
	Name string // prefix of screenshot files
}

// ChromiumPath finds Chromium or skips the test (fails it with
// BIANMIN_REQUIRE_BROWSER=1).
func ChromiumPath(t *testing.T) string {
	t.Helper()
	path := os.Getenv("BIANMIN_CHROMIUM")
	if path == "" {
		path = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(path); err != nil {
		if os.Getenv("BIANMIN_REQUIRE_BROWSER") == "1" {
			t.Fatalf("no Chromium at %s (BIANMIN_REQUIRE_BROWSER=1): %v", path, err)
		}
		t.Skipf("no Chromium at %s (set BIANMIN_CHROMIUM): %v", path, err)
	}
	return path
}

// New starts headless Chromium with a fresh profile and a window of
// width×height; it is closed in t.Cleanup.
func New(t *testing.T, base string, width, height int, extra ...chromedp.ExecAllocatorOption) *Browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(ChromiumPath(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	}
	opts = append(opts, extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc() // waits for the browser process to exit
	})
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("start Chromium: %v", err)
		}
	case <-time.After(30 * time.Second):
		cancelCtx()
		t.Fatal("Chromium did not start within 30s")
	}
	return &Browser{T: t, Ctx: ctx, Base: base, Name: strings.ReplaceAll(t.Name(), "/", "_")}
}

// Do runs steps, bounded by 20 s.
func (b *Browser) Do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.T.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.Shot("FAILED-" + strings.ReplaceAll(what, " ", "-"))
		b.T.Fatalf("%s: %v", what, err)
	}
}

// Open navigates to path on the server and waits for the load.
func (b *Browser) Open(path string) {
	b.T.Helper()
	b.Do("open "+path, chromedp.Navigate(b.Base+path))
}

// Eval evaluates a JavaScript expression in the page.
func Eval[T any](b *Browser, js string) (T, error) {
	ctx, cancel := context.WithTimeout(b.Ctx, 10*time.Second)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](js))
}

// Text is the trimmed textContent of the first element matching the CSS
// selector ("" when none).
func (b *Browser) Text(sel string) string {
	b.T.Helper()
	s, err := Eval[string](b, fmt.Sprintf(`(document.querySelector(%q)?.textContent ?? "").trim()`, sel))
	if err != nil {
		b.T.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// WaitFor polls the JavaScript predicate until it holds; it survives
// navigations.
func (b *Browser) WaitFor(what, predicate string, timeout time.Duration) {
	b.T.Helper()
	js := fmt.Sprintf(`document.readyState === "complete" && !!(%s)`, predicate)
	deadline := time.Now().Add(timeout)
	var lastErr error
	for {
		ok, err := Eval[bool](b, js)
		if err == nil && ok {
			return
		}
		if err != nil {
			lastErr = err
		}
		if time.Now().After(deadline) {
			b.Shot("FAILED-wait")
			loc, _ := Eval[string](b, "location.href")
			body, _ := Eval[string](b, `document.body ? document.body.innerText : ""`)
			if len(body) > 1500 {
				body = body[len(body)-1500:]
			}
			b.T.Fatalf("waited %v for %s (%s); at %s (last error %v):\n%s", timeout, what, predicate, loc, lastErr, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Click clicks the first element matching the selector and waits for the
// predicate.
func (b *Browser) Click(sel, what, predicate string) {
	b.T.Helper()
	b.Do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
	b.WaitFor(what, predicate, 15*time.Second)
}

// Shot saves a screenshot of the whole page to $BIANMIN_SCREENSHOTS.
func (b *Browser) Shot(name string) {
	dir := os.Getenv("BIANMIN_SCREENSHOTS")
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(b.Ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, b.Name+"-"+name+".png"), png, 0o644)
	}
	if err != nil {
		b.T.Logf("screenshot %s: %v", name, err)
	}
}

// Fill types into form fields by CSS selector, in order (pairs).
func (b *Browser) Fill(what string, selValue ...string) {
	b.T.Helper()
	var steps []chromedp.Action[chromedp.Void]
	for i := 0; i+1 < len(selValue); i += 2 {
		steps = append(steps, chromedp.SendKeys(chromedp.CSS(selValue[i]), selValue[i+1]))
	}
	b.Do(what, steps...)
}
