package fingerprint

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"path/filepath"
	"testing"

	"bianmin/hw/fingerprint/fptest"
)

// TestPyfingerprintConversation replays testdata/pyfingerprint.hex — what
// the unmodified pyfingerprint library sent to the simulator and accepted
// back — one exchange at a time: for each command the library sent, the
// driver makes the same call (arguments read from the library's packet)
// and must send exactly the library's bytes, and read the recorded reply
// to the same outcome.
func TestPyfingerprintConversation(t *testing.T) {
	steps, err := fptest.ReadScript(filepath.Join("testdata", "pyfingerprint.hex"))
	if err != nil {
		t.Fatal(err)
	}
	exchanges := splitExchanges(t, steps)
	seen := map[Instruction]int{}
	for _, ex := range exchanges {
		cmd, args := Instruction(ex.cmd.Payload[0]), ex.cmd.Payload[1:]
		seen[cmd]++
		pb := fptest.NewPlayback(ex.steps)
		s := newSensor(pb, quietOptions(), r307)
		got, err := replayCall(context.Background(), s, cmd, args, ex)
		if want := CodeError(ex.ackCode); want == nil && err != nil || want != nil && !errors.Is(err, want) {
			t.Errorf("%v %X: driver says %v, module said code 0x%02X", cmd, args, err, ex.ackCode)
		}
		if got != nil && !bytes.Equal(got, ex.moduleData) {
			t.Errorf("%v: driver read %d template bytes, module sent %d", cmd, len(got), len(ex.moduleData))
		}
		if err := pb.Done(); err != nil {
			t.Errorf("%v %X (line %d): %v", cmd, args, ex.steps[0].Line, err)
		}
	}
	for _, cmd := range []Instruction{CmdVfyPwd, CmdTemplateNum, CmdReadSysPara, CmdReadIndexTable, CmdGenImg, CmdImg2Tz,
		CmdRegModel, CmdStore, CmdSearch, CmdLoadChar, CmdUpChar, CmdDownChar, CmdDeleteChar, CmdEmpty} {
		if seen[cmd] == 0 {
			t.Errorf("the recording has no %v", cmd)
		}
	}
	t.Logf("%d exchanges replayed: %v", len(exchanges), seen)
}

// exchange is one command of the recording and what followed it.
type exchange struct {
	steps      []fptest.Step // the command, the replies, any data the host sent
	cmd        Packet
	ackCode    byte
	moduleData []byte // data packets the module sent (UpChar)
	hostData   []byte // data packets the host sent (DownChar)
}

// splitExchanges cuts the recording at each command packet the host sent.
func splitExchanges(t *testing.T, steps []fptest.Step) []exchange {
	t.Helper()
	var out []exchange
	for _, st := range steps {
		if st.Dir == fptest.Control {
			continue
		}
		p, n, err := ParsePacket(st.Data)
		if err != nil || n != len(st.Data) {
			t.Fatalf("%v is not one packet: %v", st, err)
		}
		switch {
		case st.Dir == fptest.HostToModule && p.PID == PIDCommand:
			out = append(out, exchange{cmd: p})
		case len(out) == 0:
			t.Fatalf("%v before the first command", st)
		case st.Dir == fptest.HostToModule:
			out[len(out)-1].hostData = append(out[len(out)-1].hostData, p.Payload...)
		case p.PID == PIDAck:
			out[len(out)-1].ackCode = p.Payload[0]
		default:
			out[len(out)-1].moduleData = append(out[len(out)-1].moduleData, p.Payload...)
		}
		out[len(out)-1].steps = append(out[len(out)-1].steps, st)
	}
	return out
}

// replayCall makes the driver call matching a command of the recording.
func replayCall(ctx context.Context, s *Sensor, cmd Instruction, a []byte, ex exchange) ([]byte, error) {
	be := binary.BigEndian
	switch cmd {
	case CmdVfyPwd:
		return nil, s.vfyPwd(ctx, be.Uint32(a))
	case CmdTemplateNum:
		_, err := s.templateNum(ctx)
		return nil, err
	case CmdReadSysPara:
		_, err := s.readSysPara(ctx)
		return nil, err
	case CmdReadIndexTable:
		_, err := s.readIndexTable(ctx, int(a[0]))
		return nil, err
	case CmdGenImg:
		return nil, s.genImg(ctx)
	case CmdImg2Tz:
		return nil, s.img2Tz(ctx, int(a[0]))
	case CmdRegModel:
		return nil, s.regModel(ctx)
	case CmdStore:
		return nil, s.store(ctx, int(a[0]), int(be.Uint16(a[1:])))
	case CmdSearch:
		_, err := s.search(ctx, int(a[0]), int(be.Uint16(a[1:])), int(be.Uint16(a[3:])))
		return nil, err
	case CmdLoadChar:
		return nil, s.loadChar(ctx, int(a[0]), int(be.Uint16(a[1:])))
	case CmdUpChar:
		return s.upChar(ctx, int(a[0]))
	case CmdDownChar:
		return nil, s.downChar(ctx, int(a[0]), ex.hostData)
	case CmdDeleteChar:
		return nil, s.deleteChar(ctx, int(be.Uint16(a)), int(be.Uint16(a[2:])))
	case CmdEmpty:
		return nil, s.empty(ctx)
	}
	return nil, errors.New("no driver call for " + cmd.String())
}
