// Package textcheck finds characters that have no business in a site's
// inputs: control characters and the Unicode direction controls that can
// make text read differently from how it is stored (a "Trojan Source" or
// spoofed file name such as "gnp.exe" shown as "exe.png").
package textcheck

import "fmt"

// IsDirectionControl reports whether r is a bidirectional embedding,
// override or isolate control (U+202A–U+202E, U+2066–U+2069).
func IsDirectionControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// Find returns the 1-based line and character column of the first
// direction control in s, and a message naming it; ok is false when s has
// none.
func Find(s string) (line, col int, msg string, ok bool) {
	line, col = 1, 0
	for _, r := range s {
		col++
		if r == '\n' {
			line, col = line+1, 0
			continue
		}
		if IsDirectionControl(r) {
			return line, col, fmt.Sprintf("text holds a Unicode direction control (U+%04X), which can make it read differently from how it is stored; remove it", r), true
		}
	}
	return 0, 0, "", false
}
