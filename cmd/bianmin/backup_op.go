package main

// backupSent is what the backup operation reports after the copy.
type backupSent struct {
	Bytes int64 `json:"bytes"`
}

// backupOp streams a consistent copy of the store (one read transaction)
// to the command, which writes the file: the service cannot write outside
// its data directory, and need not.
var backupOp = newOp("backup", readsStore, func(x *opCall, _ struct{}) (backupSent, error) {
	n, err := x.svc.db.WriteBackup(x.Output())
	return backupSent{Bytes: n}, err
})
