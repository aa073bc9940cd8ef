package main

import (
	"context"
	"fmt"
	"io"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "tscip serve: not available yet")
	return 2
}
