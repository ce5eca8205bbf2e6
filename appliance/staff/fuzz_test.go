package staff

import (
	"bytes"
	"testing"

	"bianmin/appliance/locale/localetest"
	"bianmin/appliance/problem"
	"bianmin/embedded"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// FuzzReadImport: the staff list reader (appliance/csvin underneath) never
// panics or hangs on any bytes; every problem it reports has a message in
// the locale files, a line that exists and an echo of the input bounded to
// problem.MaxValueRunes; it never returns more rows than the limit, nor a
// row before the header.
func FuzzReadImport(f *testing.F) {
	roster := "工号,姓名,窗口单位,窗口,职务,岗位,联系电话\r\nQS001,王建国,民政办,1,首席代表,A,13800138000\r\nQS002,\"李,秀英\",民政办,1,工作人员,B,\r\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(roster))
	utf16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(roster))
	localetest.FuzzReader(f, embedded.FS, [][]byte{
		[]byte("staff_no,name,unit,window,position\nQS001,王建国,民政办,1,staff\n"),
		[]byte(roster), gbk, utf16,
		[]byte("\ufeffstaff_no;name;unit;window;position;post;phone;active\n1;a;b;;lead;B;;否\n"),
		[]byte("staff_no,name,unit,window,position\n\"unterminated,x\n"),
		[]byte("staff_no,staff_no,name\n"),
		[]byte("=cmd|' /C calc'!A0,x,y,1,staff\n"),
		{}, {0xff, 0xfe}, {0xef, 0xbb, 0xbf},
	}, func(t *testing.T, data []byte, lines int) (problem.List, error) {
		rows, probs, err := readImport(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		if len(rows) > MaxImportRows {
			t.Fatalf("%d rows, more than the limit %d", len(rows), MaxImportRows)
		}
		for _, r := range rows {
			if r.line < 2 || r.line > lines {
				t.Fatalf("row on line %d of a %d-line file", r.line, lines)
			}
		}
		return probs, nil
	})
}
