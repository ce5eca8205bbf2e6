package fingerprint

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"
)

// commandCase is one instruction's bytes, worked out by hand from the
// manual (see TestPacketEncode for the checksum rule), with a reply and
// what the driver makes of it.
type commandCase struct {
	name  string
	send  string   // host → module, hand-computed
	reply string   // module → host
	after []string // host → module after the reply (DownChar's data)
	call  func(ctx context.Context, s *Sensor) (any, error)
	want  any
}

func commandCases(t *testing.T) []commandCase {
	// 300 template bytes go in 3 packets at 128 bytes: 128+128+44.
	tmpl := bytes.Repeat([]byte{0xA5}, 300)
	// Checksums: 02+00+82+128·A5 = 0x5304; 08+00+2E+44·A5 = 0x1C92.
	upData := "EF01FFFFFFFF 02 0082" + hexRepeat("A5", 128) + "5304" +
		"EF01FFFFFFFF 02 0082" + hexRepeat("A5", 128) + "5304" +
		"EF01FFFFFFFF 08 002E" + hexRepeat("A5", 44) + "1C92"
	downData := []string{
		"EF01FFFFFFFF 02 0082" + hexRepeat("A5", 128) + "5304",
		"EF01FFFFFFFF 02 0082" + hexRepeat("A5", 128) + "5304",
		"EF01FFFFFFFF 08 002E" + hexRepeat("A5", 44) + "1C92",
	}
	return []commandCase{
		{"GenImg", "EF01FFFFFFFF 01 0003 01 0005", ack(t, "00"), nil,
			func(ctx context.Context, s *Sensor) (any, error) { return nil, s.CaptureImage(ctx) }, nil},
		{"Img2Tz buffer 2", "EF01FFFFFFFF 01 0004 02 02 0009", ack(t, "00"), nil,
			func(ctx context.Context, s *Sensor) (any, error) { return nil, s.img2Tz(ctx, 2) }, nil},
		{"Search buffer 1 pages 0..999", "EF01FFFFFFFF 01 0008 04 01 0000 03E8 00F9", ack(t, "00 0005 0064"), nil,
			func(ctx context.Context, s *Sensor) (any, error) { return s.search(ctx, 1, 0, 1000) }, Match{Page: 5, Score: 100}},
		{"RegModel", "EF01FFFFFFFF 01 0003 05 0009", ack(t, "00"), nil,
			func(ctx context.Context, s *Sensor) (any, error) { return nil, s.CreateModel(ctx) }, nil},
		{"Store buffer 1 page 5", "EF01FFFFFFFF 01 0006 06 01 0005 0013", ack(t, "00"), nil,
			func(ctx context.Context, s *Sensor) (any, error) { return nil, s.StoreModel(ctx, 5) }, nil},
		{"LoadChar buffer 1 page 5", "EF01FFFFFFFF 01 0006 07 01 0005 0014", ack(t, "00"), nil,
			func(ctx context.Context, s *Sensor) (any, error) { return nil, s.loadChar(ctx, 1, 5) }, nil},
		{"UpChar buffer 1", "EF01FFFFFFFF 01 0004 08 01 000E", ack(t, "00") + upData, nil,
			func(ctx context.Context, s *Sensor) (any, error) { return s.upChar(ctx, 1) }, tmpl},
		{"DownChar buffer 1 then data", "EF01FFFFFFFF 01 0004 09 01 000F", ack(t, "00"), downData,
			func(ctx context.Context, s *Sensor) (any, error) { return nil, s.downChar(ctx, 1, tmpl) }, nil},
		{"DeleteChar page 5 count 1", "EF01FFFFFFFF 01 0007 0C 0005 0001 001A", ack(t, "00"), nil,
			func(ctx context.Context, s *Sensor) (any, error) { return nil, s.Delete(ctx, 5) }, nil},
		{"Empty", "EF01FFFFFFFF 01 0003 0D 0011", ack(t, "00"), nil,
			func(ctx context.Context, s *Sensor) (any, error) { return nil, s.Clear(ctx) }, nil},
		{"ReadSysPara", "EF01FFFFFFFF 01 0003 0F 0013", ack(t, "00 0004 0000 03E8 0003 FFFFFFFF 0002 0006"), nil,
			func(ctx context.Context, s *Sensor) (any, error) { return s.readSysPara(ctx) },
			Params{Status: 4, LibrarySize: 1000, SecurityLevel: 3, Address: DefaultAddress, PacketSize: 128, Baud: 57600}},
		{"VfyPwd factory password", "EF01FFFFFFFF 01 0007 13 00000000 001B", ack(t, "00"), nil,
			func(ctx context.Context, s *Sensor) (any, error) { return nil, s.vfyPwd(ctx, 0) }, nil},
		{"TemplateNum", "EF01FFFFFFFF 01 0003 1D 0021", ack(t, "00 0003"), nil,
			func(ctx context.Context, s *Sensor) (any, error) { return s.Count(ctx) }, 3},
		{"ReadIndexTable 0", "EF01FFFFFFFF 01 0004 1F 00 0024", ack(t, "00 07"+hexRepeat("00", 31)), nil,
			func(ctx context.Context, s *Sensor) (any, error) { return s.NextFreePage(ctx) }, 3},
		{"AuraLedConfig flash blue twice", "EF01FFFFFFFF 01 0007 35 02 40 02 02 0083", ack(t, "00"), nil,
			func(ctx context.Context, s *Sensor) (any, error) { return nil, s.LED(ctx, true) }, nil},
	}
}

func hexRepeat(h string, n int) string { return string(bytes.Repeat([]byte(h), n)) }

// Every instruction sends exactly the hand-computed bytes and decodes its
// reply, whole or fed one byte at a time.
func TestCommandBytes(t *testing.T) {
	for _, chunk := range []int{0, 1} {
		for _, tc := range commandCases(t) {
			name := tc.name
			if chunk == 1 {
				name += " one byte per read"
			}
			t.Run(name, func(t *testing.T) {
				lines := []string{"> " + tc.send, "< " + tc.reply}
				for _, a := range tc.after {
					lines = append(lines, "> "+a)
				}
				steps := script(t, lines...)
				s, pb := played(t, Options{}, r307, steps)
				pb.Chunk = chunk
				got, err := tc.call(testContext(t), s)
				if err != nil {
					t.Fatalf("error %v", err)
				}
				if tc.want != nil && !reflect.DeepEqual(got, tc.want) {
					t.Errorf("got %v, want %v", got, tc.want)
				}
			})
		}
	}
}

// A confirmation code other than 0 comes back as the named error, naming
// the command.
func TestCommandErrors(t *testing.T) {
	tests := []struct {
		name  string
		send  string
		reply string
		call  func(ctx context.Context, s *Sensor) error
		want  *Error
	}{
		{"no finger", "EF01FFFFFFFF 01 0003 01 0005", ack(t, "02"),
			func(ctx context.Context, s *Sensor) error { return s.CaptureImage(ctx) }, ErrNoFinger},
		{"messy image", "EF01FFFFFFFF 01 0004 02 01 0008", ack(t, "06"),
			func(ctx context.Context, s *Sensor) error { _, err := s.Identify(ctx); return err }, ErrImageMessy},
		{"wrong password", "EF01FFFFFFFF 01 0007 13 00000000 001B", ack(t, "13"),
			func(ctx context.Context, s *Sensor) error { return s.vfyPwd(ctx, 0) }, ErrWrongPassword},
		{"not the same finger", "EF01FFFFFFFF 01 0003 05 0009", ack(t, "0A"),
			func(ctx context.Context, s *Sensor) error { return s.CreateModel(ctx) }, ErrCombine},
		{"flash write error", "EF01FFFFFFFF 01 0006 06 01 0005 0013", ack(t, "18"),
			func(ctx context.Context, s *Sensor) error { return s.StoreModel(ctx, 5) }, ErrFlashWrite},
		{"search reply too short", "EF01FFFFFFFF 01 0008 04 01 0000 03E8 00F9", ack(t, "00 0005"),
			func(ctx context.Context, s *Sensor) error { _, err := s.search(ctx, 1, 0, 1000); return err }, ErrBadReply},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			steps := script(t, "> "+tc.send, "< "+tc.reply)
			s, _ := played(t, Options{}, r307, steps)
			err := tc.call(testContext(t), s)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			var fe *Error
			if errors.As(err, &fe) && (fe.Op == "" || fe.Zh == "" || fe.En == "") {
				t.Errorf("error %#v lacks the command or a text", fe)
			}
		})
	}
}

// Pages outside the library are refused before anything is sent.
func TestPageRange(t *testing.T) {
	s, _ := played(t, Options{}, r307, nil)
	ctx := testContext(t)
	for _, page := range []int{-1, 1000} {
		if err := s.StoreModel(ctx, page); !errors.Is(err, ErrBadPage) {
			t.Errorf("StoreModel(%d) = %v", page, err)
		}
		if _, err := s.DownloadTemplate(ctx, page); !errors.Is(err, ErrBadPage) {
			t.Errorf("DownloadTemplate(%d) = %v", page, err)
		}
		if err := s.Delete(ctx, page); !errors.Is(err, ErrBadPage) {
			t.Errorf("Delete(%d) = %v", page, err)
		}
	}
	if err := s.CaptureToBuffer(ctx, 3); !errors.Is(err, ErrBadArgument) {
		t.Errorf("CaptureToBuffer(3) = %v", err)
	}
	if err := s.UploadTemplate(ctx, 1, nil); !errors.Is(err, ErrBadArgument) {
		t.Errorf("UploadTemplate with no data = %v", err)
	}
}
