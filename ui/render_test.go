package ui

import (
	"strings"
	"sync"
	"testing"

	"bianmin/embedded"
)

// Every page's templates parse (they are parsed on first use, so a broken
// one would otherwise show only when someone opens that page), and a name
// that is not a page is refused, not looked up outside templates/.
func TestEveryPageParses(t *testing.T) {
	p := newPages(embedded.FS)
	names, err := p.names()
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 20 {
		t.Fatalf("found %d pages: %v", len(names), names)
	}
	for _, n := range names {
		if _, err := p.get(n); err != nil {
			t.Errorf("page %s: %v", n, err)
		}
	}
	for _, bad := range []string{"_layout", "no_such_page", "../embed", "templates/login"} {
		if _, err := p.get(bad); err == nil || !strings.Contains(err.Error(), "no template") {
			t.Errorf("get(%q): err %v, want no template", bad, err)
		}
	}
}

// Pages asked for at once right after start are parsed once each and
// every caller gets the same set.
func TestPagesParseOnceUnderConcurrency(t *testing.T) {
	p := newPages(embedded.FS)
	var wg sync.WaitGroup
	got := make([]any, 16)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tm, err := p.get("login")
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = tm
		}()
	}
	wg.Wait()
	for i := range got {
		if got[i] != got[0] {
			t.Fatal("two different template sets for one page")
		}
	}
	if len(p.sets) != 1 {
		t.Fatalf("parsed %d pages, want only the one asked for", len(p.sets))
	}
}
