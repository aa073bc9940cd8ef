package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/tscip/tscip/generator/csvsafe"
	"github.com/tscip/tscip/generator/opendata"
)

// sheet is one of the site's tables as raw text rows, so that new rows can
// be appended without disturbing the ones the user keeps.
type sheet struct {
	path    string // data/organisations.csv
	header  []string
	col     map[string]int
	rows    [][]string
	lines   []int // physical line of each row
	raw     []byte
	crlf    bool
	exists  bool
	numeric map[string]bool
	added   [][]string
	replace map[int][]string // row index → new cells
}

// readSheet reads data/<table>.csv from the site, or starts an empty one
// with the table's columns when the file does not exist.
func readSheet(fsys fs.FS, table string) (*sheet, error) {
	cols := opendata.TableColumns(table)
	s := &sheet{path: "data/" + table + ".csv", col: map[string]int{}, numeric: map[string]bool{}, replace: map[int][]string{}}
	for _, c := range cols {
		s.numeric[c.Name] = c.Numeric
	}
	b, err := fs.ReadFile(fsys, s.path)
	if errors.Is(err, fs.ErrNotExist) {
		for _, c := range cols {
			s.header = append(s.header, c.Name)
		}
		s.index()
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	s.exists, s.raw = true, b
	s.crlf = bytes.Contains(b, []byte("\r\n"))
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v (run tscip check to see every problem)", s.path, err)
		}
		line, _ := r.FieldPos(0)
		if s.header == nil {
			for i := range rec {
				rec[i] = strings.TrimSpace(rec[i])
			}
			s.header = rec
			continue
		}
		if blankRecord(rec) {
			continue
		}
		s.rows = append(s.rows, rec)
		s.lines = append(s.lines, line)
	}
	if s.header == nil {
		for _, c := range cols {
			s.header = append(s.header, c.Name)
		}
	}
	s.index()
	return s, nil
}

func (s *sheet) index() {
	for i, h := range s.header {
		s.col[h] = i
	}
}

// get returns a row's cell in a column, or "".
func (s *sheet) get(row []string, col string) string {
	if i, ok := s.col[col]; ok && i < len(row) {
		return strings.TrimSpace(row[i])
	}
	return ""
}

// record lays values out in the sheet's column order, adding a column the
// file lacks when a value needs it.
func (s *sheet) record(values map[string]string) []string {
	for _, name := range sortedKeys(values) {
		if _, ok := s.col[name]; !ok && values[name] != "" {
			s.header = append(s.header, name)
			s.col[name] = len(s.header) - 1
		}
	}
	rec := make([]string, len(s.header))
	for name, v := range values {
		if i, ok := s.col[name]; ok {
			rec[i] = v
		}
	}
	return rec
}

func (s *sheet) add(values map[string]string) { s.added = append(s.added, s.record(values)) }

func (s *sheet) set(row int, values map[string]string) { s.replace[row] = s.record(values) }

func (s *sheet) changed() bool { return len(s.added) > 0 || len(s.replace) > 0 }

// bytes gives the file's new text. Appending keeps every existing byte;
// replacing rows (--force) or adding a column rewrites the file, writing the
// rows it keeps exactly as read. New cells are written formula-safe.
func (s *sheet) bytes() []byte {
	numeric := make([]bool, len(s.header))
	for i, h := range s.header {
		numeric[i] = s.numeric[h]
	}
	var b bytes.Buffer
	w := csvsafe.NewWriter(&b, numeric)
	if !s.crlf {
		w.UseLF()
	}
	rewrite := !s.exists || len(s.replace) > 0 || len(s.header) != s.headerLen()
	if rewrite {
		_ = w.WriteRaw(s.header)
		for i, r := range s.rows {
			if rep, ok := s.replace[i]; ok {
				_ = w.Write(rep)
				continue
			}
			for len(r) < len(s.header) {
				r = append(r, "")
			}
			_ = w.WriteRaw(r)
		}
	} else {
		b.Write(s.raw)
		if len(s.raw) > 0 && !bytes.HasSuffix(s.raw, []byte("\n")) {
			if s.crlf {
				b.WriteString("\r\n")
			} else {
				b.WriteString("\n")
			}
		}
	}
	for _, r := range s.added {
		_ = w.Write(r)
	}
	_ = w.Flush()
	return b.Bytes()
}

// headerLen is the number of columns the file on disk has.
func (s *sheet) headerLen() int {
	if !s.exists {
		return -1
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(s.raw, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err != nil {
		return -1
	}
	return len(rec)
}

func blankRecord(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
