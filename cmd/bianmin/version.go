package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

func runVersion(g *global, args []string) error {
	fs := newFlags(g, "version", "显示版本 / print version, commit, build date, Go version and platform")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "bianmin %s\ncommit: %s\nbuilt: %s\ngo: %s\nplatform: %s\n",
		version, commit, buildDate, runtime.Version(), platform())
	return nil
}

// platform is GOOS/GOARCH, with the ARM version on 32-bit ARM (linux/armv6).
func platform() string {
	arch := runtime.GOARCH
	if bi, ok := debug.ReadBuildInfo(); ok && arch == "arm" {
		for _, s := range bi.Settings {
			if s.Key == "GOARM" {
				arch += "v" + strings.TrimSuffix(s.Value, ",softfloat")
			}
		}
	}
	return runtime.GOOS + "/" + arch
}
