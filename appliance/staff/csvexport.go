package staff

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"bianmin/appliance/csvin"
	"bianmin/appliance/store"
)

// ExportCSV writes every staff member, serving or left, sorted by staff
// number, as CSV that Excel opens directly (UTF-8 with BOM, CRLF) and that
// ImportCSV reads back: the columns staff_no, name, unit, window, position,
// post, phone, start_date, end_date, with unit names and window numbers
// rather than ids.
func (r *Registry) ExportCSV(w io.Writer) error {
	var (
		staff   []Staff
		units   = map[uint64]string{}
		windows = map[uint64]int{}
	)
	err := r.db.View(func(tx *store.Tx) error {
		var err error
		if staff, err = store.All[Staff](tx, bucketStaff); err != nil {
			return err
		}
		us, err := store.All[Unit](tx, bucketUnits)
		if err != nil {
			return err
		}
		for _, u := range us {
			units[u.ID] = u.Name
		}
		ws, err := store.All[Window](tx, bucketWindows)
		if err != nil {
			return err
		}
		for _, w := range ws {
			windows[w.ID] = w.Number
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("export staff: %w", err)
	}
	sortByStaffNo(staff)

	if _, err := io.WriteString(w, csvin.UTF8BOM); err != nil {
		return fmt.Errorf("export staff: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(csvColumns); err != nil {
		return fmt.Errorf("export staff: %w", err)
	}
	for _, s := range staff {
		window := ""
		if n, ok := windows[s.WindowID]; ok {
			window = strconv.Itoa(n)
		}
		// Same order as csvColumns.
		rec := []string{s.StaffNo, s.Name, units[s.UnitID], window, string(s.Position), string(s.Post), s.Phone, s.StartDate, s.EndDate}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("export staff: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export staff: %w", err)
	}
	return nil
}
