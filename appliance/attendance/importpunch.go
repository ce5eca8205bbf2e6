package attendance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"bianmin/appliance/csvin"
	"bianmin/appliance/importjob"
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

// ErrPunchImportRejected is returned (wrapped) by ImportPunches when the
// file has problems; nothing was imported.
var ErrPunchImportRejected = errors.New("punch import rejected: nothing was imported")

// PunchImportOptions configure ImportPunches.
type PunchImportOptions struct {
	Name     string            // the file's name, for each punch's Ref ("attlog.dat:12")
	Location *time.Location    // the center's; the file's times are read in it (time.Local when nil)
	Map      map[string]string // clock user id → staff number (ReadClockMap); nil: the id is the staff number
	Dedupe   time.Duration     // ≤ 0: DefaultDedupeWindow
	// Progress, when set, hears after every chunk written (ImportPunches).
	Progress func(importjob.Job)
}

// PunchImportResult says what an import did, or (Errors) why it did
// nothing.
type PunchImportResult struct {
	Format     string       `json:"format"`
	Rows       int          `json:"rows"`       // punch lines read
	Imported   int          `json:"imported"`   // punches written
	Duplicates int          `json:"duplicates"` // within the dedupe window of another punch, not written
	Errors     problem.List `json:"errors,omitempty"`
	Job        uint64       `json:"job,omitempty"` // the import's journal entry (importjob)
}

// ImportPunches reads a punch file, maps each user id to a staff member and
// records every punch (Source import, Quality rtc: the other clock's own
// clock) through RecordTx, or nothing at all when the file has a problem.
// A user id is looked up in opts.Map first, else taken as the staff
// number; a numeric id matches a numeric staff number ignoring leading
// zeros ("7" is "007"). Punches within the dedupe window of another (in the
// file or already stored) are counted as duplicates, not errors. When any
// line has a problem — an unknown id, an inactive person, a bad or future
// time, a line of neither format — ImportPunches writes nothing and
// returns every problem by line, with an error wrapping
// ErrPunchImportRejected and the problems.
//
// A checked file is written in chunks through the import journal
// (StartPunchImport, then importjob), so a year of punches neither holds
// the store in one long transaction nor is left half written by a power
// cut: the rest is written at the next start.
func ImportPunches(db *store.DB, actor string, rd io.Reader, opts PunchImportOptions) (PunchImportResult, error) {
	job, res, err := startPunchImport(db, actor, rd, opts)
	if err != nil {
		return res, err
	}
	job, err = importjob.NewRunner(db, nil, PunchImportKind).Run(context.Background(), job.ID, opts.Progress)
	if err != nil {
		return PunchImportResultOf(job), fmt.Errorf("punch import %d stopped after %d of %d punches: %w", job.ID, job.Done, job.Rows, err)
	}
	return PunchImportResultOf(job), nil
}

// StartPunchImport checks a punch file as ImportPunches does and, when it
// has no problem, records it in the import journal and returns the job
// for an importjob.Runner (with PunchImportKind) to write.
func StartPunchImport(db *store.DB, actor string, rd io.Reader, opts PunchImportOptions) (importjob.Job, error) {
	job, _, err := startPunchImport(db, actor, rd, opts)
	return job, err
}

// PunchImportKind writes the punches of an import's chunk.
var PunchImportKind = importjob.Kind{Name: "punches", Action: "punch.import", Apply: applyPunches}

// punchImportParams are what a punch job's chunks need beyond the rows.
type punchImportParams struct {
	Dedupe time.Duration `json:"dedupe"`
}

// punchImportInfo is what a punch job reports about its file.
type punchImportInfo struct {
	Format string `json:"format"`
	Read   int    `json:"read"`
}

// plannedPunch is one checked row of a punch import.
type plannedPunch struct {
	Line    int       `json:"line"`
	StaffID uint64    `json:"staff_id"`
	Time    time.Time `json:"time"`
}

// PunchImportResultOf is a punch job's outcome as ImportPunches reports it.
func PunchImportResultOf(job importjob.Job) PunchImportResult {
	var info punchImportInfo
	_ = json.Unmarshal(job.Info, &info)
	return PunchImportResult{Format: info.Format, Rows: info.Read, Imported: job.Counts["imported"],
		Duplicates: job.Counts["duplicates"], Errors: job.Problems, Job: job.ID}
}

func startPunchImport(db *store.DB, actor string, rd io.Reader, opts PunchImportOptions) (importjob.Job, PunchImportResult, error) {
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Dedupe <= 0 {
		opts.Dedupe = DefaultDedupeWindow
	}
	var res PunchImportResult
	rows, probs, err := readPunchFile(rd, opts.Location, &res)
	if err != nil {
		return importjob.Job{}, PunchImportResult{}, fmt.Errorf("punch import: %w", err)
	}
	if len(rows) == 0 && len(probs) == 0 {
		probs = problem.List{problem.New("", keyImportEmpty)}
	}
	if len(probs) > 0 && len(rows) == 0 {
		r, err := punchRejected(res, probs)
		return importjob.Job{}, r, err
	}
	job, err := importjob.Start(db, actor, PunchImportKind, opts.Name, func(tx *store.Tx) (importjob.Plan, error) {
		more, err := resolveStaff(tx, rows, opts.Map, tx.Now(), opts.Location)
		if err != nil {
			return importjob.Plan{}, err
		}
		if probs = append(probs, more...); len(probs) > 0 {
			return importjob.Plan{}, ErrPunchImportRejected
		}
		plan := importjob.Plan{Params: punchImportParams{Dedupe: opts.Dedupe}, Info: punchImportInfo{Format: res.Format, Read: res.Rows}}
		for _, r := range rows {
			data, err := json.Marshal(plannedPunch{Line: r.line, StaffID: r.staff.ID, Time: r.time})
			if err != nil {
				return importjob.Plan{}, err
			}
			plan.Rows = append(plan.Rows, data)
		}
		return plan, nil
	})
	switch {
	case errors.Is(err, ErrPunchImportRejected):
		r, err := punchRejected(res, probs)
		return importjob.Job{}, r, err
	case err != nil:
		return importjob.Job{}, PunchImportResult{}, fmt.Errorf("punch import: %w", err)
	}
	return job, res, nil
}

// applyPunches records one chunk of an import's punches.
func applyPunches(tx *store.Tx, job importjob.Job, rows []json.RawMessage, counts map[string]int) error {
	var params punchImportParams
	if err := json.Unmarshal(job.Params, &params); err != nil {
		return fmt.Errorf("punch import %d: its options: %w", job.ID, err)
	}
	for _, raw := range rows {
		var r plannedPunch
		if err := json.Unmarshal(raw, &r); err != nil {
			return fmt.Errorf("punch import %d: %w", job.ID, err)
		}
		p := Punch{StaffID: r.StaffID, Time: r.Time, Source: SourceImport, Quality: TimeRTC, Ref: fmt.Sprintf("%s:%d", job.Name, r.Line)}
		_, dup, err := RecordTx(tx, p, params.Dedupe)
		if errors.Is(err, ErrInactiveStaff) {
			// Deactivated since the file was checked.
			st, _ := staff.GetStaffTx(tx, r.StaffID)
			return problem.New("", keyImportInactive, "ID", st.StaffNo, "Name", st.Name, "StaffNo", st.StaffNo).AtLine(r.Line, st.StaffNo)
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", r.Line, err)
		}
		if dup {
			counts["duplicates"]++
		} else {
			counts["imported"]++
		}
	}
	return nil
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
