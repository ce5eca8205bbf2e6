package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"bianmin/appliance/schema"
	"bianmin/appliance/store"
)

func runBackup(g *global, args []string) error {
	fs := newFlags(g, "backup FILE", "备份数据到文件；须先停止服务 / write a consistent copy of the data to FILE; stop the service first")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return &exitError{2, errors.New("请给出备份文件名 / give the backup FILE")}
	}
	// A running serve holds the file lock; then the backup is taken from
	// the web UI (设备 → 下载备份), which copies the open database online.
	db, err := store.Open(g.dataDir, store.Options{ReadOnly: true, LockTimeout: 2 * time.Second})
	if errors.Is(err, store.ErrLocked) {
		return &exitError{3, fmt.Errorf("服务正在运行：请在网页“设备”页下载备份，或先停止服务 / the service is running: download a backup from the 设备 page, or stop the service first")}
	}
	if errors.Is(err, store.ErrNoDatabase) {
		return &exitError{1, fmt.Errorf("数据目录 %s 中还没有数据库，没有可备份的内容；请检查 --data / there is no database in %s yet, nothing to back up; check --data", g.dataDir, g.dataDir)}
	}
	if err != nil {
		return err
	}
	defer db.Close()
	out, _ := filepath.Abs(fs.Arg(0))
	if err := db.BackupTo(out); err != nil {
		return fmt.Errorf("backup to %s: %w", out, err)
	}
	schema, entries, err := store.CheckBackup(out)
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "已备份 / backed up: %s (schema %d, %d audit entries)\n", out, schema, entries)
	return nil
}

func runRestore(g *global, args []string) error {
	fs := newFlags(g, "restore FILE", "从备份恢复；须先停止服务，当前数据会先另存 / replace the data with FILE; stop the service first, the current data is kept aside")
	if err := parse(g, fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return &exitError{2, errors.New("请给出备份文件 / give the backup FILE")}
	}
	saved, err := store.Restore(fs.Arg(0), g.dataDir, schema.Latest(), time.Now)
	if errors.Is(err, store.ErrLocked) {
		return &exitError{3, fmt.Errorf("请先停止服务 (systemctl stop bianmin) / stop the service first: %w", err)}
	}
	if errors.Is(err, store.ErrNewerSchema) {
		return &exitError{1, fmt.Errorf("备份来自更新版本的 bianmin，本版本无法使用，未做任何改动 / the backup was written by a newer bianmin, which this version cannot use; nothing was changed: %w", err)}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(g.stdout, "已恢复 / restored from %s\n", fs.Arg(0))
	if saved != "" {
		fmt.Fprintf(g.stdout, "原数据另存为 / previous data kept in %s\n", saved)
	}
	return nil
}
