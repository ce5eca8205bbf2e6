package ui

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/auditlog"
	"bianmin/appliance/boxkey"
	"bianmin/appliance/county"
	"bianmin/appliance/store"
	"bianmin/appliance/uplink"
)

// TestUplinkPage: 设备 → 县级上报 shows what waits; plain HTTP to another
// host is refused in the settings; records waiting longer than the
// warning threshold raise the home page's alert; 导出到U盘 → countyd's
// import → the receipt uploaded here empties the queue (issue 15 §2, §3).
func TestUplinkPage(t *testing.T) {
	env := newTestEnv(t)
	key := boxkey.Generate()
	env.app.Uplink = uplink.New(env.db, auditlog.New(env.db, key), 4)
	office := env.loginAs(account.RoleOffice)
	waiting := env.db.OutboxLen()
	if waiting == 0 {
		t.Fatal("test setup: the demo wrote nothing to the outbox")
	}
	expectPage(t, "status", office.get("/devices/uplink"), http.StatusOK, "县级上报", "待上报", key.Fingerprint())

	r := office.moPost("/devices/uplink/settings", "url", "http://10.20.30.40:9000", "warn_days", "2")
	expectPage(t, "plain http elsewhere", r, http.StatusBadRequest, "明文 HTTP")
	r = office.moPost("/devices/uplink/settings", "url", "http://127.0.0.1:9", "warn_days", "2")
	moStatus(t, "save", r, http.StatusSeeOther)
	expectPage(t, "saved", office.get("/devices/uplink"), http.StatusOK, "http://127.0.0.1:9")

	env.clock.set(time.Now().AddDate(0, 0, 10))
	office = env.loginAs(account.RoleOffice)
	expectPage(t, "home warns", office.get("/"), http.StatusOK, "天未上报到县里", `href="/devices/uplink"`)
	moStatus(t, "staff may not", env.loginAs(account.RoleStaff).get("/devices/uplink"), http.StatusForbidden)

	// The stick: the zip's files onto a directory, countyd imports them.
	z := office.get("/devices/uplink/export.zip")
	moStatus(t, "export", z, http.StatusOK)
	zr, err := zip.NewReader(strings.NewReader(z.Body), int64(len(z.Body)))
	if err != nil {
		t.Fatal(err)
	}
	stick := t.TempDir()
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if err := uplink.WriteStickFile(stick, f.Name, data); err != nil {
			t.Fatal(err)
		}
	}
	cdb, err := store.Open(t.TempDir(), store.Options{Reserve: -1, MinFree: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer cdb.Close()
	c := county.New(cdb, nil)
	if _, err := c.AddBox("test", "青山镇", "420102", key.PublicText()); err != nil {
		t.Fatal(err)
	}
	ims, err := c.Import(stick)
	if err != nil || len(ims) != 1 || ims[0].Refused != 0 {
		t.Fatalf("countyd import: %+v %v", ims, err)
	}
	if b, _ := c.BoxNamed("青山镇"); int(b.Records) != waiting {
		t.Fatalf("county holds %d records, want %d", b.Records, waiting)
	}
	receipt, err := os.ReadFile(filepath.Join(stick, uplink.ReceiptName(key.Fingerprint())))
	if err != nil {
		t.Fatal(err)
	}
	r = office.postMultipart("/devices/uplink/receipt", url.Values{}, map[string][2]string{"file": {"receipt.json", string(receipt)}})
	moStatus(t, "receipt", r, http.StatusSeeOther)
	if n := env.db.OutboxLen(); n != 0 {
		t.Fatalf("outbox %d after the receipt", n)
	}
	page := office.get("/devices/uplink")
	expectPage(t, "after the receipt", page, http.StatusOK, "县里已全部收到")
	if bytes.Contains([]byte(office.get("/").Body), []byte("天未上报到县里")) {
		t.Error("the home page still warns after everything was acknowledged")
	}
	r = office.postMultipart("/devices/uplink/receipt", url.Values{}, map[string][2]string{"file": {"receipt.json", `{"format":"x"}`}})
	expectPage(t, "not a receipt", r, http.StatusBadRequest, "这不是县里的回执文件")
}
