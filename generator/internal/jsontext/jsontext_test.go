package jsontext

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzAppend checks Append and Write against json.Marshal, after text
// already in the buffer.
func FuzzAppend(f *testing.F) {
	for _, s := range []string{"", "plain id-1", `quote " and \ slash`, "<script>&", "Fish & chips", "line\nbreak", "tab\t",
		"£12,500 – café", "\u2028", "é\u2029", "\xff", "caf\xc3", "naïve <b>", "Ünïcode\x00", "\x7f del", "emoji 🙂"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := Append([]byte("x,"), s); string(got) != "x,"+string(want) {
			t.Errorf("Append(%q) = %s, want x,%s", s, got, want)
		}
		w := bytes.NewBufferString("x,")
		if Write(w, s); w.String() != "x,"+string(want) {
			t.Errorf("Write(%q) = %s, want x,%s", s, w, want)
		}
	})
}
