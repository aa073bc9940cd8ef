package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBuildWatch runs tscip build --watch on a starter site: the site is
// published, an edit is published again by itself, a broken edit is
// reported and leaves the published site alone, and Ctrl-C ends it cleanly.
func TestBuildWatch(t *testing.T) {
	dir := newSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	ctx, cancel := context.WithCancel(context.Background())
	var out, errs lockedBuffer
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"build", "--watch", "-s", dir, "-d", dest}, &out, &errs) }()
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			if ok() {
				return
			}
		}
		cancel()
		t.Fatalf("waited in vain for %s\nstdout: %s\nstderr: %s", what, out.String(), errs.String())
	}
	about := filepath.Join(dest, "about", "index.html")
	has := func(text string) func() bool {
		return func() bool { b, err := os.ReadFile(about); return err == nil && strings.Contains(string(b), text) }
	}
	waitFor("the first build", func() bool { return strings.Contains(out.String(), "watching for changes") })
	src := filepath.Join(dir, "content", "about.md")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, append(b, "\nA sentence added while watching.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("the edit to be published", has("A sentence added while watching."))
	if !strings.Contains(out.String(), "published again in") {
		t.Errorf("no line says the site was published again:\n%s", out.String())
	}
	if err := os.WriteFile(src, append([]byte("+++\ntitel = \"x\"\n"), b[4:]...), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor("the broken front matter to be reported", func() bool { return strings.Contains(errs.String(), "content/about.md:2:1") })
	if !has("A sentence added while watching.")() {
		t.Error("a broken edit changed the published site")
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d after Ctrl-C, want 0", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("tscip build --watch did not stop")
	}
}
