package intake

import (
	"errors"
	"strings"
	"testing"

	"bianmin/appliance/problem"
)

// The catalog import: previewed (what it creates and changes), confirmed
// only when the plan is unchanged, refused whole with each problem's line.
func TestCatalogImport(t *testing.T) {
	f := newFixture(t)
	file := "事项编码,事项名称,窗口单位,受理窗口,办件类别,设定依据,办理流程,收费标准,法定时限,承诺时限,申请材料\n" +
		"MZ-001,临时救助申请,民政办,1、2,承诺件,《社会救助暂行办法》第四十七条,申请—受理—审核—审批—发放,不收费,20,7," +
		"申请书/1/原件/必需；身份证复印件/1/复印件；委托书/1/原件/委托他人办理的\n" +
		"MZ-009,高龄津贴申领,民政办,1,承诺件,《老年人权益保障法》,申请—审核—发放,不收费,15,10,户口簿/1/原件\n"
	res, err := f.svc.PreviewCSV(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 || res.Updated != 1 || len(res.Lines) != 2 || !res.Lines[1].New || strings.Join(res.Lines[0].Changed, ",") != "promised_days" {
		t.Fatalf("plan %+v", res)
	}
	items, _ := f.svc.Items(true)
	if len(items) != 2 {
		t.Fatalf("the preview wrote: %d items", len(items))
	}
	if _, err := f.svc.ConfirmCSV(f.receiver, strings.NewReader(file), res.Digest()); !problem.Is(err, errNotOffice) {
		t.Fatalf("staff imported: %v", err)
	}
	// the catalog changes between the preview and the confirmation
	it := f.subsidy
	it.Name = "临时救助"
	if _, err := f.svc.SaveItem(f.office, it); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.ConfirmCSV(f.office, strings.NewReader(file), res.Digest()); !errors.Is(err, ErrPlanChanged) {
		t.Fatalf("a changed plan was imported: %v", err)
	}
	res, _ = f.svc.PreviewCSV(strings.NewReader(file))
	if _, err := f.svc.ConfirmCSV(f.office, strings.NewReader(file), res.Digest()); err != nil {
		t.Fatal(err)
	}
	got, err := f.svc.ItemByCode("mz-009")
	if err != nil || got.PromisedDays != 10 || len(got.Materials) != 1 || !got.Materials[0].Original {
		t.Fatalf("imported %+v %v", got, err)
	}
	sub, _ := f.svc.ItemByCode("MZ-001")
	if sub.PromisedDays != 7 || sub.Name != "临时救助申请" || sub.Materials[2].Required || sub.Materials[2].Condition != "委托他人办理的" || len(sub.WindowIDs) != 2 {
		t.Errorf("updated %+v", sub)
	}
	bad := "code,name,unit,windows,legal_basis,procedure,fee,promised_days,legal_days\n" +
		"X-1,甲,民证办,1,依据,流程,不收费,5,20\n" + // a typo in the unit
		"X-2,乙,民政办,3,依据,流程,不收费,30,20\n" + // window of another unit; promise over the legal limit
		"X-2,丙,民政办,,依据,流程,不收费,五,\n" // the code twice; days not a number
	res, err = f.svc.PreviewCSV(strings.NewReader(bad))
	if !errors.Is(err, ErrImportRejected) {
		t.Fatalf("a bad file: %v", err)
	}
	want := map[string]int{"intake.import.err.unit": 2, errWindowUnit: 3, errPromisedOverLegal: 3, "intake.import.err.code_twice": 4, "intake.import.err.days": 4}
	for key, line := range want {
		found := false
		for _, p := range res.Errors {
			found = found || p.Key == key && p.Line == line
		}
		if !found {
			t.Errorf("no %s on line %d in %v", key, line, res.Errors)
		}
	}
}
