package dataset

import "strings"

// folds maps letters with accents, and "&", to what an id spells them as.
var folds = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'æ': "ae", 'ç': "c",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i",
	'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'œ': "oe",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ý': "y", 'ÿ': "y", 'ß': "ss", 'ŵ': "w", 'ŷ': "y",
	'&': "and",
}

// Slugify turns a name or a reference into an id: "St John's Ambulance &
// Co." is st-johns-ambulance-and-co. Apostrophes vanish; accents fold.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case r == '\'' || r == '’' || r == '‘':
		case folds[r] != "":
			if r == '&' && b.Len() > 0 && !dash {
				b.WriteByte('-')
			}
			b.WriteString(folds[r])
			dash = false
			if r == '&' {
				b.WriteByte('-')
				dash = true
			}
		default:
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if len(out) > MaxID {
		out = out[:MaxID]
		if i := strings.LastIndexByte(out, '-'); i > MaxID/2 {
			out = out[:i]
		}
		out = strings.TrimSuffix(out, "-")
	}
	return out
}

// IsID reports whether s is a valid id: a lower-case slug of at most
// MaxID characters.
func IsID(s string) bool { return len(s) <= MaxID && isSlug(s) }

// isSlug reports whether s is a lower-case slug: letters a-z, digits and
// hyphens, not starting with a hyphen (the pattern ^[a-z0-9][a-z0-9-]*$,
// without a regular expression for every cell of a large table).
func isSlug(s string) bool {
	if s == "" || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
