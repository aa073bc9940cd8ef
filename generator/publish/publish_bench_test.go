package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchFiles is a site of n pages of about 5 kB, each in its own folder
// as pretty URLs put them, like a site's arrangement pages.
func benchFiles(n int) *Files {
	f := NewFiles()
	page := strings.Repeat("<p>Officer hours and cost by commissioning stage.</p>\n", 100)
	for i := range n {
		f.Add(fmt.Sprintf("arrangements/a-%d/index.html", i), []byte(fmt.Sprintf("%s<!-- %d -->", page, i)))
	}
	return f
}

func perFile(b *testing.B, n int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/file")
}

// BenchmarkWriteFresh publishes 2,000 pages into a new folder each time.
func BenchmarkWriteFresh(b *testing.B) {
	const n = 2000
	files, dir := benchFiles(n), b.TempDir()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		dest := filepath.Join(dir, fmt.Sprint(i))
		if err := Write(dest, files); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.RemoveAll(dest)
		os.Remove(filepath.Join(dir, "."+fmt.Sprint(i)+".manifest"))
		b.StartTimer()
	}
	perFile(b, n)
}

// BenchmarkWriteUnchanged publishes the same 2,000 pages over themselves:
// every file is linked, and the old folder removed.
func BenchmarkWriteUnchanged(b *testing.B) {
	const n = 2000
	files, dest := benchFiles(n), filepath.Join(b.TempDir(), "public")
	if err := Write(dest, files); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(dest, files); err != nil {
			b.Fatal(err)
		}
	}
	perFile(b, n)
}

// BenchmarkStage streams 2,000 pages through a staged set, as a build does.
func BenchmarkStage(b *testing.B) {
	const n = 2000
	files, dest := benchFiles(n), filepath.Join(b.TempDir(), "public")
	paths := files.Paths()
	b.ReportAllocs()
	for b.Loop() {
		st := Stage(dest)
		for _, p := range paths {
			data, _ := files.Get(p)
			st.Add(p, data)
		}
		if err := Write(dest, st); err != nil {
			b.Fatal(err)
		}
	}
	perFile(b, n)
}
