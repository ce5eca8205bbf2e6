package intake

import (
	"testing"
)

// TestStatsAndExport: the month's statistics count the cases received in
// September 2026 by category and judge each decision limit on the day of
// the decision (5 working days from 2026-09-24 is 2026-10-09, the issue's
// deadline table); the export masks the ID number for another unit
// unless the county allows full numbers.
func TestStatsAndExport(t *testing.T) {
	f := newFixture(t)
	decide := func(c Case, when string) {
		t.Helper()
		*f.now = at(when)
		f.step(f.receiver, c.ID, StepInput{Action: ActDecide, Outcome: OutcomeApproved})
	}
	*f.now = at("2026-09-24 09:00")
	onTime := f.register(5, "申请书", "身份证复印件")
	late := f.register(5, "申请书", "身份证复印件")
	open := f.register(5, "申请书", "身份证复印件")
	refused := f.register(5, "申请书")
	for _, c := range []Case{onTime, late, open} {
		f.step(f.receiver, c.ID, StepInput{Action: ActAccept})
	}
	f.step(f.receiver, refused.ID, StepInput{Action: ActRefuse, Note: "不属于本中心职权范围"})
	decide(onTime, "2026-10-09 17:00") // the due day itself: on time
	decide(late, "2026-10-12 09:00")   // the next working day: late
	*f.now = at("2026-10-20 09:00")    // open past its due date: late
	*f.now = at("2026-09-25 10:00")
	for _, ag := range []Agent{{Name: "赵村官", Village: "东村"}, {Name: "钱代办", Village: "东村"}, {Name: "孙代办", Village: "西村"}} {
		if _, err := f.svc.Register(f.receiver, NewCase{ItemID: f.subsidy.ID, Applicant: Applicant{Name: "李四", Phone: "13900139000"},
			IDNumber: validID, Agent: &ag, Received: []string{"申请书"}}); err != nil {
			t.Fatal(err)
		}
	}
	*f.now = at("2026-10-20 09:00")
	st, err := f.svc.Stats(at("2026-09-01 00:00"), 0)
	if err != nil {
		t.Fatal(err)
	}
	tot := st.Total
	if len(st.Villages) != 2 || st.Villages[0].Village != "东村" || st.Villages[0].Received != 2 || len(st.Villages[0].Agents) != 2 || st.Villages[1].Received != 1 {
		t.Errorf("代办 per village: %+v", st.Villages)
	}
	if tot.Received != 7 || tot.ByCat[CategoryPromised] != 6 || tot.ByCat[CategoryReturned] != 1 || tot.Accepted != 3 || tot.Refused != 1 ||
		tot.Decided != 2 || tot.OnTime != 1 || tot.Late != 2 || tot.OnTimePercent() != 33 {
		t.Errorf("September: %+v (on time %d%%)", tot, tot.OnTimePercent())
	}
	if len(st.Units) != 1 || st.Units[0].UnitID != f.civil.ID || len(st.Lines) != 1 || st.Lines[0].ItemName != "临时救助申请" {
		t.Errorf("lines %+v, units %+v", st.Lines, st.Units)
	}
	if oct, _ := f.svc.Stats(at("2026-10-01 00:00"), 0); oct.Total.Received != 0 || oct.Total.OnTimePercent() != -1 {
		t.Errorf("October received nothing: %+v", oct.Total)
	}
	from, to := at("2026-09-01 00:00"), at("2026-10-01 00:00")
	own, err := f.svc.ExportCases(f.receiver, from, to, 0)
	if err != nil || len(own) != 7 || !own[0].Full || own[0].IDNumber != validID {
		t.Fatalf("the case's own unit exports full numbers: %+v, %v", own, err)
	}
	other, err := f.svc.ExportCases(f.outsider, from, to, 0)
	if err != nil || len(other) != 7 || other[0].Full || other[0].IDNumber == validID || other[0].IDNumber != own[0].Applicant.IDMasked {
		t.Fatalf("another unit's export must be masked: %+v, %v", other[0].IDNumber, err)
	}
	if _, err := f.svc.SaveSettings(f.office, Settings{FullIDAllowed: true, DueSoonDays: 2}); err != nil {
		t.Fatal(err)
	}
	if allowed, _ := f.svc.ExportCases(f.outsider, from, to, 0); !allowed[0].Full {
		t.Errorf("the county allows full numbers, yet the export is masked")
	}
	timing := map[uint64]Timing{}
	for _, r := range own {
		timing[r.ID] = r.Timing
	}
	if timing[onTime.ID] != TimingOnTime || timing[late.ID] != TimingLate || timing[open.ID] != TimingLate || timing[refused.ID] != TimingNone {
		t.Errorf("timings %v", timing)
	}
	if entries, _ := f.db.AuditEntries("intake/export", 10); len(entries) != 3 {
		t.Errorf("%d exports audited, want 3", len(entries))
	}
}
