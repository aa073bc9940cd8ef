package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestHugeHeapCoversLaterAllocations checks that what a build allocates
// after hugeHeap lands in memory the kernel may back with huge pages: the
// mapping holding it is marked eligible in /proc/self/smaps.
func TestHugeHeapCoversLaterAllocations(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || strings.Contains(string(mode), "[never]") {
		t.Skip("this kernel makes no transparent huge pages")
	}
	hugeHeap(64 << 20)
	const n = 16
	var held [][]byte
	for range n { // as a build's page buffers are: a megabyte at a time
		b := make([]byte, 1<<20)
		for i := range b {
			b[i] = 1
		}
		held = append(held, b)
	}
	// The first may fit in memory the test's heap had free already.
	eligible := 0
	for i, b := range held {
		addr := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		ok, found := thpEligible(t, addr)
		if !found {
			t.Fatalf("allocation %d at %#x: no mapping in /proc/self/smaps", i, addr)
		}
		if ok {
			eligible++
		}
	}
	if eligible < n*3/4 {
		t.Errorf("%d of %d megabytes allocated after hugeHeap are in mappings eligible for huge pages, want at least %d (transparent_hugepage: %s)",
			eligible, n, n*3/4, strings.TrimSpace(string(mode)))
	}
}

// thpEligible reads /proc/self/smaps for the mapping holding addr and
// reports its THPeligible field.
func thpEligible(t *testing.T, addr uintptr) (eligible, found bool) {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps: %v", err)
	}
	defer f.Close()
	in, mapped := false, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := mappingRange(line); ok {
			in = lo <= addr && addr < hi
			mapped = mapped || in
			continue
		}
		if in && strings.HasPrefix(line, "THPeligible:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "THPeligible:")) == "1", true
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if mapped {
		t.Skip("this kernel's /proc/self/smaps does not say which mappings may have huge pages")
	}
	return false, false
}

// mappingRange parses a mapping's first line, "lo-hi perms ...".
func mappingRange(line string) (lo, hi uintptr, ok bool) {
	field, _, _ := strings.Cut(line, " ")
	a, b, found := strings.Cut(field, "-")
	if !found {
		return 0, 0, false
	}
	l, err1 := strconv.ParseUint(a, 16, 64)
	h, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uintptr(l), uintptr(h), true
}
