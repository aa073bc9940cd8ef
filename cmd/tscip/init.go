package main

import (
	"context"
	"fmt"
	"io"
)

func initSite(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "tscip init: not available yet")
	return 2
}
