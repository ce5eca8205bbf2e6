package update

import (
	"bianmin/appliance/problem"
	"bianmin/appliance/version"
)

// Box is what a bundle is checked against before anything is touched: the
// version running, its security epoch, the box's architecture and the
// store's schema version.
type Box struct {
	Version string
	Epoch   int
	Arch    string
	Schema  int // the store's schema version (0: no store yet)
}

// Check returns why m must not be installed on box (problems), or nil. A
// signed downgrade manifest may go to an older version or a lower epoch;
// nothing may go to another architecture or skip a needed migration.
func Check(m Manifest, box Box) error {
	var l problem.List
	if m.Arch != box.Arch {
		l.Add(problem.New("arch", "update.err.arch", "Bundle", m.Arch, "Box", box.Arch))
	}
	switch c := version.Compare(m.Version, box.Version); {
	case c < 0 && !m.Downgrade:
		l.Add(problem.New("version", "update.err.older", "Bundle", m.Version, "Box", box.Version))
	case c == 0 && !m.Downgrade:
		l.Add(problem.New("version", "update.err.same", "Version", m.Version))
	}
	if m.Epoch < box.Epoch && !m.Downgrade {
		l.Add(problem.New("epoch", "update.err.epoch", "Bundle", m.Epoch, "Box", box.Epoch))
	}
	if box.Schema > 0 && box.Schema < m.MinSchema {
		l.Add(problem.New("schema", "update.err.schema", "Bundle", m.MinSchema, "Box", box.Schema))
	}
	return l.Err()
}
