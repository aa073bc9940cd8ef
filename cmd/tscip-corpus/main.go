// Command tscip-corpus writes a synthetic tscip site of a chosen size, for
// benchmarks and scale tests:
//
//	tscip-corpus -n 10000 -docs 500 -seed 1 -o /tmp/corpus10k
//
// The same flags always write the same bytes.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/tscip/tscip/generator/corpus"
)

func main() {
	var opt corpus.Options
	var out string
	flag.IntVar(&opt.Arrangements, "n", 10000, "number of funding arrangements")
	flag.IntVar(&opt.Docs, "docs", 500, "number of Markdown documents")
	flag.Uint64Var(&opt.Seed, "seed", 1, "random seed; the same seed writes the same site")
	flag.StringVar(&out, "o", "", "folder to write the site into (new or empty)")
	flag.Parse()
	if out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: tscip-corpus [-n 10000] [-docs 500] [-seed 1] -o FOLDER")
		os.Exit(2)
	}
	start := time.Now()
	st, err := corpus.Write(out, opt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "tscip-corpus:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d arrangements, %d partners, %d providers, %d services, %d opportunities, %d decisions, %d documents in %d sections (%d drafts), %.1f MB in %s\n",
		st.Arrangements, st.Partners, st.Providers, st.Services, st.Opportunities, st.Decisions, st.Docs, st.Sections, st.Drafts,
		float64(st.Bytes)/1e6, time.Since(start).Round(time.Millisecond))
}
