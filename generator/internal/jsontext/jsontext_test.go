package jsontext

import (
	"encoding/json"
	"testing"
)

// FuzzPlain checks Plain against encoding/json: a string is plain exactly
// when json.Marshal gives it back between quotes.
func FuzzPlain(f *testing.F) {
	for _, s := range []string{"", "plain id-1", `quote " and \ slash`, "<script>&", "Fish & chips", "line\nbreak", "tab\t",
		"£12,500 – café", "\u2028", "é\u2029", "\xff", "caf\xc3", "naïve <b>", "Ünïcode\x00", "\x7f del", "emoji 🙂"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if want := string(q) == `"`+s+`"`; Plain(s) != want {
			t.Errorf("Plain(%q) = %v; json.Marshal gives %s", s, !want, q)
		}
	})
}
