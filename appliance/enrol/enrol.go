package enrol

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"time"

	"bianmin/appliance/staff"
	"bianmin/appliance/store"
)

// MaxFingers is how many fingers one person may enrol.
const MaxFingers = 2

// Enrollment links a sensor page to a staff member's finger.
type Enrollment struct {
	ID         uint64    `json:"id"`
	StaffID    uint64    `json:"staff_id"`
	Finger     int       `json:"finger"` // 1 or 2
	Page       int       `json:"page"`   // template slot in the sensor
	ConsentOn  string    `json:"consent_on"`
	ConsentBy  string    `json:"consent_by"` // office user who saw the signed form
	EnrolledAt time.Time `json:"enrolled_at"`
}

const (
	bucketEnrol     = "enrol.enrollments" // IDKey(id) → Enrollment
	bucketByPage    = "enrol.by_page"     // IDKey(page) → id
	bucketTemplates = "enrol.templates"   // IDKey(id) → sealed template
)

// Errors the enrolment page shows.
var (
	ErrConsentMissing = errors.New("enrol: signed consent is required")
	ErrTooManyFingers = errors.New("enrol: this person already has two fingers enrolled")
	ErrPageTaken      = errors.New("enrol: that sensor page is already in use")
	ErrNotEnrolled    = errors.New("enrol: no such enrolment")
	ErrEmptyTemplate  = errors.New("enrol: the sensor returned no template")
)

// Service reads and writes enrolments.
type Service struct {
	db   *store.DB
	seal *sealer
}

// New opens the enrolment service; the key file lives in the store's data
// directory and is created on first use.
func New(db *store.DB) (*Service, error) {
	s, err := loadOrCreateKey(filepath.Join(db.DataDir(), KeyFileName))
	if err != nil {
		return nil, err
	}
	return &Service{db: db, seal: s}, nil
}

func aad(e Enrollment) []byte {
	return fmt.Appendf(nil, "bianmin-template|%d|%d|%d", e.ID, e.StaffID, e.Finger)
}

func summary(e Enrollment, st staff.Staff) map[string]any {
	return map[string]any{"staff_no": st.StaffNo, "name": st.Name, "finger": e.Finger, "page": e.Page, "consent_on": e.ConsentOn}
}

// Add records an enrolment whose template is already stored in the sensor
// at e.Page, with an encrypted copy of the template.
func (s *Service) Add(actor string, e Enrollment, template []byte) (Enrollment, error) {
	if e.ConsentOn == "" {
		return Enrollment{}, ErrConsentMissing
	}
	if _, err := time.Parse("2006-01-02", e.ConsentOn); err != nil {
		return Enrollment{}, fmt.Errorf("%w: consent date %q is not YYYY-MM-DD", ErrConsentMissing, e.ConsentOn)
	}
	if len(template) == 0 {
		return Enrollment{}, ErrEmptyTemplate
	}
	err := s.db.Update(actor, func(tx *store.Tx) error {
		st, err := staff.GetStaffTx(tx, e.StaffID)
		if err != nil {
			return err
		}
		have, err := forStaffTx(tx, e.StaffID)
		if err != nil {
			return err
		}
		if len(have) >= MaxFingers {
			return ErrTooManyFingers
		}
		var other uint64
		if err := tx.Get(bucketByPage, store.IDKey(uint64(e.Page)), &other); err == nil {
			return ErrPageTaken
		}
		e.Finger = 1
		if len(have) == 1 && have[0].Finger == 1 {
			e.Finger = 2
		}
		if e.ID, err = tx.NextID(bucketEnrol); err != nil {
			return err
		}
		e.ConsentBy, e.EnrolledAt = actor, tx.Now().UTC()
		if err := tx.Put(bucketEnrol, store.IDKey(e.ID), e); err != nil {
			return err
		}
		if err := tx.Put(bucketByPage, store.IDKey(uint64(e.Page)), e.ID); err != nil {
			return err
		}
		b, err := tx.Bucket(bucketTemplates)
		if err != nil {
			return err
		}
		if err := b.Put(store.IDKey(e.ID), s.seal.seal(template, aad(e))); err != nil {
			return err
		}
		return tx.Audit("fingerprint.enrol", fmt.Sprintf("staff/%d", e.StaffID), nil, summary(e, st))
	})
	return e, err
}

// ByPage returns the enrolment of a sensor page (the punch loop's lookup).
func (s *Service) ByPage(page int) (Enrollment, error) {
	var e Enrollment
	err := s.db.View(func(tx *store.Tx) error {
		var id uint64
		if err := tx.Get(bucketByPage, store.IDKey(uint64(page)), &id); err != nil {
			return ErrNotEnrolled
		}
		return tx.Get(bucketEnrol, store.IDKey(id), &e)
	})
	return e, err
}

// ForStaff lists a person's enrolments by finger.
func (s *Service) ForStaff(staffID uint64) ([]Enrollment, error) {
	var out []Enrollment
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		out, err = forStaffTx(tx, staffID)
		return err
	})
	return out, err
}

func forStaffTx(tx *store.Tx, staffID uint64) ([]Enrollment, error) {
	all, err := store.All[Enrollment](tx, bucketEnrol)
	var out []Enrollment
	for _, e := range all {
		if e.StaffID == staffID {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Finger < out[j].Finger })
	return out, err
}

// All lists every enrolment by id.
func (s *Service) All() ([]Enrollment, error) {
	var out []Enrollment
	err := s.db.View(func(tx *store.Tx) error {
		var err error
		out, err = store.All[Enrollment](tx, bucketEnrol)
		return err
	})
	return out, err
}

// Template decrypts the stored copy of an enrolment's template.
func (s *Service) Template(e Enrollment) ([]byte, error) {
	var sealed []byte
	err := s.db.View(func(tx *store.Tx) error {
		b, _ := tx.Bucket(bucketTemplates)
		if b == nil || b.Get(store.IDKey(e.ID)) == nil {
			return ErrNotEnrolled
		}
		sealed = append([]byte(nil), b.Get(store.IDKey(e.ID))...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.seal.open(sealed, aad(e))
}

// Remove deletes a person's enrolments and template copies (when they
// leave) and returns what was removed, so the caller can clear the sensor
// pages too.
func (s *Service) Remove(actor string, staffID uint64) ([]Enrollment, error) {
	var removed []Enrollment
	err := s.db.Update(actor, func(tx *store.Tx) error {
		st, err := staff.GetStaffTx(tx, staffID)
		if err != nil {
			return err
		}
		if removed, err = forStaffTx(tx, staffID); err != nil {
			return err
		}
		for _, e := range removed {
			for _, del := range []struct {
				bucket string
				key    []byte
			}{{bucketEnrol, store.IDKey(e.ID)}, {bucketByPage, store.IDKey(uint64(e.Page))}, {bucketTemplates, store.IDKey(e.ID)}} {
				if err := tx.Delete(del.bucket, del.key); err != nil {
					return err
				}
			}
			if err := tx.Audit("fingerprint.remove", fmt.Sprintf("staff/%d", staffID), summary(e, st), nil); err != nil {
				return err
			}
		}
		return nil
	})
	return removed, err
}
