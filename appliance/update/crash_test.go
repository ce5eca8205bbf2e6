package update_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/csv"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bianmin/appliance/boxkey"
	"bianmin/appliance/schema"
	"bianmin/appliance/store"
	"bianmin/appliance/update"
	"bianmin/appliance/update/updatetest"
)

// A version of bianmin as the crash test runs it: the "binary" in a slot is
// a line of text naming one of these; running it opens the real store with
// the version's migrations.
type behaviour struct {
	version string
	migs    []store.Migration
	// fails: the version migrates the store, writes a punch, and then fails
	// its start (a bad build).
	fails bool
}

const punches = "test.punches"

type box struct {
	t       *testing.T
	data    string
	fs      *updatetest.CrashFS
	layout  update.Layout
	factory update.Slot
	kinds   map[string]behaviour // by the binary's text
	key     *boxkey.Key
}

var quiet = slog.New(slog.DiscardHandler)

var errCrash = errors.New("the power was cut here")

func newBox(t *testing.T) *box {
	t.Helper()
	root := t.TempDir()
	data := filepath.Join(root, "data")
	fsys, err := updatetest.NewCrashFS(filepath.Join(data, update.DirName))
	if err != nil {
		t.Fatal(err)
	}
	factoryBin := filepath.Join(root, "usr-local-bin-bianmin")
	os.WriteFile(factoryBin, []byte("bianmin 1.0.0"), 0o755)
	b := &box{t: t, data: data, fs: fsys, layout: update.Layout{FS: fsys, DataDir: data},
		factory: update.Slot{Name: update.FactorySlot, Path: factoryBin, Version: "1.0.0", Epoch: 1, Schema: schema.Latest()},
		kinds:   map[string]behaviour{"bianmin 1.0.0": {version: "1.0.0", migs: schema.Migrations()}},
		key:     boxkey.Generate()}
	db := b.open(b.kinds["bianmin 1.0.0"])
	for i := 0; i < 5; i++ {
		b.punch(db, fmt.Sprintf("before the update %d", i))
	}
	db.Close()
	return b
}

func (b *box) open(k behaviour) *store.DB {
	b.t.Helper()
	db, err := store.Open(b.data, store.Options{Migrations: k.migs, Version: k.version, Reserve: -1, MinFree: -1, Logger: quiet})
	if err != nil {
		b.t.Fatalf("version %s cannot open the store: %v", k.version, err)
	}
	return db
}

func (b *box) punch(db *store.DB, what string) {
	b.t.Helper()
	err := db.Update("punchclock", func(tx *store.Tx) error {
		id, err := tx.NextID(punches)
		if err != nil {
			return err
		}
		if err := tx.Put(punches, store.IDKey(id), what); err != nil {
			return err
		}
		return tx.Audit("punch.record", fmt.Sprintf("punch/%d", id), nil, what)
	})
	if err != nil {
		b.t.Fatal(err)
	}
}

// punchesIn lists the punches in the store.
func (b *box) punchesIn(db *store.DB) []string {
	var out []string
	db.View(func(tx *store.Tx) error {
		return tx.ForEach(punches, func(_, v []byte) error { out = append(out, string(v)); return nil })
	})
	return out
}

// bundle signs a bundle whose binary is the text of a new behaviour.
func (b *box) bundle(k behaviour) string {
	b.t.Helper()
	dir := b.t.TempDir()
	text := "bianmin " + k.version
	if k.fails {
		text += " (fails)"
	}
	b.kinds[text] = k
	bin := filepath.Join(dir, "bianmin")
	os.WriteFile(bin, []byte(text), 0o755)
	var buf bytes.Buffer
	if _, err := update.Write(&buf, b.key, update.Manifest{Version: k.version, Epoch: 1, Arch: "arm64", NotesZH: "测试"},
		[]update.Source{{Name: update.BinaryName, Kind: update.KindBinary, Path: bin}}); err != nil {
		b.t.Fatal(err)
	}
	p := filepath.Join(dir, "u.bmb")
	os.WriteFile(p, buf.Bytes(), 0o644)
	return p
}

// install runs the install in the running version (1.0.0, the factory
// binary) with the power cut at step crashAt ("" = none).
func (b *box) install(bundle, crashAt string) error {
	b.t.Helper()
	bd, err := update.Open(bundle, []ed25519.PublicKey{b.key.Public()})
	if err != nil {
		b.t.Fatal(err)
	}
	db := b.open(b.kinds["bianmin 1.0.0"])
	defer db.Close()
	sv, _ := db.SchemaVersion()
	in := &update.Installer{Layout: b.layout, Self: b.factory, Technician: "tech",
		Box:    update.Box{Version: "1.0.0", Epoch: 1, Arch: "arm64", Schema: sv},
		Backup: update.StoreBackup(db),
		Step: func(name string) error {
			if name == crashAt {
				return errCrash
			}
			return nil
		}}
	_, err = in.Install(bd)
	return err
}

func (b *box) launcher() *update.Launcher {
	return &update.Launcher{Layout: b.layout, Factory: b.factory, Now: time.Now, Logger: quiet}
}

// start is one start by the launcher: it picks the slot and runs its
// "binary"; ok when it came up (and, on trial, passed its soak).
func (b *box) start(soak bool) (string, bool) {
	b.t.Helper()
	slot, err := b.launcher().Next()
	if err != nil {
		b.t.Fatal(err)
	}
	text, err := os.ReadFile(b.layout.BinaryPath(slot))
	if err != nil {
		b.t.Fatalf("slot %s: %v", slot.Name, err)
	}
	k, ok := b.kinds[string(text)]
	if !ok {
		b.t.Fatalf("slot %s holds %q, not a version that was ever built", slot.Name, text)
	}
	db, err := store.Open(b.data, store.Options{Migrations: k.migs, Version: k.version, Reserve: -1, MinFree: -1, Logger: quiet})
	if err != nil {
		return k.version, false // a version that cannot open the store fails its start
	}
	defer db.Close()
	if k.fails {
		b.punch(db, "during the trial of "+k.version)
		return k.version, false
	}
	if !soak {
		return k.version, true
	}
	if trial, _ := b.layout.OnTrial(k.version); trial {
		if _, err := b.layout.Commit(k.version, len(k.migs), time.Now()); err != nil {
			b.t.Fatal(err)
		}
	} else if err := b.layout.Healthy(k.version, len(k.migs)); err != nil {
		b.t.Fatal(err)
	}
	return k.version, true
}

// boot starts until a version comes up, as the launcher under systemd does.
func (b *box) boot() string {
	b.t.Helper()
	for i := 0; i < 2*update.MaxFailedStarts+2; i++ {
		if v, ok := b.start(true); ok {
			return v
		}
	}
	b.t.Fatal("the box never came up")
	return ""
}

// intact checks the punches from before the update are all there.
func (b *box) intact(v string) {
	b.t.Helper()
	var k behaviour
	for _, x := range b.kinds {
		if x.version == v && !x.fails {
			k = x
		}
	}
	db := b.open(k)
	defer db.Close()
	got := strings.Join(b.punchesIn(db), "|")
	for i := 0; i < 5; i++ {
		if !strings.Contains(got, fmt.Sprintf("before the update %d", i)) {
			b.t.Fatalf("punch %d from before the update is gone: %s", i, got)
		}
	}
}

func (b *box) crash() {
	b.t.Helper()
	if err := b.fs.Crash(); err != nil {
		b.t.Fatal(err)
	}
}

func newVersion(v string, readableBy string, migrates, fails bool) behaviour {
	migs := schema.Migrations()
	if migrates {
		migs = append(migs, store.Migration{Version: len(migs) + 1, Name: "a bucket of " + v, ReadableBy: readableBy,
			Up: func(tx *store.Tx) error { _, err := tx.Bucket("new." + v); return err }})
	}
	return behaviour{version: v, migs: migs, fails: fails}
}

// TestCrashAtEveryStep cuts the power at every step of an update through a
// file system that forgets every write not yet synced (issue 17: "after
// copy, after fsync, after rename, during trial, after commit"): each time
// the box comes back on a working version with its data intact.
func TestCrashAtEveryStep(t *testing.T) {
	for _, c := range []struct {
		crashAt string
		want    string // the version the box comes back on
	}{
		{"copied bianmin", "1.0.0"},
		{"synced bianmin", "1.0.0"},
		{"renamed bianmin", "1.0.0"},
		{"slot ready", "1.0.0"},
		{"backed up", "1.0.0"},
		{"renamed state.json", "1.0.0"}, // the switch renamed, its directory not yet synced
		{"switched", "1.1.0"},
		{"during trial", "1.1.0"},
		{"after commit", "1.1.0"},
	} {
		t.Run(c.crashAt, func(t *testing.T) {
			b := newBox(t)
			bundle := b.bundle(newVersion("1.1.0", "", true, false))
			err := b.install(bundle, c.crashAt)
			switch c.crashAt {
			case "during trial":
				if err != nil {
					t.Fatal(err)
				}
				b.start(false) // the new version starts, and the power goes during its soak
			case "after commit":
				if err != nil {
					t.Fatal(err)
				}
				if v := b.boot(); v != "1.1.0" {
					t.Fatalf("booted %s before the crash", v)
				}
			default:
				if !errors.Is(err, errCrash) {
					t.Fatalf("install: %v, want it stopped at %q", err, c.crashAt)
				}
			}
			b.crash()
			if v := b.boot(); v != c.want {
				t.Fatalf("came back on %s, want %s", v, c.want)
			}
			b.intact(c.want)
			// The box can still be updated: a retry after the crash finishes.
			if c.want == "1.0.0" {
				if err := b.install(bundle, ""); err != nil {
					t.Fatalf("install again after the crash: %v", err)
				}
				if v := b.boot(); v != "1.1.0" {
					t.Fatalf("after the retry: %s", v)
				}
				b.intact("1.1.0")
			}
			st, _, _ := b.layout.LoadState()
			if c.want == "1.1.0" && (st.Trial || st.Last == nil || st.Last.Result != update.ResultCommitted) {
				t.Errorf("state after the trial: %+v", st)
			}
		})
	}
}

// TestMigratingVersionFailsItsTrial: the new version migrates the store,
// writes a punch and fails every start. After three the launcher goes
// back: the old version cannot read the migrated store, so the pre-update
// backup is restored, the trial's store kept, and what the trial wrote
// listed (punches first). With a power cut during the trial too.
func TestMigratingVersionFailsItsTrial(t *testing.T) {
	for _, crash := range []bool{false, true} {
		t.Run(fmt.Sprintf("power cut during the trial: %v", crash), func(t *testing.T) {
			b := newBox(t)
			if err := b.install(b.bundle(newVersion("1.1.0", "", true, true)), ""); err != nil {
				t.Fatal(err)
			}
			for i := 0; i < update.MaxFailedStarts; i++ {
				if v, ok := b.start(true); ok || v != "1.1.0" {
					t.Fatalf("start %d: %s came up", i+1, v)
				}
				if crash && i == 1 {
					b.crash()
				}
			}
			if v, ok := b.start(true); !ok || v != "1.0.0" {
				t.Fatalf("after %d failed starts: %s (up %v), want 1.0.0", update.MaxFailedStarts, v, ok)
			}
			b.intact("1.0.0")
			st, _, _ := b.layout.LoadState()
			if st.Trial || st.Current.Version != "1.0.0" || st.Last == nil || st.Last.Result != update.ResultRestored {
				t.Fatalf("state: %+v last %+v", st, st.Last)
			}
			if _, err := os.Stat(st.Last.TrialStore); err != nil {
				t.Errorf("the trial's store was not kept: %v", err)
			}
			f, err := os.Open(filepath.Join(b.layout.Dir(), st.Last.TrialRecords))
			if err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(f).ReadAll()
			f.Close()
			if err != nil || len(rows) < 1+update.MaxFailedStarts || rows[1][3] != "punch.record" || st.Last.Punches != update.MaxFailedStarts {
				t.Fatalf("trial records %v (%v), punches %d", rows, err, st.Last.Punches)
			}
			if !strings.Contains(rows[1][5], "during the trial") {
				t.Errorf("the first listed record is not a trial punch: %v", rows[1])
			}
		})
	}
}

// TestRollBackKeepsReadableData: a migration that says the old version can
// still use its result (store.Migration.ReadableBy) rolls back without
// restoring: what the trial wrote stays in the store.
func TestRollBackKeepsReadableData(t *testing.T) {
	b := newBox(t)
	if err := b.install(b.bundle(newVersion("1.1.0", "1.0.0", true, true)), ""); err != nil {
		t.Fatal(err)
	}
	if v := b.boot(); v != "1.0.0" {
		t.Fatalf("came back on %s", v)
	}
	st, _, _ := b.layout.LoadState()
	if st.Last.Result != update.ResultRolledBack {
		t.Fatalf("result %s, want %s", st.Last.Result, update.ResultRolledBack)
	}
	db := b.open(b.kinds["bianmin 1.0.0"])
	defer db.Close()
	if got := strings.Join(b.punchesIn(db), "|"); strings.Count(got, "during the trial") != update.MaxFailedStarts {
		t.Fatalf("the trial's punches were not kept: %s", got)
	}
}

// TestRefusedBundlesChangeNothing: a bundle for another arch, an older or
// the same version, a lower epoch, a flipped byte or a wrong signature is
// refused before anything is written.
func TestRefusedBundlesChangeNothing(t *testing.T) {
	b := newBox(t)
	older := b.bundle(newVersion("0.9.0", "", false, false))
	good := b.bundle(newVersion("1.1.0", "", false, false))
	data, _ := os.ReadFile(good)
	flipped := filepath.Join(t.TempDir(), "flipped.bmb")
	data[len(data)-3] ^= 1
	os.WriteFile(flipped, data, 0o644)
	for _, c := range []struct {
		name, bundle, arch string
		key                ed25519.PublicKey
		want               string
	}{
		{"older version", older, "arm64", b.key.Public(), "update.err.older"},
		{"wrong arch", good, "armv7", b.key.Public(), "update.err.arch"},
		{"flipped byte", flipped, "arm64", b.key.Public(), "update.err.part_hash"},
		{"wrong signature", good, "arm64", boxkey.Generate().Public(), "update.err.signature"},
	} {
		before := listTree(t, b.data)
		bd, err := update.Open(c.bundle, []ed25519.PublicKey{c.key})
		if err == nil {
			db := b.open(b.kinds["bianmin 1.0.0"])
			in := &update.Installer{Layout: b.layout, Self: b.factory, Backup: update.StoreBackup(db),
				Box: update.Box{Version: "1.0.0", Epoch: 1, Arch: c.arch, Schema: schema.Latest()}}
			_, err = in.Install(bd)
			db.Close()
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
		if after := listTree(t, b.data); after != before {
			t.Errorf("%s: the data directory changed:\n%s\nwas\n%s", c.name, after, before)
		}
	}
}

// listTree is the names and sizes under dir (the store file by name only:
// opening it to check the install touches its pages, not its content).
func listTree(t *testing.T, dir string) string {
	var out []string
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && !strings.HasSuffix(p, ".lock") {
			rel, _ := filepath.Rel(dir, p)
			if rel == store.FileName {
				out = append(out, rel)
			} else {
				out = append(out, fmt.Sprintf("%s %d", rel, fi.Size()))
			}
		}
		return nil
	})
	return strings.Join(out, "\n")
}
