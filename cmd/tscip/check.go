package main

import (
	"context"
	"fmt"
	"io"
)

func check(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "tscip check: not available yet")
	return 2
}
