package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/tscip/tscip/generator/starter"
)

// initSite writes a new starter site into a new or empty folder.
func initSite(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("init", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprintln(stderr, "Usage: tscip init DIR\n\nWrites a small example site into DIR (a new or empty folder) to edit into your own.")
	}
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() != 1 {
		fl.Usage()
		return 2
	}
	dir := fl.Arg(0)
	written, err := starter.Write(dir)
	if err != nil {
		fmt.Fprintln(stderr, "tscip init:", err)
		return 1
	}
	fmt.Fprintf(stdout, "Wrote a starter site of %d files to %s.\n\n", len(written), dir)
	fmt.Fprintf(stdout, "Next:\n  tscip serve -s %s     preview it, reloading as you edit\n  tscip check -s %s     check its data and links\n  tscip build -s %s     build it into %s\n\n",
		dir, dir, dir, dir+"/public")
	fmt.Fprintln(stdout, "Edit site.toml first, then replace the example rows in data/ with your own.")
	return 0
}
