package control

import "net"

// Peer is the process at the other end of the socket, as the kernel
// reports it when it connected.
type Peer struct {
	UID int `json:"uid"`
	GID int `json:"gid"`
	PID int `json:"pid"`
}

// Allowed reports whether peer may use the command socket of a service
// that runs as serviceUID: root (a technician with sudo) or the service's
// own user. Everyone else is refused, whatever the socket file's mode.
func Allowed(peer Peer, serviceUID int) bool {
	return peer.UID == 0 || peer.UID == serviceUID
}

// PeerOf asks the kernel who is at the other end of a unix socket
// connection (SO_PEERCRED).
func PeerOf(c *net.UnixConn) (Peer, error) { return peerCred(c) }
