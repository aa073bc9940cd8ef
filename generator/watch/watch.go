// Package watch reports changes to a site's input files in batches. It
// watches site.toml and the data/, content/, layouts/, static/ and themes/
// folders, including folders created after it started, ignores editors'
// temporary files, and waits until the files have been quiet for a moment,
// so that a save made of several steps (write a temporary file, rename it
// over the old one) arrives as one batch.
package watch

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Roots are the files and folders of a site that are watched.
var Roots = []string{"site.toml", "data", "content", "layouts", "static", "themes"}

// Options tune a watcher; zero values take the defaults.
type Options struct {
	// Quiet is how long the files must be unchanged before a batch is
	// sent (default DefaultQuiet).
	Quiet time.Duration
	// MaxWait is the longest a batch is held while changes keep coming
	// (default 2 s).
	MaxWait time.Duration
}

// Watcher watches one site folder.
type Watcher struct {
	// Changes delivers batches of changed paths, relative to the site's
	// folder with forward slashes, sorted. A folder's own path stands for
	// changes inside it that may have been missed (a new folder's files).
	// Batches that the reader has not taken yet are merged.
	Changes <-chan []string
	// Errors delivers problems with watching; watching goes on.
	Errors <-chan error

	root    string
	opt     Options
	fw      *fsnotify.Watcher
	changes chan []string
	errs    chan error
	done    chan struct{}
	wg      sync.WaitGroup
	once    sync.Once
}

// DefaultQuiet is the quiet period before a rebuild. Editors' saves by
// rename and spreadsheets' exports finish their bursts of events within a
// few milliseconds; a writer that pauses longer mid-file causes one extra
// rebuild, which the next event corrects.
const DefaultQuiet = 25 * time.Millisecond

// New starts watching the site folder root.
func New(root string, opt Options) (*Watcher, error) {
	if opt.Quiet <= 0 {
		opt.Quiet = DefaultQuiet
	}
	if opt.MaxWait <= 0 {
		opt.MaxWait = 2 * time.Second
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: abs, opt: opt, fw: fw, changes: make(chan []string), errs: make(chan error, 16), done: make(chan struct{})}
	w.Changes, w.Errors = w.changes, w.errs
	if err := fw.Add(abs); err != nil {
		fw.Close()
		return nil, err
	}
	for _, r := range Roots[1:] {
		if err := w.addTree(filepath.Join(abs, r)); err != nil {
			fw.Close()
			return nil, err
		}
	}
	w.wg.Add(1)
	go w.loop()
	return w, nil
}

// Close stops watching and closes Changes.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.done)
		err = w.fw.Close()
		w.wg.Wait()
	})
	return err
}

// addTree watches a folder and every folder under it; a folder that does
// not exist is skipped (it is picked up when it is created).
func (w *Watcher) addTree(dir string) error {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && skipDir(d.Name()) {
			return filepath.SkipDir
		}
		if err := w.fw.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	})
	return err
}

func (w *Watcher) loop() {
	defer w.wg.Done()
	defer close(w.changes)
	pending := map[string]bool{} // changes not yet quiet
	var ready []string           // a batch the reader has not taken
	var first time.Time          // when the pending changes began
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		var out chan []string
		if ready != nil {
			out = w.changes
		}
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fw.Events:
			if !ok {
				return
			}
			rel, ok := w.relevant(ev)
			if !ok {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					if err := w.addTree(ev.Name); err != nil {
						w.report(err)
					}
				}
			}
			if len(pending) == 0 {
				first = time.Now()
			}
			pending[rel] = true
			wait := w.opt.Quiet
			if left := w.opt.MaxWait - time.Since(first); left < wait {
				wait = max(left, 0)
			}
			timer.Reset(wait)
		case err, ok := <-w.fw.Errors:
			if !ok {
				return
			}
			w.report(err)
		case <-timer.C:
			ready = merge(ready, pending)
			pending = map[string]bool{}
		case out <- ready:
			ready = nil
		}
	}
}

func (w *Watcher) report(err error) {
	select {
	case w.errs <- err:
	default: // nobody is reading: drop rather than block watching
	}
}

func merge(batch []string, pending map[string]bool) []string {
	seen := map[string]bool{}
	for _, p := range batch {
		seen[p] = true
	}
	for p := range pending {
		if !seen[p] {
			batch = append(batch, p)
		}
	}
	sort.Strings(batch)
	return batch
}

// relevant turns an event into the changed path relative to the site, or
// reports that it does not concern the site's inputs.
func (w *Watcher) relevant(ev fsnotify.Event) (string, bool) {
	if ev.Op == fsnotify.Chmod || ev.Op == 0 {
		return "", false // attribute changes (touch, indexers) change no content
	}
	rel, err := filepath.Rel(w.root, ev.Name)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	top, _, nested := strings.Cut(rel, "/")
	watched := false
	for i, r := range Roots {
		if top == r && (i > 0 || !nested) {
			watched = true
		}
	}
	if !watched {
		return "", false
	}
	for _, part := range strings.Split(rel, "/") {
		if Ignored(part) {
			return "", false
		}
	}
	return rel, true
}

// Ignored reports whether a file or folder name is an editor's or office
// program's temporary file, a backup or a lock, whose changes never need a
// rebuild.
func Ignored(name string) bool {
	switch {
	case name == "4913", // vim checks it may write in the folder
		name == ".DS_Store",
		strings.HasSuffix(name, "~"), // backups: vim, emacs, gedit
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),       // emacs auto-save
		strings.HasPrefix(name, ".#"),                                      // emacs lock
		strings.HasPrefix(name, ".goutputstream-"),                         // GNOME's safe save
		strings.HasPrefix(name, ".~lock.") && strings.HasSuffix(name, "#"), // LibreOffice lock
		strings.HasPrefix(name, "~$"),                                      // Microsoft Office owner file
		strings.HasSuffix(name, "___jb_tmp___"),                            // JetBrains safe write
		strings.HasSuffix(name, "___jb_old___"):
		return true
	}
	switch path.Ext(name) {
	case ".swp", ".swx", ".swo", ".swn", ".swpx": // vim swap files
		return true
	}
	return false
}

// skipDir reports folders never worth watching: version control, tools'
// caches and temporary folders.
func skipDir(name string) bool {
	return name == ".git" || name == "node_modules" || strings.HasPrefix(name, ".") || Ignored(name)
}
