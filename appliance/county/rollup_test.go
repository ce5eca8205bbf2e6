package county_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"bianmin/appliance/assess"
	"bianmin/appliance/attendance"
	"bianmin/appliance/boxkey"
	"bianmin/appliance/county"
	"bianmin/appliance/intake"
	"bianmin/appliance/leave"
	"bianmin/appliance/queue"
	"bianmin/appliance/rating"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/uplink"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*3600)
	}
	return loc
}()

func at(date, clock string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", date+" "+clock, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

// fakeBox seals batches of records as a box's uplink would (the payloads
// are the box's own record types, marshalled as its outbox does).
type fakeBox struct {
	t       testing.TB
	key     *boxkey.Key
	epoch   string
	seq     uint64
	outbox  uint64
	pending []uplink.Record
}

func (b *fakeBox) add(kind string, at time.Time, payload any) {
	data, err := json.Marshal(payload)
	if err != nil {
		b.t.Fatal(err)
	}
	b.outbox++
	b.pending = append(b.pending, uplink.Record{Seq: b.outbox, Time: at, Kind: kind, Payload: data})
}

// seal makes the next batch of the pending records, created at created.
func (b *fakeBox) seal(created time.Time) []byte {
	b.seq++
	data, err := uplink.Seal(uplink.Batch{Box: b.key.Fingerprint(), Epoch: b.epoch, Seq: b.seq, Schema: 1, Created: created,
		First: b.pending[0].Seq, Last: b.pending[len(b.pending)-1].Seq, Records: b.pending}, b.key)
	if err != nil {
		b.t.Fatal(err)
	}
	b.pending = nil
	return data
}

type countyRig struct {
	t   *testing.T
	now time.Time
	c   *county.County
	box county.Box
}

func newCounty(t *testing.T, key *boxkey.Key) *countyRig {
	r := &countyRig{t: t}
	db, err := store.Open(t.TempDir(), store.Options{Reserve: -1, MinFree: -1, Location: shanghai, Now: func() time.Time { return r.now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r.c = county.New(db, nil)
	r.now = at("2026-11-01", "08:00")
	if r.box, err = r.c.AddBox("admin", "青山镇", "330110", key.PublicText()); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *countyRig) receive(data []byte, at time.Time, want string) {
	r.t.Helper()
	r.now = at
	ack, err := r.c.Receive(data, "http 10.0.0.2")
	if err != nil {
		r.t.Fatal(err)
	}
	if ack.Outcome != want {
		r.t.Fatalf("outcome %q, want %q", ack.Outcome, want)
	}
}

func (r *countyRig) tally(period string, scope byte, unit, staffID uint64) county.Tally {
	r.t.Helper()
	got, err := r.c.TallyOf(r.box.ID, period, scope, unit, staffID)
	if err != nil {
		r.t.Fatal(err)
	}
	return got
}

func punch(id, staffID uint64, t time.Time) attendance.Punch {
	return attendance.Punch{ID: id, StaffID: staffID, Time: t, Source: attendance.SourceFingerprint, Quality: attendance.TimeSynced, RecordedAt: t}
}

// TestRollupAsBatchesArrive feeds two batches of one box (and one of them
// twice, and again under a new epoch) and checks the day, month and
// person tallies and the overview against what each rule gives.
func TestRollupAsBatchesArrive(t *testing.T) {
	key := boxkey.Generate()
	b := &fakeBox{t: t, key: key, epoch: "0000000000000001"}
	r := newCounty(t, key)
	nineToFive, _ := attendance.PresetByKey("nine-to-five")
	settings := attendance.DefaultSettings()
	settings.Preset = nineToFive

	// Batch 1, made on Tuesday 2026-11-03 at 11:00.
	b.add("attendance_settings", at("2026-10-30", "10:00"), settings)
	b.add("unit", at("2026-10-30", "10:00"), staff.Unit{ID: 1, Name: "民政办", Active: true})
	b.add("window", at("2026-10-30", "10:00"), staff.Window{ID: 1, Number: 1, Name: "民政救助", UnitID: 1, Active: true})
	b.add("window", at("2026-10-30", "10:00"), staff.Window{ID: 2, Number: 2, Name: "婚姻登记", UnitID: 1, Active: true})
	for i, name := range []string{"王建国", "李秀英", "张伟"} {
		b.add("staff", at("2026-10-30", "10:00"), staff.Staff{ID: uint64(i + 1), StaffNo: "QS00" + string(rune('1'+i)), Name: name,
			UnitID: 1, WindowID: uint64([]int{1, 2, 0}[i]), StartDate: "2026-11-01"})
	}
	b.add("punch", at("2026-11-02", "08:55"), punch(1, 1, at("2026-11-02", "08:55")))
	b.add("punch", at("2026-11-02", "17:05"), punch(2, 1, at("2026-11-02", "17:05")))
	b.add("punch", at("2026-11-02", "09:20"), punch(3, 2, at("2026-11-02", "09:20"))) // 20 minutes late
	b.add("punch", at("2026-11-02", "17:01"), punch(4, 2, at("2026-11-02", "17:01")))
	b.add("punch", at("2026-11-03", "08:50"), punch(5, 1, at("2026-11-03", "08:50")))
	b.add("leave", at("2026-11-02", "16:00"), leave.Leave{ID: 1, StaffID: 3, Type: leave.TypePersonal, Status: leave.StatusPending,
		Start: at("2026-11-03", "09:00"), End: at("2026-11-03", "17:00")})
	b.add("leave", at("2026-11-02", "16:30"), leave.Leave{ID: 1, StaffID: 3, Type: leave.TypePersonal, Status: leave.StatusApproved,
		Start: at("2026-11-03", "09:00"), End: at("2026-11-03", "17:00"), SubstituteID: 1})
	tk := queue.Ticket{ID: 7, Day: "2026-11-02", Service: "A", Number: "A001", Status: queue.StatusCalled,
		Taken: at("2026-11-02", "09:30"), Called: at("2026-11-02", "09:40"), Window: 1, StaffID: 1}
	b.add("queue_ticket", tk.Called, tk)
	tk.Status, tk.Finished = queue.StatusFinished, at("2026-11-02", "09:55")
	b.add("queue_ticket", tk.Finished, tk)
	b.add("case", at("2026-10-20", "10:00"), intake.CaseRecord{Case: intake.Case{ID: 1, Number: "2026-000001", UnitID: 1, OwnerStaffID: 2,
		Category: intake.CategoryPromised, Status: intake.StatusAccepted, ReceivedAt: at("2026-10-20", "10:00"), DueDate: "2026-10-30"}})
	case2 := intake.Case{ID: 2, Number: "2026-000002", UnitID: 1, OwnerStaffID: 1, Category: intake.CategoryPromised,
		Status: intake.StatusAccepted, ReceivedAt: at("2026-11-02", "10:00"), DueDate: "2026-11-10"}
	b.add("case", case2.ReceivedAt, intake.CaseRecord{Case: case2})
	b.add("rating", at("2026-11-02", "09:56"), rating.Exchange{Seq: 1, Window: 1, StaffNo: 1, Time: at("2026-11-02", "09:56"), Level: "5"})
	b.add("rating", at("2026-11-02", "10:30"), rating.Exchange{Seq: 2, Window: 2, StaffNo: 2, Time: at("2026-11-02", "10:30"), Level: "1"})
	fu := rating.FollowUp{RatingSeq: 2, Ref: rating.Ref{StaffID: 2, UnitID: 1}, Level: rating.VeryDissatisfied,
		RatedAt: at("2026-11-02", "10:30"), Due: "2026-11-09", State: rating.FUOpen}
	b.add("rating_followup", fu.RatedAt, fu)
	batch1 := b.seal(at("2026-11-03", "11:00"))
	r.receive(batch1, at("2026-11-03", "11:00"), uplink.OutcomeStored)

	mon := []struct {
		name  string
		staff uint64
		want  county.Tally
	}{
		// 003 line 231: 早九晚五 — in by 09:00 and out from 17:00 is on time.
		{"on time", 1, county.Tally{WorkDays: 1, Present: 1, Tickets: 1, Served: 1, WaitSec: 600, WaitN: 1, Ratings: 1,
			Cases: map[string]county.CaseCount{"promised": {N: 1}}}},
		// 003 line 231: in at 09:20 is late.
		{"late", 2, county.Tally{WorkDays: 1, Present: 1, Late: 1, Ratings: 1, Bad: 1}},
		// No punch on a working day: the whole day absent (attendance.JudgeDay).
		{"absent", 3, county.Tally{WorkDays: 1, Absent: 2}},
	}
	for _, row := range mon {
		if got := r.tally("2026-11-02", county.ScopePerson, 1, row.staff); !reflect.DeepEqual(got, row.want) {
			t.Errorf("Monday, %s: %+v, want %+v", row.name, got, row.want)
		}
	}
	month1 := r.tally("2026-11", county.ScopeTownship, 0, 0)
	want1 := county.Tally{WorkDays: 3, Present: 2, Late: 1, Absent: 2, LeaveReqs: 1, Substitutes: 1, Tickets: 1, Served: 1,
		WaitSec: 600, WaitN: 1, Cases: map[string]county.CaseCount{"promised": {N: 1}}, Ratings: 2, Bad: 1}
	if !reflect.DeepEqual(month1, want1) {
		t.Errorf("month after batch 1: %+v, want %+v", month1, want1)
	}
	if got := r.tally("2026-10", county.ScopeUnit, 1, 0); got.Cases["promised"].N != 1 {
		t.Errorf("October's case: %+v", got)
	}

	ov, err := r.c.Overview(at("2026-11-03", "11:05"), county.AllTownships())
	if err != nil || len(ov) != 1 {
		t.Fatal(ov, err)
	}
	today := ov[0].Today
	if today.Staff != 3 || today.Present != 1 || today.OnLeave != 1 || today.NotIn != 1 || !reflect.DeepEqual(today.Uncovered, []string{"婚姻登记"}) {
		t.Errorf("today: %+v", today)
	}
	if ov[0].Overdue != 1 || ov[0].BadOpen != 1 || ov[0].Judged != "2026-11-02" || ov[0].ClockWarn {
		t.Errorf("overview: overdue %d, 差评 open %d, judged %s, clock %v", ov[0].Overdue, ov[0].BadOpen, ov[0].Judged, ov[0].Skew)
	}

	// The same batch again (a lost acknowledgement): stored once.
	r.receive(batch1, at("2026-11-03", "11:10"), uplink.OutcomeAgain)
	if got := r.tally("2026-11", county.ScopeTownship, 0, 0); !reflect.DeepEqual(got, want1) {
		t.Errorf("after the same batch again: %+v, want %+v", got, want1)
	}

	// Batch 2, made on Thursday 11-05 09:00 by a box whose clock is 9
	// minutes ahead: Tuesday's out-punch, the follow-up closed, case 2
	// decided before its due date; nobody punched on Wednesday.
	b.add("punch", at("2026-11-03", "17:10"), punch(6, 1, at("2026-11-03", "17:10")))
	fu.State, fu.ClosedOn = rating.FUClosed, "2026-11-04"
	b.add("rating_followup", at("2026-11-04", "15:00"), fu)
	case2.Status, case2.DecidedAt, case2.DueDate = intake.StatusDecided, at("2026-11-05", "08:30"), ""
	b.add("case", case2.DecidedAt, intake.CaseRecord{Case: case2})
	r.receive(b.seal(at("2026-11-05", "09:09")), at("2026-11-05", "09:00"), uplink.OutcomeStored)

	tue := []struct {
		name  string
		staff uint64
		want  county.Tally
	}{
		{"in and out", 1, county.Tally{WorkDays: 1, Present: 1}},
		{"no punch", 2, county.Tally{WorkDays: 1, Absent: 2}},
		// Approved leave covers the day: leave, not absence (000 第三篇 七).
		{"on leave", 3, county.Tally{WorkDays: 1, Leave: map[string]int{"personal": 2}, LeaveReqs: 1, Substitutes: 1}},
	}
	for _, row := range tue {
		if got := r.tally("2026-11-03", county.ScopePerson, 1, row.staff); !reflect.DeepEqual(got, row.want) {
			t.Errorf("Tuesday, %s: %+v, want %+v", row.name, got, row.want)
		}
	}
	month2 := r.tally("2026-11", county.ScopeTownship, 0, 0)
	want2 := county.Tally{WorkDays: 9, Present: 3, Late: 1, Absent: 2 + 2 + 6, Leave: map[string]int{"personal": 2},
		LeaveReqs: 1, Substitutes: 1, Tickets: 1, Served: 1, WaitSec: 600, WaitN: 1,
		Cases: map[string]county.CaseCount{"promised": {N: 1, Done: 1, OnTime: 1}}, Ratings: 2, Bad: 1, BadDone: 1}
	if !reflect.DeepEqual(month2, want2) {
		t.Errorf("month after batch 2: %+v, want %+v", month2, want2)
	}
	if rows := month2.LeaveRows(); len(rows) != 1 || rows[0].Type != "personal" || rows[0].Days() != "1" {
		t.Errorf("leave by type: %+v", rows)
	}
	if rows := month2.CaseRows(); len(rows) != 1 || rows[0].Category != "promised" || rows[0].RateText() != "100%" {
		t.Errorf("cases by category: %+v", rows)
	}
	if u := r.tally("2026-11", county.ScopeUnit, 1, 0); !reflect.DeepEqual(u, want2) {
		t.Errorf("the unit's month is not the township's (one unit): %+v", u)
	}
	ov, _ = r.c.Overview(at("2026-11-05", "09:30"), county.AllTownships())
	if ov[0].BadOpen != 0 || ov[0].Overdue != 1 || ov[0].Judged != "2026-11-04" || !ov[0].ClockWarn {
		t.Errorf("overview after batch 2: %+v", ov[0])
	}

	// The box restored from a backup sends everything again under a new
	// epoch: the records are known by content and count once.
	again := &fakeBox{t: t, key: key, epoch: "0000000000000002"}
	if err := r.c.RecordsOf(r.box.ID, "", func(rec county.Record) error {
		again.pending = append(again.pending, uplink.Record{Seq: rec.Outbox, Time: rec.Time, Kind: rec.Kind, Payload: rec.Payload})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	r.receive(again.seal(at("2026-11-05", "10:00")), at("2026-11-05", "10:00"), uplink.OutcomeStored)
	if got := r.tally("2026-11", county.ScopeTownship, 0, 0); !reflect.DeepEqual(got, want2) {
		t.Errorf("after the restore's new epoch: %+v, want %+v", got, want2)
	}
}

// TestDrillDown reads the same two batches' figures level by level:
// county → township → unit → person → day, sorted, filtered and paged.
func TestDrillDown(t *testing.T) {
	key := boxkey.Generate()
	b := &fakeBox{t: t, key: key, epoch: "0000000000000003"}
	r := newCounty(t, key)
	b.add("unit", at("2026-10-30", "10:00"), staff.Unit{ID: 1, Name: "民政办", Active: true})
	b.add("unit", at("2026-10-30", "10:00"), staff.Unit{ID: 2, Name: "社保所", Active: true})
	for i, name := range []string{"王建国", "李秀英", "张伟"} {
		b.add("staff", at("2026-10-30", "10:00"), staff.Staff{ID: uint64(i + 1), StaffNo: fmt.Sprintf("QS00%d", i+1), Name: name,
			UnitID: uint64(1 + i/2), StartDate: "2026-11-01"})
	}
	// 003 line 231 (早九晚五) is not this box's rule: the default preset
	// (standard, two sessions) judges it; 王建国 is late on Monday.
	std, _ := attendance.PresetByKey(attendance.DefaultPresetKey)
	monIn := std.Sessions[0].Start.On(at("2026-11-02", "00:00"))
	b.add("punch", monIn, punch(1, 1, monIn.Add(25*time.Minute)))
	// The box's 100-point assessment (appliance/assess), published and then
	// changed by an accepted objection: the later score replaces the first.
	b.add("assessment", at("2026-11-03", "09:00"), assess.ScoreRecord{StaffID: 2, UnitID: 1, Month: "2026-11", Score: 92})
	b.add("assessment", at("2026-11-03", "15:00"), assess.ScoreRecord{StaffID: 2, UnitID: 1, Month: "2026-11", Score: 95})
	r.receive(b.seal(at("2026-11-04", "08:00")), at("2026-11-04", "08:00"), uplink.OutcomeStored)

	p, err := county.ParsePeriod("2026-Q4")
	if err != nil || len(p.Months) != 3 || p.First() != "2026-10-01" || p.Last() != "2026-12-31" {
		t.Fatalf("quarter: %+v %v", p, err)
	}
	for _, bad := range []string{"2026-13", "2026-Q5", "26-11", "2026-11-02"} {
		if _, err := county.ParsePeriod(bad); err == nil {
			t.Errorf("period %q accepted", bad)
		}
	}
	towns, err := r.c.Townships(county.AllTownships(), p)
	if err != nil || len(towns) != 1 || towns[0].Tally.WorkDays != 6 || towns[0].Tally.Late != 1 {
		t.Fatalf("townships: %+v %v", towns, err)
	}
	if none, _ := r.c.Townships(county.OnlyTownships(), p); len(none) != 0 {
		t.Errorf("a viewer of no township sees %+v", none)
	}
	units, err := r.c.Units(r.box.ID, p)
	if err != nil || len(units) != 2 || units[0].Name != "民政办" || units[0].Tally.WorkDays != 4 || units[1].Tally.WorkDays != 2 {
		t.Fatalf("units: %+v %v", units, err)
	}
	people, err := r.c.People(r.box.ID, 1, p)
	if err != nil || len(people) != 2 {
		t.Fatalf("people: %+v %v", people, err)
	}
	page := county.Table(people, county.TableQuery{Sort: county.ColLate, Desc: true})
	if page.Total != 2 || page.Rows[0].Name != "王建国" || page.Sum.Late != 1 {
		t.Errorf("sorted by late: %+v", page)
	}
	if f := county.Table(people, county.TableQuery{Q: "QS002"}); f.Total != 1 || f.Rows[0].Name != "李秀英" || f.Rows[0].Tally.Text(county.ColScore) != "95" {
		t.Errorf("filtered by staff number: %+v", f)
	}
	if f := county.Table(people, county.TableQuery{Only: county.ColLate}); f.Total != 1 || f.Rows[0].Name != "王建国" {
		t.Errorf("only late: %+v", f)
	}
	if f := county.Table(people, county.TableQuery{Size: 1, Page: 2}); len(f.Rows) != 1 || f.Pages != 2 || f.Page != 2 || f.Sum.WorkDays != 4 {
		t.Errorf("page 2 of 1 row each: %+v", f)
	}
	days, err := r.c.Days(r.box.ID, 1, 1, p)
	if err != nil || len(days) != 2 || days[0].Date != "2026-11-02" || days[0].Tally.Late != 1 {
		t.Fatalf("days: %+v %v", days, err)
	}
	d, err := r.c.DayOf(r.box.ID, 1, 1, "2026-11-02")
	if err != nil || len(d.Punches) != 1 || len(d.Result.Points) != 4 || d.Result.Points[0].Status != attendance.PointLate {
		t.Fatalf("Monday in full: %+v %v", d, err)
	}
	doc, err := r.c.MonthlyReport(county.AllTownships(), county.MonthPeriod(at("2026-11-02", "00:00")), "zh-CN",
		func(key string, args map[string]any) string { return fmt.Sprint(key, args) }, at("2026-12-01", "09:00"))
	if err != nil || doc.Head == nil || doc.Sign == nil || len(doc.Sections) != 4 || len(doc.Sections[1].Table.Rows) != 2 {
		t.Fatalf("report: %+v %v", doc, err)
	}
	if row := doc.Sections[1].Table.Rows[0]; row.Cells[0].Text != "青山镇" || row.Cells[2].Value != 1 {
		t.Errorf("the report's township row: %+v", row)
	}
}
