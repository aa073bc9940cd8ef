package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/links"
)

// check validates a site's inputs, renders it in memory and checks that
// every internal link and asset of every page resolves. It writes nothing.
func check(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("check", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var o generator.Options
	fl.StringVar(&o.Source, "s", ".", "the site's folder")
	fl.BoolVar(&o.Drafts, "drafts", false, "check pages marked draft too")
	fl.BoolVar(&o.FileURLs, "file-urls", false, "check the site as built with --file-urls")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "tscip check: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	res, err := generator.Render(ctx, o)
	if err != nil {
		var de *diag.Error
		if !errors.As(err, &de) {
			fmt.Fprintln(stderr, "tscip check:", err)
			return 1
		}
		for _, d := range de.Items {
			fmt.Fprintln(stdout, d.String())
		}
		fmt.Fprintf(stdout, "%d %s in the site's files\n", len(de.Items), plural(len(de.Items), "problem", "problems"))
		return 1
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	r := links.Check(res.Files)
	for _, p := range r.Problems {
		fmt.Fprintln(stdout, p.String())
	}
	if n := len(r.Problems); n > 0 {
		fmt.Fprintf(stdout, "%d broken %s in %d pages (%d links and assets checked)\n", n, plural(n, "link", "links"), r.Pages, r.Links)
		return 1
	}
	fmt.Fprintf(stdout, "ok: %d pages; all %d links and assets resolve\n", r.Pages, r.Links)
	return 0
}
