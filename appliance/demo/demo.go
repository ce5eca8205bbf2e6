// Package demo fills an empty store with a believable township service
// center: the center's details, 5 units, 8 windows, 20 staff serving with
// Chinese names (one of them joined a few days ago) and one who has left,
// and one account for each role. `bianmin demo` and the browser tests use
// it. It imports the appliance packages it fills and nothing else.
package demo

import (
	"fmt"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/center"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// Credential is a demo account and its one-time password.
type Credential struct {
	Username string
	Role     account.Role
	Password string
}

// Center is the demo center's settings.
var Center = center.Settings{Name: "青山镇便民服务中心", Address: "青山镇人民路 18 号", Phone: "0571-8888 6600"}

// units of the demo center; windows name their unit by index.
var units = []string{"民政办", "社保所", "国土所", "卫健办", "农业服务中心"}

var windows = []struct {
	Number int
	Name   string
	Unit   int
}{
	{1, "民政救助", 0}, {2, "婚姻登记", 0}, {3, "社保医保", 1}, {4, "就业服务", 1},
	{5, "不动产登记", 2}, {6, "计生服务", 3}, {7, "农业补贴", 4}, {8, "综合受理", 4},
}

// people: staff number, name, window number (0 = none), post, position.
var people = []struct {
	No, Name string
	Window   int
	Post     staff.Post
	Position staff.Position
}{
	{"QS001", "王建国", 1, staff.PostA, staff.PositionChief},
	{"QS002", "李秀英", 1, staff.PostB, staff.PositionStaff},
	{"QS003", "张伟", 2, staff.PostA, staff.PositionLead},
	{"QS004", "刘芳", 2, staff.PostB, staff.PositionStaff},
	{"QS005", "陈明", 3, staff.PostA, staff.PositionChief},
	{"QS006", "杨丽", 3, staff.PostB, staff.PositionStaff},
	{"QS007", "赵强", 4, staff.PostA, staff.PositionLead},
	{"QS008", "黄敏", 4, staff.PostB, staff.PositionStaff},
	{"QS009", "周军", 5, staff.PostA, staff.PositionChief},
	{"QS010", "吴静", 5, staff.PostB, staff.PositionStaff},
	{"QS011", "徐磊", 6, staff.PostA, staff.PositionLead},
	{"QS012", "孙燕", 6, staff.PostB, staff.PositionStaff},
	{"QS013", "马超", 7, staff.PostA, staff.PositionChief},
	{"QS014", "朱红梅", 7, staff.PostB, staff.PositionStaff},
	{"QS015", "胡志刚", 8, staff.PostA, staff.PositionLead},
	{"QS016", "郭玉兰", 8, staff.PostB, staff.PositionStaff},
	{"QS017", "何平", 0, staff.PostA, staff.PositionStaff},
	{"QS018", "林晓燕", 0, staff.PostA, staff.PositionStaff},
	{"QS019", "高德明", 0, staff.PostA, staff.PositionStaff},
	{"QS020", "罗桂芳", 0, staff.PostA, staff.PositionStaff},
	{"QS021", "钱晓东", 0, staff.PostA, staff.PositionStaff},
}

// Who did not serve the whole demo period: QS020 joined JoinedDaysAgo
// days ago, QS021 left LeftDaysAgo days ago.
const (
	latecomer     = "QS020"
	leaver        = "QS021"
	JoinedDaysAgo = 12
	LeftDaysAgo   = 9
)

// accounts: one per role besides the admin; staff numbers link people.
var accounts = []struct {
	Username, Name string
	Role           account.Role
	StaffNo        string
}{
	{"director", "何平（主任）", account.RoleDirector, "QS017"},
	{"deputy", "林晓燕（副主任）", account.RoleDeputy, "QS018"},
	{"lead", "张伟（窗口负责人）", account.RoleLead, "QS003"},
	{"staff", "刘芳", account.RoleStaff, "QS004"},
	{"inspector", "高德明（督查）", account.RoleInspector, "QS019"},
	{"technician", "技术员", account.RoleTechnician, ""},
}

// Seeded reports whether the store already holds staff (demo or real).
func Seeded(reg *staff.Registry) bool {
	list, err := reg.ListStaff(staff.Filter{IncludeInactive: true})
	return err == nil && len(list) > 0
}

// Seed fills the store in one transaction and returns the demo accounts'
// one-time passwords. The admin account is made by account.EnsureAdmin.
// from is the day the demo center went live and its staff joined (the
// first day of SeedPunches' five weeks); today places the one who joined
// late and the one who left.
func Seed(db *store.DB, accts *account.Service, from, today time.Time) ([]Credential, error) {
	var creds []Credential
	err := db.Update("system:demo", func(tx *store.Tx) error {
		c := Center
		c.GoLive = from.Format(store.DateLayout)
		if err := center.UpdateTx(tx, c); err != nil {
			return err
		}
		unitIDs := make([]uint64, len(units))
		for i, name := range units {
			u, err := staff.CreateUnitTx(tx, staff.Unit{Name: name, Active: true})
			if err != nil {
				return fmt.Errorf("unit %s: %w", name, err)
			}
			unitIDs[i] = u.ID
		}
		windowIDs := map[int]uint64{}
		windowUnit := map[int]uint64{}
		for _, w := range windows {
			created, err := staff.CreateWindowTx(tx, staff.Window{Number: w.Number, Name: w.Name, UnitID: unitIDs[w.Unit], Active: true})
			if err != nil {
				return fmt.Errorf("window %d: %w", w.Number, err)
			}
			windowIDs[w.Number], windowUnit[w.Number] = created.ID, unitIDs[w.Unit]
		}
		staffIDs := map[string]uint64{}
		for i, p := range people {
			unit := windowUnit[p.Window]
			if p.Window == 0 {
				unit = unitIDs[i%len(unitIDs)]
			}
			start, end := from, time.Time{}
			switch p.No {
			case latecomer:
				start = today.AddDate(0, 0, -JoinedDaysAgo)
			case leaver:
				end = today.AddDate(0, 0, -LeftDaysAgo)
			}
			s := staff.Staff{StaffNo: p.No, Name: p.Name, UnitID: unit, WindowID: windowIDs[p.Window],
				Post: p.Post, Position: p.Position, Phone: fmt.Sprintf("1390571%04d", i+1), StartDate: start.Format(store.DateLayout)}
			if !end.IsZero() {
				s.EndDate = end.Format(store.DateLayout)
			}
			s, err := staff.CreateStaffTx(tx, s)
			if err != nil {
				return fmt.Errorf("staff %s: %w", p.No, err)
			}
			staffIDs[p.No] = s.ID
		}
		for _, a := range accounts {
			pw := account.RandomPassword()
			if _, err := accts.CreateUserTx(tx, account.NewUser{Username: a.Username, DisplayName: a.Name, Role: a.Role, StaffID: staffIDs[a.StaffNo]}, pw); err != nil {
				return fmt.Errorf("account %s: %w", a.Username, err)
			}
			creds = append(creds, Credential{Username: a.Username, Role: a.Role, Password: pw})
		}
		return nil
	})
	return creds, err
}
