package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// runCmd runs the command line and returns its exit code and output.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

// newSite writes a starter site with tscip init.
func newSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	if code, _, errs := runCmd(t, "init", dir); code != 0 {
		t.Fatalf("tscip init: exit %d: %s", code, errs)
	}
	return dir
}

func TestInitCommand(t *testing.T) {
	dir := newSite(t)
	for _, f := range []string{"site.toml", "data/arrangements.csv", "data/organisations.csv", "data/services.csv", "data/opportunities.csv",
		"data/decisions.csv", "data/milestones.csv", "data/risks.csv", "content/about.md", "content/framework/_index.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("tscip init did not write %s", f)
		}
	}
	code, _, errs := runCmd(t, "init", dir)
	if code == 0 || !strings.Contains(errs, "not empty") {
		t.Errorf("tscip init into a site: exit %d, %q; want a refusal", code, errs)
	}
	if code, _, _ := runCmd(t, "init"); code != 2 {
		t.Errorf("tscip init without DIR: exit %d, want 2", code)
	}
}

func TestCheckCommand(t *testing.T) {
	dir := newSite(t)
	code, out, errs := runCmd(t, "check", "-s", dir)
	if code != 0 || !strings.HasPrefix(out, "ok: ") {
		t.Fatalf("check of the starter site: exit %d\n%s%s", code, out, errs)
	}

	// A broken link is named with its page, and the exit code says so.
	page := "+++\ntitle = \"Guide\"\n+++\nSee [the old plan](/old-plan/).\n"
	os.WriteFile(filepath.Join(dir, "content/guide.md"), []byte(page), 0o644)
	code, out, _ = runCmd(t, "check", "-s", dir)
	if code != 1 || !strings.Contains(out, "guide/index.html: ../old-plan/: no such file") {
		t.Errorf("check with a broken link: exit %d\n%s", code, out)
	}
	os.Remove(filepath.Join(dir, "content/guide.md"))

	// An input problem is named with its file, line and column.
	csv := filepath.Join(dir, "data/arrangements.csv")
	b, _ := os.ReadFile(csv)
	os.WriteFile(csv, bytes.Replace(b, []byte(",60000,"), []byte(",60k,"), 1), 0o644)
	code, out, _ = runCmd(t, "check", "-s", dir)
	if code != 1 || !strings.Contains(out, "data/arrangements.csv:2:6: annual_value") {
		t.Errorf("check with a bad amount: exit %d\n%s", code, out)
	}
	// Checking writes nothing.
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("tscip check wrote public/")
	}
}

// lockedBuffer is written by the server while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestServeCommand(t *testing.T) {
	dir := newSite(t)
	os.WriteFile(filepath.Join(dir, "content/draft.md"), []byte("+++\ntitle = \"Draft page\"\ndraft = true\n+++\nNot yet.\n"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &lockedBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, []string{"serve", "-s", dir, "--port", "0"}, out, io.Discard) }()

	url := ""
	re := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	for deadline := time.Now().Add(10 * time.Second); url == ""; {
		url = re.FindString(out.String())
		if time.Now().After(deadline) {
			t.Fatalf("tscip serve printed no address:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	resp, err := http.Get(url + "draft/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Not yet.") {
		t.Errorf("the preview does not show the draft page: %d", resp.StatusCode)
	}
	cancel() // as Ctrl-C does
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("tscip serve: exit %d after Ctrl-C", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("tscip serve did not stop after Ctrl-C")
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); err == nil {
		t.Error("tscip serve wrote public/")
	}
}
