package generator_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/publish"
)

// When the test binary runs with TSCIP_CRASH_SOURCE set, it is the child
// process of TestKilledBuildLeavesSiteWhole: it builds and exits.
func init() {
	if src := os.Getenv("TSCIP_CRASH_SOURCE"); src != "" {
		dest := os.Getenv("TSCIP_CRASH_DEST")
		if _, err := generator.Build(context.Background(), generator.Options{Source: src, Dest: dest, Now: time.Unix(0, 0)}); err != nil {
			os.Exit(3)
		}
		os.Exit(0)
	}
}

// TestKilledBuildLeavesSiteWhole kills builds with SIGKILL at random
// moments while a reader keeps reading the published site: the reader must
// always find a whole site, the old one or the new one, and the next build
// must clear what the killed ones left.
func TestKilledBuildLeavesSiteWhole(t *testing.T) {
	if testing.Short() {
		t.Skip("kills processes; skipped with -short")
	}
	files := smallSite()
	src := writeSite(t, files)
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, src, dest); err != nil {
		t.Fatal(err)
	}
	good := map[string]bool{}
	snap := snapshot(t, dest)
	good[snap["index.html"]] = true

	var stop atomic.Bool
	var wg sync.WaitGroup
	var readerErr atomic.Value
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			b, err := os.ReadFile(filepath.Join(dest, "index.html"))
			if err != nil {
				readerErr.Store("index.html missing while builds were killed: " + err.Error())
				return
			}
			if _, err := os.Stat(filepath.Join(dest, "data/summary.json")); err != nil {
				readerErr.Store("summary.json missing while builds were killed")
				return
			}
			_ = b
		}
	}()

	// The two whole sites a reader may find: each title built afresh.
	whole := map[string]map[string]string{}
	for _, title := range []string{"Small Partnership", "Renamed Partnership"} {
		alt := writeSite(t, map[string]string{})
		for name, text := range files {
			if name == "site.toml" {
				text = strings.Replace(text, "Small Partnership", title, 1)
			}
			p := filepath.Join(alt, filepath.FromSlash(name))
			os.MkdirAll(filepath.Dir(p), 0o755)
			os.WriteFile(p, []byte(text), 0o644)
		}
		out := filepath.Join(t.TempDir(), "public")
		if _, err := generator.Build(context.Background(), generator.Options{Source: alt, Dest: out, Now: time.Unix(0, 0)}); err != nil {
			t.Fatal(err)
		}
		whole[title] = snapshot(t, out)
	}
	whole["the first build"] = snap
	sameAs := func(got map[string]string) string {
		for title, want := range whole {
			if len(got) != len(want) {
				continue
			}
			ok := true
			for name, text := range want {
				if got[name] != text {
					ok = false
					break
				}
			}
			if ok {
				return title
			}
		}
		return ""
	}

	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 16; i++ {
		// Alternate the site's title so old and new sites differ.
		title := "Small Partnership"
		if i%2 == 0 {
			title = "Renamed Partnership"
		}
		os.WriteFile(filepath.Join(src, "site.toml"), []byte(strings.Replace(files["site.toml"], "Small Partnership", title, 1)), 0o644)
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "TSCIP_CRASH_SOURCE="+src, "TSCIP_CRASH_DEST="+dest)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Intn(40)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		// The two versions need not have as many files as each other: the
		// search index has a file for each two letters that start a word.
		after := snapshot(t, dest)
		if !strings.Contains(after["index.html"], "Partnership") || !strings.Contains(after["index.html"], "</html>") {
			t.Fatalf("kill %d: index.html is not a whole page", i)
		}
		if sameAs(after) == "" {
			var sizes []string
			for title, w := range whole {
				sizes = append(sizes, fmt.Sprintf("%s %d", title, len(w)))
			}
			sort.Strings(sizes)
			t.Fatalf("kill %d: the site (%d files) is no whole version, file for file (%s)", i, len(after), strings.Join(sizes, ", "))
		}
	}
	stop.Store(true)
	wg.Wait()
	if v := readerErr.Load(); v != nil {
		t.Fatal(v)
	}
	// The next builds remove the folders killed builds left behind, and
	// publish exactly what a fresh build does. Of two, the second brings
	// the kept tree up to date in place, whether or not a killed build
	// finished before its kill.
	for _, title := range []string{"Small Partnership", "Renamed Partnership"} {
		os.WriteFile(filepath.Join(src, "site.toml"), []byte(strings.Replace(files["site.toml"], "Small Partnership", title, 1)), 0o644)
		if _, err := generator.Build(context.Background(), generator.Options{Source: src, Dest: dest, Now: time.Unix(0, 0)}); err != nil {
			t.Fatal(err)
		}
		got := snapshot(t, dest)
		differ := len(got) != len(whole[title])
		for name, text := range whole[title] {
			differ = differ || got[name] != text
		}
		if differ {
			t.Errorf("after the kills, a build of %q publishes a site unlike a fresh build's", title)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(dest))
	for _, e := range entries {
		if strings.Contains(e.Name(), ".new-") || strings.Contains(e.Name(), ".old") {
			t.Errorf("leftover %s after a successful build", e.Name())
		}
	}
}

// TestConcurrentBuildIsRefused holds the destination's lock as a running
// build would and checks a second build is refused with a clear message.
func TestConcurrentBuildIsRefused(t *testing.T) {
	src := writeSite(t, smallSite())
	dest := filepath.Join(t.TempDir(), "public")
	f, err := os.OpenFile(filepath.Join(filepath.Dir(dest), ".public.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	_, err = build(t, src, dest)
	if !errors.Is(err, publish.ErrLocked) || !strings.Contains(err.Error(), "another build") {
		t.Fatalf("second build: %v; want it refused", err)
	}
	unix.Flock(int(f.Fd()), unix.LOCK_UN)
	if _, err := build(t, src, dest); err != nil {
		t.Fatalf("build after the lock was released: %v", err)
	}
}

// TestFullDiskLeavesSiteWhole builds onto a tiny file system that fills up
// half way: the build fails, and the previous site is still whole.
func TestFullDiskLeavesSiteWhole(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs")
	}
	mnt := t.TempDir()
	if err := unix.Mount("tmpfs", mnt, "tmpfs", 0, "size=4m"); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	defer unix.Unmount(mnt, 0)
	dest := filepath.Join(mnt, "public")
	small := writeSite(t, map[string]string{
		"site.toml":              "title = \"Tiny\"\n",
		"data/organisations.csv": "id,name,role,kind\np,P,partner,nhs\nv,V,provider,cvs\n",
		"data/services.csv":      "id,name\ns,S\n",
		"data/arrangements.csv":  "id,partner,provider,service,type,annual_value,start,end,route\na,p,v,s,grant,1,2011-01-01,,unknown\n",
	})
	if _, err := build(t, small, dest); err != nil {
		t.Skipf("even the tiny site does not fit: %v", err)
	}
	before := snapshot(t, dest)
	big := smallSite()
	big["content/big.md"] = "+++\ntitle = \"Big\"\n+++\n" + strings.Repeat("A long paragraph of text. ", 200000) + "\n"
	bigSrc := writeSite(t, big)
	if _, err := build(t, bigSrc, dest); err == nil {
		t.Fatal("a build larger than the disk succeeded")
	}
	after := snapshot(t, dest)
	if len(after) != len(before) || after["index.html"] != before["index.html"] {
		t.Fatal("a build that ran out of space changed the published site")
	}
	entries, _ := os.ReadDir(mnt)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".new-") {
			t.Errorf("leftover %s after running out of space", e.Name())
		}
	}
}
