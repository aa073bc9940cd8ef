package money

import "testing"

// FuzzParseHours checks hours likewise.
func FuzzParseHours(f *testing.F) {
	for _, s := range []string{"7.5", "", "12", "0.01", "-3", "1.234", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHours(s)
		if err != nil {
			return
		}
		if back, err := ParseHours(h.String()); err != nil || back != h {
			t.Fatalf("ParseHours(%q) = %d, but %q gives %d, %v", s, h, h.String(), back, err)
		}
	})
}
