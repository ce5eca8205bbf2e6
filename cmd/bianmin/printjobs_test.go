package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"bianmin/appliance/device"
	"bianmin/appliance/printjob"
	"bianmin/appliance/store"
	"bianmin/hw/escpos"
	"bianmin/hw/escpos/escpostest"
	"bianmin/hw/escpos/sim"
)

// printRig is the appliance's printing path in one process: the store,
// the print-job worker and the escpos Device on a simulated printer.
type printRig struct {
	t       testing.TB
	db      *store.DB
	reg     *device.Registry
	printer *escpostest.Printer
	profile escpos.Profile
}

func newPrintRig(t testing.TB, profileName string) *printRig {
	t.Helper()
	db, err := store.Open(t.TempDir(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	profile, err := escpos.LookupProfile(profileName)
	if err != nil {
		t.Fatal(err)
	}
	font, err := printerFont()
	if err != nil {
		t.Fatal(err)
	}
	r := &printRig{t: t, db: db, reg: device.NewRegistry(nil), printer: escpostest.New(sim.Config{Profile: profile}), profile: profile}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	runTicketPrinter(ctx, printerConfig{path: r.printer.Path, profile: profile, glyphs: font, open: r.printer.Open}, db, r.reg,
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	return r
}

func (r *printRig) submit(d *printjob.Doc, title string) printjob.Job {
	r.t.Helper()
	var j printjob.Job
	if err := r.db.Update("kiosk", func(tx *store.Tx) error {
		var err error
		j, err = printjob.Submit(tx, printjob.Request{Kind: printjob.KindTicket, Title: title, Doc: d})
		return err
	}); err != nil {
		r.t.Fatal(err)
	}
	return j
}

// waitJob waits up to 10 s for the job to reach state (and, when key is
// set, the reason key).
func (r *printRig) waitJob(id uint64, state, key string) printjob.Job {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		j, err := printjob.Get(r.db, id)
		if err != nil {
			r.t.Fatal(err)
		}
		if j.State == state && (key == "" || j.Reason.Key == key) {
			return j
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("job %d is %s (%s) after 10 s, want %s %s", id, j.State, j.Reason.Key, state, key)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func (r *printRig) waitDevice(state device.State, key string) {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		d, _ := r.reg.Get(printerDevice)
		if d.State == state && d.Reason.Key == key {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("printer is %s (%s: %s) after 10 s, want %s (%s)", d.State, d.Reason.Key, d.Message, state, key)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func testTicketDoc(n string) *printjob.Doc {
	return printjob.Ticket{Center: "青山镇便民服务中心", Number: n, Service: "社保医保",
		Lines: []string{"前面还有 3 人", "取号人 王玥 刘堃 陈喆"}, QR: "http://192.168.1.10:8080/q/" + n,
		QRHint: "扫码查看排队进度", Footer: []string{"过号无效，请留意叫号"}}.Doc()
}

// TestPrintJobsThroughTheDriver: a stored job goes through the worker,
// the driver and the simulated printer, which decodes the same lines the
// document lays out, Chinese included; the slip and notice layouts too.
func TestPrintJobsThroughTheDriver(t *testing.T) {
	r := newPrintRig(t, "gb18030-80")
	r.waitDevice(device.StateConnected, "")
	docs := []*printjob.Doc{
		testTicketDoc("A001"),
		printjob.Slip{Title: "一次性告知单", Fields: []printjob.Field{{Label: "事项", Value: "城乡居民医保参保登记"}, {Label: "申请人", Value: "张堃"}},
			Paragraphs: []string{"请带齐：户口簿、身份证原件及复印件。"}, Footer: []string{"咨询电话 0771-1234567"}}.Doc(),
		printjob.Notice{Title: "停电通知", Paragraphs: []string{"本中心3月5日下午暂停办理业务。"}, Issuer: "青山镇便民服务中心", Date: "2026年3月2日"}.Doc(),
	}
	for i, d := range docs {
		j := r.submit(d, "doc")
		r.waitJob(j.ID, printjob.StateDone, "")
		got, err := r.printer.Sim.WaitReceipts(context.Background(), i+1)
		if err != nil {
			t.Fatal(err)
		}
		if want := escposDoc(*d).Lines(r.profile); !slices.Equal(got[i].Lines(), want) {
			t.Errorf("document %d printed\n%q\nwant\n%q", i, got[i].Lines(), want)
		}
	}
}

// TestPrintJobsPaperOut (issue 12, done when: “Paper out during a print:
// the device page shows it, the job waits, 'paper loaded' prints it”):
// the paper runs out in the middle of a ticket; the device's state says
// so; the ticket stays printing and the next one waits (nothing is sent
// to a printer without paper); loading the paper finishes the first and
// prints the next, each once.
func TestPrintJobsPaperOut(t *testing.T) {
	r := newPrintRig(t, "gb18030-80")
	r.waitDevice(device.StateConnected, "")
	r.printer.Sim.RunOutAfter(3)
	first := r.submit(testTicketDoc("A001"), "A001")
	r.waitJob(first.ID, printjob.StatePrinting, "escpos.status.paper_out")
	r.waitDevice(device.StateError, "escpos.status.paper_out")
	second := r.submit(testTicketDoc("A002"), "A002")
	time.Sleep(700 * time.Millisecond) // two worker polls
	if j, _ := printjob.Get(r.db, second.ID); j.State != printjob.StateQueued || j.Attempts != 0 {
		t.Fatalf("the second ticket was tried on a printer without paper: %+v", j)
	}
	if n := len(r.printer.Sim.Receipts()); n != 0 {
		t.Fatalf("%d receipts finished while the paper was out", n)
	}
	r.printer.Sim.PaperOut(false)
	r.waitJob(first.ID, printjob.StateDone, "")
	r.waitJob(second.ID, printjob.StateDone, "")
	r.waitDevice(device.StateConnected, "")
	got, err := r.printer.Sim.WaitReceipts(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !slices.Equal(got[0].Lines(), escposDoc(*testTicketDoc("A001")).Lines(r.profile)) ||
		!slices.Equal(got[1].Lines(), escposDoc(*testTicketDoc("A002")).Lines(r.profile)) {
		t.Fatalf("printed %d receipts: %v", len(got), got)
	}
	if j, _ := printjob.Get(r.db, first.ID); j.Attempts != 1 {
		t.Errorf("the held ticket was sent %d times", j.Attempts)
	}
}

// TestPrintJobsUnplugged: a job submitted while the printer is unplugged
// waits and prints once it is plugged back.
func TestPrintJobsUnplugged(t *testing.T) {
	r := newPrintRig(t, "generic-80")
	r.waitDevice(device.StateConnected, "")
	r.printer.Unplug()
	r.waitDevice(device.StateReconnecting, "serial.err.unplugged")
	j := r.submit(testTicketDoc("B001"), "B001")
	time.Sleep(500 * time.Millisecond)
	if got, _ := printjob.Get(r.db, j.ID); got.State != printjob.StateQueued {
		t.Fatalf("while unplugged: %+v", got)
	}
	r.printer.Replug()
	r.waitJob(j.ID, printjob.StateDone, "")
	if n := len(r.printer.Sim.Receipts()); n != 1 {
		t.Fatalf("%d receipts; %+v, %d opens", n, r.printer.Sim.Counters(), r.printer.Opens())
	}
}

// BenchmarkPrintJobs: queue tickets through the whole printing path — a
// write that submits the job, the worker's two writes (printing, done),
// rendering for the profile, the driver's status checks and the bytes to
// a simulated printer (in memory: a real 9600-baud line is far slower, a
// USB one a little). Reports tickets per second and the time from the
// submit's commit to done.
func BenchmarkPrintJobs(b *testing.B) {
	r := newPrintRig(b, "generic-80")
	r.waitDevice(device.StateConnected, "")
	b.ResetTimer()
	start := time.Now()
	var total time.Duration
	for i := range b.N {
		t0 := time.Now()
		j := r.submit(testTicketDoc(fmt.Sprintf("A%03d", i%1000)), "A")
		r.waitJob(j.ID, printjob.StateDone, "")
		total += time.Since(t0)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "tickets/s")
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/ticket")
}
