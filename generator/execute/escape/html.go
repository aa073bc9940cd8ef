package escape

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// htmlTable says how an HTML escaping function rewrites text. Only ASCII
// characters have replacements of their own; above ASCII, an escaper either
// copies everything (the escapers for text and quoted attributes) or, for
// unquoted attributes, writes a few runes as hexadecimal character
// references.
type htmlTable struct {
	// repl is the replacement for each ASCII byte, "" to keep it.
	repl [utf8.RuneSelf]string
	// stop marks the bytes the scan must look at: those with a
	// replacement and, when hexNonChars is set, every byte above ASCII.
	stop [256]bool
	// hexNonChars makes the escaper write U+FDD0..U+FDEF, U+FFF0..U+FFFF
	// and every byte of invalid UTF-8 (read as U+FFFD, one byte at a time)
	// as "&#x...;".
	hexNonChars bool
}

func newHTMLTable(hexNonChars bool, pairs ...string) *htmlTable {
	t := &htmlTable{hexNonChars: hexNonChars}
	for i := 0; i < len(pairs); i += 2 {
		c := pairs[i][0]
		t.repl[c] = pairs[i+1]
		t.stop[c] = true
	}
	if hexNonChars {
		for c := utf8.RuneSelf; c < 256; c++ {
			t.stop[c] = true
		}
	}
	return t
}

// without returns a copy of t in which c is kept as it is.
func (t *htmlTable) without(c byte) *htmlTable {
	u := *t
	u.repl[c] = ""
	u.stop[c] = false
	return &u
}

var (
	// textTable serves HTML text, RCDATA and quoted attribute values. NUL
	// becomes U+FFFD, as an HTML parser would read it.
	textTable = newHTMLTable(false,
		"\x00", "\uFFFD",
		`"`, "&#34;",
		"&", "&amp;",
		"'", "&#39;",
		"+", "&#43;",
		"<", "&lt;",
		">", "&gt;",
	)
	// textNormTable is textTable for trusted HTML: '&' is kept so that
	// its entities are not escaped twice.
	textNormTable = textTable.without('&')

	// unquotedTable serves unquoted attribute values, where white space,
	// '=' and '`' also end or confuse the value.
	unquotedTable = newHTMLTable(true,
		"\x00", "&#xfffd;",
		"\t", "&#9;",
		"\n", "&#10;",
		"\v", "&#11;",
		"\f", "&#12;",
		"\r", "&#13;",
		" ", "&#32;",
		`"`, "&#34;",
		"&", "&amp;",
		"'", "&#39;",
		"+", "&#43;",
		"<", "&lt;",
		"=", "&#61;",
		">", "&gt;",
		"`", "&#96;",
	)
)

// textEscape escapes s for HTML text, RCDATA or a quoted attribute value.
func textEscape(s string) string { return textTable.escape(s) }

// textNormalize is textEscape for trusted HTML: it keeps '&'.
func textNormalize(s string) string { return textNormTable.escape(s) }

// unquotedEscape escapes s for an unquoted attribute value. An empty value
// becomes ZgotmplZ, since nothing at all would leave the attribute without
// a value and let the next attribute's text take its place.
func unquotedEscape(s string) string {
	if s == "" {
		return failsafe
	}
	return unquotedTable.escape(s)
}

// isNonChar reports whether an unquoted attribute value writes r as a
// hexadecimal character reference. Invalid UTF-8 decodes as U+FFFD, one
// byte at a time, and so is among these runes.
func isNonChar(r rune) bool {
	return 0xfdd0 <= r && r <= 0xfdef || 0xfff0 <= r && r <= 0xffff
}

// nonCharRefs holds the references for the runes of isNonChar: those of
// U+FDD0..U+FDEF, then those of U+FFF0..U+FFFF.
var nonCharRefs = func() (refs [48]string) {
	for i := range refs {
		r := rune(0xfdd0 + i)
		if i >= 32 {
			r = rune(0xfff0 + i - 32)
		}
		refs[i] = "&#x" + strconv.FormatInt(int64(r), 16) + ";"
	}
	return refs
}()

func nonCharRef(r rune) string {
	if r >= 0xfff0 {
		return nonCharRefs[32+r-0xfff0]
	}
	return nonCharRefs[r-0xfdd0]
}

// next finds the first text at or after s[i] that t rewrites, and returns
// where it is, its length in bytes and its replacement; at is len(s) when
// there is none.
func (t *htmlTable) next(s string, i int) (at, size int, repl string) {
	for ; i < len(s); i++ {
		c := s[i]
		if !t.stop[c] {
			continue
		}
		if c < utf8.RuneSelf {
			return i, 1, t.repl[c]
		}
		// Only tables with hexNonChars stop above ASCII.
		r, n := utf8.DecodeRuneInString(s[i:])
		if isNonChar(r) {
			return i, n, nonCharRef(r)
		}
		i += n - 1
	}
	return len(s), 0, ""
}

// escape returns s rewritten by t, or s itself when nothing changes.
func (t *htmlTable) escape(s string) string {
	first, firstSize, firstRepl := t.next(s, 0)
	if first == len(s) {
		return s
	}
	// Size the result exactly, then write it.
	n := len(s)
	for at, size, repl := first, firstSize, firstRepl; at < len(s); at, size, repl = t.next(s, at+size) {
		n += len(repl) - size
	}
	var b strings.Builder
	b.Grow(n)
	done := 0 // s[:done] has been written to b
	for at, size, repl := first, firstSize, firstRepl; at < len(s); at, size, repl = t.next(s, at+size) {
		b.WriteString(s[done:at])
		b.WriteString(repl)
		done = at + size
	}
	b.WriteString(s[done:])
	return b.String()
}
