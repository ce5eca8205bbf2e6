package attendance

// Reading a punch file: its encoding and format, then each line on its
// own. Problems name their line; the rows are checked against the staff
// list by ImportPunches.

import (
	"io"
	"strings"
	"time"

	"bianmin/appliance/csvin"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
)

// punchFile is a punch file (and a mapping file) as csvin reads it. Its
// rows are counted after reading, for both formats.
var punchFile = csvin.Format{
	MaxBytes: MaxPunchImportBytes,
	TooLarge: keyImportTooLarge, Encoding: keyImportEncoding, Empty: keyImportEmpty, Syntax: keyImportLine,
}

// punchRow is one punch line of the file.
type punchRow struct {
	line  int
	id    string // the clock's user id or the staff number
	time  time.Time
	staff staff.Staff
}

// timeLayouts are the forms of a punch time: the clock's, and what Excel
// makes of it.
var punchTimeLayouts = []string{"2006-01-02 15:04:05", "2006-01-02 15:04", "2006/1/2 15:04:05", "2006/1/2 15:04", "2006-1-2 15:04:05"}

func parsePunchTime(s string, loc *time.Location) (time.Time, bool) {
	s = strings.Join(strings.Fields(s), " ")
	for _, l := range punchTimeLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// readPunchFile decodes the file, tells its format and reads its lines.
// A failed read is an error.
func readPunchFile(rd io.Reader, loc *time.Location, res *PunchImportResult) ([]punchRow, problem.List, error) {
	text, probs, err := punchFile.Read(rd)
	if err != nil || len(probs) > 0 {
		return nil, probs, err
	}
	var rows []punchRow
	if res.Format = detectPunchFormat(text, loc); res.Format == FormatAttlog {
		rows, probs = readAttlog(text, loc)
	} else {
		rows, probs = readPunchCSV(text, loc)
	}
	res.Rows = len(rows) + countLines(probs)
	if len(rows) > MaxPunchImportRows {
		return nil, problem.List{problem.New("", keyImportTooManyRows, "Max", MaxPunchImportRows)}, nil
	}
	return rows, probs, nil
}

// detectPunchFormat: a file whose first non-blank line is tab-separated
// with a time in its second field is an attlog.dat.
func detectPunchFormat(text string, loc *time.Location) string {
	for line := range strings.Lines(text) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(strings.TrimRight(line, "\r\n"), "\t")
		if _, ok := parsePunchTime(csvin.Cell(f, 1), loc); ok {
			return FormatAttlog
		}
		return FormatCSV
	}
	return FormatCSV
}

// readAttlog reads ZKTeco attlog.dat lines: id, tab, time, tab, state, ….
func readAttlog(text string, loc *time.Location) ([]punchRow, problem.List) {
	var rows []punchRow
	var probs problem.List
	n := 0
	for line := range strings.Lines(text) {
		n++
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(strings.TrimRight(line, "\r\n"), "\t")
		id := csvin.Cell(f, 0)
		t, ok := parsePunchTime(csvin.Cell(f, 1), loc)
		switch {
		case id == "" || len(f) < 2:
			probs.Add(problem.New("", keyImportLine).AtLine(n, strings.TrimSpace(line)))
		case !ok:
			probs.Add(problem.New("", keyImportTime).AtLine(n, csvin.Cell(f, 1)))
		default:
			rows = append(rows, punchRow{line: n, id: id, time: t})
		}
	}
	return rows, probs
}

// readPunchCSV reads "staff_no,time" rows; a first row whose time does not
// read as a time is the header (staff_no,time or 工号,时间, in any order).
func readPunchCSV(text string, loc *time.Location) ([]punchRow, problem.List) {
	r := punchFile.Records(text)
	var rows []punchRow
	var probs problem.List
	idCol, timeCol, first := 0, 1, true
	for r.Next() {
		line, rec := r.Line(), r.Record()
		if first {
			first = false
			if i, j, ok := punchHeader(rec); ok {
				idCol, timeCol = i, j
				continue
			}
		}
		id := csvin.Cell(rec, idCol)
		t, ok := parsePunchTime(csvin.Cell(rec, timeCol), loc)
		switch {
		case id == "" || len(rec) < 2:
			probs.Add(problem.New("", keyImportLine).AtLine(line, strings.Join(rec, ",")))
		case !ok:
			probs.Add(problem.New("", keyImportTime).AtLine(line, csvin.Cell(rec, timeCol)))
		default:
			rows = append(rows, punchRow{line: line, id: id, time: t})
		}
	}
	if p := r.Problem(); p != nil {
		return nil, append(probs, p)
	}
	return rows, probs
}

// punchHeader finds the id and time columns of a header row.
func punchHeader(rec []string) (idCol, timeCol int, ok bool) {
	idCol, timeCol = -1, -1
	for i, c := range rec {
		switch csvin.Heading(c, nil) {
		case "staff_no", "工号", "clock_id", "user_id", "id":
			idCol = i
		case "time", "时间", "打卡时间", "签到时间":
			timeCol = i
		}
	}
	return idCol, timeCol, idCol >= 0 && timeCol >= 0
}

func countLines(probs problem.List) int {
	n := 0
	for _, p := range probs {
		if p.Line > 0 {
			n++
		}
	}
	return n
}
