// Package update owns the appliance's updates from a USB stick: the signed
// bundle (bundle.go: manifest, binary, optional data files, an ed25519
// signature over the manifest), the checks against the box before anything
// is touched (check.go), the two slots of binaries, the install that
// copies into the inactive slot and switches by an atomic rename (fsync of
// file and directory at each step), the trial of a new version and its
// commit after a healthy soak, and the launcher's choice of what to start:
// after three consecutive failed starts it boots the previous slot, when
// that version can open the store, or else restores the pre-update backup
// and keeps the trial store aside with a list of what was written during
// the trial.
//
// Every file write of the update path goes through FS (fs.go), so that a
// test can cut the power at any step.
//
// It imports appliance/store (the pre-update backup, the store's schema
// and who can still read it), appliance/boxkey (ed25519 keys),
// appliance/version and appliance/problem.
package update
