package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// csvFile is a CSV file read leniently: ragged rows allowed, stray quotes
// accepted, blank lines (trailing ones too) dropped.
type csvFile struct {
	header  []string
	col     map[string]int // normalised heading → index
	records [][]string
	lines   []int // physical line of each record
}

// normHeading makes headings comparable: case, spaces and spaces around
// ':' aside, so "Recipient Org: Name" is "recipient org:name".
func normHeading(h string) string {
	h = strings.ToLower(strings.Join(strings.Fields(strings.TrimPrefix(h, "\ufeff")), " "))
	h = strings.ReplaceAll(h, " :", ":")
	return strings.ReplaceAll(h, ": ", ":")
}

func readCSVText(text string) (*csvFile, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	f := &csvFile{col: map[string]int{}}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("line %d: malformed CSV: %v", pe.Line, pe.Err)
			}
			return nil, err
		}
		line, _ := r.FieldPos(0)
		if blankRecord(rec) {
			continue
		}
		if f.header == nil {
			f.header = rec
			for i, h := range rec {
				if n := normHeading(h); n != "" {
					if _, dup := f.col[n]; !dup {
						f.col[n] = i
					}
				}
			}
			continue
		}
		f.records = append(f.records, rec)
		f.lines = append(f.lines, line)
	}
	if f.header == nil {
		return nil, errors.New("the file is empty: expected a header row")
	}
	return f, nil
}

// cell returns a record's trimmed cell under a normalised heading.
func (f *csvFile) cell(rec []string, heading string) string {
	i, ok := f.col[heading]
	if !ok || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// extra reports whether a record has non-empty cells beyond the header.
func (f *csvFile) extra(rec []string) bool {
	for i := len(f.header); i < len(rec); i++ {
		if strings.TrimSpace(rec[i]) != "" {
			return true
		}
	}
	return false
}

func (f *csvFile) headings() string {
	var hs []string
	for _, h := range f.header {
		hs = append(hs, strings.TrimSpace(h))
	}
	return strings.Join(hs, ", ")
}
