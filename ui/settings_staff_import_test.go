package ui

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"bianmin/appliance/staff"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// settingsRoster is a staff list as the office keeps it: Chinese headings,
// saved by Excel on Chinese Windows (GBK).
const settingsRoster = "工号,姓名,窗口单位,窗口,职务,岗位,联系电话\r\n" +
	"QS001,王建国,民政办,1,首席代表,A,13800138000\r\n" +
	"QS002,李秀英,民政办,1,工作人员,B,\r\n" +
	"QS003,张伟,社保所,3号,窗口负责人,,\r\n"

func settingsGBK(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// confirmImport confirms the preview on the page r: its upload and digest.
func confirmImport(t *testing.T, c *settingsClient, r settingsPage) settingsPage {
	t.Helper()
	field := func(name string) string {
		m := regexp.MustCompile(`name="` + name + `" value="([0-9a-f]+)"`).FindStringSubmatch(r.Body)
		if m == nil {
			t.Fatalf("no %s on the preview:\n%s", name, r.Body)
		}
		return m[1]
	}
	return c.post("/settings/staff/import/confirm", url.Values{"upload": {field("upload")}, "digest": {field("digest")}})
}

func TestSettingsStaffImportAndExport(t *testing.T) {
	env := settingsTestApp(t)
	c := env.settingsOffice()
	settingsExpect(t, "form", c.get("/settings/staff/import"), http.StatusOK,
		"导入花名册", `enctype="multipart/form-data"`, `<code lang="zxx">staff_no</code>`, `<code lang="zxx">start_date</code>`,
		`href="/settings/staff/export.csv"`, "下载当前人员名单", "检查并预览")

	// The preview says what the file will create; nothing exists yet.
	r := c.upload("/settings/staff/import", "花名册.csv", settingsGBK(t, settingsRoster))
	settingsExpect(t, "preview", r, http.StatusOK, "导入预览", "将新建窗口单位：", "<mark>民政办</mark>", "<mark>社保所</mark>",
		"将新增人员 3 人", "王建国", "（文件未写，按导入当天）", "确认导入")
	if list, _ := env.staff.ListStaff(staff.Filter{}); len(list) != 0 {
		t.Fatalf("the preview imported %d people", len(list))
	}
	preview := r
	r = confirmImport(t, c, preview)
	settingsExpect(t, "import", r, http.StatusOK,
		"导入完成：新增 3 人，更新 0 人，0 人没有变化；新建窗口单位 2 个、窗口 2 个。", `href="/settings/staff"`, "新建了窗口单位：")
	list, _ := env.staff.ListStaff(staff.Filter{})
	if len(list) != 3 {
		t.Fatalf("after import: %d staff, want 3", len(list))
	}
	// The upload is used once.
	settingsExpect(t, "confirm again", confirmImport(t, c, preview), http.StatusConflict, "上传的文件已过期")
	settingsExpect(t, "list", c.get("/settings/staff"), http.StatusOK, "王建国", "李秀英", "张伟", "3号窗口", "窗口负责人")

	// Export, then import the export back: nothing changes.
	r = c.get("/settings/staff/export.csv")
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(r.Header.Get("Content-Disposition"), `attachment; filename="staff-`) {
		t.Fatalf("export: %d %q %q", r.Status, r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"))
	}
	today := env.app.today().Format(dateLayout)
	if !strings.HasPrefix(r.Body, "\ufeffstaff_no,name,unit,window,position,post,phone,start_date,end_date\r\n") ||
		!strings.Contains(r.Body, "QS001,王建国,民政办,1,chief,A,13800138000,"+today+",\r\n") {
		t.Errorf("export body:\n%s", r.Body)
	}
	exported := r.Body
	settingsExpect(t, "re-import", c.upload("/settings/staff/import", "staff.csv", []byte(exported)), http.StatusOK,
		"文件中的 3 人都与现有名单一致")

	// An edited copy updates one person: the preview names the field.
	edited := strings.Replace(exported, "QS002,李秀英,民政办,1,staff,B,,"+today+",", "QS002,李秀英,民政办,1,staff,B,13900139000,2026-03-10,", 1)
	r = c.upload("/settings/staff/import", "staff.csv", []byte(edited))
	settingsExpect(t, "update preview", r, http.StatusOK, "将修改 1 人的信息", "联系电话：<del>（无）</del> → <ins>13900139000</ins>",
		"进驻日期：<del>"+today+"</del> → <ins>2026-03-10</ins>")
	settingsExpect(t, "update import", confirmImport(t, c, r), http.StatusOK, "新增 0 人，更新 1 人，2 人没有变化")
}

func TestSettingsStaffImportRejectsBadRows(t *testing.T) {
	env := settingsTestApp(t)
	c := env.settingsOffice()
	bad := "staff_no,name,unit,window,position\n" +
		"QS010,陈明,民政办,1,工作人员\n" +
		",无工号,民政办,1,工作人员\n" +
		"QS012,赵强,民政办,abc,职员\n" +
		"QS010,陈明二,民政办,1,工作人员\n"
	r := c.upload("/settings/staff/import", "bad.csv", []byte(bad))
	settingsExpect(t, "bad rows", r, http.StatusBadRequest,
		"文件中有 4 处问题，本次没有导入任何数据。", "文件：bad.csv",
		"<td class=\"num nowrap\">第3行</td>", "工号（staff_no）", "请填写工号",
		"第4行", "窗口（window）", `<code lang="zxx">abc</code>`, "窗口号须为 1 到 999 之间的整数",
		"职务（position）", `<code lang="zxx">职员</code>`, "职务只能是",
		"第5行", "工号 QS010 在第2行已经出现过", "选择改好的文件")
	// Lines are listed in order.
	if i3, i5 := strings.Index(r.Body, "第3行"), strings.Index(r.Body, "第5行"); i3 < 0 || i5 < i3 {
		t.Error("problems not listed by line")
	}
	if list, _ := env.staff.ListStaff(staff.Filter{IncludeInactive: true}); len(list) != 0 {
		t.Errorf("a rejected file imported %d people", len(list))
	}
	if units, _ := env.staff.Units(); len(units) != 0 {
		t.Errorf("a rejected file created units %+v", units)
	}

	r = c.upload("/settings/staff/import", "header.csv", []byte("工号,姓名,单位,窗口,备注\nQS1,王,民政办,,\n"))
	settingsExpect(t, "bad header", r, http.StatusBadRequest, "无法识别“备注”列", "表头缺少“position”列", "第1行")
}

func TestSettingsStaffImportFileProblems(t *testing.T) {
	env := settingsTestApp(t)
	c := env.settingsOffice()
	cases := []struct {
		name, file string
		content    []byte
		want       string
	}{
		{"no file", "", nil, "请选择要导入的 CSV 文件。"},
		{"empty file", "empty.csv", nil, "这个文件是空的"},
		{"xlsx", "花名册.xlsx", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0}, 64)...), "这是 Excel 工作簿"},
		{"xls renamed", "roster.csv", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, "这是 Excel 工作簿"},
		{"pdf", "roster.pdf", []byte("%PDF-1.4"), "只能导入 CSV 文件"},
		{"blank csv", "blank.csv", []byte("\r\n\r\n"), "文件里没有人员数据"},
	}
	for _, tc := range cases {
		r := c.upload("/settings/staff/import", tc.file, tc.content)
		settingsExpect(t, tc.name, r, http.StatusBadRequest, tc.want)
	}
	// Larger than the upload limit: the middleware refuses it whole.
	big := bytes.Repeat([]byte("QS1,王,民政办,1,工作人员\n"), (maxUploadBytes/20)+1)
	if r := c.upload("/settings/staff/import", "big.csv", big); r.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized upload: %d, want 413", r.Status)
	}
}
