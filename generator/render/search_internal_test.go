package render

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// lowerFirst is the plain reading Tokens must agree with: lower-case the
// whole text as site.js does, then split it into words.
func lowerFirst(text string) []string {
	text = strings.ToLower(strings.ReplaceAll(text, "İ", "i\u0307"))
	var out []string
	for _, t := range strings.FieldsFunc(text, func(r rune) bool { return !wordRune(r) }) {
		if utf8.RuneCountInString(t) >= minToken {
			out = append(out, t)
		}
	}
	return out
}

// TestTokensMatchLowerFirst checks that Tokens, which splits first and
// lower-cases each word, reads text as lower-casing first would: every
// character keeps its class when lower-cased, and random text, ASCII and
// not, invalid UTF-8 included, gives the same words.
func TestTokensMatchLowerFirst(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if wordRune(r) != wordRune(unicode.ToLower(r)) {
			t.Fatalf("%U changes class when lower-cased to %U", r, unicode.ToLower(r))
		}
	}
	texts := []string{"", "a", "ab", "AB cd", "Debt-advice 2011/12: £5,998 (CAB)", "İSTANBUL İi", "ÉCOLE café Ⅻ ⓐⒶ", "x\xffy\xc3", "@[`{/:09azAZ"}
	pieces := []string{"a", "A", "z", "Z", "0", "9", "_", "-", "/", ":", "@", "[", "`", "{", " ", "\t", "\n", ".", "£", "é", "É", "İ", "ı", "\u0307", "Ⅻ", "Ⓐ", "ß", "ǅ", "\xff", "\xc3", "中", "٣"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for c := 0; c < 128; c++ {
		texts = append(texts, "ab"+string(rune(c))+"cd")
	}
	for _, s := range texts {
		if got, want := Tokens(s), lowerFirst(s); !slices.Equal(got, want) {
			t.Fatalf("%q: Tokens gives %q, lower-casing first %q", s, got, want)
		}
	}
}
