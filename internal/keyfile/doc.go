// Package keyfile owns the box's secret files in the data directory (the
// fingerprint templates' AES key, the box's ed25519 signing key): made once
// with random bytes, mode 0600, written with O_EXCL and fsynced with their
// directory, and refused when another user can read them or when they are
// not what their owner expects.
//
// It imports only the standard library, so that appliance packages and
// cmd share it.
package keyfile
