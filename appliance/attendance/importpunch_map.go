package attendance

import (
	"cmp"
	"encoding/csv"
	"io"
	"slices"
	"strings"

	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// ReadClockMap reads a mapping file "clock_id,staff_no" (header optional;
// UTF-8, GBK or UTF-16 as staff.DecodeCSV reads it) for ImportPunches:
// a clock whose user ids are not the staff numbers. Problems name the
// mapping file's line in their message.
func ReadClockMap(rd io.Reader) (map[string]string, []RecordProblem) {
	data, err := io.ReadAll(io.LimitReader(rd, MaxPunchImportBytes+1))
	if err != nil || len(data) > MaxPunchImportBytes {
		return nil, []RecordProblem{{Key: keyImportTooLarge, Args: map[string]any{"MaxMB": MaxPunchImportBytes >> 20}}}
	}
	text, ok := staff.DecodeCSV(data)
	if !ok {
		return nil, []RecordProblem{{Key: keyImportEncoding}}
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = staff.SniffDelimiter(text)
	cr.FieldsPerRecord = -1
	m := map[string]string{}
	firstLine := map[string]int{}
	var probs []RecordProblem
	for first := true; ; first = false {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, append(probs, RecordProblem{Key: keyImportMapLine, Args: map[string]any{"Line": line}})
		}
		if blankCells(rec) {
			continue
		}
		id, no := fieldAt(rec, 0), fieldAt(rec, 1)
		if first && strings.EqualFold(strings.TrimPrefix(id, "\uFEFF"), "clock_id") {
			continue
		}
		key := clockIDKey(id)
		switch {
		case id == "" || no == "" || len(rec) > 2 && !blankCells(rec[2:]):
			probs = append(probs, RecordProblem{Key: keyImportMapLine, Args: map[string]any{"Line": line}})
		case firstLine[key] > 0:
			probs = append(probs, RecordProblem{Key: keyImportMapDuplicate, Args: map[string]any{"Line": line, "ID": id, "First": firstLine[key]}})
		default:
			firstLine[key], m[key] = line, no
		}
	}
	if len(m) == 0 && len(probs) == 0 {
		probs = append(probs, RecordProblem{Key: keyImportEmpty})
	}
	return m, probs
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
func (d *staffDirectory) lookup(id string, idMap map[string]string) (staff.Staff, *RecordProblem) {
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
		return staff.Staff{}, &RecordProblem{Key: keyImportMapStaff, Args: map[string]any{"ID": id, "StaffNo": no}}
	}
	return staff.Staff{}, &RecordProblem{Key: keyImportUnknownID, Args: map[string]any{"ID": id}}
}

// sortProblems orders problems by line, whole-file problems first.
func sortProblems(probs []RecordProblem) {
	slices.SortStableFunc(probs, func(a, b RecordProblem) int { return cmp.Compare(a.Line, b.Line) })
}
