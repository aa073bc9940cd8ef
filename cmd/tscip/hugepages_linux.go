package main

import (
	"runtime"
	"syscall"
)

// madvHugepage is MADV_HUGEPAGE, which package syscall does not name.
const madvHugepage = 14

// hugeHeap asks Linux to back the next n bytes of the Go heap with huge
// pages (2 MiB) rather than 4 KiB ones. Debian's kernels make huge pages
// only where a program asks (transparent_hugepage "madvise"), and Go no
// longer asks; a build touches each new page of its heap once, so it took
// a page fault for every 4 KiB it allocated: 55,000 faults and an eighth
// of its CPU at 10,000 arrangements.
//
// It allocates n bytes, which come from memory never touched, marks them,
// and lets them go: Go's page allocator hands out the lowest free
// addresses first, so the heap grows into the marked range. Where huge
// pages are off, or the kernel has none free, it changes nothing. On a
// small machine it marks at most an eighth of the memory, so that the
// allocation stays well inside what the kernel will commit.
func hugeHeap(n int) {
	var info syscall.Sysinfo_t
	if syscall.Sysinfo(&info) == nil {
		if total := uint64(info.Totalram) * uint64(info.Unit); total/8 < uint64(n) {
			n = int(total / 8)
		}
	}
	b := make([]byte, n)
	syscall.Madvise(b, madvHugepage) // an error only means no huge pages
	runtime.KeepAlive(b)
	b = nil
	runtime.GC() // before anything else is allocated in the range
}
