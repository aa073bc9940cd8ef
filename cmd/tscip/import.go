package main

import (
	"context"
	"fmt"
	"io"
)

func importData(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "tscip import: not available yet")
	return 2
}
