package escape

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// filterCSSValue returns s with its CSS escapes decoded when the result is
// an innocuous CSS value (a quantity, colour, keyword, #id or .class), and
// ZgotmplZ otherwise: when it holds a character that could open or close a
// string, comment, block, function or tag, "--", or an identifier that
// spells "expression" or "mozbinding" once hyphens are ignored. It returns s
// itself when s has no backslash and is innocuous.
func filterCSSValue(s string) string {
	v := s
	if strings.IndexByte(s, '\\') >= 0 {
		v = unescapeCSS(s)
	}
	if !innocuousCSS(v) {
		return failsafe
	}
	return v
}

// cssRefused are the bytes that make a CSS value unsafe wherever they are.
var cssRefused = func() (t [256]bool) {
	for _, c := range []byte("\x00\"'()/;@[\\]`{}<>") {
		t[c] = true
	}
	return t
}()

// innocuousCSS reports whether the decoded CSS value v is safe to use.
func innocuousCSS(v string) bool {
	// The identifier characters of v, lowercased, with '-' left out.
	var buf [64]byte
	ident := buf[:0]
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case cssRefused[c]:
			return false
		case c == '-':
			if i > 0 && v[i-1] == '-' {
				return false
			}
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '_':
			ident = append(ident, c)
		case 'A' <= c && c <= 'Z':
			ident = append(ident, c+'a'-'A')
		}
	}
	return !hasWord(ident, "expression") && !hasWord(ident, "mozbinding")
}

func hasWord(b []byte, w string) bool {
	for i := 0; i+len(w) <= len(b); i++ {
		if string(b[i:i+len(w)]) == w {
			return true
		}
	}
	return false
}

// unescapeCSS decodes the backslash escapes of CSS3 string characters in s:
//
//   - a backslash and one to six hex digits give that code point, with
//     code points beyond Unicode read from the first five digits only,
//     and surrogates and other invalid code points as U+FFFD; one white
//     space character after the digits (CR LF counting as one) is dropped;
//   - a backslash and any other character (one byte of invalid UTF-8
//     counting as a character) give that character;
//   - a backslash at the very end is dropped.
func unescapeCSS(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for {
		k := strings.IndexByte(s, '\\')
		if k < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:k])
		s = s[k+1:] // after the backslash
		if s == "" {
			return b.String()
		}
		if !isHex(s[0]) {
			_, size := utf8.DecodeRuneInString(s)
			b.WriteString(s[:size])
			s = s[size:]
			continue
		}
		n := 1 // hex digits
		for n < 6 && n < len(s) && isHex(s[n]) {
			n++
		}
		r := hexValue(s[:n])
		if r > unicode.MaxRune {
			r >>= 4
			n--
		}
		b.WriteRune(r)
		s = skipCSSSpace(s[n:])
	}
}

// hexValue is the value of at most six hex digits.
func hexValue(digits string) rune {
	var r rune
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		var d byte
		switch {
		case c <= '9':
			d = c - '0'
		case c >= 'a':
			d = c - 'a' + 10
		default:
			d = c - 'A' + 10
		}
		r = r<<4 | rune(d)
	}
	return r
}

// skipCSSSpace drops one CSS white space character (tab, LF, FF, CR, CR LF
// or space) from the front of s.
func skipCSSSpace(s string) string {
	switch {
	case strings.HasPrefix(s, "\r\n"):
		return s[2:]
	case s == "":
		return s
	}
	switch s[0] {
	case '\t', '\n', '\f', '\r', ' ':
		return s[1:]
	}
	return s
}
