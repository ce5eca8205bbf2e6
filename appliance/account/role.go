package account

// Role is what a user may do. Each user has exactly one role; each web
// route lists the roles allowed on it.
type Role string

// The roles of a township service hall (see shared/DOMAIN.md).
const (
	RoleOffice     Role = "office"     // 中心办公室: runs the center's records and settings
	RoleDirector   Role = "director"   // 中心主任
	RoleDeputy     Role = "deputy"     // 中心副主任
	RoleLead       Role = "lead"       // 窗口负责人 / 首席代表
	RoleStaff      Role = "staff"      // 窗口工作人员
	RoleInspector  Role = "inspector"  // 督查: inspects and records events
	RoleTechnician Role = "technician" // 技术员: devices, backups, updates
)

// The roles of countyd, the county center's receiver (its own accounts).
const (
	RoleCountyAdmin  Role = "county_admin"  // 县级管理员: registers boxes, reads everything
	RoleCountyViewer Role = "county_viewer" // 县级查看人员: reads
)

// CountyRoles lists countyd's roles (Options.Roles of its Service).
var CountyRoles = []Role{RoleCountyAdmin, RoleCountyViewer}

// AllRoles lists every role in display order.
var AllRoles = []Role{RoleOffice, RoleDirector, RoleDeputy, RoleLead, RoleStaff, RoleInspector, RoleTechnician}

// Valid reports whether r is one of AllRoles.
func (r Role) Valid() bool {
	for _, x := range AllRoles {
		if x == r {
			return true
		}
	}
	return false
}
