package escape

import "strings"

// filterURL returns s, or "#ZgotmplZ" when s names a scheme other than
// http, https or mailto. The scheme is whatever comes before the first ':',
// unless that contains a '/' (then the ':' is in a path and s is relative).
// Scheme names are compared with strings.EqualFold, that is with Unicode
// case folding, as html/template does.
func filterURL(s string) string {
	colon := strings.IndexByte(s, ':')
	if colon < 0 {
		return s
	}
	scheme := s[:colon]
	if strings.IndexByte(scheme, '/') >= 0 ||
		strings.EqualFold(scheme, "http") ||
		strings.EqualFold(scheme, "https") ||
		strings.EqualFold(scheme, "mailto") {
		return s
	}
	return "#" + failsafe
}

// urlByte classifies the bytes of a URL for percent-encoding.
type urlByte uint8

const (
	urlEncode     urlByte = iota // always percent-encoded
	urlUnreserved                // never: RFC 3986 unreserved characters
	urlReserved                  // kept when normalizing, encoded in a query
)

var urlBytes = func() (t [256]urlByte) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = urlUnreserved
		t[c-'a'+'A'] = urlUnreserved
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = urlUnreserved
	}
	for _, c := range []byte("-._~") {
		t[c] = urlUnreserved
	}
	// RFC 3986 reserved characters except the single quote and the
	// parentheses, which are always encoded so that the result can sit in
	// a single-quoted attribute or an unquoted CSS url(...).
	for _, c := range []byte("!#$&*+,/:;=?@[]") {
		t[c] = urlReserved
	}
	return t
}()

// normalizeURL percent-encodes the bytes of s that cannot appear in a URL,
// keeping reserved characters and existing %XX escapes; it returns s itself
// when nothing changes. '&' is kept: in an attribute it still needs HTML
// escaping.
func normalizeURL(s string) string { return percentEncode(s, true) }

// escapeURL percent-encodes every byte of s other than RFC 3986 unreserved
// characters, for a part of a URL's query or fragment. The result needs no
// further HTML escaping.
func escapeURL(s string) string { return percentEncode(s, false) }

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

const lowerHex = "0123456789abcdef"

// percentEncode encodes s byte by byte (treating it as UTF-8, so non-ASCII
// characters are encoded byte by byte too) with lowercase hex digits. When
// normalize is set, reserved characters are kept and so is a '%' followed
// by two hex digits.
func percentEncode(s string, normalize bool) string {
	first := nextToEncode(s, 0, normalize)
	if first == len(s) {
		return s
	}
	n := len(s)
	for i := first; i < len(s); i = nextToEncode(s, i+1, normalize) {
		n += 2
	}
	var b strings.Builder
	b.Grow(n)
	done := 0 // s[:done] has been written to b
	for i := first; i < len(s); i = nextToEncode(s, i+1, normalize) {
		c := s[i]
		b.WriteString(s[done:i])
		b.WriteByte('%')
		b.WriteByte(lowerHex[c>>4])
		b.WriteByte(lowerHex[c&0xf])
		done = i + 1
	}
	b.WriteString(s[done:])
	return b.String()
}

// nextToEncode is the index of the first byte at or after s[i] that
// percentEncode encodes, or len(s).
func nextToEncode(s string, i int, normalize bool) int {
	for ; i < len(s); i++ {
		c := s[i]
		switch urlBytes[c] {
		case urlUnreserved:
			continue
		case urlReserved:
			if normalize {
				continue
			}
		default:
			if c == '%' && normalize && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		}
		return i
	}
	return len(s)
}
