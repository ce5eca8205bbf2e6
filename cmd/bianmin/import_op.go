package main

import (
	"bytes"
	"context"
	"time"

	"bianmin/appliance/importjob"

	"bianmin/appliance/attendance"
	"bianmin/appliance/leave"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
)

// importArgs is the request of the import operations; the file itself
// (and, for punches, the clock-id map) travels as input files.
type importArgs struct {
	Name string `json:"name"`          // the file's base name (punches' Ref, leave records)
	TZ   string `json:"tz,omitempty"`  // the center's time zone for the file's times
	Map  bool   `json:"map,omitempty"` // punches: the second input is the clock-id map
}

// The import operations return the domain's refusals as they are: a
// rejected file's problem.List reaches the command intact (control.Failure)
// and is printed there, one problem a line.

var importStaffOp = newOp("import staff", writesStore, func(x *opCall, a importArgs) (staff.ImportResult, error) {
	data, err := x.input(0)
	if err != nil {
		return staff.ImportResult{}, err
	}
	job, res, err := x.svc.staff.StartImport(x.actor, a.Name, bytes.NewReader(data), "")
	if err != nil {
		return res, err
	}
	_, err = x.runImport(job)
	return res, err
})

var importPunchesOp = newOp("import punches", writesStore, func(x *opCall, a importArgs) (attendance.PunchImportResult, error) {
	var none attendance.PunchImportResult
	data, err := x.input(0)
	if err != nil {
		return none, err
	}
	loc, err := centerLocation(a.TZ)
	if err != nil {
		return none, err
	}
	opts := attendance.PunchImportOptions{Name: a.Name, Location: loc}
	if a.Map {
		m, err := x.input(1)
		if err != nil {
			return none, err
		}
		ids, probs, err := attendance.ReadClockMap(bytes.NewReader(m))
		if err == nil {
			err = probs.Err()
		}
		if err != nil {
			return none, err
		}
		opts.Map = ids
	}
	set, err := attendance.LoadSettingsDB(x.svc.db)
	if err != nil {
		return none, err
	}
	opts.Dedupe = set.DedupeWindow()
	job, err := attendance.StartPunchImport(x.svc.db, x.actor, bytes.NewReader(data), opts)
	if err != nil {
		return none, err
	}
	job, err = x.runImport(job)
	return attendance.PunchImportResultOf(job), err
})

var importLeaveOp = newOp("import leave", writesStore, func(x *opCall, a importArgs) (leave.ImportResult, error) {
	data, err := x.input(0)
	if err != nil {
		return leave.ImportResult{}, err
	}
	loc, err := centerLocation(a.TZ)
	if err != nil {
		return leave.ImportResult{}, err
	}
	job, err := leave.New(x.svc.db).StartImport(x.actor, a.Name, bytes.NewReader(data), loc)
	if err != nil {
		return leave.ImportResult{}, err
	}
	job, err = x.runImport(job)
	return leave.ImportResultOf(job), err
})

// runImport writes a checked import's chunks with the service's import
// runner (one import at a time, web and command line alike), sending a
// progress line after the first chunk and then at most once a second. A
// chunk that fails stops the import:
// what was written stays, and the error says how far it got and how to
// go on.
func (x *opCall) runImport(job importjob.Job) (importjob.Job, error) {
	c := catalog()
	var last time.Time // zero: the first chunk is reported at once
	done, err := x.svc.imports.Run(context.Background(), job.ID, func(j importjob.Job) {
		if time.Since(last) < time.Second && j.Done < j.Rows {
			return
		}
		last = time.Now()
		x.Progress(c.Both("control.progress.import", map[string]any{"Done": j.Done, "Total": j.Rows, "Percent": j.Percent()}))
	})
	if err != nil {
		return done, &importStopped{job: done, err: err}
	}
	return done, nil
}

// importStopped is an import that stopped part-way. Its message says how
// far it got, why, and how to go on; its problems are not passed on as a
// rejected file's (part of the file was written).
type importStopped struct {
	job importjob.Job
	err error
}

func (e *importStopped) Error() string {
	c := catalog()
	detail := e.err.Error()
	if p, ok := problem.As(e.err); ok {
		detail = c.ProblemLine(p)
	}
	return c.Both("control.err.import_stopped", map[string]any{"ID": e.job.ID, "Done": e.job.Done, "Total": e.job.Rows, "Detail": detail})
}
