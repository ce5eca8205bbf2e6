package embedded

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
)

// fontFile is the report font, WenQuanYi Micro Hei (Apache-2.0, licence
// beside it): the whole TrueType face, every GBK character and Latin,
// stored gzip-compressed (zopfli) because it is the largest thing in the
// binary (4.6 MB raw, 1.9 MB compressed). fonts/README.md says how the
// file was made.
const fontFile = "fonts/wqy-microhei.ttf.gz"

// FontSHA256 is the SHA-256 of the inflated font: the first face of
// Debian's fonts-wqy-microhei TTC, unchanged.
const FontSHA256 = "030451fff59036d91c82d38d95848209ce5ea205ed206b35d012ba2b067d7b68"

// Font inflates the report font and returns the TrueType bytes. Each call
// inflates anew (about 4.6 MB; tens of milliseconds, a few hundred on a
// Pi): nothing of the font is resident until a PDF is made, and nothing
// stays after the caller drops the bytes.
func Font() ([]byte, error) {
	gz, err := FS.ReadFile(fontFile)
	if err != nil {
		return nil, fmt.Errorf("read the embedded report font: %w", err)
	}
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("open the embedded report font: %w", err)
	}
	// The gzip trailer holds the inflated size: one allocation of exactly
	// that, instead of a buffer doubling up to it.
	size := 0
	if len(gz) >= 4 {
		size = int(binary.LittleEndian.Uint32(gz[len(gz)-4:]))
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	if _, err := io.Copy(buf, r); err != nil {
		return nil, fmt.Errorf("inflate the embedded report font: %w", err)
	}
	if err := r.Close(); err != nil {
		return nil, fmt.Errorf("inflate the embedded report font: %w", err)
	}
	return buf.Bytes(), nil
}
