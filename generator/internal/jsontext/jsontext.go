// Package jsontext knows when encoding/json writes a string as it is.
package jsontext

import (
	"strings"
	"unicode/utf8"
)

// safe marks the ASCII bytes that encoding/json writes in a string as they
// are: printable ones but for the quote, the backslash and the three it
// escapes for HTML (<, > and &).
var safe = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = true
	}
	for _, c := range `"\<>&` {
		t[c] = false
	}
	return t
}()

// Plain reports whether encoding/json writes s as a string with no escape:
// `"` + s + `"`. Other characters than ASCII are written as they are, but
// for U+2028, U+2029 and invalid UTF-8.
func Plain(s string) bool {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && safe[s[i]] {
		i++
	}
	if i == len(s) {
		return true
	}
	rest := s[i:]
	for j := 0; j < len(rest); j++ {
		if c := rest[j]; c < utf8.RuneSelf && !safe[c] {
			return false
		}
	}
	return utf8.ValidString(rest) && !strings.Contains(rest, "\u2028") && !strings.Contains(rest, "\u2029")
}
