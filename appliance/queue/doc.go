// Package queue owns the hall's queue (排队叫号): the services citizens
// queue for, each with its ticket prefix (A 综合业务, B 社保医保, …) and the
// windows that serve it; the tickets (A001…, numbered afresh each day);
// the order they are called in; and the windows' console actions.
//
//   - settings.go: Settings, the center's queue as data — services,
//     which windows serve them, priority (green channel 绿色通道,
//     appointments 预约 at their time), the recall limit, the take-number
//     button's gap — with Validate and defaults in one place.
//   - day.go: the queue's day. Numbers restart each day, and the day
//     rolls over only when the clock's date can be trusted (synced by NTP
//     or set from an RTC); on an unsure clock the numbering goes on, so a
//     wrong clock never issues a second A001.
//   - order.go: Rank, the one rule of who is called next (a due
//     appointment, then a transferred ticket, then the green channel, then
//     the order tickets were taken in), and Ahead, how many wait before a
//     ticket.
//   - take.go: Take (kiosk page, staff for a phone caller), Press (a
//     service's 取号 button: one ticket per button per gap), Book (an
//     appointment at a given time, today or a later day).
//   - console.go: a window's actions — CallNext, Recall, Skip (过号),
//     Transfer, Pause (with a reason; 先外后内: not for internal work while
//     citizens wait), Resume, Finish.
//   - events.go, hall.go: what the hall display and consoles read — an
//     in-memory feed of events published after each commit (Subscribe) and
//     the HallState read model; OnFinished hooks (the ratings arm the
//     window's buttons).
//   - status.go: one ticket by its token, for the public status page.
//   - stats.go: tickets, waiting and service times per service, window and
//     staff, per day and month.
//
// Every write is one store transaction that also appends the audit and the
// outbox entries; the ticket's print job, when a Printer is set, is queued
// in the same transaction. Refusals are problems with keys in
// embedded/locales/queue.*.json.
//
// It imports appliance/store and appliance/problem only; it never imports
// echo, hw, ui or embedded (devices and pages reach it through cmd).
package queue
