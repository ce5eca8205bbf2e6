package main

import (
	"fmt"
	"runtime"
)

func runVersion(g *global, args []string) error {
	fs := newFlags(g, "version", "显示版本 / print version, commit, build date, Go version and platform")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "bianmin %s\ncommit: %s\nbuilt: %s\ngo: %s\nplatform: %s/%s\n",
		version, commit, buildDate, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
