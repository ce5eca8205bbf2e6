package attendance

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The regulation lines the judgement tests cite. Text in 「」 is quoted
// exactly from the file whose number starts the string
// (shared/regulations/NNN_*.txt); TestRegulationQuotes checks it there.
// "issue #5" marks numbers and readings that come from the issue, not the
// text.
const (
	r000Hours      = "000 第三篇 一(一)1「中心上午全年實行8:30至12:00作息制度」"
	r000Seasons    = "000 第三篇 一(一)1「下午實行每年5月至10月14:30至18:00,10月至次年4月14:00至17:30作息制度」; the second 10月 read as 11月 (issue #5)"
	r000Punch      = "000 第三篇 一(一)2「早上8:30之前、中午11:30以后14:00(14:30)以前、下午17:30(18:00)之后打卡」; a minute counts: 08:30:59 on time (issue #5)"
	r000NoLate     = "000 第三篇 一(一)3「不得無故遲到、早退、曠工或中途擅離工作崗位」; any started minute before the end is early (issue #5)"
	r000Assign     = "000 第二篇 七(一)2「考勤情況以指紋機的系統記錄為準」; each punch point takes its punch by time, split at the middle of each session and break (issue #5)"
	r000OneOfTwo   = "000 第二篇 七(一)2「有上班考勤無下班考勤或有下班考勤無上班考勤且無有效請假記錄的,視為曠工」; counted as one missed punch, 漏簽 (issue #5)"
	r000NoPunch    = "000 第二篇 七(二)10(1)「未履行請假手續不上班的」: a half-day with neither punch is half a day of absence (issue #5)"
	r000LateEarly4 = "000 第二篇 七(二)10(5)「當月遲到或早退4次以上的計曠工半天」"
	r000OffPost    = "000 第二篇 七(二)10(6)「擅離工作崗位時間超過2小時的計曠工半天」"
	r000Missed     = "000 第二篇 七(二)10(7)「當月未按規定累計未簽到4次計曠工半天、累計8次未簽到計曠工1天」; 8 gives one day instead of half (issue #5)"
	r000Leave      = "000 第二篇 七(一)2「且無有效請假記錄的」: approved leave removes the punches it spans"
	r000HalfLeave  = "000 第三篇 一(二)1「離開崗位半天以內(不含半天)的,應當事前填寫」: leave is counted in half-days (issue #5)"
	r000Errand     = "000 第二篇 七(二)5「將委派人員的事由、時間等情況書面函報縣政務服務中心備案」; 第三篇 一(二)4「窗口因公務急需回部門處理事物的,應當及時通告」"
	r000Holiday    = "000 第二篇 七(一)1「除國家法定節假日外」: punches on other days are kept, never judged (issue #5)"
	r000Quota      = "000 第二篇 七(二)9「窗口工作人員請假不得超過3天或3次」: leave days count working days only (issue #5)"
	rIssueRemedy   = "issue #5: an approved remedy (補簽) counts like a punch and is marked; none of the texts regulates it"
	rIssueGrace    = "issue #5: grace minutes are a setting of every preset (default 0)"

	r004Hours   = "004 五、1「每天上午8点上班,12点下班;下午2:30上班(夏令时3:00上班),5:30下班(夏令时6:00下班)」; the summer period is not in the text: 1 Jun–30 Sep (issue #5)"
	r004HalfDay = "004 五、2「考勤以半天为单位,半天签到、签退一次计出勤半天」"
	r004Late    = "004 五、2「无签到或迟到20分钟以上签到记迟到一次」; 以上 read as more than 20 (issue #5)"
	r004Early   = "004 五、2「无签退或提前下班超过20分钟的记早退一次」"
	r004Absent  = "004 五、2「既无签到又无签退或未经许可在上班时间外出超过一小时的,计旷工一次」; one absence is half a day (issue #5)"
	r004Five    = "004 五、6「工作人员累计迟到或早退5次,记旷工1天」"
	r004Weekend = "004 五、1「周六、日休息,节假日有调整的按国务院规定执行」"

	r003Hours  = "003 一㈠「政务大厅实行“早九晚五”作息制度」「上午9点上班,下午5点下班」"
	r003Punch  = "003 一㈢「每天早晨上班时和下午下班时必须打卡考勤」; in/out split at 13:00, the session's middle (issue #5)"
	r003Leave  = "003 一㈣「均应按本办法“请假制度”规定的程序履行请假手续」"
	r003Errand = "003 一㈢「需提前回单位交换文件的,应提前向县政务服务中心(以下简称“政务中心”)督查科备案」"
)

// TestRegulationQuotes checks that every 「quote」 in the citations of
// these tests is the regulation's own words: each string literal of the
// judgement, preset and clock tests that starts with a file number and
// quotes is looked up in that file (line breaks, spaces and the pinyin the
// texts carry ignored).
func TestRegulationQuotes(t *testing.T) {
	dir := os.Getenv("BIANMIN_REGULATIONS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "regulations")
	}
	texts := map[string]string{}
	files, _ := filepath.Glob(filepath.Join(dir, "[0-9][0-9][0-9]_*.txt"))
	if len(files) == 0 {
		t.Skipf("no regulation texts in %s (set BIANMIN_REGULATIONS)", dir)
	}
	squash := strings.NewReplacer("\r", "", "\n", "", " ", "", "\u3000", "")
	// The texts carry pinyin after some characters, 規(guī)定: read past it.
	pinyin := regexp.MustCompile(`\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]+\)`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts[filepath.Base(f)[:3]] = squash.Replace(pinyin.ReplaceAllString(string(b), ""))
	}
	sources, _ := filepath.Glob("*_test.go")
	quoteRE := regexp.MustCompile(`「([^」]+)」`)
	citeRE := regexp.MustCompile(`^[0-9]{3} .*「`) // "000 第三篇 …「…」"
	checked := 0
	for _, src := range sources {
		if !strings.HasPrefix(src, "judge") && !strings.HasPrefix(src, "preset") && !strings.HasPrefix(src, "clock") {
			continue
		}
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, src, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !citeRE.MatchString(s) {
				return true
			}
			num := s[:3]
			text, ok := texts[num]
			if !ok {
				t.Errorf("%s: %q cites regulation %s, which is not in %s", fset.Position(lit.Pos()), s, num, dir)
				return true
			}
			for _, m := range quoteRE.FindAllStringSubmatch(s, -1) {
				checked++
				if !strings.Contains(text, squash.Replace(m[1])) {
					t.Errorf("%s: 「%s」 is not in regulation %s", fset.Position(lit.Pos()), m[1], num)
				}
			}
			return true
		})
	}
	if checked < 25 {
		t.Fatalf("checked only %d quotes; the scan is broken", checked)
	}
}
