package queue

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"bianmin/appliance/store"
)

// Class is what a ticket's place in the order depends on.
type Class string

// The classes of ticket.
const (
	ClassNormal      Class = "normal"      // 普通
	ClassGreen       Class = "green"       // 绿色通道: the elderly, the disabled
	ClassAppointment Class = "appointment" // 预约: called first from its time on
)

// Source is where a ticket was taken.
type Source string

// The sources of tickets.
const (
	SourceKiosk   Source = "kiosk"   // the touch kiosk page
	SourceButton  Source = "button"  // a service's 取号 button
	SourceStaff   Source = "staff"   // staff, for a phone caller
	SourceBooking Source = "booking" // an appointment booked ahead (intake)
)

// Status is where a ticket is on its way.
type Status string

// The statuses of a ticket.
const (
	StatusBooked   Status = "booked"   // an appointment for a later day: no number yet
	StatusWaiting  Status = "waiting"  // has a number, waits to be called
	StatusCalled   Status = "called"   // called to a window, being served
	StatusFinished Status = "finished" // served (办结)
	StatusSkipped  Status = "skipped"  // did not come when called (过号)
	StatusExpired  Status = "expired"  // still waiting when its day ended
)

// Ticket is one queue ticket.
type Ticket struct {
	ID          uint64    `json:"id"`
	Day         string    `json:"day"`     // the queue's day, YYYY-MM-DD
	Service     string    `json:"service"` // the service's prefix
	ServiceName string    `json:"service_name"`
	Seq         int       `json:"seq,omitempty"`    // 1.. within the day and service
	Number      string    `json:"number,omitempty"` // "A001"; empty while booked
	Class       Class     `json:"class"`
	Source      Source    `json:"source"`
	Status      Status    `json:"status"`
	Token       string    `json:"token"` // the public status page's key
	Taken       time.Time `json:"taken"`
	// AppointAt is an appointment's time.
	AppointAt time.Time `json:"appoint_at,omitzero"`
	Name      string    `json:"name,omitempty"`  // appointment: the citizen
	Phone     string    `json:"phone,omitempty"` // appointment: a phone number
	Ref       string    `json:"ref,omitempty"`   // e.g. the intake case it belongs to
	// Transferred: sent on by a window; ToWindow, when set, is the only
	// window that calls it.
	Transfers int `json:"transfers,omitempty"`
	ToWindow  int `json:"to_window,omitempty"`
	// Served at a window.
	Window   int       `json:"window,omitempty"`
	Staff    string    `json:"staff,omitempty"` // the user who called it
	StaffID  uint64    `json:"staff_id,omitempty"`
	Called   time.Time `json:"called,omitzero"`
	Recalls  int       `json:"recalls,omitempty"`
	Finished time.Time `json:"finished,omitzero"` // finished or skipped
}

// Waited is how long the ticket waited to be called (zero if not yet).
func (t Ticket) Waited() time.Duration {
	if t.Called.IsZero() {
		return 0
	}
	from := t.Taken
	if t.Class == ClassAppointment && t.AppointAt.After(from) {
		from = t.AppointAt
	}
	if t.Called.Before(from) {
		return 0
	}
	return t.Called.Sub(from)
}

// Served is how long the window served it (finished tickets only).
func (t Ticket) Served() time.Duration {
	if t.Status != StatusFinished || t.Called.IsZero() || t.Finished.Before(t.Called) {
		return 0
	}
	return t.Finished.Sub(t.Called)
}

// FormatNumber is the ticket number of seq in the service: A001.
func FormatNumber(prefix string, seq int) string {
	return fmt.Sprintf("%s%0*d", prefix, NumberDigits, seq)
}

// Buckets and outbox kinds.
const (
	bucketTickets = "queue.tickets" // IDKey(id) → Ticket
	bucketByDay   = "queue.by_day"  // day + IDKey(id) → "" (every ticket of a day)
	bucketWaiting = "queue.waiting" // IDKey(id) → waitEntry
	bucketBooked  = "queue.booked"  // day + IDKey(id) → "" (appointments of a later day)
	bucketTokens  = "queue.tokens"  // token → IDKey(id)
	bucketWindows = "queue.windows" // IDKey(number) → WindowState

	outboxTicket   = "queue_ticket"
	outboxWindow   = "queue_window"
	outboxSettings = "queue_settings"
	outboxDay      = "queue_day"
)

// Clock says whether the box's clock can be trusted for the date (synced
// or set from a real-time clock). cmd wires it to hw/systime.
type Clock interface {
	Trusted() bool
}

// Printer queues a ticket's print job inside the transaction that takes
// the ticket (appliance/printjob, wired in cmd), so a ticket is never
// taken without its job, nor printed without having been taken.
type Printer interface {
	QueueTicketTx(tx *store.Tx, p TicketPrint) error
}

// TicketPrint is what a printed ticket shows; the printer's side adds the
// center's name and the words.
type TicketPrint struct {
	TicketID uint64    `json:"ticket_id"`
	Number   string    `json:"number"`
	Service  string    `json:"service"`
	Name     string    `json:"service_name"`
	Ahead    int       `json:"ahead"` // tickets called before it, as it was taken
	Taken    time.Time `json:"taken"`
	Token    string    `json:"token"` // the status page: /q/<token>
	Class    Class     `json:"class"`
}

// Queue is the queue domain over one store.
type Queue struct {
	db      *store.DB
	clock   Clock
	printer Printer

	now      func() time.Time // nil: the store's clock (WithClock)
	hooks    hooks
	feed     feed
	pressMu  sync.Mutex
	lastTake map[string]time.Time // a 取号 button's last ticket
}

type trusting struct{}

func (trusting) Trusted() bool { return true }

// New returns the queue over db; clock nil trusts the clock (tests).
func New(db *store.DB, clock Clock) *Queue {
	if clock == nil {
		clock = trusting{}
	}
	return &Queue{db: db, clock: clock, lastTake: map[string]time.Time{}}
}

// WithClock makes the queue read the time from now instead of the
// store's clock: `bianmin demo` plays a past day of tickets through the
// real rules with it.
func (q *Queue) WithClock(now func() time.Time) *Queue {
	q.now = now
	return q
}

func (q *Queue) nowTx(tx *store.Tx) time.Time {
	if q.now != nil {
		return q.now()
	}
	return tx.Now()
}

// SetPrinter makes every ticket taken from now on queue its print job.
// Call it before serving.
func (q *Queue) SetPrinter(p Printer) { q.printer = p }

// DB is the store the queue writes.
func (q *Queue) DB() *store.DB { return q.db }

// Actor is who acts at a console: the signed-in user and, when they are
// staff, their staff id.
type Actor struct {
	Name    string
	StaffID uint64
}

func newToken() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("queue: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b[:])
}

func ticketObject(id uint64) string { return fmt.Sprintf("queue/ticket/%d", id) }
func windowObject(n int) string     { return fmt.Sprintf("queue/window/%d", n) }

func dayKey(day string, id uint64) []byte { return append([]byte(day), store.IDKey(id)...) }

// TicketTx reads one ticket.
func TicketTx(tx *store.Tx, id uint64) (Ticket, error) {
	return store.GetAs[Ticket](tx, bucketTickets, store.IDKey(id))
}

// Ticket reads one ticket.
func (q *Queue) Ticket(id uint64) (Ticket, error) {
	return store.Read(q.db, func(tx *store.Tx) (Ticket, error) { return TicketTx(tx, id) })
}

// putTicket stores t with its audit and outbox entries.
func putTicket(tx *store.Tx, action string, before *Ticket, t Ticket) error {
	if err := tx.Put(bucketTickets, store.IDKey(t.ID), t); err != nil {
		return err
	}
	var b any
	if before != nil {
		b = *before
	}
	return tx.AuditAndOutbox(action, ticketObject(t.ID), outboxTicket, b, t)
}

// Statuses lists the statuses in the order a ticket goes through them.
func Statuses() []Status {
	return []Status{StatusBooked, StatusWaiting, StatusCalled, StatusFinished, StatusSkipped, StatusExpired}
}
