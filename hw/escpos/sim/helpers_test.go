package sim

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"bianmin/hw/escpos"
)

var (
	fontOnce sync.Once
	font     *escpos.Font
	fontErr  error
)

// testFont is the font the appliance embeds (WenQuanYi Micro Hei, stored
// gzip-compressed), read from the repository: hw may not import embedded.
func testFont(t testing.TB) *escpos.Font {
	t.Helper()
	fontOnce.Do(func() {
		var ttf []byte
		ttf, fontErr = readGzip(filepath.Join("..", "..", "..", "embedded", "fonts", "wqy-microhei.ttf.gz"))
		if fontErr == nil {
			font, fontErr = escpos.ParseFont(ttf)
		}
	})
	if fontErr != nil {
		t.Fatal(fontErr)
	}
	return font
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

func lookup(t testing.TB, name string) escpos.Profile {
	t.Helper()
	p, err := escpos.LookupProfile(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
