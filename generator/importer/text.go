package importer

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf8"
)

// cp1252 maps the bytes 0x80–0x9F of Windows-1252 to Unicode; the five
// bytes the code page leaves undefined become U+FFFD. Every other byte of
// Windows-1252 is the Latin-1 character of the same number (£ is 0xA3).
var cp1252 = [32]rune{
	'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
	'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
}

// decodeText turns a file's bytes into text: a UTF-8 byte-order mark is
// dropped, and a file that is not valid UTF-8 is read as Windows-1252 (what
// Excel saves as "CSV" on a British PC). The note says which it did.
func decodeText(b []byte) (text, note string, err error) {
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return "", "", errors.New("the file is UTF-16 text (Excel's \"Unicode text\"): save it as \"CSV UTF-8\" and import that")
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf8.Valid(b) {
		return string(b), "", nil
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for _, c := range b {
		switch {
		case c < 0x80:
			sb.WriteByte(c)
		case c < 0xA0:
			sb.WriteRune(cp1252[c-0x80])
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String(), "the file is not UTF-8: read it as Windows-1252", nil
}
