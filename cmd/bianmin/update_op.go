package main

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"bianmin/appliance/boxkey"
	"bianmin/appliance/printjob"
	"bianmin/appliance/schema"
	"bianmin/appliance/update"
)

// updateInstallArgs: the bundle the command put in update/incoming, and
// the keys of its --trust file (base64).
type updateInstallArgs struct {
	Bundle string   `json:"bundle"`
	Trust  []string `json:"trust,omitempty"`
	// Print: the slip's short form goes to the ticket printer too.
	Print bool `json:"print,omitempty"`
}

// updateInstalled is what the slip prints.
type updateInstalled struct {
	From       string    `json:"from"`
	To         string    `json:"to"`
	Result     string    `json:"result"`
	Technician string    `json:"technician"`
	At         time.Time `json:"at"`
	Backup     string    `json:"backup"`
	Center     string    `json:"center"`
	// Restarting: the service restarts into the new version now (under
	// the launcher); otherwise it starts there at its next start.
	Restarting bool `json:"restarting"`
}

// updateInstallOp installs a bundle where the store is: checked against
// this box (the running version, its epoch and arch, the store's schema),
// copied into the inactive slot, the data backed up, the state switched
// (appliance/update.Installer); then the service restarts into the new
// version, on trial.
var updateInstallOp = newOp("update install", writesExisting, func(x *opCall, req updateInstallArgs) (updateInstalled, error) {
	dataDir := x.svc.db.DataDir()
	path := filepath.Join(dataDir, update.DirName, "incoming", filepath.Base(req.Bundle))
	defer os.Remove(path)
	keys, _ := trustedKeys("")
	for _, k := range req.Trust {
		pub, err := boxkey.ParsePublic(k)
		if err != nil {
			return updateInstalled{}, err
		}
		keys = append(keys, pub)
	}
	c := catalog()
	x.Progress(c.Both("update.progress.verify", nil))
	b, err := update.Open(path, keys)
	if err != nil {
		return updateInstalled{}, err
	}
	sv, err := x.svc.db.SchemaVersion()
	if err != nil {
		return updateInstalled{}, err
	}
	layout := update.Layout{FS: update.OS{}, DataDir: dataDir}
	in := &update.Installer{Layout: layout, Box: thisBox(sv), Self: selfSlot(layout),
		Backup: update.StoreBackup(x.svc.db), Technician: x.actor, Now: x.svc.db.Now,
		Step: func(step string) error {
			if step == "slot ready" {
				x.Progress(c.Both("update.progress.backup", nil))
			}
			return nil
		}}
	x.Progress(c.Both("update.progress.copy", map[string]any{"Version": b.Manifest.Version}))
	st, err := in.Install(b)
	if err != nil {
		return updateInstalled{}, err
	}
	res := updateInstalled{From: st.Last.From, To: st.Last.To, Result: st.Last.Result, Technician: x.actor, At: st.Last.At, Backup: st.Backup}
	if x.svc.center != nil {
		res.Center = x.svc.center.Get().Name
	}
	if req.Print {
		if _, err := printjob.Print(x.svc.db, x.actor, slipPrintRequest(res)); err != nil {
			x.Progress(c.Both("update.cli.print_failed", map[string]any{"Detail": err.Error()}))
		}
	}
	if err := update.AuditInstall(x.svc.db, x.actor, st); err != nil {
		return res, err
	}
	if x.svc.restart != nil {
		res.Restarting = true
		go x.svc.restart()
	}
	return res, nil
})

// thisBox is what a bundle is checked against: this version and security
// epoch, this build's arch, the store's schema.
func thisBox(storeSchema int) update.Box {
	return update.Box{Version: version, Epoch: epoch(), Arch: strings.TrimPrefix(platform(), "linux/"), Schema: storeSchema}
}

// selfSlot is the running binary as a slot: the state's current slot when
// this is its version, else this binary as the factory one.
func selfSlot(l update.Layout) update.Slot {
	if st, ok, err := l.LoadState(); err == nil && ok && st.Current.Version == version {
		s := st.Current
		s.Schema, s.Epoch = schema.Latest(), epoch()
		return s
	}
	return factorySlot()
}

// factorySlot is this binary as the launcher's fallback of last resort.
func factorySlot() update.Slot {
	exe, err := os.Executable()
	if err != nil {
		exe = "/usr/local/bin/bianmin"
	}
	return update.Slot{Name: update.FactorySlot, Path: exe, Version: version, Epoch: epoch(), Schema: schema.Latest()}
}

// slipPrintRequest is the update slip's short form for the ticket printer.
func slipPrintRequest(r updateInstalled) printjob.Request {
	c := catalog()
	t := func(k string) string { return c.T("zh-CN", k, nil) }
	s := printjob.Slip{Title: t("update.slip.title"), Fields: []printjob.Field{
		{Label: t("update.slip.from"), Value: r.From},
		{Label: t("update.slip.to"), Value: r.To},
		{Label: t("update.slip.time"), Value: r.At.Local().Format("2006-01-02 15:04")},
		{Label: t("update.slip.technician"), Value: r.Technician},
		{Label: t("update.slip.result"), Value: t("update.result." + r.Result)},
	}, Footer: []string{r.Center}}
	return printjob.Request{Kind: printjob.KindSlip, Title: s.Title + " " + r.To, Ref: "update/" + r.To, Doc: s.Doc()}
}
