// Package updatetest has what the update path's tests share: CrashFS, a
// file system that forgets, when told to crash, every write not yet made
// durable by an fsync.
package updatetest

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"bianmin/appliance/update"
)

// CrashFS is update.OS over a real directory tree, keeping beside it what a
// power cut would leave: a file's content is durable once the file was
// fsynced, a name in a directory (created, renamed, removed) once the
// directory was. Crash rewrites the tree under root to that durable view,
// as the disk would be found after the power came back (a kill -9 would
// keep the page cache and hide a missing fsync).
//
// Directories themselves count as durable when made (MkdirAll); the
// files in them do not.
type CrashFS struct {
	root string
	mu   sync.Mutex
	next int
	// inode → content as of its last fsync (nil: never synced, empty after a crash)
	synced map[int][]byte
	// directory → name → inode: now, and as of the directory's last fsync
	cur, durable map[string]map[string]int
}

// NewCrashFS tracks the tree under root (made when missing); what is there
// now counts as durable.
func NewCrashFS(root string) (*CrashFS, error) {
	c := &CrashFS{root: filepath.Clean(root)}
	return c, c.scan()
}

func (c *CrashFS) scan() error {
	c.synced = map[int][]byte{}
	c.cur, c.durable = map[string]map[string]int{}, map[string]map[string]int{}
	if err := os.MkdirAll(c.root, 0o750); err != nil {
		return err
	}
	return filepath.WalkDir(c.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			c.dir(p)
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		id := c.newInode()
		c.synced[id] = data
		c.cur[filepath.Dir(p)][filepath.Base(p)] = id
		c.durable[filepath.Dir(p)][filepath.Base(p)] = id
		return nil
	})
}

func (c *CrashFS) newInode() int { c.next++; return c.next }

func (c *CrashFS) dir(p string) {
	if c.cur[p] == nil {
		c.cur[p], c.durable[p] = map[string]int{}, map[string]int{}
	}
}

func (c *CrashFS) tracked(p string) bool {
	p = filepath.Clean(p)
	return p == c.root || strings.HasPrefix(p, c.root+string(filepath.Separator))
}

// Crash makes the tree under root what a power cut at this moment would
// leave, and goes on tracking from there.
func (c *CrashFS) Crash() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for d, names := range c.cur {
		for name := range names {
			if err := os.Remove(filepath.Join(d, name)); err != nil && !os.IsNotExist(err) {
				return err
			}
		}
	}
	for d, names := range c.durable {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return err
		}
		for name, id := range names {
			if err := os.WriteFile(filepath.Join(d, name), c.synced[id], 0o640); err != nil {
				return err
			}
		}
	}
	return c.scan()
}

// file is a file open for writing whose Sync records its content.
type file struct {
	*os.File
	c  *CrashFS
	id int
}

func (f *file) Sync() error {
	if err := f.File.Sync(); err != nil {
		return err
	}
	data, err := os.ReadFile(f.Name())
	if err != nil {
		return err
	}
	f.c.mu.Lock()
	f.c.synced[f.id] = data
	f.c.mu.Unlock()
	return nil
}

func (c *CrashFS) Create(name string, perm os.FileMode) (update.File, error) {
	f, err := update.OS{}.Create(name, perm)
	if err != nil || !c.tracked(name) {
		return f, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	d, base := filepath.Dir(filepath.Clean(name)), filepath.Base(name)
	c.dir(d)
	id, ok := c.cur[d][base]
	if !ok {
		id = c.newInode()
		c.cur[d][base] = id
	}
	return &file{File: f.(*os.File), c: c, id: id}, nil
}

func (c *CrashFS) Rename(oldpath, newpath string) error {
	if err := os.Rename(oldpath, newpath); err != nil {
		return err
	}
	if !c.tracked(oldpath) {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	od, ob := filepath.Dir(filepath.Clean(oldpath)), filepath.Base(oldpath)
	nd, nb := filepath.Dir(filepath.Clean(newpath)), filepath.Base(newpath)
	c.dir(nd)
	if id, ok := c.cur[od][ob]; ok {
		c.cur[nd][nb] = id
		delete(c.cur[od], ob)
	}
	return nil
}

func (c *CrashFS) RemoveAll(name string) error {
	if err := os.RemoveAll(name); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	name = filepath.Clean(name)
	delete(c.cur[filepath.Dir(name)], filepath.Base(name))
	for d := range c.cur {
		if strings.HasPrefix(d, name+string(filepath.Separator)) || d == name {
			c.cur[d] = map[string]int{}
		}
	}
	return nil
}

func (c *CrashFS) MkdirAll(name string, perm os.FileMode) error {
	if err := os.MkdirAll(name, perm); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := filepath.Clean(name); c.tracked(p); p = filepath.Dir(p) {
		c.dir(p)
		if p == c.root {
			break
		}
	}
	return nil
}

func (c *CrashFS) SyncDir(name string) error {
	if err := (update.OS{}).SyncDir(name); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	name = filepath.Clean(name)
	if names, ok := c.cur[name]; ok {
		d := make(map[string]int, len(names))
		for k, v := range names {
			d[k] = v
		}
		c.durable[name] = d
	}
	return nil
}

func (c *CrashFS) Open(name string) (io.ReadCloser, error) { return os.Open(name) }
func (c *CrashFS) ReadFile(name string) ([]byte, error)    { return os.ReadFile(name) }
func (c *CrashFS) Stat(name string) (os.FileInfo, error)   { return os.Stat(name) }
