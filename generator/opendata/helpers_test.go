package opendata

import (
	"math/big"
	"os"
	"testing"
	"time"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/internal/testsite"
)

// reference loads the repository's own site.
func reference(t *testing.T) Input {
	t.Helper()
	root, err := testsite.Root()
	if err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(root)
	src, err := os.ReadFile(root + "/site.toml")
	if err != nil {
		t.Fatal(err)
	}
	var diags diag.List
	cfg := config.Parse(src, &diags)
	set := dataset.Load(fsys, cfg.Limits, &diags)
	if diags.Len() > 0 {
		t.Fatalf("the reference site does not load: %v", diags.Err())
	}
	return Input{Config: cfg, Data: set, AsAt: cfg.AsAt, BuildDate: date.Of(2011, time.September, 9)}
}

func d(s string) date.Date {
	v, err := date.Parse(s)
	if err != nil {
		panic(err)
	}
	return v
}

func zeroDate() date.Date { return date.Date{} }

func ratOf(n int) *big.Rat { return big.NewRat(int64(n), 1) }
