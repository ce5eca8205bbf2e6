// Package punchclocktest has fakes for testing code that uses the
// fingerprint clock, in the style of periph's gpiotest: a documented
// stand-in next to the interface it implements.
//
// Sensor is a punchclock.Sensor in memory: a fingerprint module with a
// template library, whose presses follow a script (Queue with Match,
// NoMatch, BadImage, Lifted or any error), whose captures, model and
// connection can be made to fail (FailCaptures, SetModelError, Hold,
// Unplug), and which records what was asked of it (Template, Deleted,
// Signals, Uploads, Captures). Errors wrap the punchclock sentinels the
// way the real adapter in cmd does, so code under test must use errors.Is.
//
// Time is a punchclock.TimeSource whose quality a test sets.
//
// Tests that need the real byte protocol use the hw/fingerprint simulator
// instead (wired in cmd). punchclocktest imports the standard library and
// appliance/{punchclock, attendance}.
package punchclocktest
