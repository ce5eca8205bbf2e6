package ui

// Enrolment jobs: an enrolment takes two presses and up to a minute, so it
// runs in the background while the page shows its step. Jobs live in
// memory only; one runs at a time (there is one sensor), and finished jobs
// are forgotten after enrolJobKeep.

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"

	"bianmin/appliance/enrol"
	"bianmin/appliance/punchclock"
)

const (
	// enrolJobTimeout bounds one enrolment (both presses and the save).
	enrolJobTimeout = 60 * time.Second
	// enrolJobKeep is how long a job's page keeps answering.
	enrolJobKeep = 10 * time.Minute
	// enrolPollEvery is how often the job page asks for news (kiosk.js
	// reads it from the page).
	enrolPollEvery = 500 * time.Millisecond
)

// enrolJob is one enrolment walk-through as the job page shows it.
type enrolJob struct {
	ID      string
	StaffID uint64
	Name    string
	StaffNo string
	Step    punchclock.EnrolStep
	Running bool
	Err     error            // why it failed (nil while running or when done)
	Result  enrol.Enrollment // when done
	Started time.Time
	Ended   time.Time
}

// enrolJobs is the set of jobs; the zero value is not usable, see
// newEnrolJobs.
type enrolJobs struct {
	mu   sync.Mutex
	jobs map[string]*enrolJob
	now  func() time.Time
}

func newEnrolJobs(now func() time.Time) *enrolJobs {
	return &enrolJobs{jobs: map[string]*enrolJob{}, now: now}
}

// start registers a new running job for the person, or returns the running
// one and false when the sensor is busy with another.
func (j *enrolJobs) start(staffID uint64, name, staffNo string) (enrolJob, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.pruneLocked()
	for _, job := range j.jobs {
		if job.Running {
			return *job, false
		}
	}
	job := &enrolJob{ID: newJobID(), StaffID: staffID, Name: name, StaffNo: staffNo,
		Step: punchclock.StepPressFirst, Running: true, Started: j.now()}
	j.jobs[job.ID] = job
	return *job, true
}

// step records the job's progress (called by the clock; never blocks long).
func (j *enrolJobs) step(id string, s punchclock.EnrolStep) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if job := j.jobs[id]; job != nil {
		job.Step = s
	}
}

// finish records the job's outcome.
func (j *enrolJobs) finish(id string, e enrol.Enrollment, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if job := j.jobs[id]; job != nil {
		job.Running, job.Result, job.Err, job.Ended = false, e, err, j.now()
		if err == nil {
			job.Step = punchclock.StepDone
		}
	}
}

// get returns a copy of the job.
func (j *enrolJobs) get(id string) (enrolJob, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.pruneLocked()
	job := j.jobs[id]
	if job == nil {
		return enrolJob{}, false
	}
	return *job, true
}

// running returns the job that holds the sensor, if any.
func (j *enrolJobs) running() (enrolJob, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, job := range j.jobs {
		if job.Running {
			return *job, true
		}
	}
	return enrolJob{}, false
}

// pruneLocked forgets finished jobs older than enrolJobKeep.
func (j *enrolJobs) pruneLocked() {
	cut := j.now().Add(-enrolJobKeep)
	for id, job := range j.jobs {
		if !job.Running && job.Ended.Before(cut) {
			delete(j.jobs, id)
		}
	}
}

// newJobID is a random id that cannot be guessed from another.
func newJobID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
