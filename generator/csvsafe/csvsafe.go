// Package csvsafe writes CSV that a spreadsheet opens as data: a text cell
// that Excel, LibreOffice or Google Sheets would run as a formula is
// neutralised with a leading apostrophe, while numbers in numeric columns,
// negative ones included, are written as they are.
package csvsafe

import (
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"
)

// triggers are the first characters that make a spreadsheet read a cell as
// a formula (OWASP's list: = + - @ tab carriage return), with the
// full-width forms that some locales treat the same way.
const triggers = "=+-@\t\r＝＋－＠"

// Neutralise returns the cell with a single quote in front when a
// spreadsheet would run it as a formula, and unchanged otherwise.
func Neutralise(cell string) string {
	r, _ := utf8.DecodeRuneInString(cell)
	if cell != "" && strings.ContainsRune(triggers, r) {
		return "'" + cell
	}
	return cell
}

// IsNumber reports whether s is a plain decimal number such as 12500,
// 12500.50 or -12.50: the only form a numeric column writes unchanged.
func IsNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	return digits(whole) && (!dot || digits(frac))
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Safe returns the cell as it should be written: a plain number in a
// numeric column as it is, anything else neutralised.
func Safe(cell string, numeric bool) string {
	if numeric && IsNumber(cell) {
		return cell
	}
	return Neutralise(cell)
}

// Writer writes records whose cells are made safe column by column.
type Writer struct {
	cw      *csv.Writer
	numeric []bool
	buf     []string
}

// NewWriter returns a writer; numeric[i] marks column i as numeric. Lines end
// in CRLF, as RFC 4180 has them.
func NewWriter(w io.Writer, numeric []bool) *Writer {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &Writer{cw: cw, numeric: numeric}
}

// UseLF makes lines end in a bare line feed, to match a file that uses them.
func (w *Writer) UseLF() { w.cw.UseCRLF = false }

// Write writes one record, each cell made safe.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for i, c := range record {
		w.buf = append(w.buf, Safe(c, i < len(w.numeric) && w.numeric[i]))
	}
	return w.cw.Write(w.buf)
}

// WriteRaw writes a record as it is, for rows read from a file the user
// already keeps (rewriting them must not change them).
func (w *Writer) WriteRaw(record []string) error { return w.cw.Write(record) }

// Flush writes any buffered data and reports the first error.
func (w *Writer) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}
