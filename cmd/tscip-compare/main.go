// Command tscip-compare times whole builds of a site side by side with
// cp -r of their output and, when given a Hugo site of equivalent pages,
// with Hugo, and reports medians and their ratios:
//
//	go build -o /tmp/tscip ./cmd/tscip
//	tscip-compare -tscip /tmp/tscip -site /tmp/corpus10k -hugo /tmp/hugo10k -runs 7
//
// It is the method behind README's performance figures, so that anyone can
// run it again:
//
//   - every run writes into a new folder under -work, and nothing is
//     deleted until the script ends (on ext4 without a journal, making
//     files is slower for minutes after a large deletion, and that would
//     be measured instead of the build);
//   - the runs of the different commands are interleaved, so that a
//     machine that slows down or speeds up meanwhile affects them alike;
//   - before each run the file system is synced and left alone for -gap;
//   - times and peak memory come from the operating system (wait4's
//     rusage), as /usr/bin/time -v reports them.
//
// With -again it also times a build into the same destination as the
// previous one, as a publisher building again after an edit does: tscip
// then brings the site before the last build up to date in place.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// options are the command line's.
type options struct {
	tscip, base, site, hugo, work string
	runs                          int
	gap                           time.Duration
	again                         bool
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("tscip-compare", flag.ContinueOnError)
	fl.SetOutput(stderr)
	var o options
	fl.StringVar(&o.tscip, "tscip", "tscip", "the tscip binary to time")
	fl.StringVar(&o.base, "base", "", "another tscip binary (an earlier version) to time in the same runs")
	fl.StringVar(&o.site, "site", "", "the site to build (tscip-corpus's output)")
	fl.StringVar(&o.hugo, "hugo", "", "a Hugo site of equivalent pages (cmd/tscip-corpus/hugo/equivalent.py), to time hugo too")
	fl.StringVar(&o.work, "work", "", "folder for the outputs (default: a new folder in the system's temporary folder)")
	fl.IntVar(&o.runs, "runs", 5, "runs of each command")
	fl.DurationVar(&o.gap, "gap", 2*time.Second, "pause after syncing, before each run")
	fl.BoolVar(&o.again, "again", false, "also time a build into the destination of the one before (an update in place)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if o.site == "" || fl.NArg() > 0 || o.runs < 1 {
		fmt.Fprintln(stderr, "usage: tscip-compare -site SITE [-tscip BIN] [-base BIN] [-hugo HUGO_SITE] [-runs 5] [-gap 2s] [-again] [-work DIR]")
		return 2
	}
	if err := compare(o, stdout); err != nil {
		fmt.Fprintln(stderr, "tscip-compare:", err)
		return 1
	}
	return 0
}

// sample is one timed run.
type sample struct {
	elapsed, user, sys time.Duration
	maxRSS             int64 // bytes
}

// step is one command timed in every run.
type step struct {
	name    string
	command func(run int) []string
	// warmUp runs the command once, untimed, before the first run
	warmUp  bool
	samples []sample
}

func compare(o options, out io.Writer) error {
	work := o.work
	if work == "" {
		var err error
		if work, err = os.MkdirTemp("", "tscip-compare-"); err != nil {
			return err
		}
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	at := func(format string, a ...any) string { return filepath.Join(work, fmt.Sprintf(format, a...)) }
	build := func(bin, tag string) func(int) []string {
		return func(i int) []string { return []string{bin, "build", "-s", o.site, "-d", at("%s-%d", tag, i)} }
	}
	steps := []*step{{name: "tscip", command: build(o.tscip, "build")}}
	if o.base != "" {
		steps = append(steps, &step{name: "base", command: build(o.base, "base")})
	}
	// cp -r copies the first build's output into a new folder each run.
	steps = append(steps, &step{name: "cp -r", command: func(i int) []string {
		return []string{"cp", "-r", at("build-1"), at("copy-%d", i)}
	}})
	if o.again {
		// Warmed up so that every timed run is an update in place: the
		// first build into a destination that has a site starts a fresh
		// folder, and keeps the old site for the next to update.
		steps = append(steps, &step{name: "tscip again", warmUp: true, command: func(i int) []string {
			return []string{o.tscip, "build", "-s", o.site, "-d", at("build-1")}
		}})
	}
	if o.hugo != "" {
		steps = append(steps, &step{name: "hugo", command: func(i int) []string {
			return []string{"hugo", "--quiet", "-s", o.hugo, "-d", at("hugo-%d", i)}
		}})
	}
	fmt.Fprintf(out, "%d runs of each, into new folders under %s\n", o.runs, work)
	for i := 1; i <= o.runs; i++ {
		// The builds swap places each run; cp -r needs the first build.
		order := append([]*step(nil), steps...)
		if o.base != "" && i%2 == 0 {
			order[0], order[1] = order[1], order[0]
		}
		for _, s := range order {
			if s.warmUp && i == 1 {
				if _, err := timed(s.command(i)); err != nil {
					return fmt.Errorf("run %d, %s: %w", i, s.name, err)
				}
			}
			syscall.Sync()
			time.Sleep(o.gap)
			sm, err := timed(s.command(i))
			if err != nil {
				return fmt.Errorf("run %d, %s: %w", i, s.name, err)
			}
			s.samples = append(s.samples, sm)
		}
	}
	report(out, steps)
	fmt.Fprintf(out, "\nThe outputs are in %s. Delete them some minutes before measuring again:\non ext4 without a journal, new files are slow to make for a while after a large deletion.\n", work)
	return nil
}

// timed runs a command and gives its times and peak memory.
func timed(argv []string) (sample, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%s: %w\n%s", strings.Join(argv, " "), err, stderr.String())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return sample{}, errors.New("the operating system gave no resource usage")
	}
	return sample{
		elapsed: elapsed,
		user:    time.Duration(ru.Utime.Nano()),
		sys:     time.Duration(ru.Stime.Nano()),
		maxRSS:  ru.Maxrss * 1024, // kilobytes on Linux
	}, nil
}

// report prints each step's medians, then the ratios of the medians of
// the builds to cp -r's and Hugo's, and tscip's to cp -r's run by run.
func report(out io.Writer, steps []*step) {
	fmt.Fprintf(out, "\n%-12s %9s %9s %9s %9s   %s\n", "", "elapsed", "user", "sys", "peak MiB", "elapsed, run by run")
	med := map[string]time.Duration{}
	byName := map[string]*step{}
	for _, s := range steps {
		m := medians(s.samples)
		med[s.name], byName[s.name] = m.elapsed, s
		var all []string
		for _, sm := range s.samples {
			all = append(all, seconds(sm.elapsed))
		}
		fmt.Fprintf(out, "%-12s %9s %9s %9s %9d   %s\n", s.name, seconds(m.elapsed), seconds(m.user), seconds(m.sys), m.maxRSS>>20, strings.Join(all, " "))
	}
	fmt.Fprintln(out)
	for _, pair := range [][2]string{{"tscip", "cp -r"}, {"base", "cp -r"}, {"tscip again", "cp -r"}, {"tscip", "hugo"}, {"tscip", "base"}} {
		a, okA := med[pair[0]]
		b, okB := med[pair[1]]
		if okA && okB {
			fmt.Fprintf(out, "%-20s %.2f\n", pair[0]+" / "+pair[1], ratio(a, b))
		}
	}
	if t, cp := byName["tscip"], byName["cp -r"]; t != nil && cp != nil {
		var byRun []string
		for i, sm := range cp.samples {
			byRun = append(byRun, fmt.Sprintf("%.2f", ratio(t.samples[i].elapsed, sm.elapsed)))
		}
		fmt.Fprintf(out, "tscip / cp -r, run by run: %s\n", strings.Join(byRun, " "))
	}
}

// medians gives the median of each measure on its own.
func medians(ss []sample) sample {
	pick := func(f func(sample) int64) int64 {
		v := make([]int64, len(ss))
		for i, s := range ss {
			v[i] = f(s)
		}
		return median(v)
	}
	return sample{
		elapsed: time.Duration(pick(func(s sample) int64 { return int64(s.elapsed) })),
		user:    time.Duration(pick(func(s sample) int64 { return int64(s.user) })),
		sys:     time.Duration(pick(func(s sample) int64 { return int64(s.sys) })),
		maxRSS:  pick(func(s sample) int64 { return s.maxRSS }),
	}
}

// median is the middle value, or the mean of the two middle ones.
func median(v []int64) int64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
