// Package bianmin is the root of the 便民 appliance's module. It holds no
// code of its own: the binary is cmd/bianmin, and README.md ("Where things
// live") maps the tree.
//
// Its test (imports_test.go) holds the one-way import rule of
// docs/DECISIONS.md, read from `go list`: cmd → ui → appliance/* →
// appliance/store, and cmd → hw; hw never imports appliance, ui or cmd;
// appliance never imports echo, hw, ui, cmd or embedded (assets are passed
// in); ui never imports hw or cmd; internal/* are leaves of the standard
// library that hw and appliance may share.
package bianmin
