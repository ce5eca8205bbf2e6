package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"bianmin/appliance/leave"
	"bianmin/appliance/problem"
	"bianmin/appliance/staff"
)

const leaveUsage = `请假 / leave: request → approval steps → 销假

  bianmin leave request --staff N --type T --start "YYYY-MM-DD HH:MM" --end "YYYY-MM-DD HH:MM"
        [--reason R] [--certificate yes|no] [--attach FILE] [--substitute M]
        [--training-doc FILE] [--late-reason R] [--json]
      提交请假申请（待审批）/ file a pending leave request
  bianmin leave approve ID --step STEP [--attach FILE] [--note N] [--json]
      完成审批的下一步 / complete the request's next step
      STEP: office, deputy_director, director, business_section, home_unit, county_office, county_leader
  bianmin leave reject ID --reason R [--json]     驳回 / reject at its step
  bianmin leave withdraw ID [--json]              撤回 / withdraw
  bianmin leave close ID [--at "YYYY-MM-DD HH:MM"] [--json]   销假 / close on return
  bianmin leave show ID [--json]                  查看 / show

T: personal 事假, sick 病假, annual 年休假, marriage 婚假, maternity 产假, home_visit 探亲假,
   bereavement 丧假, official 公务/培训. 时间为本中心时区 / times in the center's time zone.
被规则拒绝时退出码 1 并说明规则；用法错误退出码 2。
A refusal exits 1 and names the rule; a usage error exits 2.` + viaService

func runLeave(g *global, args []string) error {
	fs := newFlags(g, "leave request|approve|reject|withdraw|close|show", leaveUsage)
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return &exitError{2, errors.New("用法 / usage: bianmin leave request|approve|reject|withdraw|close|show")}
	}
	switch what, rest := fs.Arg(0), fs.Args()[1:]; what {
	case "request":
		return runLeaveRequest(g, rest)
	case "approve", "reject", "withdraw", "close", "show":
		return runLeaveAct(g, what, rest)
	default:
		fs.Usage()
		return &exitError{2, fmt.Errorf("未知的请假命令 %q / unknown leave command %q", what, what)}
	}
}

// fileList is a repeatable --attach.
type fileList []string

func (f *fileList) String() string     { return strings.Join(*f, ",") }
func (f *fileList) Set(v string) error { *f = append(*f, v); return nil }

func runLeaveRequest(g *global, args []string) error {
	fs := newFlags(g, "leave request", "提交请假申请 / file a leave request; --json prints {\"id\",\"working_days\",\"steps\",\"substitute_required\"}"+viaService)
	staffRefFlag := fs.String("staff", "", "请假人工号（或编号）/ the staff number (or id) of the person on leave")
	typ := fs.String("type", "", "请假类型 / leave type: personal, sick, annual, marriage, maternity, home_visit, bereavement, official")
	start := fs.String("start", "", "开始 / start, \"YYYY-MM-DD HH:MM\"")
	end := fs.String("end", "", "结束 / end, \"YYYY-MM-DD HH:MM\"")
	reason := fs.String("reason", "", "事由 / reason")
	cert := fs.String("certificate", "", "病假诊断证明书已提供 / the sick leave's certificate is handed in: yes|no")
	var attach fileList
	fs.Var(&attach, "attach", "附件：照片或扫描件（JPEG、PNG、PDF），可重复 / a photo or scan (JPEG, PNG, PDF); may repeat")
	sub := fs.String("substitute", "", "顶岗人员工号 / the substitute's staff number")
	training := fs.String("training-doc", "", "培训书面通知（公务/培训一周以上不计限额）/ the training's written notice (official training of a week or more is outside the quota)")
	late := fs.String("late-reason", "", "已开始的请假由办公室补登的原因 / the office's reason for recording leave that has begun")
	asJSON := fs.Bool("json", false, "输出 JSON / print JSON")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return &exitError{2, fmt.Errorf("多余的参数 / unexpected argument %q", fs.Arg(0))}
	}
	var missing []string
	for name, v := range map[string]string{"--staff": *staffRefFlag, "--type": *typ, "--start": *start, "--end": *end} {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		fs.Usage()
		return &exitError{2, fmt.Errorf("缺少 / missing %s", strings.Join(missing, ", "))}
	}
	req := leaveRequestArgs{Staff: *staffRefFlag, Type: *typ, Start: *start, End: *end, Reason: *reason,
		Substitute: *sub, LateReason: *late, Training: *training != ""}
	if *cert != "" {
		yes, ok := staff.ParseYesNo(*cert)
		if !ok {
			return &exitError{2, fmt.Errorf("--certificate 请写 yes 或 no / write yes or no: %q", *cert)}
		}
		req.Certificate = yes
	}
	kind := leave.FileOther
	if req.Certificate && leave.Type(*typ) == leave.TypeSick {
		kind = leave.FileCertificate
	}
	var files []string
	for _, f := range attach {
		req.Files, files = append(req.Files, leaveFileArg{Kind: kind, Name: filepath.Base(f)}), append(files, f)
	}
	if *training != "" {
		req.Files, files = append(req.Files, leaveFileArg{Kind: leave.FileTraining, Name: filepath.Base(*training)}), append(files, *training)
	}
	inputs, err := readInputFiles(files)
	if err != nil {
		return err
	}
	res, err := call[leaveRequestResult](g, leaveRequestOp, req, inputs...)
	if err != nil {
		return refusedAll(g, err)
	}
	c := catalog()
	for _, n := range res.Notes {
		fmt.Fprintln(g.stderr, c.ProblemLine(n))
	}
	if *asJSON {
		return printJSON(g, struct {
			ID                 uint64   `json:"id"`
			WorkingDays        float64  `json:"working_days"`
			Steps              []string `json:"steps"`
			SubstituteRequired bool     `json:"substitute_required"`
		}{res.ID, res.WorkingDays, res.Steps, res.SubstituteRequired})
	}
	fmt.Fprintf(g.stdout, "已提交请假申请 / leave request filed: 第 %d 号 / no. %d, %g 个工作日 / working days, 审批 / steps: %s, 须顶岗 / substitute required: %v\n",
		res.ID, res.ID, res.WorkingDays, strings.Join(res.Steps, " → "), res.SubstituteRequired)
	return nil
}

func runLeaveAct(g *global, what string, args []string) error {
	fs := newFlags(g, "leave "+what+" ID", leaveActSummary[what]+viaService)
	var step, reason, note, at *string
	var attach *string
	switch what {
	case "approve":
		step = fs.String("step", "", "审批环节 / the step: office, deputy_director, director, business_section, home_unit, county_office, county_leader")
		attach = fs.String("attach", "", "单位或县里签批件的照片或扫描件 / a photo or scan of the signed slip (outside steps)")
		note = fs.String("note", "", "备注 / a note")
	case "reject":
		reason = fs.String("reason", "", "驳回原因 / the reason")
	case "close":
		at = fs.String("at", "", "返岗时间（默认现在）/ when the person was back, \"YYYY-MM-DD HH:MM\" (default now)")
	}
	asJSON := fs.Bool("json", false, "输出 JSON / print JSON")
	idArg, err := parseWithArg(g, fs, args, "ID")
	if err != nil {
		return err
	}
	id, err := strconv.ParseUint(strings.TrimSpace(idArg), 10, 64)
	if err != nil || id == 0 {
		return &exitError{2, fmt.Errorf("请假编号请写数字 / the leave ID is a number: %q", idArg)}
	}
	req := leaveActArgs{ID: id}
	var inputs [][]byte
	switch what {
	case "approve":
		if *step == "" {
			fs.Usage()
			return &exitError{2, errors.New("缺少 / missing --step")}
		}
		req.Step, req.Note = *step, *note
		if *attach != "" {
			data, err := readInputFile(*attach)
			if err != nil {
				return err
			}
			req.Scan, inputs = &leaveFileArg{Kind: leave.FileScan, Name: filepath.Base(*attach)}, [][]byte{data}
		}
	case "reject":
		req.Reason = *reason
	case "close":
		req.At = *at
	}
	op := map[string]*operation{"approve": leaveApproveOp, "reject": leaveRejectOp, "withdraw": leaveWithdrawOp,
		"close": leaveCloseOp, "show": leaveShowOp}[what]
	out, err := call[leaveJSON](g, op, req, inputs...)
	if err != nil {
		return refusedAll(g, err)
	}
	if *asJSON {
		return printJSON(g, out)
	}
	printLeave(g, out)
	return nil
}

var leaveActSummary = map[string]string{
	"approve":  "完成请假审批的下一步（单位盖章、县里签批由办公室登记收到）/ complete the next step (the office records a unit's stamp or a county signature as received)",
	"reject":   "驳回请假申请 / reject the request at its step",
	"withdraw": "撤回请假申请 / withdraw the request",
	"close":    "销假：登记返岗时间；超过假期未续假的为超假 / close on return; back after the end without an extension is overstay",
	"show":     "查看一条请假 / show one leave",
}

// printLeave prints a leave in both languages.
func printLeave(g *global, l leaveJSON) {
	fmt.Fprintf(g.stdout, "第 %d 号请假 / leave no. %d: %s %s, %s, %s — %s (%g 天 / days)\n", l.ID, l.ID, l.StaffNo, l.Name, l.Type, l.Start, l.End, l.WorkingDays)
	fmt.Fprintf(g.stdout, "  状态 / status: %s; 审批 / steps: %s; 已办 / done: %s", l.Status, strings.Join(l.Steps, " → "), strings.Join(l.Done, ", "))
	if l.Next != "" {
		fmt.Fprintf(g.stdout, "; 下一步 / next: %s", l.Next)
	}
	fmt.Fprintln(g.stdout)
	if l.ReturnedAt != "" {
		fmt.Fprintf(g.stdout, "  销假 / closed: %s; 超假 / overstay: %d 分钟 / min; 计为 / counts as: %s\n", l.ReturnedAt, l.OverstayMinutes, l.CountsAs)
	}
}

// printJSON prints v indented.
func printJSON(g *global, v any) error {
	enc := json.NewEncoder(g.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// readInputFiles reads the files to send with a request.
func readInputFiles(names []string) ([][]byte, error) {
	out := make([][]byte, 0, len(names))
	for _, n := range names {
		data, err := readInputFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, data)
	}
	return out, nil
}

// refusedAll prints every problem of a refusal to stderr, one a line in
// both languages, and exits 1; an error that holds no problem is returned
// as it is.
func refusedAll(g *global, err error) error {
	probs := problem.All(err)
	if len(probs) == 0 {
		return err
	}
	c := catalog()
	lines := make([]string, len(probs))
	for i, p := range probs {
		lines[i] = c.ProblemLine(p)
	}
	return &exitError{1, errors.New(strings.Join(lines, "\n"))}
}

// parseWithArg parses a subcommand's flags, which may come before or after
// its one positional argument (named what in messages), and returns it.
func parseWithArg(g *global, fs *flag.FlagSet, args []string, what string) (string, error) {
	if err := parse(g, fs, args); err != nil {
		return "", err
	}
	rest := fs.Args()
	if len(rest) == 0 {
		fs.Usage()
		return "", &exitError{2, fmt.Errorf("请给出 %s / give the %s", what, what)}
	}
	arg := rest[0]
	if err := parse(g, fs, rest[1:]); err != nil {
		return "", err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return "", &exitError{2, fmt.Errorf("多余的参数 / unexpected argument %q", fs.Arg(0))}
	}
	return arg, nil
}
