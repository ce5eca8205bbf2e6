package uplink_test

import (
	"os"
	"path/filepath"
	"testing"

	"bianmin/appliance/county"
	"bianmin/appliance/store"
	"bianmin/appliance/uplink"
)

// Issue 15, Done when 3: a box restored from a backup uploads its new
// records under a new epoch and none is dropped; records it had sent
// before the restore and sends again are stored once.
func TestRestoredBoxUploadsUnderNewEpoch(t *testing.T) {
	r := newRig(t)
	r.write("punch", 40, func(i int) any { return punch{StaffID: uint64(i + 1)} })
	backup := filepath.Join(t.TempDir(), "b.db")
	if err := r.db.BackupTo(backup); err != nil {
		t.Fatal(err)
	}
	// After the backup: uploaded (batches 1..), then more written and
	// uploaded — all of it is lost on the box by the restore.
	r.send()
	r.write("leave", 10, func(i int) any { return map[string]any{"id": i} })
	r.send()
	before := r.countyBox()
	if before.Records != 50 || before.Epochs != 1 {
		t.Fatalf("before the restore: %+v", before)
	}
	r.db.Close()
	if _, err := store.Restore(backup, r.dir, 99, nil); err != nil {
		t.Fatal(err)
	}
	r.db, r.box = openBox(t, r.dir, r.key)
	if n := r.db.OutboxLen(); n != 40 {
		t.Fatalf("restored outbox %d, want the backup's 40", n)
	}
	r.write("case", 7, func(i int) any { return map[string]any{"id": i, "id_number": "110101199003071234"} })
	res := r.send()
	if res.Pending != 0 || res.Acknowledged != 47 {
		t.Fatalf("after the restore: %+v", res)
	}
	after := r.countyBox()
	if after.Epochs != 2 || after.Epoch == before.Epoch {
		t.Fatalf("epochs: before %s (%d), after %s (%d): want a new epoch", before.Epoch, before.Epochs, after.Epoch, after.Epochs)
	}
	if after.Records != 57 || after.Counts["punch"] != 40 || after.Counts["leave"] != 10 || after.Counts["case"] != 7 {
		t.Fatalf("county after the restore holds %d records %v, want 57: 40 punches once, 10 leave, 7 cases", after.Records, after.Counts)
	}
	eps, _ := r.county.Epochs(after.ID)
	if len(eps) != 2 || eps[1].Acked == 0 {
		t.Fatalf("epochs %+v", eps)
	}
	// The restored box's audit head is older than the one it sent before.
	flags, _ := r.county.Flags(after.ID, 10)
	if len(flags) == 0 || flags[0].Kind != county.FlagRewound {
		t.Fatalf("flags %+v, want the rewound history flagged", flags)
	}
}

// Issue 15, Done when 4: USB export → countyd import → receipt import on
// the box.
func TestStickRoundTrip(t *testing.T) {
	r := newRig(t)
	r.box.MaxRecords = 10
	r.write("punch", 35, func(i int) any { return punch{StaffID: uint64(i + 1)} })
	stick := t.TempDir()
	ex, err := r.box.ExportTo(stick)
	if err != nil || ex.Batches != 4 || ex.Records != 35 {
		t.Fatalf("export %+v %v", ex, err)
	}
	ims, err := r.county.Import(stick)
	if err != nil || len(ims) != 1 || ims[0].Acked != 4 || ims[0].Refused != 0 {
		t.Fatalf("import %+v %v", ims, err)
	}
	// Importing the same stick twice stores nothing twice.
	if _, err := r.county.Import(stick); err != nil {
		t.Fatal(err)
	}
	if n := r.countyBox().Records; n != 35 {
		t.Fatalf("county holds %d, want 35", n)
	}
	// More records written meanwhile stay.
	r.write("leave", 3, func(i int) any { return map[string]any{"id": i} })
	data, err := r.box.ReadReceipt(stick)
	if err != nil {
		t.Fatal(err)
	}
	a, err := r.box.ImportReceipt(data)
	if err != nil || a.Records != 35 || a.Batches != 4 {
		t.Fatalf("receipt: %+v %v", a, err)
	}
	if n := r.db.OutboxLen(); n != 3 {
		t.Fatalf("outbox %d after the receipt, want the 3 written since", n)
	}
	// The same receipt again changes nothing; a changed one is refused.
	if a, err := r.box.ImportReceipt(data); err != nil || a.Records != 0 {
		t.Fatalf("receipt again: %+v %v", a, err)
	}
	r.send()
	if n := r.countyBox().Records; n != 38 {
		t.Fatalf("county holds %d after the network send, want 38", n)
	}
}

func TestReceiptForOtherBatchesRefused(t *testing.T) {
	r := newRig(t)
	r.write("punch", 5, func(i int) any { return punch{StaffID: uint64(i + 1)} })
	stick := t.TempDir()
	if _, err := r.box.ExportTo(stick); err != nil {
		t.Fatal(err)
	}
	forged := `{"format":"` + uplink.ReceiptFormat + `","box":"` + r.box.ID() + `","epoch":"x","seq":1}`
	if _, err := r.box.ImportReceipt([]byte(forged)); err == nil {
		t.Fatal("a receipt of another epoch was taken")
	}
	st, _ := r.box.Status()
	forged = `{"format":"` + uplink.ReceiptFormat + `","box":"` + r.box.ID() + `","epoch":"` + st.Epoch + `","seq":1,"batches":[{"seq":1,"hash":"00"}]}`
	if _, err := r.box.ImportReceipt([]byte(forged)); err == nil {
		t.Fatal("a receipt with a wrong hash was taken")
	}
	if r.db.OutboxLen() != 5 {
		t.Fatal("a refused receipt deleted records")
	}
}

// Issue 15 §4: gaps are held until filled; the acknowledgement is the
// highest S with 1..S stored.
func TestGapHeldUntilFilled(t *testing.T) {
	r := newRig(t)
	r.box.MaxRecords = 5
	r.write("punch", 15, func(i int) any { return punch{StaffID: uint64(i + 1)} })
	stick := t.TempDir()
	if _, err := r.box.ExportTo(stick); err != nil {
		t.Fatal(err)
	}
	st, _ := r.box.Status()
	read := func(seq uint64) []byte {
		data, err := os.ReadFile(filepath.Join(stick, uplink.BatchName(r.box.ID(), st.Epoch, seq)))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	for _, step := range []struct {
		seq     uint64
		acked   uint64
		outcome string
		records uint64
	}{
		{3, 0, uplink.OutcomeHeld, 0},
		{2, 0, uplink.OutcomeHeld, 0},
		{3, 0, uplink.OutcomeAgain, 0},
		{1, 3, uplink.OutcomeStored, 15},
		{2, 3, uplink.OutcomeAgain, 15},
	} {
		a, err := r.county.Receive(read(step.seq), "test")
		if err != nil || a.Seq != step.acked || a.Outcome != step.outcome || r.countyBox().Records != step.records {
			t.Fatalf("batch %d: %+v %v, records %d; want ack %d %s, %d records", step.seq, a, err, r.countyBox().Records, step.acked, step.outcome, step.records)
		}
	}
	recs := r.records("punch")
	for i := 1; i < len(recs); i++ {
		if recs[i].Outbox <= recs[i-1].Outbox {
			t.Fatal("held batches were stored out of order")
		}
	}
	if b := r.countyBox(); b.Held != 0 {
		t.Fatalf("held %d after the gap filled", b.Held)
	}
	res := r.send() // the box learns the acknowledgement
	if res.Pending != 0 || res.Acknowledged != 15 {
		t.Fatalf("send %+v", res)
	}
}
