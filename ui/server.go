package ui

import (
	"bianmin/appliance/assess"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"bianmin/appliance/account"
	"bianmin/appliance/attendance"
	"bianmin/appliance/auditlog"
	"bianmin/appliance/calendar"
	"bianmin/appliance/center"
	"bianmin/appliance/device"
	"bianmin/appliance/enrol"
	"bianmin/appliance/hall"
	"bianmin/appliance/importjob"
	"bianmin/appliance/intake"
	"bianmin/appliance/leave"
	"bianmin/appliance/locale"
	"bianmin/appliance/punchclock"
	"bianmin/appliance/queue"
	"bianmin/appliance/rating"
	"bianmin/appliance/report"
	"bianmin/appliance/screen"
	"bianmin/appliance/staff"
	"bianmin/appliance/store"
	"bianmin/appliance/uplink"
	"bianmin/embedded"
	"bianmin/ui/internal/web"

	"github.com/labstack/echo/v4"
)

// BuildInfo describes the running binary (shown on the 设备 page).
type BuildInfo struct {
	Version, Commit, BuildDate, GoVersion, Platform string
}

// SimPanel is the demo mode's device simulator panel (设备模拟). It is nil
// outside demo mode.
type SimPanel interface {
	// SimDevices lists the simulated devices and whether each is plugged in.
	SimDevices() []SimDevice
	// SetPlugged unplugs (false) or replugs (true) a simulated device.
	SetPlugged(name string, plugged bool) error
	// PlaceFinger puts finger 1 or 2 of a staff member on the simulated
	// fingerprint sensor; PlaceUnknownFinger a finger nobody enrolled;
	// PlaceSmudge a press too messy to read.
	PlaceFinger(staffID uint64, finger int) error
	PlaceUnknownFinger() error
	PlaceSmudge() error
}

// SimPrinter is the simulated ticket printer as the 设备模拟 panel shows
// it: the receipts it printed (newest first) as text and PNG, and its
// paper, which the panel can take out and load.
type SimPrinter interface {
	Receipts(limit int) []SimReceipt
	ReceiptPNG(seq int) ([]byte, bool)
	PaperOut() bool
	SetPaperOut(out bool)
}

// SimReceipt is one printed receipt.
type SimReceipt struct {
	Seq  int
	Text string
	At   time.Time
}

// TimeSource tells how far the box's clock can be trusted (for the
// warning on the kiosk and the dashboard).
type TimeSource interface {
	Quality() attendance.TimeQuality
}

// WeeklyNotices lists the published weekly attendance notices (按周通报)
// that staff may object to; the reports pages publish them.
type WeeklyNotices interface {
	// PublishedWeekly returns the weekly notices published at or after
	// since (zero: ever), newest publication first, at most limit of them
	// (0: no limit).
	PublishedWeekly(since time.Time, limit int) ([]attendance.NoticeRef, error)
}

// CardPrinter prints a temporary work card (临时工作证) on the hall's
// ticket printer (cmd lays it out as an ESC/POS document).
type CardPrinter interface {
	PrintWorkCard(actor string, card report.WorkCard) error
}

// SimDevice is one simulated device as the panel shows it.
type SimDevice struct {
	Name    string
	Kind    string
	Path    string
	Plugged bool
}

// Deps is everything the web app needs, wired by cmd.
type Deps struct {
	DB       *store.DB
	Accounts *account.Service
	Staff    *staff.Registry
	Center   *center.Service
	Devices  *device.Registry
	Punches  *attendance.Service
	Enrols   *enrol.Service
	// Imports writes imports in chunks (the service's runner, shared with
	// the command line); nil: one of the app's own.
	Imports *importjob.Runner
	Clock   *punchclock.Clock // nil when no fingerprint sensor is configured
	Time    TimeSource
	// Records keeps remedies, errands, off-post records and objections;
	// Calendar says which days are working days; Location is the center's
	// time zone (time.Local when nil); Notices lists the published weekly
	// notices objections are raised against (nil: those published on the
	// reports pages). The 考勤 month and records pages answer 503 without
	// Records or Calendar.
	Records  *attendance.Records
	Calendar *calendar.Calendar
	// Leave keeps leave requests and their steps, measured on Calendar and
	// the attendance rules; the 请假 pages answer 503 without it.
	Leave *leave.Service
	// Queue is the hall's queue (排队叫号); its pages answer 503 without it.
	Queue *queue.Queue
	// Intake keeps the service catalog and the cases (受理); the 受理 pages
	// answer 503 without it.
	Intake *intake.Service
	// CardPrinter prints a substitute's temporary work card on the ticket
	// printer; nil when the box has none (the card is a PDF then).
	CardPrinter CardPrinter
	Location    *time.Location
	Notices     WeeklyNotices
	// Audit is the audit log: its pages, its signed head (on the report
	// PDFs and the 设备 page) and its checks. New makes one without a key
	// when it is nil (tests).
	Audit *auditlog.Log
	// Screens are the screens the office registered (kiosks, hall and
	// window displays); New makes the service over DB when nil.
	Screens *screen.Service
	// Hall is the queue as the hall's screens see it (nil: no queue on
	// this box; the hall pages say so); HallSettings the hall display's
	// settings (New makes the service over DB when nil).
	Hall         HallSource
	HallSettings *hall.Service
	// RatePrompts says which windows wait for a rating (nil: none).
	RatePrompts RatePrompts
	Sim         SimPanel // nil outside demo mode
	// Uplink sends the outbox to the county (设备 → 县级上报); UplinkKick
	// asks the background sender to send now. The page answers 503
	// without Uplink.
	Uplink     *uplink.Box
	UplinkKick func()
	// SimPrinter is the demo's simulated ticket printer (its receipts
	// and paper, on the 设备模拟 panel); nil outside demo mode.
	SimPrinter SimPrinter
	// Ratings keeps the citizens' ratings, their follow-ups and the
	// appraisals (the 评价 pages answer 503 without it); RatingFlow arms
	// windows and takes presses (the demo panel's buttons); CheckLineMap
	// checks a button line map (hw/button's rules, given by cmd).
	Ratings    *rating.Service
	RatingFlow *rating.Flow
	// Assess is the monthly 100-point assessment (考核); New makes it
	// over DB, Calendar and Intake when nil and a calendar is wired.
	Assess       *assess.Service
	CheckLineMap func(json.RawMessage) error
	Build        BuildInfo
	Logger       *slog.Logger
	// SecureCookies sets the Secure flag on cookies (when served over HTTPS).
	SecureCookies bool
	// Started is when the process started (for the 设备 page).
	Started time.Time
	// Desk keeps the consultation log, appointments and village agents;
	// New makes it over DB when nil.
	Desk *intake.FrontDesk
	// NoticePrinter prints a case document's short form on the ticket
	// printer; nil: the PDF only.
	NoticePrinter NoticePrinter
}

// App is the web application.
type App struct {
	Deps
	echo   *echo.Echo
	pages  *pages
	i18n   *locale.Catalog
	kit    *web.Kit // sessions, CSRF, cookies (ui/internal/web)
	ready  func() error
	routes []Route
	// streams rations the public event streams (streams.go).
	streams *streamSlots
	// hallHub fans the queue's board out to the hall's streams.
	hallHub *hallHub
	// liveStreams counts the staff pages following live (live.go).
	liveStreams atomic.Int64
	// punchExportMax bounds one punch export (maxPunchExportRows unless a
	// test lowers it).
	punchExportMax int
}

// New builds the app and registers the routes. The locale files are read
// and the page templates parsed when the first page needs them, not at
// start-up (an idle box holds neither).
func New(d Deps) (*App, error) {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Audit == nil {
		d.Audit = auditlog.New(d.DB, nil)
	}
	if d.Screens == nil {
		d.Screens = screen.New(d.DB)
	}
	if d.Uplink == nil && d.DB != nil {
		schema, _ := d.DB.SchemaVersion()
		d.Uplink = uplink.New(d.DB, d.Audit, schema)
	}
	if d.Hall == nil && d.Queue != nil {
		d.Hall = queueHall{q: d.Queue, staff: d.Staff}
	}
	if d.Assess == nil && d.Calendar != nil {
		var cases assess.Cases
		if d.Intake != nil {
			cases = d.Intake
		}
		d.Assess = assess.New(d.DB, d.Calendar, cases)
	}
	if d.Desk == nil {
		d.Desk = intake.NewFrontDesk(d.DB)
	}
	if d.HallSettings == nil {
		d.HallSettings = hall.New(d.DB)
	}
	if d.Imports == nil {
		d.Imports = importjob.NewRunner(d.DB, d.Logger, attendance.PunchImportKind, staff.ImportKind, leave.ImportKind)
	}
	a := &App{Deps: d, echo: echo.New(), pages: newPages(embedded.FS), i18n: locale.Lazy(embedded.FS), punchExportMax: maxPunchExportRows, streams: newStreamSlots()}
	a.hallHub = newHallHub(a)
	a.kit = a.newKit()
	a.echo.HideBanner, a.echo.HidePort = true, true
	a.echo.HTTPErrorHandler = a.errorHandler
	// The box faces the LAN directly: never trust X-Forwarded-For, or the
	// login rate limit per IP could be dodged by a header.
	a.echo.IPExtractor = echo.ExtractIPDirect()
	a.echo.Use(a.recoverPanics, a.logRequests, securityHeaders, limitBody(maxBodyBytes), a.loadLocale, a.loadSession)
	static, err := fs.Sub(embedded.FS, "static")
	if err != nil {
		return nil, err
	}
	a.echo.StaticFS("/static", static)
	a.routes = a.routeTable()
	for _, r := range a.routes {
		a.echo.Add(r.Method, r.Path, a.guard(r))
	}
	return a, nil
}

// ServeHTTP makes App an http.Handler.
func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.echo.ServeHTTP(w, r) }

// Routes returns the route table (for tests and `bianmin routes`).
func (a *App) Routes() []Route { return a.routes }

// Serve listens on addr until ctx is done, then shuts down gracefully.
func (a *App) Serve(ctx context.Context, addr string, onListening func(addr string)) error {
	// Long-lived streams (the kiosk's SSE) end when shutdown begins instead
	// of holding it for its whole grace period.
	base, cancelBase := context.WithCancel(context.Background())
	defer cancelBase()
	srv := &http.Server{Addr: addr, Handler: a, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 60 * time.Second, WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second,
		BaseContext: func(net.Listener) context.Context { return base }}
	srv.RegisterOnShutdown(cancelBase)
	ln, err := listen(addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w — is another program using this port? choose another with --addr", addr, err)
	}
	if onListening != nil {
		onListening(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := srv.Shutdown(sctx)
		if e := <-errc; e != nil && !errors.Is(e, http.ErrServerClosed) {
			return e
		}
		return err
	}
}
