package config

import (
	"testing"
	"time"

	"github.com/tscip/tscip/generator/diag"
)

func TestHangScratch(t *testing.T) {
	for _, src := range []string{
		"title = \"x\"\nhorizon_years = \"1e100000\"\n",
		"title = \"x\"\nhorizon_years = \"1e1000000\"\n",
		"title = \"x\"\ndiscount_rate = \"1e-1000000%\"\n",
		"title = \"x\"\nhorizon_years = 1e300\n", "title = \"x\"\nhorizon_years = \"1e100000000\"\n",
	} {
		start := time.Now()
		var l diag.List
		Parse([]byte(src), &l)
		t.Logf("%q: %v %v", src, time.Since(start), l.Err())
	}
}
