package main

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/center"
	"bianmin/appliance/locale"
	"bianmin/appliance/printjob"
	"bianmin/appliance/queue"
	"bianmin/appliance/store"
	"bianmin/embedded"
	"bianmin/hw/escpos"
)

// A taken ticket's print job, as the printer lays it out: the center,
// the number, the service, how many wait before it, the time, the status
// page's QR code and 过号无效 (issue 12 §3).
func TestQueueTicketPrintJob(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	now := time.Date(2026, 3, 2, 9, 15, 0, 0, loc)
	db, err := store.Open(t.TempDir(), store.Options{Now: func() time.Time { return now }, Location: loc})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := center.New(db).Update("t", center.Settings{Name: "青山镇便民服务中心"}); err != nil {
		t.Fatal(err)
	}
	q := queue.New(db, nil)
	q.SetPrinter(queuePrinter{cat: locale.Lazy(embedded.FS), lang: locale.Default, base: "http://192.168.1.20:8080"})
	q.Take(queue.TakeRequest{Service: "A", Source: queue.SourceKiosk})
	tk, err := q.Take(queue.TakeRequest{Service: "A", Green: true, Source: queue.SourceStaff})
	if err != nil {
		t.Fatal(err)
	}
	page, err := printjob.List(db, printjob.Query{Open: true, Size: 10})
	if err != nil || len(page.Jobs) != 2 {
		t.Fatalf("open jobs: %+v %v", page, err)
	}
	j := page.Jobs[0]
	if j.Ref != "queue/ticket/"+strconv.FormatUint(tk.Ticket.ID, 10) {
		j = page.Jobs[1]
	}
	if j.Kind != printjob.KindTicket || !j.Expires.Equal(now.Add(printjob.TicketStaleAfter).UTC()) {
		t.Fatalf("job %+v", j)
	}
	profile, _ := escpos.LookupProfile(escpos.DefaultProfile)
	text := strings.Join(escposDoc(j.Doc).Lines(profile), "\n")
	for _, want := range []string{"青山镇便民服务中心", "A002", "综合业务 · 绿色通道", "前面还有 0 人", "取号时间 2026-03-02 09:15",
		"过号无效，请留意叫号", "扫码查看排队进度"} {
		if !strings.Contains(text, want) {
			t.Errorf("the ticket lacks %q:\n%s", want, text)
		}
	}
	if qr := qrOf(j.Doc); qr != "http://192.168.1.20:8080/q/"+tk.Ticket.Token {
		t.Errorf("QR %q", qr)
	}
}

func qrOf(d printjob.Doc) string {
	for _, l := range d.Lines {
		if l.Kind == printjob.LineQR {
			return l.Text
		}
	}
	return ""
}
