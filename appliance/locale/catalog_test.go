package locale

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"bianmin/appliance/problem"
)

func testCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load(fstest.MapFS{
		"locales/x.zh-CN.json": {Data: []byte(`{"x.future":"{{.Date}} 还没到","x.same":"OK"}`)},
		"locales/x.en.json":    {Data: []byte(`{"x.future":"{{.Date}} has not come yet","x.same":"OK"}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestProblemRendering(t *testing.T) {
	c := testCatalog(t)
	p := problem.New("date", "x.future", "Date", "2027-01-04")
	if got := c.Problem("en", p); got != "2027-01-04 has not come yet" {
		t.Errorf("Problem(en) = %q", got)
	}
	if got := c.Problem("zh-CN", p); got != "2027-01-04 还没到" {
		t.Errorf("Problem(zh-CN) = %q", got)
	}
	if got := c.ProblemLine(p.AtLine(3, "2027-01-04")); got != `第 3 行 / line 3 ("2027-01-04"): 2027-01-04 还没到 — 2027-01-04 has not come yet` {
		t.Errorf("ProblemLine = %q", got)
	}
	if got := c.Both("x.same", nil); got != "OK" {
		t.Errorf("Both with equal texts = %q", got)
	}
	if got := c.Keys(); len(got) != 2 || got[0] != "x.future" || got[1] != "x.same" {
		t.Errorf("Keys = %v", got)
	}
	if got := c.T("en", "x.missing", nil); got != "x.missing" {
		t.Errorf("a missing key shows as itself, got %q", got)
	}
}

func TestLoadRefusesDuplicatesAndUnknownLanguages(t *testing.T) {
	if _, err := Load(fstest.MapFS{
		"locales/a.en.json": {Data: []byte(`{"k":"1"}`)},
		"locales/b.en.json": {Data: []byte(`{"k":"2"}`)},
	}); err == nil {
		t.Error("a key defined in two files was accepted")
	}
	if _, err := Load(fstest.MapFS{"locales/a.fr.json": {Data: []byte(`{}`)}}); err == nil {
		t.Error("an unknown language was accepted")
	}
}

// countingFS counts the files read from it.
type countingFS struct {
	fstest.MapFS
	reads int
}

func (f *countingFS) Open(name string) (fs.File, error) {
	f.reads++
	return f.MapFS.Open(name)
}

func (f *countingFS) ReadFile(name string) ([]byte, error) {
	f.reads++
	return f.MapFS.ReadFile(name)
}

// A Lazy catalog reads nothing until a message is asked for, then answers
// as Load's does; a broken file panics at that first use, with the reason.
func TestLazyCatalog(t *testing.T) {
	files := &countingFS{MapFS: fstest.MapFS{
		"locales/x.zh-CN.json": {Data: []byte(`{"x.future":"{{.Date}} 还没到","x.same":"OK"}`)},
		"locales/x.en.json":    {Data: []byte(`{"x.future":"{{.Date}} has not come yet","x.same":"OK"}`)},
	}}
	c := Lazy(files)
	if !c.Has("en") || c.Has("fr") || files.reads != 0 {
		t.Fatalf("before the first message: Has(en) %v, Has(fr) %v, %d files read", c.Has("en"), c.Has("fr"), files.reads)
	}
	if got := c.T("en", "x.future", map[string]any{"Date": "2027-01-04"}); got != "2027-01-04 has not come yet" {
		t.Errorf("T = %q", got)
	}
	read := files.reads
	if read == 0 || !c.HasKey("x.same") || len(c.Keys()) != 2 || len(c.Missing()) != 0 || files.reads != read {
		t.Errorf("after the first message: %d reads (then %d), keys %v", read, files.reads, c.Keys())
	}

	broken := Lazy(fstest.MapFS{"locales/x.zh-CN.json": {Data: []byte(`{"x.a":`)}})
	defer func() {
		if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "locales/x.zh-CN.json") {
			t.Errorf("a broken file: recovered %v, want a panic naming it", r)
		}
	}()
	broken.T("zh-CN", "x.a", nil)
}
