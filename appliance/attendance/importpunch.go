package attendance

import (
	"errors"
	"fmt"
	"io"
	"time"

	"bianmin/appliance/csvin"
	"bianmin/appliance/problem"
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
	Format     string       `json:"format"`
	Rows       int          `json:"rows"`       // punch lines read
	Imported   int          `json:"imported"`   // punches written
	Duplicates int          `json:"duplicates"` // within the dedupe window of another punch, not written
	Errors     problem.List `json:"errors,omitempty"`
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
		case st.Left(r.time.In(loc).Format(dateLayout)):
			probs.Add(problem.New("", keyImportInactive, "ID", r.id, "Name", st.Name, "StaffNo", st.StaffNo, "End", st.EndDate).AtLine(r.line, r.id))
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
