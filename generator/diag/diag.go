// Package diag holds positioned diagnostics: the problems found in a site's
// inputs, each naming the file, line and column, collected rather than thrown
// so that one run reports them all.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Diagnostic is one problem in one place. Line and Column are 1-based; a zero
// Line means the problem concerns the file as a whole.
type Diagnostic struct {
	File    string // path relative to the site's source folder, with forward slashes
	Line    int
	Column  int
	Message string
	Value   string // the offending value, shown in brackets; may be empty
	Source  string // the text of the offending line, when known
}

// String renders the diagnostic as `file:line:column: message (value)`.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Column > 0 {
			fmt.Fprintf(&b, ":%d", d.Column)
		}
	}
	b.WriteString(": ")
	b.WriteString(d.Message)
	if d.Value != "" {
		fmt.Fprintf(&b, " (%s)", quoteValue(d.Value))
	}
	return b.String()
}

// quoteValue keeps a value readable on one terminal line: long values are
// shortened and control characters shown escaped.
func quoteValue(v string) string {
	const max = 80
	r := []rune(v)
	if len(r) > max {
		v = string(r[:max]) + "…"
	}
	q := fmt.Sprintf("%q", v)
	q = q[1 : len(q)-1]
	if q == v {
		return v
	}
	return `"` + q + `"`
}

// List collects diagnostics from every stage of a run.
type List struct {
	items []Diagnostic
}

// Add appends a diagnostic.
func (l *List) Add(d Diagnostic) { l.items = append(l.items, d) }

// Addf appends a diagnostic built from its parts.
func (l *List) Addf(file string, line, col int, value, format string, args ...any) {
	l.Add(Diagnostic{File: file, Line: line, Column: col, Value: value, Message: fmt.Sprintf(format, args...)})
}

// Merge appends every diagnostic of other.
func (l *List) Merge(other *List) {
	if other != nil {
		l.items = append(l.items, other.items...)
	}
}

// Len reports how many diagnostics the list holds.
func (l *List) Len() int { return len(l.items) }

// Items returns the diagnostics sorted by file, line and column.
func (l *List) Items() []Diagnostic {
	out := append([]Diagnostic(nil), l.items...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
	return out
}

// Err returns nil when the list is empty, or an *Error holding every item.
func (l *List) Err() error {
	if l.Len() == 0 {
		return nil
	}
	return &Error{Items: l.Items()}
}

// Error is the error a stage returns when its inputs are wrong.
type Error struct {
	Items []Diagnostic
}

func (e *Error) Error() string {
	lines := make([]string, len(e.Items))
	for i, d := range e.Items {
		lines[i] = d.String()
	}
	return strings.Join(lines, "\n")
}

// AttachSources fills each diagnostic's Source with the text of its line,
// reading files through read (which returns nil for an unreadable file).
func AttachSources(items []Diagnostic, read func(file string) []byte) {
	cache := map[string][]string{}
	for i := range items {
		d := &items[i]
		if d.Line <= 0 || d.Source != "" {
			continue
		}
		lines, ok := cache[d.File]
		if !ok {
			if b := read(d.File); b != nil {
				lines = strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
			}
			cache[d.File] = lines
		}
		if d.Line <= len(lines) {
			d.Source = lines[d.Line-1]
		}
	}
}
