package importer

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

func seeds(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join("testdata", pattern))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// Whatever a file holds, reading it never panics, and every row taken has a
// non-negative amount (credit lines are never taken) and a start date.
func FuzzRead360(f *testing.F) {
	seeds(f, "*.json")
	seeds(f, "*.csv")
	f.Fuzz(func(t *testing.T, b []byte) {
		text, _, err := decodeText(b)
		if err != nil {
			return
		}
		if !utf8.ValidString(text) {
			t.Fatalf("decoded text is not UTF-8")
		}
		rows, err := read360(text, &Report{})
		if err != nil {
			return
		}
		for _, r := range rows {
			if r.amount < 0 || r.start.IsZero() {
				t.Fatalf("row taken with amount %d and start %v", r.amount, r.start)
			}
		}
	})
}

func FuzzReadTransparency(f *testing.F) {
	seeds(f, "*.csv")
	f.Fuzz(func(t *testing.T, b []byte) {
		text, _, err := decodeText(b)
		if err != nil {
			return
		}
		rows, err := readTransparency(text, Options{Map: "recipient=Beneficiary,amount=Amount,date=Date", Funder: "f", Service: "s"}, &Report{})
		if err != nil {
			return
		}
		for _, r := range rows {
			if r.amount < 0 || r.start.IsZero() {
				t.Fatalf("row taken with amount %d and start %v", r.amount, r.start)
			}
		}
	})
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"£12,500.00", "-250", "(1.00)", "GBP 3,000", "30 CR", "1e3", "12.505"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if p, err := parseAmount(s); err == nil && p < 0 {
			t.Fatalf("parseAmount(%q) = %d", s, p)
		}
		if p, err := parseJSONAmount(s); err == nil && p < 0 {
			t.Fatalf("parseJSONAmount(%q) = %d", s, p)
		}
	})
}
