package attendance

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"bianmin/appliance/csvin"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Punch import: punches exported by another clock, as a CSV
// "staff_no,time" (header optional) or as the attlog.dat a ZKTeco clock
// writes to a USB stick: one punch a line, tab-separated — the user id
// (left-padded with spaces), "YYYY-MM-DD HH:MM:SS", then state, verify
// and work-code columns, which are ignored. The format is told by content.

// Punch import formats.
const (
	FormatCSV    = "csv"
	FormatAttlog = "attlog"
)

// Limits of one punch import: a year of a 60-person hall is about 60 000
// punches.
const (
	MaxPunchImportRows  = 200_000
	MaxPunchImportBytes = 32 << 20
)

// punchFile is a punch file (and a mapping file) as csvin reads it. Its
// rows are counted after reading, for both formats.
var punchFile = csvin.Format{
	MaxBytes: MaxPunchImportBytes,
	TooLarge: keyImportTooLarge, Encoding: keyImportEncoding, Empty: keyImportEmpty, Syntax: keyImportLine,
}

// ErrPunchImportRejected is returned (wrapped) by ImportPunches when the
// file has problems; nothing was imported.
var ErrPunchImportRejected = errors.New("punch import rejected: nothing was imported")

// PunchImportOptions configure ImportPunches.
type PunchImportOptions struct {
	Name     string            // the file's name, for each punch's Ref ("attlog.dat:12")
	Location *time.Location    // the center's; the file's times are read in it (time.Local when nil)
	Map      map[string]string // clock user id → staff number (ReadClockMap); nil: the id is the staff number
	Dedupe   time.Duration     // ≤ 0: DefaultDedupeWindow
}

// PunchImportResult says what an import did, or (Errors) why it did
// nothing.
type PunchImportResult struct {
	Format     string       `json:"format"`
	Rows       int          `json:"rows"`       // punch lines read
	Imported   int          `json:"imported"`   // punches written
	Duplicates int          `json:"duplicates"` // within the dedupe window of another punch, not written
	Errors     problem.List `json:"errors,omitempty"`
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

// ImportPunches reads a punch file, maps each user id to a staff member and
// records every punch (Source import, Quality rtc: the other clock's own
// clock) in one transaction through RecordTx, or nothing at all. A user id
// is looked up in opts.Map first, else taken as the staff number; a
// numeric id matches a numeric staff number ignoring leading zeros
// ("7" is "007"). Punches within the dedupe window of another (in the
// file or already stored) are counted as duplicates, not errors. When any
// line has a problem — an unknown id, an inactive person, a bad or future
// time, a line of neither format — ImportPunches writes nothing and
// returns every problem by line, with an error wrapping
// ErrPunchImportRejected and the problems.
func ImportPunches(db *store.DB, actor string, rd io.Reader, opts PunchImportOptions) (PunchImportResult, error) {
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Dedupe <= 0 {
		opts.Dedupe = DefaultDedupeWindow
	}
	var res PunchImportResult
	rows, probs, err := readPunchFile(rd, opts.Location, &res)
	if err != nil {
		return PunchImportResult{}, fmt.Errorf("punch import: %w", err)
	}
	if len(rows) == 0 && len(probs) == 0 {
		probs = problem.List{problem.New("", keyImportEmpty)}
	}
	if len(probs) > 0 && len(rows) == 0 {
		return punchRejected(res, probs)
	}
	err = db.Update(actor, func(tx *store.Tx) error {
		more, err := resolveStaff(tx, rows, opts.Map, tx.Now(), opts.Location)
		if err != nil {
			return err
		}
		if probs = append(probs, more...); len(probs) > 0 {
			return ErrPunchImportRejected
		}
		for _, r := range rows {
			p := Punch{StaffID: r.staff.ID, Time: r.time, Source: SourceImport, Quality: TimeRTC, Ref: fmt.Sprintf("%s:%d", opts.Name, r.line)}
			_, dup, err := RecordTx(tx, p, opts.Dedupe)
			if err != nil {
				return fmt.Errorf("line %d: %w", r.line, err)
			}
			if dup {
				res.Duplicates++
			} else {
				res.Imported++
			}
		}
		return tx.Audit("punch.import", "import/punches", nil, map[string]any{"file": opts.Name, "format": res.Format,
			"rows": res.Rows, "imported": res.Imported, "duplicates": res.Duplicates})
	})
	switch {
	case errors.Is(err, ErrPunchImportRejected):
		return punchRejected(res, probs)
	case err != nil:
		return PunchImportResult{}, fmt.Errorf("punch import: %w", err)
	}
	return res, nil
}

func punchRejected(res PunchImportResult, probs problem.List) (PunchImportResult, error) {
	return PunchImportResult{Format: res.Format, Rows: res.Rows, Errors: probs}, csvin.Rejected(ErrPunchImportRejected, probs)
}

// resolveStaff finds each row's staff member and checks the person and the
// time; it returns a problem per bad line.
func resolveStaff(tx *store.Tx, rows []punchRow, idMap map[string]string, now time.Time, loc *time.Location) (problem.List, error) {
	dir, err := newStaffDirectory(tx)
	if err != nil {
		return nil, err
	}
	var probs problem.List
	for i := range rows {
		r := &rows[i]
		st, p := dir.lookup(r.id, idMap)
		switch {
		case p != nil:
			probs.Add(p.AtLine(r.line, r.id))
			continue
		case !st.Active:
			probs.Add(problem.New("", keyImportInactive, "ID", r.id, "Name", st.Name, "StaffNo", st.StaffNo).AtLine(r.line, r.id))
			continue
		case r.time.After(now.Add(time.Minute)):
			probs.Add(problem.New("", keyImportFuture, "Time", r.time.In(loc).Format("2006-01-02 15:04:05")).AtLine(r.line, ""))
			continue
		case !store.RecordDateOK(r.time):
			probs.Add(problem.New("", keyDateRange, "Value", r.time.In(loc).Format("2006-01-02 15:04:05")).AtLine(r.line, ""))
			continue
		}
		r.staff = st
	}
	return probs, nil
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
