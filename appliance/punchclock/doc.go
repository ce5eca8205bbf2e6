// Package punchclock is the fingerprint clock's logic: the loop that waits
// for a finger, identifies it, records the punch and only then tells the
// person OK; the enrolment walk-through (two captures, model, store,
// template copy); re-enrolment of a replacement sensor; and the events the
// attendance kiosk page shows.
//
// The sensor is a small interface (Sensor) that cmd implements over the
// hw/fingerprint driver, so this package has no device I/O: tests drive it
// with the real simulator or the fake in punchclocktest.
//
// punchclock imports the standard library and appliance/{attendance,
// enrol, staff, store}.
package punchclock
