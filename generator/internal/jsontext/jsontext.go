// Package jsontext quotes strings as encoding/json does, without its
// reflection, for the JSON files written by hand (the downloads and the
// search index).
package jsontext

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// Append appends s quoted as json.Marshal quotes it. Text that needs no
// escape, the common case, is copied as it is; anything else goes through
// encoding/json.
func Append(b []byte, s string) []byte {
	if !plain(s) {
		q, _ := json.Marshal(s) // a string always marshals
		return append(b, q...)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// Write is Append for a bytes.Buffer.
func Write(w *bytes.Buffer, s string) {
	if !plain(s) {
		q, _ := json.Marshal(s) // a string always marshals
		w.Write(q)
		return
	}
	w.WriteByte('"')
	w.WriteString(s)
	w.WriteByte('"')
}

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

// plain reports whether encoding/json writes s with no escape. Other
// characters than ASCII are written as they are, but for U+2028, U+2029
// and invalid UTF-8.
func plain(s string) bool {
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
