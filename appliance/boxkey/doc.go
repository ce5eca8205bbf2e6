// Package boxkey owns the box's own ed25519 key: the key that signs the
// audit log's head (printed on weekly notices and backup slips) and, later,
// every batch uploaded to the county.
//
// The private key lives in DATA/box.key (PKCS #8, PEM), made at the first
// start of the service with mode 0600, outside the database and so outside
// every backup: a backup restored on another box cannot sign as this one,
// and a stolen backup carries no key. Losing the file (a new SD card) means
// a new key and a new fingerprint, which the county must be told of.
//
// People compare keys by their fingerprint (Fingerprint: the first 16 bytes
// of the public key's SHA-256, in groups of four hex digits), shown on the
// 设备 page and printed on every slip.
//
// It imports the standard library and internal/keyfile.
package boxkey
