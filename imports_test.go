package bianmin

import (
	"bytes"
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// importRule is one line of the import rule: the packages at and below
// from never import (directly, or through a library outside the rule)
// anything at or below a path in never; or, with stdOnly, anything but the
// standard library.
type importRule struct {
	from  string
	never []string
	// stdOnly: from may import the standard library and nothing else.
	stdOnly bool
	// leavesOK lets from import packages of never that themselves import
	// only the standard library (a shared type such as appliance/problem is
	// no layer).
	leavesOK bool
	rule     string // what the failure message says
}

// importRules is the rule of docs/DECISIONS.md ("Imports go one way").
var importRules = []importRule{
	{from: "bianmin/hw", never: []string{"bianmin/appliance", "bianmin/ui", "bianmin/cmd"},
		rule: "hw never imports appliance, ui or cmd: a driver knows nothing of the domain; " +
			"give hw its own types and let cmd map them to the domain's (cmd → hw)"},
	{from: "bianmin/appliance", never: []string{"github.com/labstack/echo", "bianmin/hw", "bianmin/ui", "bianmin/cmd", "bianmin/embedded"},
		rule: "appliance never imports echo, hw, ui, cmd or embedded: the domain has no HTTP and no device I/O, " +
			"and assets are passed in (ui → appliance/*; devices reach the domain through interfaces it defines, wired in cmd)"},
	{from: "bianmin/ui", never: []string{"bianmin/hw", "bianmin/cmd"},
		rule: "ui never imports hw or cmd: cmd → ui → appliance/*; the pages reach devices through the domain"},
	{from: "bianmin/appliance/store", never: []string{"bianmin/appliance"}, leavesOK: true,
		rule: "appliance/store is the bottom of the domain (appliance/* → appliance/store): " +
			"it imports no other domain package, except leaves of the standard library such as appliance/problem"},
	{from: "bianmin/internal", stdOnly: true,
		rule: "internal/* are shared leaves that hw and appliance both use: they import only the standard library"},
	{from: "bianmin/embedded", stdOnly: true,
		rule: "embedded is the binary's data: it imports only the standard library"},
}

// allowedImports are known breaks of the rule that another branch is
// fixing. The test fails once an entry is no longer needed, so none lingers.
var allowedImports = map[[2]string]string{
	// none: appliance/report, the last one, is handed its font by cmd and ui
	// since issue 8's lean branch.
}

// pkgInfo is one package as `go list -deps` reports it: non-test imports.
type pkgInfo struct {
	standard bool
	imports  []string
}

func TestImportRule(t *testing.T) {
	graph := listPackages(t)
	for _, v := range checkImports(graph, importRules, allowedImports) {
		t.Error(v)
	}
	for pair, why := range allowedImports {
		if p, ok := graph[pair[0]]; !ok || !slices.Contains(p.imports, pair[1]) {
			t.Errorf("allowedImports: %s no longer imports %s (%s): remove the entry", pair[0], pair[1], why)
		}
	}
}

// listPackages runs `go list -deps` over the module: every package the
// module's packages build with, and each one's non-test imports.
func listPackages(t *testing.T) map[string]pkgInfo {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	cmd := exec.Command(goTool, "list", "-deps", "-f", "{{.ImportPath}}\t{{.Standard}}\t{{join .Imports \" \"}}", "./...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./...: %v\n%s", err, stderr.String())
	}
	graph := map[string]pkgInfo{}
	for line := range strings.Lines(string(out)) {
		f := strings.Split(strings.TrimRight(line, "\n"), "\t")
		if len(f) != 3 {
			t.Fatalf("go list printed %q, want path, standard and imports", line)
		}
		graph[f[0]] = pkgInfo{standard: f[1] == "true", imports: strings.Fields(f[2])}
	}
	if _, ok := graph["bianmin/cmd/bianmin"]; !ok || len(graph) < 20 {
		t.Fatalf("go list found %d packages and no bianmin/cmd/bianmin: not run at the module root?", len(graph))
	}
	return graph
}

// under reports whether path is prefix or below it.
func under(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// checkImports returns one message per break of rules in graph, naming the
// offending pair and the rule. Edges in allowed are treated as absent.
func checkImports(graph map[string]pkgInfo, rules []importRule, allowed map[[2]string]string) []string {
	var out []string
	paths := make([]string, 0, len(graph))
	for p := range graph {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, r := range rules {
		for _, from := range paths {
			if !under(from, r.from) {
				continue
			}
			out = append(out, checkPackage(graph, r, from, allowed)...)
		}
	}
	return out
}

// checkPackage checks one package against one rule: its own imports, then
// what it pulls in through packages outside the rule (third-party
// libraries, internal leaves); packages inside the rule answer for
// themselves.
func checkPackage(graph map[string]pkgInfo, r importRule, from string, allowed map[[2]string]string) []string {
	var out []string
	forbidden := func(p string) bool {
		if r.stdOnly {
			return !graph[p].standard
		}
		if under(p, r.from) {
			return false // the rule's own packages import each other freely
		}
		if r.leavesOK && isLeaf(graph, p) {
			return false
		}
		return slices.ContainsFunc(r.never, func(n string) bool { return under(p, n) })
	}
	// Breadth first, so each forbidden package is reached by a shortest path.
	via := map[string]string{from: ""}
	queue := []string{from}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, imp := range graph[p].imports {
			if _, seen := via[imp]; seen {
				continue
			}
			if _, ok := allowed[[2]string{p, imp}]; ok {
				continue
			}
			via[imp] = p
			switch {
			case forbidden(imp):
				out = append(out, breakMessage(via, from, imp, r.rule))
			case !graph[imp].standard && !under(imp, r.from):
				queue = append(queue, imp) // a library may pull in what the rule forbids
			}
		}
	}
	return out
}

// isLeaf reports whether p imports only the standard library.
func isLeaf(graph map[string]pkgInfo, p string) bool {
	for _, imp := range graph[p].imports {
		if !graph[imp].standard {
			return false
		}
	}
	return true
}

func breakMessage(via map[string]string, from, to, rule string) string {
	chain := []string{to}
	for p := via[to]; p != ""; p = via[p] {
		chain = append(chain, p)
	}
	slices.Reverse(chain)
	if len(chain) == 2 {
		return fmt.Sprintf("%s imports %s\n\trule: %s", from, to, rule)
	}
	return fmt.Sprintf("%s imports %s through %s\n\trule: %s", from, to, strings.Join(chain, " → "), rule)
}
