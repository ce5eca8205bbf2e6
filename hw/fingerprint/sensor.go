package fingerprint

import (
	"context"
	"fmt"
	"log/slog"
	"math/bits"
	"sync"
	"time"

	"bianmin/hw/serialport"
)

// Options configures a Sensor. The zero value is the factory setting of
// every module: address 0xFFFFFFFF, password 0, 1 s replies, 3 s searches.
type Options struct {
	Address     uint32        // module address; 0 means DefaultAddress (0xFFFFFFFF)
	Password    uint32        // module password; factory default 0
	Timeout     time.Duration // longest wait for a reply (GenImg, Img2Tz, …); default 1s
	SlowTimeout time.Duration // longest wait for Search and Empty; default 3s
	Logger      *slog.Logger  // default slog.Default()
	// NoAuraLED says the module is known to lack the aura LED (an earlier
	// connection to it found out): LED does nothing from the start, and
	// neither asks the module nor logs again.
	NoAuraLED bool
}

// withDefaults is the one place Options defaults are applied.
func (o Options) withDefaults() Options {
	if o.Address == 0 {
		o.Address = DefaultAddress
	}
	if o.Timeout <= 0 {
		o.Timeout = defaultTimeout
	}
	if o.SlowTimeout <= 0 {
		o.SlowTimeout = defaultSlowTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// Match is a library search hit: the page holding the template and the
// module's confidence score.
type Match struct {
	Page  int
	Score int
}

// Sensor is a connected fingerprint module. Its methods may be called from
// several goroutines; they take turns on the line. Every method returns an
// *Error for what the module or the line said (errors.Is against the
// Err… values), or a port error wrapping serialport.ErrUnplugged when the
// device is gone, so that the serialport.Link reconnects.
type Sensor struct {
	mu     sync.Mutex
	wire   *wire
	opts   Options
	params Params
	noAura bool // the module answered AuraLedConfig as an unknown instruction
}

// newSensor makes a Sensor without talking to the module.
func newSensor(p serialport.Port, opts Options, params Params) *Sensor {
	opts = opts.withDefaults()
	return &Sensor{wire: newWire(p, opts.Address), opts: opts, params: params, noAura: opts.NoAuraLED}
}

// New verifies the password (VfyPwd) and reads the system parameters
// (ReadSysPara) of the module on p. The port should be open at the
// module's baud rate (DefaultBaud) with RecommendedReadTimeout. New does
// not take ownership of p.
func New(ctx context.Context, p serialport.Port, opts Options) (*Sensor, error) {
	s := newSensor(p, opts, Params{})
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.vfyPwd(ctx, s.opts.Password); err != nil {
		return nil, err
	}
	params, err := s.readSysPara(ctx)
	if err != nil {
		return nil, err
	}
	s.params = params
	return s, nil
}

// Params returns the system parameters read by New.
func (s *Sensor) Params() Params {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.params
}

// Stats returns what the driver has seen on the line.
func (s *Sensor) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wire.stats
}

// CaptureImage takes one image (GenImg). It returns ErrNoFinger when
// nobody is pressing; callers poll.
func (s *Sensor) CaptureImage(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.genImg(ctx)
}

// Identify turns the captured image into features (Img2Tz into buffer 1)
// and searches the whole library. ErrNoMatch: not enrolled; ErrImageMessy,
// ErrFewFeatures, ErrNoValidImage: press again.
func (s *Sensor) Identify(ctx context.Context) (Match, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.img2Tz(ctx, Buffer1); err != nil {
		return Match{}, err
	}
	return s.search(ctx, Buffer1, 0, s.params.LibrarySize)
}

// CaptureToBuffer takes an image (GenImg) and turns it into features in
// char buffer 1 or 2 (Img2Tz): one press of an enrolment.
func (s *Sensor) CaptureToBuffer(ctx context.Context, buf int) error {
	if buf != Buffer1 && buf != Buffer2 {
		return ErrBadArgument.with(CmdImg2Tz.String(), fmt.Sprintf("char buffer %d, want 1 or 2", buf))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.genImg(ctx); err != nil {
		return err
	}
	return s.img2Tz(ctx, buf)
}

// CreateModel combines buffers 1 and 2 into a template (RegModel).
// ErrCombine: the two presses were not the same finger.
func (s *Sensor) CreateModel(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.regModel(ctx)
}

// StoreModel stores the template in buffer 1 at page (Store).
func (s *Sensor) StoreModel(ctx context.Context, page int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkPage(CmdStore, page); err != nil {
		return err
	}
	return s.store(ctx, Buffer1, page)
}

// NextFreePage returns the lowest empty library page (ReadIndexTable), or
// ErrLibraryFull.
func (s *Sensor) NextFreePage(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	size := s.params.LibrarySize
	for table := 0; table < maxIndexTables && table*pagesPerTable < size; table++ {
		bitmap, err := s.readIndexTable(ctx, table)
		if err != nil {
			return 0, err
		}
		for i, b := range bitmap {
			if b == 0xFF {
				continue
			}
			page := table*pagesPerTable + i*8 + bits.TrailingZeros8(^b)
			if page < size {
				return page, nil
			}
		}
	}
	return 0, ErrLibraryFull.with(CmdReadIndexTable.String(), fmt.Sprintf("all %d pages used", size))
}

// DownloadTemplate reads the template stored at page out of the module
// (LoadChar into buffer 1, then UpChar).
func (s *Sensor) DownloadTemplate(ctx context.Context, page int) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkPage(CmdLoadChar, page); err != nil {
		return nil, err
	}
	if err := s.loadChar(ctx, Buffer1, page); err != nil {
		return nil, err
	}
	return s.upChar(ctx, Buffer1)
}

// UploadTemplate writes a template (from DownloadTemplate, maybe of
// another module) into the library at page (DownChar into buffer 1, then
// Store). This is how a replacement sensor is re-enrolled.
func (s *Sensor) UploadTemplate(ctx context.Context, page int, template []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkPage(CmdStore, page); err != nil {
		return err
	}
	if err := s.downChar(ctx, Buffer1, template); err != nil {
		return err
	}
	return s.store(ctx, Buffer1, page)
}

// Delete deletes the template at page (DeleteChar, one page).
func (s *Sensor) Delete(ctx context.Context, page int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkPage(CmdDeleteChar, page); err != nil {
		return err
	}
	return s.deleteChar(ctx, page, 1)
}

// Clear deletes every template (Empty).
func (s *Sensor) Clear(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.empty(ctx)
}

// Count returns the number of stored templates (TemplateNum).
func (s *Sensor) Count(ctx context.Context) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.templateNum(ctx)
}

// LED flashes the R503's aura LED blue (ok) or red (not ok). A module
// that answers AuraLedConfig as an unknown instruction has no aura LED:
// LED returns nil and sends nothing from then on.
func (s *Sensor) LED(ctx context.Context, ok bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.noAura {
		return nil
	}
	colour := auraRed
	if ok {
		colour = auraBlue
	}
	err := s.auraLED(ctx, auraFlashing, auraSpeed, colour, auraCount)
	if noAuraLED(err) {
		s.noAura = true
		// Older modules (R307, AS608) simply lack it: nothing is wrong, so
		// this is said once, for the technician who looks for it.
		s.opts.Logger.Debug("fingerprint sensor has no aura LED; LED signals off", "reply", err.Error())
		return nil
	}
	return err
}

// NoAuraLED reports whether the module has said it has no aura LED.
func (s *Sensor) NoAuraLED() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.noAura
}

// checkPage refuses a page outside the library before anything is sent.
func (s *Sensor) checkPage(cmd Instruction, page int) error {
	if page < 0 || page >= s.params.LibrarySize {
		return ErrBadPage.with(cmd.String(), fmt.Sprintf("page %d, library has 0..%d", page, s.params.LibrarySize-1))
	}
	return nil
}
