package main

import (
	"bytes"

	"bianmin/appliance/attendance"
	"bianmin/appliance/leave"
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
	return x.svc.staff.ImportCSV(x.actor, bytes.NewReader(data))
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
	return attendance.ImportPunches(x.svc.db, x.actor, bytes.NewReader(data), opts)
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
	return leave.New(x.svc.db).ImportCSV(x.actor, a.Name, bytes.NewReader(data), loc)
})
