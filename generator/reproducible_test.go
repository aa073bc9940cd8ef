package generator_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/tscip/tscip/generator"
)

// TestReproducible builds the reference site twice and compares every byte:
// the same inputs must give the same output, with the build date taken from
// SOURCE_DATE_EPOCH.
func TestReproducible(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1315440000") // 8 September 2011
	var runs [2]*generator.Result
	for i := range runs {
		res, err := generator.Render(context.Background(), generator.Options{Source: "..", BaseURL: "https://example.org/"})
		if err != nil {
			t.Fatal(err)
		}
		runs[i] = res
	}
	a, b := runs[0].Files, runs[1].Files
	if a.Len() != b.Len() {
		t.Fatalf("%d files, then %d", a.Len(), b.Len())
	}
	for _, p := range a.Paths() {
		x, _ := a.Get(p)
		y, ok := b.Get(p)
		if !ok || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", p)
		}
	}
	sum, _ := a.Get("data/summary.json")
	if !bytes.Contains(sum, []byte(`"build_date": "2011-09-08"`)) {
		t.Errorf("the build date does not honour SOURCE_DATE_EPOCH")
	}
}
