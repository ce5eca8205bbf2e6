// Package sdnotify speaks systemd's notify protocol (sd_notify(3)): a
// datagram such as "READY=1" or "WATCHDOG=1" to the socket named by
// $NOTIFY_SOCKET. The unit is Type=notify with WatchdogSec; because the
// launcher is the service's main process and bianmin serve its child, the
// unit sets NotifyAccess=all so that systemd accepts the child's messages.
// Without $NOTIFY_SOCKET (not under systemd) every call does nothing.
//
// It imports only the standard library.
package sdnotify

import (
	"net"
	"os"
	"strconv"
	"time"
)

// Notify sends state ("READY=1", "WATCHDOG=1", "STOPPING=1", "STATUS=…").
// It reports whether a message was sent.
func Notify(state string) (bool, error) {
	path := os.Getenv("NOTIFY_SOCKET")
	if path == "" {
		return false, nil
	}
	if path[0] == '@' {
		path = "\x00" + path[1:] // an abstract socket
	}
	conn, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		return false, err
	}
	defer conn.Close()
	if _, err := conn.Write([]byte(state)); err != nil {
		return false, err
	}
	return true, nil
}

// WatchdogInterval is how often to send WATCHDOG=1: half of systemd's
// WatchdogSec ($WATCHDOG_USEC), or 0 when there is no watchdog. systemd's
// $WATCHDOG_PID names the service's main process, the launcher, whose
// children pass it on; it is not checked against this process for that
// reason.
func WatchdogInterval() time.Duration {
	us, err := strconv.ParseInt(os.Getenv("WATCHDOG_USEC"), 10, 64)
	if err != nil || us <= 0 {
		return 0
	}
	return time.Duration(us) * time.Microsecond / 2
}
