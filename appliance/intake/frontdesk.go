package intake

import (
	"time"

	"bianmin/appliance/decision"
	"bianmin/appliance/store"
)

// FrontDesk keeps what the windows record around the cases: the
// consultation log with its 首问负责 hand-offs (consult.go), appointments
// (appoint.go) and the village agents of 代办 (agent.go). Each method is
// one read or one write transaction over the *Tx function beside it.
type FrontDesk struct {
	db *store.DB
}

// NewFrontDesk returns the front desk over db.
func NewFrontDesk(db *store.DB) *FrontDesk { return &FrontDesk{db: db} }

// RecordConsultation records an enquiry (RecordConsultationTx).
func (d *FrontDesk) RecordConsultation(actor string, c Consultation) (Consultation, error) {
	return store.Write(d.db, actor, func(tx *store.Tx) (Consultation, error) { return RecordConsultationTx(tx, c) })
}

// HandOff passes an enquiry on to another window (HandOffTx).
func (d *FrontDesk) HandOff(actor string, id, to uint64, note string) (Consultation, error) {
	return store.Write(d.db, actor, func(tx *store.Tx) (Consultation, error) { return HandOffTx(tx, id, to, note) })
}

// TakeOver records that the receiving window took the enquiry over.
func (d *FrontDesk) TakeOver(actor string, id uint64) (Consultation, error) {
	return store.Write(d.db, actor, func(tx *store.Tx) (Consultation, error) { return TakeOverTx(tx, id) })
}

// Consultations reads one page of the log (ConsultationsTx).
func (d *FrontDesk) Consultations(q ConsultationQuery) (decision.Page[Consultation], error) {
	return store.Read(d.db, func(tx *store.Tx) (decision.Page[Consultation], error) { return ConsultationsTx(tx, q) })
}

// WaitingFor lists the enquiries handed to window and not taken over.
func (d *FrontDesk) WaitingFor(window uint64) ([]Consultation, error) {
	return store.Read(d.db, func(tx *store.Tx) ([]Consultation, error) { return WaitingForTx(tx, window) })
}

// Consultation reads one consultation.
func (d *FrontDesk) Consultation(id uint64) (Consultation, error) {
	return store.Read(d.db, func(tx *store.Tx) (Consultation, error) { return ConsultationTx(tx, id) })
}

// Now is the store's clock.
func (d *FrontDesk) Now() time.Time { return d.db.Now() }
