package serialport

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The pair itself is raw, before anything opens it with Open: the simulator
// and a plain os.File on the slave see exactly the bytes sent, no echo.
func TestPairIsRaw(t *testing.T) {
	p := openTestPair(t)

	if _, err := p.Master.Write(allBytes()); err != nil {
		t.Fatal(err)
	}
	if err := p.slave.SetReadDeadline(time.Now().Add(2 * time.Second)); err != nil {
		t.Fatal(err)
	}
	var got []byte
	buf := make([]byte, 512)
	for len(got) < 256 {
		n, err := p.slave.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			t.Fatalf("slave Read after %d bytes: %v", len(got), err)
		}
	}
	wantBytes(t, "master→slave", got, allBytes())

	if _, err := p.slave.Write(allBytes()); err != nil {
		t.Fatal(err)
	}
	// Exactly 256 bytes back: no echo of the first 256, no "\n"→"\r\n".
	wantBytes(t, "slave→master", readMaster(t, p, 256, 2*time.Second), allBytes())
	if err := p.Master.SetReadDeadline(time.Now().Add(50 * time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if n, err := p.Master.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("master got %d extra bytes %x (err %v): echo or translation", n, buf[:n], err)
	}
}

func TestReplugRepointsLink(t *testing.T) {
	link := filepath.Join(t.TempDir(), "printer")
	first, err := OpenPairAt(link)
	if err != nil {
		t.Fatal(err)
	}
	if first.Path() != link {
		t.Errorf("Path() = %q, want %q", first.Path(), link)
	}
	if target, err := os.Readlink(link); err != nil || target != first.SlavePath {
		t.Fatalf("link -> %q (%v), want %q", target, err, first.SlavePath)
	}

	second, err := first.Replug()
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if target, err := os.Readlink(link); err != nil || target != second.SlavePath {
		t.Errorf("after replug link -> %q (%v), want %q", target, err, second.SlavePath)
	}
	if _, err := first.Master.Write([]byte{1}); err == nil {
		t.Error("old master still writable after replug")
	}
	if err := first.Close(); err != nil {
		t.Errorf("closing the replugged pair again: %v", err)
	}
	if target, _ := os.Readlink(link); target != second.SlavePath {
		t.Errorf("closing the old pair moved the link to %q", target)
	}

	if err := second.Unplug(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(link); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("link still there after unplug: %v", err)
	}
}

func TestReplugNeedsLink(t *testing.T) {
	p := openTestPair(t)
	if p.Path() != p.SlavePath {
		t.Errorf("Path() = %q, want %q", p.Path(), p.SlavePath)
	}
	if _, err := p.Replug(); err == nil {
		t.Error("Replug of a pair without a link succeeded")
	}
}

// A simulator blocked reading the master must not keep the pair alive:
// Unplug interrupts it and the appliance side sees the hang-up.
func TestUnplugInterruptsBlockedSimulator(t *testing.T) {
	p := openTestPair(t)
	port := openTestPort(t, p.SlavePath, 2*time.Second)

	simDone := make(chan error, 1)
	go func() {
		_, err := p.Master.Read(make([]byte, 16))
		simDone <- err
	}()
	time.Sleep(20 * time.Millisecond) // let the simulator block
	if err := p.Unplug(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-simDone:
		if !errors.Is(err, os.ErrClosed) {
			t.Errorf("simulator Read after Unplug: %v; want os.ErrClosed", err)
		}
	case <-time.After(time.Second):
		t.Fatal("simulator still blocked reading the master after Unplug")
	}

	readDone := make(chan error, 1)
	go func() {
		_, err := port.Read(make([]byte, 16))
		readDone <- err
	}()
	select {
	case err := <-readDone:
		if !errors.Is(err, ErrUnplugged) {
			t.Errorf("appliance Read after Unplug: %v; want ErrUnplugged", err)
		}
	case <-time.After(time.Second):
		t.Fatal("appliance Read did not notice the unplug")
	}
}
