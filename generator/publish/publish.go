package publish

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ErrLocked is returned when another build of the same destination runs.
var ErrLocked = errors.New("another build of this site is writing to the destination; try again when it has finished")

// Write publishes files to dest all or nothing. It brings a folder beside
// dest up to date with them, then swaps that folder with dest in one step
// (renameat2 RENAME_EXCHANGE on Linux). Readers of dest see the old site or
// the new one, never a mix; a build stopped at any moment leaves the old
// site whole. Concurrent builds of one destination are refused.
//
// The folder beside dest is the site as it was before the last build
// (.NAME.prev), kept for this: a build changes in it only the files that
// differ, so a rebuild after a small edit writes little and a large site
// is not deleted and written again each time (file systems are slow to
// hand out names freed a moment before). The first build, and one after a
// build that was stopped, starts a fresh folder instead. A file is
// replaced by renaming a new one over it, never written through, so the
// two trees can share files and a reader of the old site never sees a
// file change under it.
//
// A file whose bytes equal those of the same path in the published site is
// hard-linked from it rather than written again. A manifest kept beside
// each tree (.NAME.manifest, .NAME.prev.manifest) gives each file's size,
// inode and modification time: a file is reused only when it is still the
// one the manifest describes, so a file edited in place is never reused,
// and when its bytes, read back, equal the new ones. Nothing is hashed, so
// a first build into a new folder spends nothing on comparing.
//
// Files from Stage are already in their folder: Write only swaps it in.
func Write(dest string, files *Files) error {
	if files.st != nil {
		abs, err := filepath.Abs(dest)
		if err != nil {
			return err
		}
		if abs != files.st.dest {
			files.Discard()
			return fmt.Errorf("files were staged for %s, not %s", files.st.dest, abs)
		}
		return files.st.commit()
	}
	return writeAll(newStage(dest), files)
}

// Publisher publishes one site again and again, as tscip build --watch
// does after each edit, in the same way as Write. It remembers the bytes it
// was given for the published site and for the kept one (the site before),
// so that a file given again as the very same bytes in memory is known
// without reading it back: a rebuild after a small edit compares and
// writes only the files that changed. A Publisher is used by one goroutine at a time.
//
// Between Writes, while nobody waits, Verify looks at the kept tree once,
// so that the next Write need not look at each of its files again.
type Publisher struct {
	dest      string
	known     [2]map[string]knownFile
	manifests map[string]*manifest
}

// identity is where a file's bytes are in memory, and how many.
type identity struct {
	data *byte
	n    int
}

// bytes are the bytes the identity was taken of; a Publisher's files are
// not changed once given.
func (id identity) bytes() []byte { return unsafe.Slice(id.data, id.n) }

type knownFile struct {
	id identity
	e  entry
}

// manifest is a manifest file as read or written: its entries, and the
// file's identity on disk.
type manifest struct {
	ino         uint64
	size, mtime int64
	entries     map[string]entry
	racy        int64
	// checked holds the paths whose files Verify found to be as entries
	// describes, and sharing no inode with the published site.
	checked map[string]struct{}
}

// manifestAt reads the manifest at path, or takes it from the Publisher's
// memory when the file is still the one it wrote.
func (s *stage) manifestAt(path string) *manifest {
	if m := s.remembered(path); m != nil {
		return m
	}
	entries, racy := readManifest(path)
	return &manifest{entries: entries, racy: racy}
}

// remembered is the manifest at path as the Publisher wrote it, while the
// file is still that one.
func (s *stage) remembered(path string) *manifest {
	if m := s.manifests[path]; m != nil && m.matches(path) {
		return m
	}
	return nil
}

func (m *manifest) matches(path string) bool {
	fi, err := os.Stat(path)
	if err != nil {
		return false
	}
	ino, mtime := statIDs(fi)
	return ino == m.ino && mtime == m.mtime && fi.Size() == m.size
}

// remember describes the manifest file at path, holding entries.
func remember(path string, entries map[string]entry) *manifest {
	fi, err := os.Stat(path)
	if err != nil || entries == nil {
		return nil
	}
	ino, mtime := statIDs(fi)
	return &manifest{ino: ino, size: fi.Size(), mtime: mtime, entries: entries, racy: mtime - racyWindow}
}

// NewPublisher returns a Publisher for dest.
func NewPublisher(dest string) *Publisher { return &Publisher{dest: dest} }

// Write publishes files held in memory (not staged) to the Publisher's
// destination, all or nothing.
func (p *Publisher) Write(files *Files) error {
	return p.write(files, false)
}

// Copy publishes files as Write does, but gives the new site files of its
// own: none is a link to a file of the published site, which becomes the
// kept tree. Once the two trees share no file, an edit made through the
// published site cannot reach the kept one, and Verify can vouch for all
// of it. Copy writes as much as a first build.
func (p *Publisher) Copy(files *Files) error {
	return p.write(files, true)
}

func (p *Publisher) write(files *Files, separate bool) error {
	if files.st != nil {
		return errors.New("a Publisher publishes files held in memory, not staged ones")
	}
	st := newStage(p.dest)
	st.known, st.manifests, st.separate = p.known, p.manifests, separate
	st.ids = make(map[string]knownFile, files.Len())
	p.known, p.manifests = [2]map[string]knownFile{}, nil // unknown until this succeeds
	err := writeAll(st, files)
	if err == nil {
		p.known = [2]map[string]knownFile{st.ids, st.known[0]}
		// the published site's manifest is now the kept one's
		p.manifests = map[string]*manifest{
			st.manifestPath():           remember(st.manifestPath(), st.written),
			st.prevPath() + ".manifest": remember(st.prevPath()+".manifest", st.old),
		}
	}
	return err
}

// Verify looks at each file of the kept tree (the site the last Write
// replaced), now, while nobody waits for it, so that the next Write need
// not. A file that is still the one the kept manifest describes, and is no
// link to the published file of its path, is taken by the next Write as it
// is, if that Write is given the very bytes it was written from. A file
// written just before its manifest, whose time cannot tell an edit made in
// the same tick, is read back and compared with those bytes.
//
// What makes that safe: the kept tree was the published site until the
// last Write, so an edit made while readers could see it is found here;
// since then it is this Publisher's own (a hidden folder beside the
// destination), and an edit made through the published site reaches it
// only through a shared file, which is left to the next Write to look at.
// Another build of the destination rewrites the manifests, and then the
// next Write trusts nothing it did not look at itself.
//
// tscip build --watch calls Verify after each rebuild. It holds the
// destination's lock while it runs, so other builds are refused for that
// moment, as during a Write.
func (p *Publisher) Verify() error {
	st := newStage(p.dest)
	if st.openErr != nil {
		return st.openErr
	}
	keptPath := st.prevPath() + ".manifest"
	st.manifests = p.manifests
	kept, published := st.remembered(keptPath), st.remembered(st.manifestPath())
	if kept == nil || published == nil || kept.checked != nil {
		return nil
	}
	unlock, err := lock(filepath.Join(st.parent, "."+st.base+".lock"))
	if err != nil {
		return err
	}
	defer unlock()
	if !kept.matches(keptPath) || !published.matches(st.manifestPath()) {
		return nil // changed before the lock was taken
	}
	paths := make([]string, 0, len(kept.entries))
	for p := range kept.entries {
		paths = append(paths, p)
	}
	prev := st.prevPath() + string(filepath.Separator)
	ok := make([]bool, len(paths))
	parallel(len(paths), func(i int) {
		e := kept.entries[paths[i]]
		if published.entries[paths[i]].ino == e.ino {
			return // shared with the published site
		}
		full := prev + filepath.FromSlash(paths[i])
		if e.mtime < kept.racy {
			ok[i] = unchanged(full, e)
		} else if k := p.known[1][paths[i]]; k.e == e {
			// Written too close to its manifest for its time to tell: its
			// bytes, read back, must be those it was written from.
			ok[i] = same(full, e, kept.racy, k.id.bytes(), true)
		}
	})
	checked := make(map[string]struct{}, len(paths))
	for i, p := range paths {
		if ok[i] {
			checked[p] = struct{}{}
		}
	}
	kept.checked = checked
	return nil
}

func writeAll(st *stage, files *Files) error {
	if err := st.open(); err != nil {
		return err
	}
	paths, bodies := files.all() // each put stands alone
	st.unique = true
	// Each file's outcome goes into its own slot, without a lock, and into
	// the maps once all are written.
	done := make([]recorded, len(paths))
	parallel(len(paths), func(i int) {
		st.put(paths[i], bodies[i], &done[i])
	})
	st.mu.Lock()
	if len(st.written) == 0 {
		st.written = make(map[string]entry, len(paths))
	}
	for i := range done {
		if d := &done[i]; d.ok {
			st.recordLocked(paths[i], d.e, d.id, d.linked)
		}
	}
	st.mu.Unlock()
	return st.commit()
}

// recorded is what put did with one file, when its caller keeps it.
type recorded struct {
	ok, linked bool
	e          entry
	id         identity
}

// Stage prepares dest for a build whose files are written as they are
// added, so that they need not all be held in memory: each Add hands its
// file to writers that put it into the folder beside dest (see Write).
// Write(dest, files) then swaps the folder in; Discard drops it when the
// build fails (a kept tree is left, untrusted, for the next build to
// remove). Nothing is created, and dest is not locked, until the first
// Add or Expect; from then until Write or Discard, other builds of dest
// are refused.
func Stage(dest string) *Files {
	return &Files{m: map[string][]byte{}, st: newStage(dest)}
}

// Discard drops a staged set's folder and releases the destination; the
// published site is left as it was. It does nothing to a set held in
// memory or already written.
func (f *Files) Discard() {
	if f.st != nil {
		f.st.discard()
	}
}

// entry is what the manifest records of one published file.
type entry struct {
	size  int64
	ino   uint64
	mtime int64 // nanoseconds
}

// stage is a build's folder beside the destination, being filled.
type stage struct {
	dest, parent, base string
	tmp                string // the folder being filled; the published site after commit
	unlock             func()
	old                map[string]entry // the published site's manifest
	racy               int64            // files modified since (ns) are checked byte by byte
	// known is what a Publisher knows the published site [0] and the kept
	// tree [1] were given; ids collects what this build is given, for it.
	known [2]map[string]knownFile
	ids   map[string]knownFile
	// manifests are those a Publisher wrote, by path, so that they need
	// not be read again while the files on disk are still the same.
	manifests map[string]*manifest
	// inPlace is set when tmp is the site before the last build, being
	// brought up to date; kept is its manifest.
	inPlace  bool
	unique   bool // each path is put once (a set held in memory)
	kept     map[string]entry
	keptRacy int64
	// checked is the kept files Verify vouched for (see Publisher.Verify).
	checked map[string]struct{}
	// separate is set by Publisher.Copy: no file is linked from the
	// published site, and none kept that is a link to it.
	separate bool
	tmpNames atomic.Int64 // temporary names handed out under tmp

	dirs sync.Map // folders already made under tmp
	// ahead makes the folders of the files a build expects (Files.Expect)
	// before the writers reach them; stopAhead ends it early.
	ahead     sync.WaitGroup
	stopAhead atomic.Bool
	expected  []string // the paths ahead made folders for; set under mu, read once it has stopped

	// Staged sets open on the first Add and hand files to writers.
	once    sync.Once
	openErr error
	queue   chan job
	sending sync.RWMutex // held to send on queue; taken whole to close it
	closed  bool         // guarded by sending
	pending inflight     // files queued and not yet written
	writers sync.WaitGroup

	mu      sync.Mutex
	written map[string]entry
	err     error
	opened  bool
	done    bool
	linked  int
}

type job struct {
	path    string
	b       []byte
	release func([]byte) // gives b back to whoever lent it, once written
}

func newStage(dest string) *stage {
	abs, err := filepath.Abs(dest)
	s := &stage{dest: abs, openErr: err, written: map[string]entry{}}
	if err == nil {
		s.parent, s.base = filepath.Dir(abs), filepath.Base(abs)
	}
	return s
}

// open locks the destination and readies the folder beside it, once.
func (s *stage) open() error {
	s.once.Do(func() {
		if s.openErr == nil {
			s.openErr = s.doOpen()
		}
	})
	return s.openErr
}

func (s *stage) doOpen() error {
	if err := os.MkdirAll(s.parent, 0o755); err != nil {
		return err
	}
	fi, destErr := os.Lstat(s.dest)
	if destErr == nil && fi.Mode()&fs.ModeSymlink != 0 {
		// Swapping would move the link, not the folder it leads to, and
		// the folder would be emptied as an old site.
		return fmt.Errorf("%s is a symbolic link; give the folder it leads to as the destination, or a new folder", s.dest)
	} else if destErr == nil && !fi.IsDir() {
		return fmt.Errorf("%s is a file, not a folder", s.dest)
	}
	unlock, err := lock(filepath.Join(s.parent, "."+s.base+".lock"))
	if err != nil {
		return err
	}
	cleanLeftovers(s.parent, s.base)
	// A manifest whose folder is gone (rm -rf public) describes nothing
	// to reuse: reading it would only look for each of its files in vain.
	if destErr == nil {
		m := s.manifestAt(s.manifestPath())
		s.old, s.racy = m.entries, m.racy
	}
	prev := s.prevPath()
	kept := s.manifestAt(prev + ".manifest")
	// From here until this build is published the kept tree is being
	// changed: without its manifest, a build stopped half way leaves it to
	// be removed by the next one rather than trusted.
	os.Remove(prev + ".manifest")
	if fi, err := os.Lstat(prev); err == nil && fi.IsDir() && kept.entries != nil {
		s.tmp, s.inPlace = prev, true
		s.kept, s.keptRacy, s.checked = kept.entries, kept.racy, kept.checked
	} else {
		if err == nil {
			removeTree(prev)
		}
		tmp, err := os.MkdirTemp(s.parent, "."+s.base+".new-")
		if err == nil {
			err = os.Chmod(tmp, 0o755)
		}
		if err != nil {
			if tmp != "" {
				os.RemoveAll(tmp)
			}
			unlock()
			return err
		}
		s.tmp = tmp
	}
	s.unlock = unlock
	s.mu.Lock()
	s.opened = true
	s.mu.Unlock()
	return nil
}

// add queues a staged file for the writers, starting them on first use.
// The queue is short: at most a few hundred files, and maxQueued bytes
// unless one file is larger, wait in memory.
func (s *stage) add(p string, b []byte, release func([]byte)) {
	if err := s.open(); err != nil {
		if release != nil {
			release(b)
		}
		return // reported by commit
	}
	s.sending.RLock() // drain closes the queue only between sends
	defer s.sending.RUnlock()
	if s.closed {
		s.fail(errors.New("a file was added after the site was published or discarded"))
		if release != nil {
			release(b)
		}
		return
	}
	s.pending.add(len(b)) // waits while the queue holds too many bytes
	s.mu.Lock()
	if s.queue == nil {
		q := make(chan job, 256)
		s.queue = q
		for range stageWriters {
			s.writers.Add(1)
			go func() {
				defer s.writers.Done()
				for j := range q {
					s.put(j.path, j.b, nil)
					s.pending.done(len(j.b))
					if j.release != nil {
						j.release(j.b) // a staged set keeps no bytes
					}
				}
			}()
		}
	}
	q := s.queue
	s.mu.Unlock()
	q <- job{p, b, release}
}

// maxQueued bounds the bytes waiting to be written: pages of a thousand
// table rows are a megabyte each, and a few hundred of them must not pile
// up while the disk is busy.
const maxQueued = 64 << 20

// inflight counts files queued and not yet written, and their bytes.
type inflight struct {
	mu    sync.Mutex
	cond  *sync.Cond
	n     int
	bytes int
}

// add counts a file of size bytes in, first waiting while the files
// already queued hold maxQueued bytes or more. A large file is let in as
// soon as there is room below the bound, not only once it fits beneath
// it: else it would wait while smaller ones kept being let in, and its
// bytes, already made, would be held all that time (the 60 MB downloads
// of a large site waited seconds behind its pages).
func (c *inflight) add(size int) {
	c.mu.Lock()
	if c.cond == nil {
		c.cond = sync.NewCond(&c.mu)
	}
	for c.bytes >= maxQueued {
		c.cond.Wait()
	}
	c.n++
	c.bytes += size
	c.mu.Unlock()
}

func (c *inflight) done(size int) {
	c.mu.Lock()
	c.n--
	c.bytes -= size
	if c.cond != nil {
		c.cond.Broadcast()
	}
	c.mu.Unlock()
}

// wait returns once every file queued before it has been written.
func (c *inflight) wait() {
	c.mu.Lock()
	if c.cond == nil {
		c.cond = sync.NewCond(&c.mu)
	}
	for c.n > 0 {
		c.cond.Wait()
	}
	c.mu.Unlock()
}

// drain waits for the queued files and stops the writers, and the
// goroutine making folders ahead of them.
func (s *stage) drain() {
	s.sending.Lock()
	s.closed = true
	s.mu.Lock()
	q := s.queue
	s.queue = nil
	s.mu.Unlock()
	s.sending.Unlock()
	s.stopAhead.Store(true)
	s.ahead.Wait()
	if q != nil {
		close(q)
		s.writers.Wait()
	}
}

func (s *stage) manifestPath() string { return filepath.Join(s.parent, "."+s.base+".manifest") }

// prevPath is where the site before the last build is kept.
func (s *stage) prevPath() string { return filepath.Join(s.parent, "."+s.base+".prev") }

func (s *stage) fail(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
}

// put puts one file into the folder: a hard link to the published copy
// when that holds the same bytes, else a new file. It records what it did
// in slot when that is given, else in the stage's maps.
func (s *stage) put(p string, b []byte, slot *recorded) {
	// What a Publisher put before (known) was checked then.
	k0, known0 := s.known[0][p]
	k1, known1 := s.known[1][p]
	if !known0 && !known1 {
		if err := CheckPath(p); err != nil {
			s.fail(err)
			return
		}
	}
	// p is clean and relative (CheckPath), so this is filepath.Join's path
	full := s.tmp + string(filepath.Separator) + filepath.FromSlash(p)
	k, inKept := s.kept[p]
	if !inKept { // the kept tree has the folders of its files
		if err := s.mkdir(filepath.Dir(full)); err != nil {
			s.fail(err)
			return
		}
	}
	id := identity{unsafe.SliceData(b), len(b)}
	e := entry{size: int64(len(b))}
	var err error
	// The very bytes the kept tree, or the published site, was given by a
	// Publisher need not be read back to be known the same.
	asKept := inKept && k1.id == id && k1.e == k
	asPublished := k0.id == id
	again := false
	if !s.unique {
		s.mu.Lock()
		_, again = s.written[p]
		s.mu.Unlock()
	}
	// A file already there from an earlier build stays: one Verify
	// vouched for as it is, else one still as its manifest describes and
	// holding these bytes. Copy keeps none that is a link to the
	// published file.
	linked := s.separate && s.old[p].ino == k.ino
	if !again && inKept && k.size == e.size && !linked {
		if _, checked := s.checked[p]; checked && asKept || same(full, k, s.keptRacy, b, !asKept) {
			s.record(slot, p, k, id, true)
			return
		}
	}
	// A file already at the path is never written through: it may be a
	// link to the published file. A path added twice gets its new file
	// under a temporary name, renamed over the first. In the kept tree,
	// which nobody reads, the old file is removed first and the new one
	// made in its place: renamed over it, the new file would be written
	// to disk at once, as ext4 does for a file renamed over another
	// (auto_da_alloc), and the rebuild would wait for that.
	target := full
	if again {
		target = filepath.Join(s.tmp, fmt.Sprintf(".tscip-%d.tmp", s.tmpNames.Add(1)))
	} else if s.inPlace {
		if err := unix.Unlink(full); err != nil && err != unix.ENOENT {
			s.fail(fmt.Errorf("writing %s: %w", p, err))
			return
		}
	}
	if !s.separate && s.reuse(p, target, b, &e, !asPublished) {
		if s.rename(target, full, p) {
			s.record(slot, p, e, id, true)
		}
		return
	}
	if e.ino, e.mtime, err = create(target, b); err != nil {
		s.fail(fmt.Errorf("writing %s: %w", p, err))
		return
	}
	if s.rename(target, full, p) {
		s.record(slot, p, e, id, false)
	}
}

// create makes a new file at path holding b and gives its inode and
// modification time. It makes the system calls itself (open, write,
// fstat, close), which os.File would wrap in a poller and allocations it
// has no use for here, once for each of a site's files.
func create(path string, b []byte) (ino uint64, mtime int64, err error) {
	var fd int
	for {
		fd, err = unix.Open(path, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_CLOEXEC, 0o644)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return 0, 0, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(b) > 0 {
		n, werr := unix.Write(fd, b)
		if werr == unix.EINTR {
			continue
		}
		if werr == nil && n == 0 {
			werr = io.ErrShortWrite
		}
		if werr != nil {
			err = werr
			break
		}
		b = b[n:]
	}
	var st unix.Stat_t
	if err == nil {
		if err = unix.Fstat(fd, &st); err == nil {
			ino, mtime = st.Ino, st.Mtim.Nano()
		}
	}
	if cerr := unix.Close(fd); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, 0, &fs.PathError{Op: "write", Path: path, Err: err}
	}
	return ino, mtime, nil
}

// rename moves a file made under a temporary name to its path.
func (s *stage) rename(target, full, p string) bool {
	if target == full {
		return true
	}
	if err := os.Rename(target, full); err != nil {
		os.Remove(target)
		s.fail(fmt.Errorf("writing %s: %w", p, err))
		return false
	}
	return true
}

// same reports whether the file at full is still the one a manifest entry
// describes and holds the bytes b, reading it when look is set or when it
// was written too close to the manifest for its time to be trusted.
func same(full string, e entry, racy int64, b []byte, look bool) bool {
	if !unchanged(full, e) {
		return false
	}
	if look || e.mtime >= racy {
		// (written so shortly before the manifest that an edit in the same
		// tick of the file system's clock would keep its time)
		if !holds(full, b) {
			return false
		}
	}
	return true
}

// unchanged reports whether the file at full is still the regular file a
// manifest entry describes: its size, inode and modification time.
func unchanged(full string, e entry) bool {
	var st unix.Stat_t // not os.Lstat's FileInfo: this runs for every file
	return unix.Lstat(full, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFREG &&
		st.Size == e.size && st.Ino == e.ino && st.Mtim.Nano() == e.mtime
}

// holds reports whether the file at full holds exactly b, reading no more
// than one byte past it.
func holds(full string, b []byte) bool {
	f, err := os.Open(full)
	if err != nil {
		return false
	}
	defer f.Close()
	bp := readBufs.Get().(*[]byte)
	defer readBufs.Put(bp)
	if cap(*bp) < len(b)+1 {
		*bp = make([]byte, len(b)+1)
	}
	buf := (*bp)[:len(b)+1]
	n, err := io.ReadFull(f, buf)
	return err == io.ErrUnexpectedEOF && n == len(b) && bytes.Equal(buf[:n], b) ||
		err == io.EOF && len(b) == 0
}

// readBufs hold the files holds reads back.
var readBufs = sync.Pool{New: func() any { return new([]byte) }}

// reuse links the published copy of p into the folder when it is still
// the file the manifest saw and holds the same bytes (read back when look
// is set).
func (s *stage) reuse(p, full string, b []byte, e *entry, look bool) bool {
	prev, ok := s.old[p]
	if !ok || prev.size != e.size {
		return false
	}
	src := filepath.Join(s.dest, filepath.FromSlash(p))
	if !same(src, prev, s.racy, b, look) {
		return false
	}
	if os.Link(src, full) != nil {
		return false
	}
	e.ino, e.mtime = prev.ino, prev.mtime
	return true
}

func (s *stage) record(slot *recorded, p string, e entry, id identity, linked bool) {
	if slot != nil {
		*slot = recorded{ok: true, linked: linked, e: e, id: id}
		return
	}
	s.mu.Lock()
	s.recordLocked(p, e, id, linked)
	s.mu.Unlock()
}

func (s *stage) recordLocked(p string, e entry, id identity, linked bool) {
	s.written[p] = e
	if s.ids != nil {
		s.ids[p] = knownFile{id, e}
	}
	if linked {
		s.linked++
	}
}

// expect makes, on one goroutine and in the order given, the folders of
// the files at paths, for the writers to find made. Two writers making
// folders in one parent (every arrangement's folder is in arrangements/)
// wait on each other for its lock, spinning in the kernel, the longer the
// slower the file system; one goroutine making them all ahead of both
// never does. A writer that gets to a folder first makes it itself, as it
// would have anyway. A kept tree being brought up to date has its folders
// already.
func (s *stage) expect(paths []string) {
	s.sending.RLock() // drain stops the goroutine only after every start
	defer s.sending.RUnlock()
	if s.closed {
		return
	}
	s.ahead.Add(1)
	go func() {
		defer s.ahead.Done()
		if s.open() != nil || s.inPlace {
			return
		}
		s.mu.Lock()
		s.expected = paths
		s.mu.Unlock()
		last := ""
		for _, p := range paths {
			if s.stopAhead.Load() {
				return
			}
			d := path.Dir(p)
			if d == "." || d == last || CheckPath(p) != nil {
				continue // the writer reports an unsafe path
			}
			last = d
			s.mkdir(s.tmp + string(filepath.Separator) + filepath.FromSlash(d)) // a failure is the writer's to report
		}
	}()
}

// removeUnused removes the folders made for expected files that were not
// added, when they hold nothing, so that the site has no empty folders.
func (s *stage) removeUnused() {
	for _, p := range s.expected {
		if _, ok := s.written[p]; ok || CheckPath(p) != nil {
			continue
		}
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if os.Remove(s.tmp+string(filepath.Separator)+filepath.FromSlash(d)) != nil {
				break // not empty, or not there
			}
		}
	}
}

func (s *stage) mkdir(dir string) error {
	if _, ok := s.dirs.Load(dir); ok {
		return nil
	}
	// one mkdir where the parent exists, as it mostly does in path order
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	s.dirs.Store(dir, true)
	return nil
}

func (s *stage) read(p string) ([]byte, bool) {
	s.pending.wait()
	b, err := os.ReadFile(filepath.Join(s.tmp, filepath.FromSlash(p)))
	return b, err == nil
}

func (s *stage) size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for _, e := range s.written {
		n += e.size
	}
	return n
}

// commit swaps the folder in, records the manifest and removes the old
// site.
func (s *stage) commit() error {
	if err := s.open(); err != nil {
		return err
	}
	s.drain()
	s.mu.Lock()
	err, done := s.err, s.done
	s.mu.Unlock()
	if done {
		return errors.New("these files were already published or discarded")
	}
	if err == nil && s.inPlace {
		err = s.removeStale()
	}
	if err == nil {
		s.removeUnused()
	}
	if err == nil {
		err = writeManifest(s.manifestPath()+".new", s.written)
	}
	if err != nil {
		s.discard()
		return err
	}
	_, statErr := os.Lstat(s.dest)
	fresh := errors.Is(statErr, fs.ErrNotExist)
	if err := swap(s.tmp, s.dest); err != nil {
		os.Remove(s.manifestPath() + ".new")
		s.discard()
		return err
	}
	old := s.tmp // now holds the previous site, or an empty folder
	s.mu.Lock()
	s.tmp, s.done = s.dest, true
	s.mu.Unlock()
	defer s.unlock()
	// The previous site is kept for the next build to bring up to date,
	// with the manifest that describes it; the new manifest takes its place.
	if fresh {
		os.Remove(old)
		os.Remove(s.manifestPath())
	} else {
		if old != s.prevPath() {
			if err := os.Rename(old, s.prevPath()); err != nil {
				removeTree(old)
			}
		}
		if err := os.Rename(s.manifestPath(), s.prevPath()+".manifest"); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return os.Rename(s.manifestPath()+".new", s.manifestPath())
}

// removeStale removes from the kept tree the files this build did not
// write, and the folders they leave empty.
func (s *stage) removeStale() error {
	var dirs []string
	for p := range s.kept {
		if _, ok := s.written[p]; ok {
			continue
		}
		full := filepath.Join(s.tmp, filepath.FromSlash(p))
		if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("removing %s from the kept site: %w", p, err)
		}
		for d := filepath.Dir(full); d != s.tmp && strings.HasPrefix(d, s.tmp); d = filepath.Dir(d) {
			dirs = append(dirs, d)
		}
	}
	// deepest first, so a folder is empty by the time it is tried
	sort.Slice(dirs, func(i, j int) bool { return len(dirs[i]) > len(dirs[j]) })
	for _, d := range dirs {
		os.Remove(d) // fails, as it should, while the folder still holds files
	}
	return nil
}

func (s *stage) discard() {
	s.drain()
	s.mu.Lock()
	done, opened := s.done, s.opened
	s.done = true
	s.mu.Unlock()
	if done || !opened {
		return
	}
	if !s.inPlace {
		removeTree(s.tmp)
	} // a kept tree stays, without its manifest: the next build removes it
	s.unlock()
}

// manifestHeader begins a manifest. Version 1 also gave each file's
// SHA-256; a manifest of another version is not read, so the first build
// after an upgrade reuses nothing.
const manifestHeader = "tscip publish manifest 2"

// racyWindow is how long before its manifest a file must have been written
// for its modification time to be trusted (see readManifest).
const racyWindow = 50e6

// writeManifest records every published file: size, inode,
// modification time and path, one a line. The lines are in no order: the
// manifest holds inodes and times, so it is never the same twice, and
// sorting its paths took 2 ms of each 10,000-arrangement rebuild.
func writeManifest(path string, m map[string]entry) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<16)
	w.WriteString(manifestHeader + "\n")
	var line []byte
	for p, e := range m {
		if strings.ContainsAny(p, "\n\r") {
			continue // cannot be written on a line; not reused
		}
		line = strconv.AppendInt(line[:0], e.size, 10)
		line = append(line, ' ')
		line = strconv.AppendUint(line, e.ino, 10)
		line = append(line, ' ')
		line = strconv.AppendInt(line, e.mtime, 10)
		line = append(line, ' ')
		line = append(line, p...)
		line = append(line, '\n')
		w.Write(line)
	}
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// readManifest returns the manifest's entries; a missing or damaged one
// (including one naming a path outside its tree) gives none, and then
// nothing is reused. Files whose modification time is at or after racy
// were written within a tick of the file system's clock (coarse: up to
// 10ms) of the manifest itself, so an edit right after the build could
// have left their time unchanged, as in Git's "racily clean" entries.
func readManifest(path string) (m map[string]entry, racy int64) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, 0
	}
	_, racy = statIDs(fi)
	racy -= racyWindow
	b, err := io.ReadAll(f)
	if err != nil {
		return nil, 0
	}
	head, rest, ok := bytes.Cut(b, []byte("\n"))
	if !ok || string(head) != manifestHeader {
		return nil, 0
	}
	m = make(map[string]entry, bytes.Count(rest, []byte("\n")))
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		f := strings.SplitN(string(line), " ", 4)
		if len(f) != 4 {
			return nil, 0
		}
		size, err1 := strconv.ParseInt(f[0], 10, 64)
		ino, err2 := strconv.ParseUint(f[1], 10, 64)
		mtime, err3 := strconv.ParseInt(f[2], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil {
			return nil, 0
		}
		// A path that leaves the tree could only come from a damaged or
		// hand-written manifest; removing stale files would follow it.
		if CheckPath(f[3]) != nil {
			return nil, 0
		}
		m[f[3]] = entry{size: size, ino: ino, mtime: mtime}
	}
	return m, racy
}

func statIDs(fi os.FileInfo) (ino uint64, mtime int64) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Ino, st.Mtim.Nano()
	}
	return 0, fi.ModTime().UnixNano()
}

// workers is how many files are written at once when nothing else runs
// (Write of files in memory, removing a tree): one a core. More only queue
// on the locks of the folders they share (every page of a kind has its
// folder in one parent); profiles of 100,000-page builds showed mkdir
// spinning with eight.
func workers() int { return max(1, runtime.GOMAXPROCS(0)) }

// stageWriters is how many goroutines write a staged build's files while
// its pages render on every core. Their time goes in the kernel, beside
// rendering. While rendering was slow one was enough (10,000 arrangements
// 1.70 s with one against 1.85 s with two); since it got faster, the
// writing is the longest path, and two keep both cores busy once the
// pages are done: interleaved runs on two cores, 10,000 arrangements,
// median of five, 0.73 s with one against 0.68 s with two (cp -r of the
// output 0.38 s), and 1.63 s against 1.43 s while the file system was
// slow (cp -r 1.01 s). No difference on tmpfs.
const stageWriters = 2

// parallel calls fn(0) … fn(n-1) on several goroutines.
func parallel(n int, fn func(i int)) {
	w := min(workers(), n)
	if w <= 1 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				next.Lock()
				// hand out runs of files, so workers rarely meet at the lock
				lo, hi := i, min(i+16, n)
				i = hi
				next.Unlock()
				if lo >= n {
					return
				}
				for j := lo; j < hi; j++ {
					fn(j)
				}
			}
		}()
	}
	wg.Wait()
}

// removeTree removes a folder and everything in it, several subfolders at
// once: an old site of 100,000 pages is 200,000 names to unlink.
func removeTree(root string) error {
	if fi, err := os.Lstat(root); err == nil && !fi.IsDir() {
		return os.Remove(root) // a link is removed, never followed
	}
	var jobs []string
	top, err := os.ReadDir(root)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return os.RemoveAll(root)
	}
	var dirs []string
	for _, e := range top {
		p := filepath.Join(root, e.Name())
		if !e.IsDir() {
			jobs = append(jobs, p)
			continue
		}
		sub, err := os.ReadDir(p)
		if err != nil {
			jobs = append(jobs, p)
			continue
		}
		dirs = append(dirs, p)
		for _, s := range sub {
			jobs = append(jobs, filepath.Join(p, s.Name()))
		}
	}
	parallel(len(jobs), func(i int) { os.RemoveAll(jobs[i]) })
	for _, d := range dirs {
		os.Remove(d)
	}
	return os.RemoveAll(root)
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
			return os.Mkdir(tmp, 0o755) // so the caller's removal has a target
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
			removeTree(filepath.Join(parent, e.Name()))
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
