package cmdline

import (
	"bytes"
	"errors"
	"flag"
	"strings"
	"testing"
)

var testTool = Tool{Name: "tooly", Title: "测试 / test", DataEnv: "TOOLY_DATA_FOR_TEST", DataDefault: "/var/lib/tooly",
	Footer: "footer\n", Commands: []Command{{"serve", "运行 / run"}, {"version", "版本 / version"}}}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name      string
		args      []string
		wantCmd   string
		wantData  string
		wantGiven bool
		wantCode  int // 0: no error; -1: --help
		inStdout  string
		inStderr  string
	}{
		{"command", []string{"serve", "--addr", "x"}, "serve", "/var/lib/tooly", false, 0, "", ""},
		{"data given", []string{"--data", "/tmp/d", "version"}, "version", "/tmp/d", true, 0, "", ""},
		{"help", []string{"--help"}, "", "", false, -1, "tooly [--data DIR] COMMAND", ""},
		{"no command", nil, "", "", false, 2, "", "命令 / commands"},
		{"unknown command", []string{"nope"}, "", "", false, 2, "", "serve"},
		{"bad flag", []string{"--bad", "serve"}, "", "", false, 2, "", "全局选项"},
	} {
		var out, errb bytes.Buffer
		g, err := testTool.Parse(tc.args, &out, &errb)
		switch {
		case tc.wantCode == -1:
			if !errors.Is(err, flag.ErrHelp) || Exit("tooly", err, &errb) != 0 {
				t.Errorf("%s: %v", tc.name, err)
			}
		case tc.wantCode > 0:
			if code := Exit("tooly", err, &errb); code != tc.wantCode || !strings.Contains(errb.String(), "tooly:") {
				t.Errorf("%s: exit %d, stderr %q", tc.name, code, errb.String())
			}
		case err != nil || g.Command != tc.wantCmd || g.DataDir != tc.wantData || g.DataGiven != tc.wantGiven:
			t.Errorf("%s: %+v %v", tc.name, g, err)
		}
		if !strings.Contains(out.String(), tc.inStdout) || !strings.Contains(errb.String(), tc.inStderr) {
			t.Errorf("%s: stdout %q stderr %q", tc.name, out.String(), errb.String())
		}
	}
}

func TestParseInterleaved(t *testing.T) {
	var out, errb bytes.Buffer
	fs := NewFlags("tooly", "box add", "登记 / register", &errb)
	area := fs.String("area", "", "area")
	pos, err := ParseInterleaved(fs, []string{"城关镇", "--area", "420102", "more"}, &out)
	if err != nil || *area != "420102" || strings.Join(pos, ",") != "城关镇,more" {
		t.Fatalf("%v %q %v", pos, *area, err)
	}
	fs = NewFlags("tooly", "box add", "登记 / register", &errb)
	fs.String("area", "", "area")
	if _, err := ParseInterleaved(fs, []string{"--help"}, &out); !errors.Is(err, flag.ErrHelp) || !strings.Contains(out.String(), "tooly [--data DIR] box add — 登记") {
		t.Fatalf("help: %v %q", err, out.String())
	}
	if _, err := ParseInterleaved(fs, []string{"--nope"}, &out); Exit("tooly", err, &errb) != 2 {
		t.Fatalf("bad flag: %v", err)
	}
}
