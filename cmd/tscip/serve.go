package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"

	preview "github.com/tscip/tscip/generator/serve"
)

// serve previews a site: it builds it into memory, serves it on a local
// address and rebuilds it and reloads open pages whenever a file changes.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("serve", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var o preview.Options
	fl.StringVar(&o.Source, "s", ".", "the site's folder")
	bind := fl.String("bind", "127.0.0.1", "the address to listen on; only this computer can connect to the default")
	port := fl.Int("port", 1313, "the port to listen on (0 picks a free one)")
	fl.BoolVar(&o.Drafts, "drafts", true, "show pages marked draft (they are never published by build); --drafts=false previews the site as published")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "tscip serve: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "tscip serve: --port must be from 0 to 65535\n")
		return 2
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintf(stderr, "tscip serve: %v (is another preview running? try --port 0)\n", err)
		return 1
	}
	if tcp, ok := ln.Addr().(*net.TCPAddr); ok && !tcp.IP.IsLoopback() {
		fmt.Fprintf(stderr, "warning: listening on %s: other computers can see this preview, drafts included\n", ln.Addr())
	}
	o.Log = stdout
	if err := preview.New(o).Serve(ctx, ln); err != nil {
		fmt.Fprintln(stderr, "tscip serve:", err)
		return 1
	}
	return 0
}
