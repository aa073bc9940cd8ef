package render_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/internal/testsite"
)

// buildNow fixes the build date, so the feeds and the calendar are the same
// from run to run.
var buildNow = time.Date(2011, 9, 8, 12, 0, 0, 0, time.UTC)

const testBase = "https://example.org/council/tscip/"

var (
	refMu    sync.Mutex
	refCache = map[string]*generator.Result{}
)

// reference renders the repository's reference site in memory, once per
// base URL; callers only read the result.
func reference(t *testing.T, baseURL string) *generator.Result {
	t.Helper()
	refMu.Lock()
	defer refMu.Unlock()
	if res := refCache[baseURL]; res != nil {
		return res
	}
	root, err := testsite.Root()
	if err != nil {
		t.Fatal(err)
	}
	res := renderSite(t, root, baseURL)
	refCache[baseURL] = res
	return res
}

func renderSite(t *testing.T, dir, baseURL string) *generator.Result {
	t.Helper()
	res, err := generator.Render(context.Background(), generator.Options{Source: dir, BaseURL: baseURL, Now: buildNow})
	if err != nil {
		t.Fatalf("build %s: %v", dir, err)
	}
	return res
}

// editedReference copies the reference site into a temporary folder and
// replaces text in its files: edits are file name, old text, new text.
func editedReference(t *testing.T, edits ...string) string {
	t.Helper()
	dir := t.TempDir()
	if err := testsite.CopyReference(dir); err != nil {
		t.Fatal(err)
	}
	for i := 0; i+2 < len(edits); i += 3 {
		p := filepath.Join(dir, filepath.FromSlash(edits[i]))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), edits[i+1]) {
			t.Fatalf("%s does not contain %q: the reference data changed, update the test", edits[i], edits[i+1])
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(b), edits[i+1], edits[i+2], 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func file(t *testing.T, res *generator.Result, name string) []byte {
	t.Helper()
	b, ok := res.Files.Get(name)
	if !ok {
		t.Fatalf("the build wrote no %s", name)
	}
	return b
}
