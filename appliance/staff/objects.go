package staff

import "strconv"

// Audit object names: "unit/3", "window/2", "staff/17".
func unitObject(id uint64) string   { return "unit/" + strconv.FormatUint(id, 10) }
func windowObject(id uint64) string { return "window/" + strconv.FormatUint(id, 10) }
func staffObject(id uint64) string  { return "staff/" + strconv.FormatUint(id, 10) }
