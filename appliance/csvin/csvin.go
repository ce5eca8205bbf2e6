package csvin

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"bianmin/appliance/problem"
)

// Format is one kind of import file: its limits and the locale keys of its
// problems. An empty key leaves that check out.
type Format struct {
	MaxBytes int // larger files are refused whole
	MaxRows  int // records after the first (the header, if any); 0: no limit

	TooLarge    string // the file is larger than {{.MaxMB}} MB
	Encoding    string // the bytes are none of the encodings Decode reads
	Empty       string // the file holds nothing but white space
	Syntax      string // a line is not CSV (a stray quotation mark)
	TooManyRows string // more than {{.Max}} rows
}

// Read reads at most f.MaxBytes of rd and decodes the text. A file too
// large, in no known encoding or empty is refused with one problem; a read
// that failed is an error (a failure, not a refusal).
func (f Format) Read(rd io.Reader) (string, problem.List, error) {
	data, err := io.ReadAll(io.LimitReader(rd, int64(f.MaxBytes)+1))
	if err != nil {
		return "", nil, fmt.Errorf("read the file: %w", err)
	}
	if len(data) > f.MaxBytes {
		return "", problem.List{problem.New("", f.TooLarge, "MaxMB", f.MaxBytes>>20)}, nil
	}
	text, ok := Decode(data)
	switch {
	case !ok:
		return "", problem.List{problem.New("", f.Encoding)}, nil
	case f.Empty != "" && strings.TrimSpace(text) == "":
		return "", problem.List{problem.New("", f.Empty)}, nil
	}
	return text, nil, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// UTF8BOM starts a CSV file that Excel opens as UTF-8.
const UTF8BOM = "\uFEFF"

// Decode turns a file's bytes into text: UTF-8 with or without BOM,
// UTF-16 with BOM, or else GB18030. ok is false when the bytes are none of
// these.
func Decode(data []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(data, utf8BOM):
		data = data[len(utf8BOM):]
		return string(data), utf8.Valid(data)
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		return string(out), err == nil && !bytes.ContainsRune(out, utf8.RuneError)
	case utf8.Valid(data):
		return string(data), true
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	return string(out), err == nil && !bytes.ContainsRune(out, utf8.RuneError)
}

// Delimiter picks the separator the first line uses most: comma,
// semicolon or tab.
func Delimiter(text string) rune {
	first, _, _ := strings.Cut(text, "\n")
	best, n := ',', strings.Count(first, ",")
	for _, c := range []rune{';', '\t'} {
		if m := strings.Count(first, string(c)); m > n {
			best, n = c, m
		}
	}
	return best
}

// Reader walks the records of a decoded CSV text.
type Reader struct {
	f     Format
	cr    *csv.Reader
	n     int // records returned
	line  int
	rec   []string
	prob  *problem.Problem
	ended bool
}

// Records reads text as CSV of the format, with the separator Delimiter
// finds.
func (f Format) Records(text string) *Reader {
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = Delimiter(text)
	cr.FieldsPerRecord = -1
	return &Reader{f: f, cr: cr}
}

// Next moves to the next record that is not blank. It reports false at the
// end of the text, and at a problem (Problem) that ends the walk: a line
// that is not CSV, or a record beyond the format's MaxRows.
func (r *Reader) Next() bool {
	if r.ended {
		return false
	}
	for {
		rec, err := r.cr.Read()
		if err == io.EOF {
			r.ended = true
			return false
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return r.stop(problem.New("", r.f.Syntax).AtLine(line, ""))
		}
		if Blank(rec) {
			continue
		}
		r.line, _ = r.cr.FieldPos(0)
		r.rec = rec
		if r.n++; r.f.MaxRows > 0 && r.n > r.f.MaxRows+1 {
			return r.stop(problem.New("", r.f.TooManyRows, "Max", r.f.MaxRows).AtLine(r.line, ""))
		}
		return true
	}
}

func (r *Reader) stop(p *problem.Problem) bool {
	r.prob, r.ended = p, true
	return false
}

// Line is the 1-based line the current record starts on.
func (r *Reader) Line() int { return r.line }

// Record is the current record's cells as written.
func (r *Reader) Record() []string { return r.rec }

// Problem is what ended the walk early, or nil.
func (r *Reader) Problem() *problem.Problem { return r.prob }

// Blank reports whether every cell is empty or white space.
func Blank(cells []string) bool {
	return !slices.ContainsFunc(cells, func(c string) bool { return strings.TrimSpace(c) != "" })
}

// Cell is the i-th cell trimmed, or "" past the end of the record.
func Cell(rec []string, i int) string {
	if i >= 0 && i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// Heading is a header cell as a column name: trimmed, lower case, a stray
// BOM dropped, and an alias (工号 → staff_no) replaced by its column.
func Heading(cell string, aliases map[string]string) string {
	name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(cell, UTF8BOM)))
	if alias, ok := aliases[name]; ok {
		return alias
	}
	return name
}

// Rejected sorts the problems by line, whole-file problems first, and
// returns them as an error wrapping both the import's sentinel (for
// errors.Is) and the list (for problem.All).
func Rejected(sentinel error, probs problem.List) error {
	probs.SortByLine()
	return fmt.Errorf("%w: %w", sentinel, probs)
}
