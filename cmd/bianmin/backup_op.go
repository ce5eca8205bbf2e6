package main

import (
	"context"
	"fmt"
	"io"

	"bianmin/appliance/store"
)

// backupSent is what the backup operation reports after the copy: the
// facts for the backup slip.
type backupSent struct {
	Bytes  int64           `json:"bytes"`
	SHA256 string          `json:"sha256"`
	Schema int             `json:"schema"`
	Head   store.AuditHead `json:"audit_head"`
}

// backupOp copies the store into a checked snapshot (store.Snapshot: the
// store is held only while it is copied to local disk), audits the backup
// as taken at the console (who, "cli"), and streams the snapshot to the
// command, which writes the file (and then its signed slip,
// writeBackupSlip): the service cannot write outside its data directory,
// and a command that stops reading holds nothing.
var backupOp = newOp("backup", writesExisting, func(x *opCall, _ struct{}) (backupSent, error) {
	c := catalog()
	x.Progress(c.Both("store.cli.copying", nil))
	snap, err := x.svc.db.Snapshot(context.Background())
	if err != nil {
		return backupSent{}, err
	}
	defer snap.Close()
	rec := snap.Record(x.actor, "cli")
	if err := x.svc.db.AuditBackup(rec); err != nil {
		return backupSent{}, err
	}
	x.Progress(c.Both("store.cli.copied", map[string]any{"MB": fmt.Sprintf("%.1f", float64(snap.Size)/(1<<20)), "Seconds": fmt.Sprintf("%.1f", snap.Took.Seconds())}))
	n, err := io.Copy(x.Output(), snap)
	if err != nil {
		return backupSent{}, err
	}
	if n != snap.Size {
		return backupSent{}, fmt.Errorf("backup: sent %d of %d bytes", n, snap.Size)
	}
	if err := x.svc.db.BackupDelivered(rec); err != nil {
		return backupSent{}, err
	}
	return backupSent{Bytes: n, SHA256: snap.SHA256, Schema: snap.Schema, Head: snap.Head}, nil
})
