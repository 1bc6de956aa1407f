package database

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Merge puts the .sql files of several migration folders side by side in
// one read-only folder, refusing two files of the same version: each tenant
// kind keeps to its own range of versions.
func Merge(folders ...fs.FS) (fs.FS, error) {
	m := memFS{}
	versions := map[int64]string{}
	for _, f := range folders {
		names, err := fs.Glob(f, "*.sql")
		if err != nil {
			return nil, fmt.Errorf("database: list migrations: %w", err)
		}
		for _, n := range names {
			v, err := strconv.ParseInt(strings.SplitN(n, "_", 2)[0], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("database: migration %s has no version number", n)
			}
			if other, dup := versions[v]; dup {
				return nil, fmt.Errorf("database: migrations %s and %s share version %d", other, n, v)
			}
			versions[v] = n
			b, err := fs.ReadFile(f, n)
			if err != nil {
				return nil, fmt.Errorf("database: read migration %s: %w", n, err)
			}
			m[n] = b
		}
	}
	return m, nil
}

// memFS is a flat folder of files held in memory.
type memFS map[string][]byte

func (m memFS) Open(name string) (fs.File, error) {
	if name == "." {
		return &memDir{m: m}, nil
	}
	b, ok := m[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{info: memInfo{name: name, size: int64(len(b))}, r: strings.NewReader(string(b))}, nil
}

func (m memFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != "." {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	d := &memDir{m: m}
	return d.ReadDir(-1)
}

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return path.Base(i.name) }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i memInfo) ModTime() time.Time         { return time.Time{} }
func (i memInfo) IsDir() bool                { return i.dir }
func (i memInfo) Sys() any                   { return nil }
func (i memInfo) Type() fs.FileMode          { return i.Mode().Type() }
func (i memInfo) Info() (fs.FileInfo, error) { return i, nil }

type memFile struct {
	info memInfo
	r    *strings.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *memFile) Close() error               { return nil }

type memDir struct {
	m    memFS
	done bool
}

func (d *memDir) Stat() (fs.FileInfo, error) { return memInfo{name: ".", dir: true}, nil }
func (d *memDir) Read([]byte) (int, error)   { return 0, fmt.Errorf("database: read of a folder") }
func (d *memDir) Close() error               { return nil }

func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	if d.done {
		return nil, nil
	}
	d.done = true
	names := make([]string, 0, len(d.m))
	for k := range d.m {
		names = append(names, k)
	}
	slices.Sort(names)
	out := make([]fs.DirEntry, len(names))
	for i, k := range names {
		out[i] = memInfo{name: k, size: int64(len(d.m[k]))}
	}
	return out, nil
}
