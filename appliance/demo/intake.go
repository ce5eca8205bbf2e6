package demo

import (
	"fmt"

	"bianmin/appliance/account"
	"bianmin/appliance/intake"
	"bianmin/appliance/staff"
)

// demoItems are a small believable catalog: unit (index of units),
// windows (numbers), code, name, limits, and the materials.
var demoItems = []struct {
	unit           int
	windows        []int
	code, name     string
	basis, proc    string
	legal, promise int
	materials      []intake.Material
}{
	{0, []int{1}, "MZ-001", "临时救助申请", "《社会救助暂行办法》第四十七条至第五十条", "申请—受理—调查核实—审批—发放", 20, 5, []intake.Material{
		{Name: "临时救助申请书", Copies: 1, Original: true, Required: true},
		{Name: "申请人身份证复印件", Copies: 1, Required: true},
		{Name: "困难情况证明材料", Copies: 1, Required: true},
		{Name: "委托书", Copies: 1, Original: true, Condition: "委托他人代为申请的"}}},
	{0, []int{2}, "MZ-002", "结婚登记", "《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》第四条", "当场审查—当场登记发证", 0, 0, []intake.Material{
		{Name: "居民户口簿", Copies: 1, Original: true, Required: true},
		{Name: "居民身份证", Copies: 1, Original: true, Required: true},
		{Name: "近期半身免冠合影照片", Copies: 3, Required: true}}},
	{1, []int{3}, "SB-001", "城乡居民基本养老保险参保登记", "《中华人民共和国社会保险法》第二十条", "当场办理", 0, 0, []intake.Material{
		{Name: "居民身份证", Copies: 1, Original: true, Required: true},
		{Name: "居民户口簿", Copies: 1, Original: true, Required: true}}},
	{2, []int{5}, "GT-003", "农村村民宅基地申请审核", "《中华人民共和国土地管理法》第六十二条", "申请—村级审查—乡镇审核—公示—审批", 20, 15, []intake.Material{
		{Name: "宅基地申请表", Copies: 1, Original: true, Required: true},
		{Name: "户口簿复印件", Copies: 1, Required: true},
		{Name: "村民会议讨论意见", Copies: 1, Original: true, Required: true}}},
	{4, []int{7, 8}, "NY-002", "耕地地力保护补贴申报", "财政部 农业农村部《农业相关转移支付资金管理办法》", "申报—村级公示—核实—发放", 15, 10, []intake.Material{
		{Name: "补贴申报表", Copies: 1, Original: true, Required: true},
		{Name: "土地承包经营权证复印件", Copies: 1, Required: true},
		{Name: "银行卡（折）复印件", Copies: 1, Required: true}}},
}

// demoCases: which item (index), the applicant, ID number, what came in
// and how far it went.
var demoCases = []struct {
	item                  int
	name, id, phone, vill string
	agent                 string
	received              []int // indexes of the item's materials handed in
	steps                 []intake.StepInput
}{
	{0, "赵秀兰", "330122195803150022", "13857100001", "东坑村", "", []int{0, 1, 2},
		[]intake.StepInput{{Action: intake.ActAccept}, {Action: intake.ActStart}}},
	{0, "钱大山", "330122196207080018", "13857100002", "西岭村", "陈村代办员", []int{0},
		[]intake.StepInput{{Action: intake.ActNotice, Note: "请补交后再来，可由村代办员代交"}}},
	{1, "孙晓明", "330122199503120030", "13857100003", "青山社区", "", []int{0, 1, 2},
		[]intake.StepInput{{Action: intake.ActAccept}, {Action: intake.ActDecide, Outcome: intake.OutcomeApproved}, {Action: intake.ActDeliver, Note: "当场领取结婚证"}}},
	{3, "李根生", "330122197011220052", "13857100004", "北山村", "", []int{0, 1, 2},
		[]intake.StepInput{{Action: intake.ActAccept}, {Action: intake.ActReport, To: "县自然资源和规划局"}}},
	{4, "周桂英", "330122196405060026", "13857100005", "南溪村", "南溪村代办员", []int{0, 1, 2},
		[]intake.StepInput{{Action: intake.ActAccept}}},
	{2, "吴建平", "330122198812010017", "13857100006", "青山社区", "", []int{0, 1}, nil},
}

// SeedIntake fills an empty catalog with the demo's services and registers
// a few cases received by the demo's window staff (刘芳, the "staff"
// account) in their several states. It does nothing when the catalog has
// items.
func SeedIntake(svc *intake.Service, reg *staff.Registry) (int, error) {
	if items, err := svc.Items(true); err != nil || len(items) > 0 {
		return 0, err
	}
	unitIDs := map[string]uint64{}
	us, err := reg.Units()
	if err != nil {
		return 0, err
	}
	for _, u := range us {
		unitIDs[u.Name] = u.ID
	}
	ws, err := reg.Windows()
	if err != nil {
		return 0, err
	}
	windowIDs := map[int]uint64{}
	for _, w := range ws {
		windowIDs[w.Number] = w.ID
	}
	console := intake.Actor{Name: "demo", Console: true}
	var items []intake.Item
	for _, d := range demoItems {
		it := intake.Item{Code: d.code, Name: d.name, UnitID: unitIDs[units[d.unit]], LegalBasis: d.basis, Procedure: d.proc,
			Content: d.name, Fee: "不收费", LegalDays: d.legal, PromisedDays: d.promise, Materials: d.materials, Active: true}
		for _, n := range d.windows {
			it.WindowIDs = append(it.WindowIDs, windowIDs[n])
		}
		saved, err := svc.SaveItem(console, it)
		if err != nil {
			return 0, fmt.Errorf("demo service %s: %w", d.code, err)
		}
		items = append(items, saved)
	}
	receiver := intake.Actor{Name: "staff", Role: account.RoleStaff}
	if s, err := reg.StaffByNo("QS004"); err == nil {
		receiver.StaffID = s.ID
	}
	for _, d := range demoCases {
		it := items[d.item]
		in := intake.NewCase{ItemID: it.ID, WindowID: it.WindowIDs[0], IDNumber: d.id,
			Applicant: intake.Applicant{Name: d.name, Phone: d.phone, Village: d.vill}}
		if d.agent != "" {
			in.Agent = &intake.Agent{Name: d.agent, Village: d.vill}
		}
		for _, i := range d.received {
			in.Received = append(in.Received, it.Materials[i].Name)
		}
		c, err := svc.Register(receiver, in)
		if err != nil {
			return 0, fmt.Errorf("demo case of %s: %w", d.name, err)
		}
		for _, st := range d.steps {
			if _, err := svc.Step(console, c.ID, st); err != nil {
				return 0, fmt.Errorf("demo case %s, %s: %w", c.Number, st.Action, err)
			}
		}
	}
	return len(demoCases), nil
}
