//go:build !linux

package main

// hugeHeap does nothing where Go gives no way to ask for huge pages.
func hugeHeap(n int) {}
