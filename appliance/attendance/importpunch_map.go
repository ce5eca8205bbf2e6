package attendance

import (
	"io"
	"slices"
	"strings"

	"bianmin/appliance/csvin"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// ReadClockMap reads a mapping file "clock_id,staff_no" (header optional;
// UTF-8, GBK or UTF-16 as csvin reads it) for ImportPunches: a clock
// whose user ids are not the staff numbers. Problems name the mapping
// file's line in their message (Line stays for the punch file's lines); a
// failed read is an error.
func ReadClockMap(rd io.Reader) (map[string]string, problem.List, error) {
	text, probs, err := punchFile.Read(rd)
	if err != nil || len(probs) > 0 {
		return nil, probs, err
	}
	m := map[string]string{}
	firstLine := map[string]int{}
	r := punchFile.Records(text)
	for first := true; r.Next(); first = false {
		line, rec := r.Line(), r.Record()
		id, no := csvin.Cell(rec, 0), csvin.Cell(rec, 1)
		if first && strings.EqualFold(strings.TrimPrefix(id, csvin.UTF8BOM), "clock_id") {
			continue
		}
		key := clockIDKey(id)
		switch {
		case id == "" || no == "" || len(rec) > 2 && !csvin.Blank(rec[2:]):
			probs.Add(problem.New("", keyImportMapLine, "Line", line))
		case firstLine[key] > 0:
			probs.Add(problem.New("", keyImportMapDuplicate, "Line", line, "ID", id, "First", firstLine[key]))
		default:
			firstLine[key], m[key] = line, no
		}
	}
	if p := r.Problem(); p != nil {
		return nil, append(probs, problem.New("", keyImportMapLine, "Line", p.Line)), nil
	}
	if len(m) == 0 && len(probs) == 0 {
		probs.Add(problem.New("", keyImportEmpty))
	}
	return m, probs, nil
}

// clockIDKey is how ids compare: numeric ids ignoring leading zeros, others
// ignoring letter case.
func clockIDKey(id string) string {
	id = strings.ToUpper(strings.TrimSpace(id))
	if id != "" && strings.Trim(id, "0123456789") == "" {
		if t := strings.TrimLeft(id, "0"); t != "" {
			return t
		}
		return "0"
	}
	return id
}

// staffDirectory finds staff by staff number as a clock writes it.
type staffDirectory struct {
	byNo map[string][]staff.Staff // clockIDKey(staff number) → staff
}

func newStaffDirectory(tx *store.Tx) (*staffDirectory, error) {
	all, err := staff.ListStaffTx(tx, staff.Filter{IncludeInactive: true})
	if err != nil {
		return nil, err
	}
	d := &staffDirectory{byNo: map[string][]staff.Staff{}}
	for _, s := range all {
		k := clockIDKey(s.StaffNo)
		d.byNo[k] = append(d.byNo[k], s)
	}
	return d, nil
}

// lookup maps a clock id (through idMap when it lists it) to one staff
// member. An exact staff number wins over one equal but for leading zeros.
func (d *staffDirectory) lookup(id string, idMap map[string]string) (staff.Staff, *problem.Problem) {
	no, mapped := idMap[clockIDKey(id)]
	if !mapped {
		no = id
	}
	cands := d.byNo[clockIDKey(no)]
	if i := slices.IndexFunc(cands, func(s staff.Staff) bool { return strings.EqualFold(s.StaffNo, strings.TrimSpace(no)) }); i >= 0 {
		return cands[i], nil
	}
	if len(cands) == 1 {
		return cands[0], nil
	}
	if mapped {
		return staff.Staff{}, problem.New("", keyImportMapStaff, "ID", id, "StaffNo", no)
	}
	return staff.Staff{}, problem.New("", keyImportUnknownID, "ID", id)
}
