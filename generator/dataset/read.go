package dataset

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/gocarina/gocsv"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/diag"
	"github.com/tscip/tscip/generator/textcheck"
)

// table is one CSV file read into raw string rows of type T (whose csv tags
// name the known columns), with the true physical line of every cell.
type table[T any] struct {
	file   string
	header map[string]int // column name -> 0-based field index
	rows   []T
	lines  [][]int // per row, the line of each field
	diags  *diag.List
	ok     bool // the file was read and its rows are usable
}

// at returns the position of a row's cell, as DATA.md defines it: the
// physical line and the field's 1-based number.
func (t *table[T]) at(row int, column string) (int, int) {
	i, ok := t.header[column]
	if !ok {
		if len(t.lines[row]) > 0 {
			return t.lines[row][0], 0
		}
		return 0, 0
	}
	return t.lines[row][i], i + 1
}

// bad reports a problem with one cell.
func (t *table[T]) bad(row int, column, value, format string, args ...any) {
	line, col := t.at(row, column)
	t.diags.Add(diag.Diagnostic{File: t.file, Line: line, Column: col, Value: value, Message: fmt.Sprintf(format, args...)})
}

// columns lists the csv tags of T's fields.
func columns[T any]() []string {
	var out []string
	rt := reflect.TypeOf((*T)(nil)).Elem()
	for i := 0; i < rt.NumField(); i++ {
		if tag := rt.Field(i).Tag.Get("csv"); tag != "" && tag != "-" {
			out = append(out, tag)
		}
	}
	return out
}

// memReader hands records already read (with positions) to gocsv.
type memReader struct {
	records [][]string
	next    int
}

func (m *memReader) Read() ([]string, error) {
	if m.next >= len(m.records) {
		return nil, io.EOF
	}
	m.next++
	return m.records[m.next-1], nil
}

func (m *memReader) ReadAll() ([][]string, error) {
	out := m.records[m.next:]
	m.next = len(m.records)
	return out, nil
}

// readTable parses src as a CSV file with a header row. It reports unknown,
// duplicated and missing required columns, malformed CSV, cells that are not
// UTF-8 text, and rows whose field count differs from the header; blank
// rows are skipped. Rows are returned only when the structure is sound.
func readTable[T any](file string, src []byte, required []string, lim config.Limits, diags *diag.List) *table[T] {
	t := &table[T]{file: file, header: map[string]int{}, diags: diags}
	if int64(len(src)) > lim.FileBytes {
		diags.Add(diag.Diagnostic{File: file, Line: 1, Column: 1, Message: fmt.Sprintf("file is larger than the limit of %d bytes (limits.file_bytes in site.toml)", lim.FileBytes)})
		return t
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(src))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	before := diags.Len()

	var records [][]string
	var lines [][]int
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				diags.Add(diag.Diagnostic{File: file, Line: pe.Line, Column: fieldNumber(src, pe), Message: "malformed CSV: " + pe.Err.Error()})
			} else {
				diags.Add(diag.Diagnostic{File: file, Line: 1, Column: 1, Message: "unreadable CSV: " + err.Error()})
			}
			return t
		}
		fl := make([]int, len(rec))
		for i := range rec {
			fl[i], _ = r.FieldPos(i)
		}
		if len(records) > 0 && blank(rec) {
			continue
		}
		if len(records) > lim.Rows {
			diags.Add(diag.Diagnostic{File: file, Line: fl[0], Column: 1, Message: fmt.Sprintf("more than %d rows (limits.rows in site.toml)", lim.Rows)})
			return t
		}
		for i, cell := range rec {
			if msg := badText(cell, lim.CellBytes); msg != "" {
				diags.Add(diag.Diagnostic{File: file, Line: fl[i], Column: i + 1, Value: cell, Message: msg})
				rec[i] = ""
			}
		}
		records = append(records, rec)
		lines = append(lines, fl)
	}
	if len(records) == 0 {
		diags.Add(diag.Diagnostic{File: file, Line: 1, Column: 1, Message: "empty file: expected a header row naming the columns"})
		return t
	}
	known := map[string]bool{}
	for _, c := range columns[T]() {
		known[c] = true
	}
	header := records[0]
	for i, h := range header {
		name := strings.TrimSpace(h)
		header[i] = name
		switch {
		case name == "":
			diags.Add(diag.Diagnostic{File: file, Line: lines[0][i], Column: i + 1, Message: "empty column name in the header"})
		case !known[name]:
			diags.Add(diag.Diagnostic{File: file, Line: lines[0][i], Column: i + 1, Value: name,
				Message: "unknown column: expected one of " + strings.Join(columns[T](), ", ") + hint(name, columns[T]())})
		default:
			if _, dup := t.header[name]; dup {
				diags.Add(diag.Diagnostic{File: file, Line: lines[0][i], Column: i + 1, Value: name, Message: "column appears twice"})
			}
			t.header[name] = i
		}
	}
	for _, c := range required {
		if _, ok := t.header[c]; !ok {
			diags.Add(diag.Diagnostic{File: file, Line: lines[0][0], Column: len(header) + 1, Value: c, Message: "missing required column " + c})
		}
	}
	for i, rec := range records[1:] {
		if len(rec) != len(header) {
			diags.Add(diag.Diagnostic{File: file, Line: lines[i+1][0], Column: 1, Value: fmt.Sprint(len(rec)),
				Message: fmt.Sprintf("row has %d fields but the header has %d", len(rec), len(header))})
		}
	}
	if diags.Len() > before {
		return t
	}
	if err := gocsv.UnmarshalCSV(&memReader{records: records}, &t.rows); err != nil {
		diags.Add(diag.Diagnostic{File: file, Line: 1, Column: 1, Message: "unreadable table: " + err.Error()})
		t.rows = nil
		return t
	}
	t.lines = lines[1:]
	t.ok = true
	return t
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// badText explains why a cell cannot be taken as text, or returns "".
func badText(s string, max int) string {
	if len(s) > max {
		return fmt.Sprintf("cell longer than the limit of %d bytes (limits.cell_bytes in site.toml)", max)
	}
	if !utf8.ValidString(s) {
		return "cell is not valid UTF-8 text: save the file as UTF-8"
	}
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			return fmt.Sprintf("cell holds a control character (U+%04X)", r)
		}
		if textcheck.IsDirectionControl(r) {
			return fmt.Sprintf("cell holds a Unicode direction control (U+%04X), which can make text read differently from how it is stored", r)
		}
	}
	return ""
}

// fieldNumber turns a csv.ParseError's byte column into the field's number
// on that line, as DATA.md numbers columns.
func fieldNumber(src []byte, pe *csv.ParseError) int {
	lines := bytes.Split(src, []byte("\n"))
	if pe.Line < 1 || pe.Line > len(lines) {
		return 1
	}
	line := lines[pe.Line-1]
	col := pe.Column
	if col > len(line) {
		col = len(line)
	}
	n, quoted := 1, false
	for i := 0; i < col-1 && i < len(line); i++ {
		switch line[i] {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				n++
			}
		}
	}
	return n
}

// hint suggests the known column nearest to a misspelt one.
func hint(name string, known []string) string {
	best, bestD := "", 3
	for _, k := range known {
		if d := distance(strings.ToLower(name), k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return "; did you mean " + best + "?"
}

func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
