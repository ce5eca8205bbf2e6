package main

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// The bench's data dir: sixty staff in five units and ten years of their
// punches (four a working day, 2016–2025, about 626 000), imported through
// bianmin's own import commands, and an office account with a known
// password. Made once under DIR and kept (DIR/ready says what is there).
const (
	setupVersion  = "v2: 60 staff, punches 2016-2025, 4 a weekday"
	benchUser     = "admin"
	benchPassword = "bench-Qingshan-2026"
	firstYear     = 2016
	lastYear      = 2025
	staffCount    = 60
)

var adminPasswordRE = regexp.MustCompile(`one-time admin password: (\S+)`)

func setupBianmin(bin, dir string) error {
	if b, err := os.ReadFile(filepath.Join(dir, "ready")); err == nil && strings.TrimSpace(string(b)) == setupVersion {
		fmt.Fprintf(os.Stderr, "  bench data dir %s is there (%s)\n", dir, setupVersion)
		return nil
	}
	fmt.Fprintf(os.Stderr, "  making the bench data dir %s (%s; once, about a minute)\n", dir, setupVersion)
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	data, csvDir := filepath.Join(dir, "data"), filepath.Join(dir, "csv")
	for _, d := range []string{data, csvDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
	}
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	files, err := writeBenchCSVs(csvDir)
	if err != nil {
		return err
	}
	for i, file := range files {
		what := "punches"
		if i == 0 {
			what = "staff"
		}
		cmd := exec.Command(bin, "--data", data, "import", what, file)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("bianmin import %s %s: %v\n%s", what, filepath.Base(file), err, out)
		}
	}
	if err := setBenchPassword(bin, data, dir); err != nil {
		return err
	}
	if err := os.RemoveAll(csvDir); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "login"), []byte(benchUser+"\n"+benchPassword+"\n"), 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "ready"), []byte(setupVersion+"\n"), 0o644)
}

// writeBenchCSVs writes staff.csv and one punch file a year and returns
// their paths, staff first.
func writeBenchCSVs(dir string) ([]string, error) {
	units := []string{"民政办", "社保所", "医保站", "市场监管所", "农业农村服务中心"}
	given := []string{"堃", "玥", "喆", "建国", "秀英", "伟", "芳", "明", "丽", "强", "敏", "静"}
	surnames := []string{"王", "李", "张", "刘", "陈", "杨"}
	staffFile := filepath.Join(dir, "staff.csv")
	files := []string{staffFile}
	err := writeLines(staffFile, func(w *bufio.Writer) {
		w.WriteString("staff_no,name,unit,window,position\n")
		for i := range staffCount {
			fmt.Fprintf(w, "B%03d,%s%s,%s,%d号窗口,工作人员\n", i+1, surnames[i%len(surnames)], given[i%len(given)], units[i%len(units)], i%len(units)+1)
		}
	})
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(2016, 2025)) // the same data every time
	shanghai := time.FixedZone("CST", 8*3600)
	for y := firstYear; y <= lastYear; y++ {
		file := filepath.Join(dir, fmt.Sprintf("punches-%d.csv", y))
		files = append(files, file)
		err := writeLines(file, func(w *bufio.Writer) {
			w.WriteString("staff_no,time\n")
			for d := time.Date(y, 1, 1, 0, 0, 0, 0, shanghai); d.Year() == y; d = d.AddDate(0, 0, 1) {
				if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
					continue
				}
				for i := range staffCount {
					for _, at := range [][2]int{{8, 22}, {12, 3}, {14, 22}, {17, 38}} {
						t := d.Add(time.Duration(at[0])*time.Hour + time.Duration(at[1]+rng.IntN(17)-8)*time.Minute)
						fmt.Fprintf(w, "B%03d,%s\n", i+1, t.Format("2006-01-02 15:04:05"))
					}
				}
			}
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

func writeLines(path string, fill func(w *bufio.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fill(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// setBenchPassword starts serve once: it creates the first admin and
// prints the one-time password, which is changed to benchPassword.
func setBenchPassword(bin, data, dir string) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	s, err := startServer(dir, []string{bin, "--data", data, "serve", "--addr", addr}, nil)
	if err != nil {
		return err
	}
	defer s.kill()
	if _, err := s.waitReady("http://"+addr+"/readyz", 20*time.Millisecond, 5*time.Minute); err != nil {
		return err
	}
	m := adminPasswordRE.FindStringSubmatch(s.output())
	if m == nil {
		return fmt.Errorf("serve printed no one-time admin password\n%s", tail(s.log))
	}
	c, err := newSession("http://" + addr)
	if err != nil {
		return err
	}
	if err := c.login(benchUser, m[1], benchPassword); err != nil {
		return err
	}
	s.stop(10 * time.Second)
	return nil
}
