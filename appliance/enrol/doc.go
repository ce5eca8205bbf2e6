// Package enrol owns fingerprint enrolments: which sensor page holds which
// staff member's finger, the signed consent behind it, and an encrypted
// copy of each template (AES-256-GCM, key file in the data directory, mode
// 0600) kept only to re-enrol a replacement sensor from the box.
//
// Templates never leave the box: enrolments are audited without their
// template and are not put in the outbox.
//
// enrol imports the standard library, appliance/store and appliance/staff.
package enrol
