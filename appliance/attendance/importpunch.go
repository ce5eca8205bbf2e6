package attendance

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

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
	Format     string          `json:"format"`
	Rows       int             `json:"rows"`       // punch lines read
	Imported   int             `json:"imported"`   // punches written
	Duplicates int             `json:"duplicates"` // within the dedupe window of another punch, not written
	Errors     []RecordProblem `json:"errors,omitempty"`
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
// ErrPunchImportRejected.
func ImportPunches(db *store.DB, actor string, rd io.Reader, opts PunchImportOptions) (PunchImportResult, error) {
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Dedupe <= 0 {
		opts.Dedupe = DefaultDedupeWindow
	}
	var res PunchImportResult
	rows, probs := readPunchFile(rd, opts.Location, &res)
	if len(rows) == 0 && len(probs) == 0 {
		probs = []RecordProblem{{Key: keyImportEmpty}}
	}
	if len(probs) > 0 && len(rows) == 0 {
		return punchRejected(res, probs)
	}
	err := db.Update(actor, func(tx *store.Tx) error {
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

func punchRejected(res PunchImportResult, probs []RecordProblem) (PunchImportResult, error) {
	sortProblems(probs)
	return PunchImportResult{Format: res.Format, Rows: res.Rows, Errors: probs},
		fmt.Errorf("%w: %d problem(s) in the file, the first: %v", ErrPunchImportRejected, len(probs), &probs[0])
}

// resolveStaff finds each row's staff member and checks the person and the
// time; it returns a problem per bad line.
func resolveStaff(tx *store.Tx, rows []punchRow, idMap map[string]string, now time.Time, loc *time.Location) ([]RecordProblem, error) {
	dir, err := newStaffDirectory(tx)
	if err != nil {
		return nil, err
	}
	var probs []RecordProblem
	for i := range rows {
		r := &rows[i]
		st, p := dir.lookup(r.id, idMap)
		switch {
		case p != nil:
			p.Line, p.Value = r.line, r.id
			probs = append(probs, *p)
			continue
		case !st.Active:
			probs = append(probs, RecordProblem{Line: r.line, Key: keyImportInactive, Args: map[string]any{"ID": r.id, "Name": st.Name, "StaffNo": st.StaffNo}, Value: r.id})
			continue
		case r.time.After(now.Add(time.Minute)):
			probs = append(probs, RecordProblem{Line: r.line, Key: keyImportFuture, Args: map[string]any{"Time": r.time.In(loc).Format("2006-01-02 15:04:05")}})
			continue
		case !store.RecordDateOK(r.time):
			probs = append(probs, RecordProblem{Line: r.line, Key: keyDateRange, Args: map[string]any{"Value": r.time.In(loc).Format("2006-01-02 15:04:05")}})
			continue
		}
		r.staff = st
	}
	return probs, nil
}

// readPunchFile decodes the file, tells its format and reads its lines.
func readPunchFile(rd io.Reader, loc *time.Location, res *PunchImportResult) ([]punchRow, []RecordProblem) {
	data, err := io.ReadAll(io.LimitReader(rd, MaxPunchImportBytes+1))
	switch {
	case err != nil:
		return nil, []RecordProblem{{Key: keyImportFormat, Value: err.Error()}}
	case len(data) > MaxPunchImportBytes:
		return nil, []RecordProblem{{Key: keyImportTooLarge, Args: map[string]any{"MaxMB": MaxPunchImportBytes >> 20}}}
	}
	text, ok := staff.DecodeCSV(data)
	if !ok {
		return nil, []RecordProblem{{Key: keyImportEncoding}}
	}
	var rows []punchRow
	var probs []RecordProblem
	if res.Format = detectPunchFormat(text, loc); res.Format == FormatAttlog {
		rows, probs = readAttlog(text, loc)
	} else {
		rows, probs = readPunchCSV(text, loc)
	}
	res.Rows = len(rows) + countLines(probs)
	if len(rows) > MaxPunchImportRows {
		return nil, []RecordProblem{{Key: keyImportTooManyRows, Args: map[string]any{"Max": MaxPunchImportRows}}}
	}
	return rows, probs
}

// detectPunchFormat: a file whose first non-blank line is tab-separated
// with a time in its second field is an attlog.dat.
func detectPunchFormat(text string, loc *time.Location) string {
	for line := range strings.Lines(text) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(strings.TrimRight(line, "\r\n"), "\t")
		if _, ok := parsePunchTime(fieldAt(f, 1), loc); ok {
			return FormatAttlog
		}
		return FormatCSV
	}
	return FormatCSV
}

func fieldAt(f []string, i int) string {
	if i < len(f) {
		return strings.TrimSpace(f[i])
	}
	return ""
}

// readAttlog reads ZKTeco attlog.dat lines: id, tab, time, tab, state, ….
func readAttlog(text string, loc *time.Location) ([]punchRow, []RecordProblem) {
	var rows []punchRow
	var probs []RecordProblem
	n := 0
	for line := range strings.Lines(text) {
		n++
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(strings.TrimRight(line, "\r\n"), "\t")
		id := fieldAt(f, 0)
		t, ok := parsePunchTime(fieldAt(f, 1), loc)
		switch {
		case id == "" || len(f) < 2:
			probs = append(probs, RecordProblem{Line: n, Key: keyImportLine, Value: strings.TrimSpace(line)})
		case !ok:
			probs = append(probs, RecordProblem{Line: n, Key: keyImportTime, Value: fieldAt(f, 1)})
		default:
			rows = append(rows, punchRow{line: n, id: id, time: t})
		}
	}
	return rows, probs
}

// readPunchCSV reads "staff_no,time" rows; a first row whose time does not
// read as a time is the header (staff_no,time or 工号,时间, in any order).
func readPunchCSV(text string, loc *time.Location) ([]punchRow, []RecordProblem) {
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = staff.SniffDelimiter(text)
	cr.FieldsPerRecord = -1
	var rows []punchRow
	var probs []RecordProblem
	idCol, timeCol, first := 0, 1, true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, append(probs, RecordProblem{Line: line, Key: keyImportLine})
		}
		line, _ := cr.FieldPos(0)
		if blankCells(rec) {
			continue
		}
		if first {
			first = false
			if i, j, ok := punchHeader(rec); ok {
				idCol, timeCol = i, j
				continue
			}
		}
		id := fieldAt(rec, idCol)
		t, ok := parsePunchTime(fieldAt(rec, timeCol), loc)
		switch {
		case id == "" || len(rec) < 2:
			probs = append(probs, RecordProblem{Line: line, Key: keyImportLine, Value: strings.Join(rec, ",")})
		case !ok:
			probs = append(probs, RecordProblem{Line: line, Key: keyImportTime, Value: fieldAt(rec, timeCol)})
		default:
			rows = append(rows, punchRow{line: line, id: id, time: t})
		}
	}
	return rows, probs
}

// punchHeader finds the id and time columns of a header row.
func punchHeader(rec []string) (idCol, timeCol int, ok bool) {
	idCol, timeCol = -1, -1
	for i, c := range rec {
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(c, "\uFEFF"))) {
		case "staff_no", "工号", "clock_id", "user_id", "id":
			idCol = i
		case "time", "时间", "打卡时间", "签到时间":
			timeCol = i
		}
	}
	return idCol, timeCol, idCol >= 0 && timeCol >= 0
}

func blankCells(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func countLines(probs []RecordProblem) int {
	n := 0
	for _, p := range probs {
		if p.Line > 0 {
			n++
		}
	}
	return n
}
