package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/watch"
)

// watchBuild is tscip build --watch: it publishes the site, then publishes
// it again each time one of its files changes, until interrupted. Between
// builds the session keeps what it loaded and rendered, so a rebuild reads,
// renders and writes only what the change reaches. A build with problems
// prints them and leaves the published site as it was.
func watchBuild(ctx context.Context, o generator.Options, stdout, stderr io.Writer) int {
	// Watch before the first build, so that no edit falls between the two.
	w, err := watch.New(o.Source, watch.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "tscip: watching %s: %v\n", o.Source, err)
		return 1
	}
	defer w.Close()
	s := generator.NewSession(o)
	once := func(first bool) {
		start := time.Now()
		res, st, err := s.Publish(ctx)
		switch {
		case ctx.Err() != nil:
		case err != nil:
			printError(stderr, err)
		case first:
			for _, w := range res.Warnings {
				fmt.Fprintln(stderr, "warning:", w)
			}
			fmt.Fprintf(stdout, "built %d pages, %d files in %s; watching for changes (press Ctrl-C to stop)\n",
				res.Pages, res.Files.Len(), time.Since(start).Round(time.Millisecond))
		case st.Unchanged:
		default:
			fmt.Fprintf(stdout, "published again in %s: %d pages rendered, %d kept\n",
				time.Since(start).Round(time.Millisecond), st.Rendered, st.Reused)
		}
	}
	once(true)
	if err := s.Prepare(); err != nil && ctx.Err() == nil {
		printError(stderr, err)
	}
	// Each build's garbage is collected while waiting for the next change,
	// so that the collector seldom has to run during a rebuild.
	go runtime.GC()
	for {
		select {
		case <-ctx.Done():
			return 0
		case _, ok := <-w.Changes:
			if !ok {
				fmt.Fprintln(stderr, "tscip: watching stopped")
				return 1
			}
			once(false)
			// An error here (another build holding the destination) only
			// leaves the next rebuild to look at the kept files itself.
			s.Verify()
			go runtime.GC()
		case err := <-w.Errors:
			fmt.Fprintf(stderr, "tscip: watching: %v\n", err)
		}
	}
}
