//go:build !linux

package control

import (
	"errors"
	"net"
)

// peerCred is Linux-only (SO_PEERCRED); elsewhere nobody is let in.
func peerCred(*net.UnixConn) (Peer, error) {
	return Peer{}, errors.New("peer credentials: only supported on Linux")
}
