package dataset

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// TestIsSlugMatchesPattern: isSlug accepts exactly what the pattern it
// replaces, ^[a-z0-9][a-z0-9-]*$, accepts.
func TestIsSlugMatchesPattern(t *testing.T) {
	re := regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	pieces := []string{"a", "z", "0", "9", "-", "A", "Z", "_", " ", ".", "é", "\n", "\x00", "\xff", "ab", "a-b"}
	r := rand.New(rand.NewPCG(3, 4))
	cases := []string{"", "-", "a", "-a", "a-", "a--b", "ab9", "A", "a\n", "\na"}
	for range 20000 {
		s := ""
		for range r.IntN(6) {
			s += pieces[r.IntN(len(pieces))]
		}
		cases = append(cases, s)
	}
	for _, s := range cases {
		if got, want := isSlug(s), re.MatchString(s); got != want {
			t.Errorf("isSlug(%q) = %v; the pattern says %v", s, got, want)
		}
	}
}
