package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []int64
		want int64
	}{
		{nil, 0},
		{[]int64{7}, 7},
		{[]int64{3, 1, 2}, 2},
		{[]int64{4, 1, 3, 2}, 2},
		{[]int64{10, 40, 20, 30, 1000}, 30},
	} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %d, want %d", c.in, got, c.want)
		}
	}
	in := []int64{3, 1, 2}
	median(in)
	if in[0] != 3 || in[1] != 1 {
		t.Errorf("median sorted its argument: %v", in)
	}
}

// A stand-in for tscip that writes a page into its destination, so that
// the test sees where each run wrote.
const fakeTscip = `#!/bin/sh
# tscip build -s SITE -d DEST
mkdir -p "$5" && echo "$3" > "$5/index.html"
`

func TestCompareWritesEachRunIntoANewFolder(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "tscip")
	if err := os.WriteFile(bin, []byte(fakeTscip), 0o755); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(dir, "work")
	var out strings.Builder
	o := options{tscip: bin, base: bin, site: "SITE", work: work, runs: 3, gap: time.Millisecond, again: true}
	if err := compare(o, &out); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"build-1", "build-2", "build-3", "base-1", "base-2", "base-3", "copy-1", "copy-2", "copy-3"} {
		b, err := os.ReadFile(filepath.Join(work, name, "index.html"))
		if err != nil {
			t.Errorf("%s: %v", name, err)
		} else if string(b) != "SITE\n" {
			t.Errorf("%s holds %q, want the site's build", name, b)
		}
	}
	report := out.String()
	for _, want := range []string{"tscip / cp -r", "tscip / base", "tscip again / cp -r", "run by run: "} {
		if !strings.Contains(report, want) {
			t.Errorf("the report has no %q:\n%s", want, report)
		}
	}
	// three runs of each, in the last column of each step's line
	for _, name := range []string{"tscip", "base", "cp -r", "tscip again"} {
		line := lineOf(report, fmt.Sprintf("%-12s ", name))
		if f := strings.Fields(line[strings.LastIndex(line, "   "):]); len(f) != 3 {
			t.Errorf("line %q gives %d runs, want 3", line, len(f))
		}
	}
}

func lineOf(report, prefix string) string {
	for _, line := range strings.Split(report, "\n") {
		if strings.HasPrefix(line, prefix) {
			return line
		}
	}
	return ""
}

func TestReportGivesRatiosOfMedians(t *testing.T) {
	s := func(ms ...int) []sample {
		var out []sample
		for _, m := range ms {
			out = append(out, sample{elapsed: time.Duration(m) * time.Millisecond, maxRSS: 200 << 20})
		}
		return out
	}
	var out strings.Builder
	report(&out, []*step{
		{name: "tscip", samples: s(600, 900, 580)},
		{name: "cp -r", samples: s(400, 300, 410)},
		{name: "hugo", samples: s(6000, 7000, 5800)},
	})
	for prefix, want := range map[string]string{
		"tscip / cp -r ":      "1.50", // 600 / 400, not the mean of the runs
		"tscip / hugo ":       "0.10", // 600 / 6000
		"tscip / cp -r, run ": "1.50 3.00 1.41",
		"tscip        ":       "0.600", // the median elapsed first
	} {
		line := lineOf(out.String(), prefix)
		if f := strings.Fields(strings.TrimPrefix(line, prefix)); len(f) == 0 || !strings.Contains(line, want) {
			t.Errorf("line %q: want %s\n%s", line, want, out.String())
		}
	}
	if line := lineOf(out.String(), "tscip        "); !strings.Contains(line, " 200 ") {
		t.Errorf("line %q gives no peak of 200 MiB", line)
	}
}

func TestCompareReportsAFailingCommand(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "tscip")
	if err := os.WriteFile(bin, []byte("#!/bin/sh\necho 'site.toml:1:1: bad' >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	err := compare(options{tscip: bin, site: "SITE", work: filepath.Join(dir, "w"), runs: 1, gap: time.Millisecond}, &out)
	if err == nil || !strings.Contains(err.Error(), "site.toml:1:1: bad") {
		t.Fatalf("compare = %v, want the build's own error", err)
	}
}
