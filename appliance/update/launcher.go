package update

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"bianmin/appliance/store"
)

// Launcher chooses what the box starts. It is a subcommand of the factory
// binary, which updates never replace, so a bad update cannot break it.
type Launcher struct {
	Layout
	// Factory is the launcher's own binary as a slot (the fallback of
	// last resort).
	Factory Slot
	Now     func() time.Time
	Logger  *slog.Logger
}

// Next returns the slot to start now and counts the start. After
// MaxFailedStarts consecutive failed starts of the current slot, or when
// its binary is no longer what was installed, it boots the previous slot
// instead (rollBack). The running version clears the count once healthy
// (Healthy), or on trial once it has passed its soak (Commit).
func (l *Launcher) Next() (Slot, error) {
	st, ok, err := l.LoadState()
	if err != nil {
		l.logger().Error("the update state cannot be read; starting the factory binary", "err", err)
		return l.Factory, nil
	}
	if !ok {
		return l.Factory, nil
	}
	why := ""
	switch {
	case st.FailedStarts >= MaxFailedStarts:
		why = fmt.Sprintf("%d consecutive failed starts", st.FailedStarts)
	case !l.intact(st.Current):
		why = "its binary is not the one installed"
	}
	if why != "" {
		l.logger().Warn("not starting the current version", "version", st.Current.Version, "slot", st.Current.Name, "why", why)
		next, err := l.rollBack(st)
		switch {
		case err != nil:
			l.logger().Error("cannot roll back; starting the current version again", "err", err)
		default:
			st = next
		}
		if !l.intact(st.Current) {
			l.logger().Error("no intact binary in the slots; starting the factory binary", "version", l.Factory.Version)
			return l.Factory, nil
		}
	}
	st.FailedStarts++
	if err := l.saveState(st, nil); err != nil {
		return st.Current, fmt.Errorf("count the start of %s: %w", st.Current.Version, err)
	}
	return st.Current, nil
}

// intact reports whether a slot's binary is there and, for a, b, the one
// installed.
func (l *Launcher) intact(s Slot) bool {
	if s.SHA256 == "" {
		_, err := l.FS.Stat(l.BinaryPath(s))
		return err == nil
	}
	sum, err := l.hash(l.BinaryPath(s))
	return err == nil && sum == s.SHA256
}

// rollBack makes the previous slot current. When the previous version
// cannot open the store as the trial left it (a migration it does not
// know), the list of what was written since the pre-update backup goes to
// update/trial-TIME/records.csv (punches first), then the backup is
// restored; store.Restore keeps the trial's store in DATA/backups.
func (l *Launcher) rollBack(st State) (State, error) {
	prev := st.Previous
	if prev == nil || !l.intact(*prev) {
		if st.Current.Name == FactorySlot || !l.intact(l.Factory) {
			return st, errors.New("no previous version to go back to")
		}
		f := l.Factory
		prev = &f
	}
	out := Outcome{From: st.Current.Version, To: prev.Version, Installed: l.now()}
	if st.Last != nil {
		out = *st.Last
	}
	out.At = l.now()
	ok, schema, err := store.CanOpen(l.DataDir, prev.Schema, prev.Version)
	switch {
	case errors.Is(err, store.ErrNoDatabase) || err != nil && !fileExists(filepath.Join(l.DataDir, store.FileName)):
		ok = true
	case err != nil:
		return st, fmt.Errorf("read the store's schema: %w", err)
	}
	out.Result = ResultRolledBack
	if !ok {
		if st.Backup == "" {
			return st, fmt.Errorf("version %s cannot open the store (schema %d) and there is no pre-update backup", prev.Version, schema)
		}
		if err := l.keepTrialRecords(st, &out); err != nil {
			return st, err
		}
		res, err := store.Restore(l.path(st.Backup), l.DataDir, prev.Schema, l.Now)
		if err != nil {
			return st, fmt.Errorf("restore the pre-update backup %s: %w", st.Backup, err)
		}
		out.Result, out.TrialStore = ResultRestored, res.Saved
	}
	next := State{Current: *prev, Last: &out}
	if err := l.saveState(next, nil); err != nil {
		return st, err
	}
	l.logger().Warn("rolled back", "to", prev.Version, "from", st.Current.Version, "result", out.Result, "records", out.Records)
	return next, nil
}

func fileExists(p string) bool {
	_, err := (OS{}).Stat(p)
	return err == nil
}

// keepTrialRecords writes the audit entries after the backup as
// records.csv in a new update/trial-TIME directory, punches first.
func (l *Launcher) keepTrialRecords(st State, out *Outcome) error {
	entries, err := store.AuditAfter(filepath.Join(l.DataDir, store.FileName), st.BackupSeq)
	if err != nil {
		return fmt.Errorf("list what the trial wrote: %w", err)
	}
	sort.SliceStable(entries, func(i, j int) bool { return isPunch(entries[i]) && !isPunch(entries[j]) })
	rel := filepath.Join(fmt.Sprintf("trial-%s", l.now().UTC().Format("20060102T150405Z")), "records.csv")
	if err := l.FS.MkdirAll(filepath.Dir(l.path(rel)), 0o750); err != nil {
		return err
	}
	out.Records, out.Punches = len(entries), 0
	for _, e := range entries {
		if isPunch(e) {
			out.Punches++
		}
	}
	out.TrialRecords = rel
	return writeFileSynced(l.FS, l.path(rel), 0o640, func(w io.Writer) error {
		return writeRecords(w, entries)
	})
}

func isPunch(e store.AuditEntry) bool { return strings.HasPrefix(e.Action, "punch.") }

// writeRecords is the list of a failed trial's writes: one line an audit
// entry, with what it wrote (the entry's after), for re-entry or import.
func writeRecords(w io.Writer, entries []store.AuditEntry) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"seq", "time", "actor", "action", "object", "after"})
	for _, e := range entries {
		cw.Write([]string{fmt.Sprint(e.Seq), e.Time.Format(time.RFC3339), e.Actor, e.Action, e.Object, string(e.After)})
	}
	cw.Flush()
	return cw.Error()
}

func (l *Launcher) now() time.Time {
	if l.Now != nil {
		return l.Now()
	}
	return time.Now()
}

func (l *Launcher) logger() *slog.Logger {
	if l.Logger != nil {
		return l.Logger
	}
	return slog.Default()
}

// Healthy records that version ver, which knows the store schema up to
// schema, is running and passed its health check: outside a trial the
// failed starts are cleared; on trial only the soak (Commit) does that.
func (l Layout) Healthy(ver string, schema int) error {
	st, ok, err := l.LoadState()
	if err != nil || !ok || st.Current.Version != ver || st.Trial {
		return err
	}
	if st.FailedStarts == 0 && st.Current.Schema == schema {
		return nil
	}
	st.FailedStarts, st.Current.Schema = 0, schema
	return l.saveState(st, nil)
}

// OnTrial reports whether version ver is the current slot on trial.
func (l Layout) OnTrial(ver string) (bool, error) {
	st, ok, err := l.LoadState()
	return ok && st.Trial && st.Current.Version == ver, err
}

// Commit ends the trial of version ver after its soak: the update is kept.
func (l Layout) Commit(ver string, schema int, now time.Time) (State, error) {
	st, ok, err := l.LoadState()
	if err != nil || !ok || !st.Trial || st.Current.Version != ver {
		return st, err
	}
	st.Trial, st.FailedStarts, st.Current.Schema = false, 0, schema
	if st.Last != nil {
		st.Last.Result, st.Last.At = ResultCommitted, now
	}
	return st, l.saveState(st, nil)
}
