// Command tscip builds and previews a commissioning transparency site.
// It parses flags, calls the generator and prints what happened.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"syscall"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/diag"
)

const usage = `tscip builds a static site that publishes how public bodies commission charities.

Usage:
  tscip build [-s SOURCE] [-d DEST] [--base-url URL] [--drafts] [--file-urls] [--watch]
  tscip serve [-s SOURCE] [--bind 127.0.0.1] [--port 1313] [--drafts]
  tscip init DIR
  tscip check [-s SOURCE]
  tscip import 360giving [-s SITE] FILE
  tscip import transparency [-s SITE] FILE --map ...
  tscip help

Run "tscip COMMAND -h" for a command's flags.
`

// memoryLimit is the soft limit on the Go heap when GOMEMLIMIT is not set:
// it keeps a build of 100,000 arrangements under 1 GiB (measured 929 MB)
// by collecting garbage sooner, at some cost in speed on such sites only.
const memoryLimit = 900 << 20

// hugeHeapBytes is how much of a one-off build's heap is backed by huge
// pages (hugeHeap). 256 MiB covers the whole heap of a 10,000-arrangement
// build (0.62 s to 0.55 s into tmpfs, median of nine, 60,000 page faults to
// 3,700) and the start of a 100,000 one's (7.4 s to 5.6 s), whose peak it
// leaves at 905 MiB; asking for 1 GiB gained nothing more.
const hugeHeapBytes = 256 << 20

// gcPercent is the garbage collector's target for a one-off build when GOGC
// is not set: a build allocates about five times the heap it keeps, and
// collecting at four times the live heap instead of twice took the
// 10,000-arrangement build from 2.37 s to 2.04 s (median of five
// interleaved runs; 412 MB peak instead of 175 MB). The memory limit above
// still bounds large sites: 100,000 arrangements peak at 903 MiB either
// way. The preview and --watch, which keep running, keep Go's default.
const gcPercent = 400

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// TSCIP_CPUPROFILE=file writes a CPU profile of the run, for
	// go tool pprof (see README, Performance).
	if f := os.Getenv("TSCIP_CPUPROFILE"); f != "" {
		if out, err := os.Create(f); err == nil {
			if pprof.StartCPUProfile(out) == nil {
				defer pprof.StopCPUProfile()
			}
		}
	}
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	pprof.StopCPUProfile()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	// A bug must not reach a user as a stack trace: say what happened and
	// how to report it, and exit like any other failure.
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "tscip: internal error: %v\nThis is a bug in tscip, not in your site; nothing was written. Please report it with\nthe command you ran (run it again with TSCIP_DEBUG=1 to add the details).\n", r)
			if os.Getenv("TSCIP_DEBUG") != "" {
				stderr.Write(debug.Stack())
			}
			code = 3
		}
	}()
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "build":
		return build(ctx, args, stdout, stderr)
	case "serve":
		return serve(ctx, args, stdout, stderr)
	case "init":
		return initSite(ctx, args, stdout, stderr)
	case "check":
		return check(ctx, args, stdout, stderr)
	case "import":
		return importData(ctx, args, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "tscip: unknown command %q\n\n%s", cmd, usage)
	return 2
}

func build(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("build", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var o generator.Options
	fl.StringVar(&o.Source, "s", ".", "the site's folder")
	fl.StringVar(&o.Dest, "d", "", "where to write the site (default SOURCE/public)")
	fl.StringVar(&o.BaseURL, "base-url", "", "the site's absolute address, for canonical links, the sitemap and feeds")
	fl.BoolVar(&o.Drafts, "drafts", false, "include pages marked draft")
	fl.BoolVar(&o.FileURLs, "file-urls", false, "link to index.html files, so a copy opens from disk")
	watching := fl.Bool("watch", false, "keep running, and publish again each time a file of the site changes")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "tscip build: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if *watching {
		return watchBuild(ctx, o, stdout, stderr)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	hugeHeap(hugeHeapBytes)
	res, err := generator.Build(ctx, o)
	if err != nil {
		printError(stderr, err)
		return 1
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	fmt.Fprintln(stdout, res.Summary())
	return 0
}

// printError prints every diagnostic on its own line, or the error.
func printError(w io.Writer, err error) {
	var de *diag.Error
	if errors.As(err, &de) {
		for _, d := range de.Items {
			fmt.Fprintln(w, d.String())
		}
		fmt.Fprintf(w, "%d %s; nothing was written\n", len(de.Items), plural(len(de.Items), "problem", "problems"))
		return
	}
	fmt.Fprintln(w, "tscip:", err)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
