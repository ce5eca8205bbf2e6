// Package control is the command socket: how a `bianmin` command run by a
// technician reaches the running service, which holds the store (bbolt's
// file lock is exclusive), so that imports, reports and backups work on a
// live box.
//
// The service listens on a unix socket in its data directory (SocketName,
// mode 0600, removed on shutdown; one left by a crash is replaced) and
// serves only root and its own user: the kernel tells it who connected
// (SO_PEERCRED), so a copied or loosened socket still refuses others.
//
// The protocol is small and framed (frame.go): the command sends one
// request (an operation's name and its arguments as JSON) and the files it
// read, since the sandboxed service cannot read the technician's files; the
// service answers with progress lines, chunks of an output stream (a backup)
// and finally the result (JSON) or why it failed (Failure: an exit code, a
// message, the refusal's problems intact). The same exchange runs over an
// in-memory pipe when no service is running and the command opens the store
// itself (ServeConn), so both paths print the same.
//
// What an operation does is not here: the caller's Handler dispatches by
// name (cmd/bianmin registers one function per command).
//
// control imports the standard library and appliance/problem.
package control
