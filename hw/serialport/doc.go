// Package serialport owns the serial link to the hall's devices (fingerprint
// reader, ticket printer): the Port interface drivers take, Open over
// github.com/tarm/serial (8N1), the Link that keeps a device connected with
// capped jittered backoff, and raw pseudo-terminal pairs that stand in for
// the devices in tests and in `bianmin demo`.
//
// # Timeout versus unplug
//
// tarm/serial sets VMIN=0, VTIME=ReadTimeout, so read(2) returns 0 bytes
// both when the timeout passes with no data and when the line is hung up;
// os.File turns both into (0, io.EOF). Port.Read tells them apart, cheapest
// and most certain test first:
//
//  1. A read error is classified directly: EIO, ENXIO, ENODEV or ENOENT wrap
//     ErrUnplugged. (A read blocked in the kernel when the device goes away
//     gets EIO: the tty is hung up under it.)
//  2. After every (0, io.EOF) the device path is stat'ed and compared with
//     the node opened (os.SameFile). If it is missing, or now names another
//     node, the device is gone: ErrUnplugged wrapping the stat error. This
//     is how a USB adapter looks after unplugging (udev removes
//     /dev/ttyUSB0 and its symlinks) and how a pty looks after its master is
//     closed (devpts removes /dev/pts/N). A stable symlink re-pointed at a
//     new device after a replug also counts, so the old port is abandoned.
//  3. Otherwise, if the read took at least half the effective read timeout,
//     it timed out: ErrTimeout. (The tty cannot return early with no data
//     unless hung up; a slow scheduler only makes a read look longer.)
//  4. Otherwise the read returned at once with nothing, which a hung-up tty
//     does on every call. Read retries; three such reads in a row mean a
//     hang-up whose node is still present: ErrUnplugged.
//
// The read timeout is applied by the tty in tenths of a second, so
// Config.ReadTimeout must lie in 100ms..25.5s and is rounded down to a tenth.
// Writes and Flush to a hung-up tty fail with EIO and wrap ErrUnplugged too.
//
// # Paths on the box and in the demo
//
// On real hardware Config.Path is /dev/ttyUSB0 or, better, a udev symlink
// such as /dev/bianmin-fingerprint (a udev rule matching the adapter's
// vendor, product and serial), which udev removes on unplug and re-creates,
// maybe pointing at another ttyUSBn, on replug. The demo and the tests do the
// same with OpenPairAt: a symlink to /dev/pts/N; Pair.Unplug closes the
// master (hanging up the slave) and removes the link; Pair.Replug opens a
// new pair and atomically re-points the link. The appliance code cannot
// tell the difference.
//
// serialport imports the standard library, github.com/tarm/serial,
// github.com/creack/pty, golang.org/x/sys/unix and internal/backoff (the
// Link's delays and its one-line-per-distinct-error log); nothing else from
// this module. Only cmd wires it to the domain.
package serialport
