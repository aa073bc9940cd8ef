package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// ErrLocked is returned when another build of the same destination runs.
var ErrLocked = errors.New("another build of this site is writing to the destination; try again when it has finished")

// Write publishes files to dest all or nothing. It writes them into a fresh
// folder beside dest, then swaps that folder with dest in one step
// (renameat2 RENAME_EXCHANGE on Linux), and removes the old one. Readers of
// dest see the old site or the new one, never a mix; a build stopped at any
// moment leaves the old site whole, and its leftovers are removed by the
// next build. Concurrent builds of one destination are refused.
func Write(dest string, files *Files) error {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return err
	}
	parent, base := filepath.Dir(dest), filepath.Base(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	if fi, err := os.Stat(dest); err == nil && !fi.IsDir() {
		return fmt.Errorf("%s is a file, not a folder", dest)
	}
	unlock, err := lock(filepath.Join(parent, "."+base+".lock"))
	if err != nil {
		return err
	}
	defer unlock()
	cleanLeftovers(parent, base)

	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := writeAll(tmp, files); err != nil {
		return err
	}
	if err := swap(tmp, dest); err != nil {
		return err
	}
	ok = true
	// tmp now holds the previous site (or nothing); remove it.
	return os.RemoveAll(tmp)
}

func writeAll(root string, files *Files) error {
	made := map[string]bool{}
	for _, p := range files.Paths() {
		if err := CheckPath(p); err != nil {
			return err
		}
		b, _ := files.Get(p)
		full := filepath.Join(root, filepath.FromSlash(p))
		dir := filepath.Dir(full)
		if !made[dir] {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			made[dir] = true
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", p, err)
		}
	}
	return nil
}

// swap exchanges the new folder with dest; where dest does not exist yet, it
// renames. Where the file system cannot exchange, it falls back to two
// renames, leaving dest missing for an instant but never mixed.
func swap(tmp, dest string) error {
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dest, unix.RENAME_EXCHANGE)
	if err == nil {
		return nil
	}
	if errors.Is(err, unix.ENOENT) {
		if _, statErr := os.Stat(dest); os.IsNotExist(statErr) {
			if err := os.Rename(tmp, dest); err != nil {
				return err
			}
			return os.Mkdir(tmp, 0o755) // so the caller's RemoveAll has a target
		}
	}
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EXDEV) {
		old := tmp + ".old"
		if err := os.Rename(dest, old); err != nil {
			return err
		}
		if err := os.Rename(tmp, dest); err != nil {
			os.Rename(old, dest)
			return err
		}
		return os.Rename(old, tmp)
	}
	return fmt.Errorf("swapping in the new site: %w", err)
}

// cleanLeftovers removes the folders of builds that were killed before they
// finished. It runs under the lock, so no live build owns them.
func cleanLeftovers(parent, base string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "."+base+".new-") {
			os.RemoveAll(filepath.Join(parent, e.Name()))
		}
	}
}

// lock takes an exclusive flock on path. The kernel releases it when the
// process dies, so a killed build never leaves a stale lock.
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, ErrLocked
		}
		return nil, err
	}
	return func() {
		unix.Flock(int(f.Fd()), unix.LOCK_UN)
		f.Close()
	}, nil
}
