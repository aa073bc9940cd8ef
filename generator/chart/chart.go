// Package chart draws the site's charts as SVG at build time: horizontal
// bars (single, grouped or stacked), lines and a likelihood × impact grid.
// Charts need no JavaScript, scale to any width through their viewBox, name
// themselves to assistive technology (role="img" with a title and a
// description), and escape every piece of text they are given. The same
// input always draws the same bytes. Geometry is worked out in integers
// (tenths of a viewBox unit), so no float rounding can vary between
// machines.
package chart

import (
	"html/template"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Figure is a drawn chart: its title and description, which also sit inside
// the SVG, and the SVG itself, ready to put in a page.
type Figure struct {
	ID    string
	Title string
	Desc  string
	SVG   template.HTML
}

// Series is one set of values, parallel to a chart's categories or points.
type Series struct {
	Name   string
	Values []int64
	// Colour is a fill or stroke such as "#1d70b8"; empty takes the next
	// colour of Palette. Choose colours with a contrast of at least 3:1
	// against white (4.5:1 where white text sits on them).
	Colour string
}

// Palette holds the default colours in the order series take them. Each has
// a contrast of at least 4.5:1 against white, so marks stand out from the
// page and white labels on them stay readable; neighbours differ in hue and
// lightness.
var Palette = []string{"#1d70b8", "#b1560f", "#00703c", "#912b88", "#505a5f", "#d4351c"}

// Colours used for text, axes and gridlines.
const (
	textColour = "#0b0c0c" // 19.6:1 on white
	axisColour = "#505a5f" // 7.1:1 on white
	gridColour = "#b1b4b6" // decorative only
	fontSize   = 16        // viewBox units; 1 unit is 1 CSS pixel at full width
	smallSize  = 14        // values, axes and keys
	width      = 400       // narrow, so text stays legible when a phone scales it down
)

// GroupThousands formats an integer as 426,937; it is the default value
// format of every chart.
func GroupThousands(n int64) string {
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	s := strconv.FormatUint(u, 10)
	var b strings.Builder
	if neg {
		b.WriteString("−")
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func colourOf(s Series, i int) string {
	if c := s.Colour; isColour(c) {
		return c
	}
	return Palette[i%len(Palette)]
}

// isColour accepts #rgb and #rrggbb only, so a colour can never break out of
// its attribute.
func isColour(c string) bool {
	if len(c) != 4 && len(c) != 7 || c[0] != '#' {
		return false
	}
	for _, r := range c[1:] {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
			return false
		}
	}
	return true
}

// esc makes text safe inside an SVG element or attribute, in HTML and in
// XML alike: markup characters become references and characters XML
// forbids become U+FFFD.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&#34;")
		case r == '\'':
			b.WriteString("&#39;")
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0xfffe, r == 0xffff, r >= 0xd800 && r <= 0xdfff, r == utf8.RuneError:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// safeID keeps the letters, digits and hyphens of an id, so it can be used
// in id and aria attributes as it is.
func safeID(id string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(id) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "chart"
	}
	return b.String()
}

// fit shortens text to at most n characters, ending with an ellipsis when
// it had to cut.
func fit(s string, n int) string {
	if n < 1 {
		n = 1
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// wrap breaks text into lines no wider than max (tenths) at a font size,
// at spaces where it can; beyond maxLines the last line is shortened.
func wrap(s string, size int, max int64, maxLines int) []string {
	perLine := int(max / (int64(size) * 6))
	if perLine < 1 {
		perLine = 1
	}
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		next := w
		if cur != "" {
			next = cur + " " + w
		}
		if cur != "" && utf8.RuneCountInString(next) > perLine {
			lines = append(lines, cur)
			next = w
		}
		cur = next
	}
	if cur != "" || len(lines) == 0 {
		lines = append(lines, cur)
	}
	if len(lines) > maxLines {
		rest := strings.Join(lines[maxLines-1:], " ")
		lines = append(lines[:maxLines-1], fit(rest, perLine))
	}
	for i, l := range lines {
		lines[i] = fit(l, perLine)
	}
	return lines
}

// textWidth estimates how wide text is drawn, in tenths of a unit: an
// average character is a little over half the font size.
func textWidth(s string, size int) int64 {
	return int64(utf8.RuneCountInString(s)) * int64(size) * 6
}

// scale returns v ÷ max × length, rounded to the nearest whole tenth; it
// never divides by zero and treats negative values as zero. length is in
// tenths already.
func scale(v, max, length int64) int64 {
	if max <= 0 || v <= 0 || length <= 0 {
		return 0
	}
	if v > max {
		v = max
	}
	n := new(big.Int).Mul(big.NewInt(v), big.NewInt(length))
	n.Add(n, big.NewInt(max/2))
	n.Quo(n, big.NewInt(max))
	return n.Int64()
}

// num formats tenths of a unit: 123 is "12.3", 120 is "12".
func num(t int64) string {
	neg := t < 0
	if neg {
		t = -t
	}
	s := strconv.FormatInt(t/10, 10)
	if f := t % 10; f != 0 {
		s += "." + strconv.FormatInt(f, 10)
	}
	if neg && s != "0" {
		s = "-" + s
	}
	return s
}

// svg accumulates one chart's markup.
type svg struct {
	b  strings.Builder
	id string
}

// open writes the root element with its accessible name and description;
// w and h are the viewBox size in tenths.
func (s *svg) open(id, title, desc string, w, h int64) {
	s.id = safeID(id)
	s.b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 ` + num(w) + ` ` + num(h) +
		`" role="img" aria-labelledby="` + s.id + `-title ` + s.id + `-desc" font-size="` + strconv.Itoa(fontSize) + `">`)
	s.b.WriteString(`<title id="` + s.id + `-title">` + esc(title) + `</title>`)
	s.b.WriteString(`<desc id="` + s.id + `-desc">` + esc(desc) + `</desc>`)
}

func (s *svg) close() { s.b.WriteString(`</svg>`) }

func (s *svg) raw(t string) { s.b.WriteString(t) }

func (s *svg) rect(x, y, w, h int64, fill, extra string) {
	s.b.WriteString(`<rect x="` + num(x) + `" y="` + num(y) + `" width="` + num(w) + `" height="` + num(h) + `" fill="` + fill + `"` + extra + `/>`)
}

func (s *svg) line(x1, y1, x2, y2 int64, stroke, extra string) {
	s.b.WriteString(`<line x1="` + num(x1) + `" y1="` + num(y1) + `" x2="` + num(x2) + `" y2="` + num(y2) + `" stroke="` + stroke + `"` + extra + `/>`)
}

// text writes escaped text with its baseline at y; anchor is "start",
// "middle" or "end".
func (s *svg) text(x, y int64, anchor string, size int, fill, t, extra string) {
	s.b.WriteString(`<text x="` + num(x) + `" y="` + num(y) + `"`)
	if anchor != "start" {
		s.b.WriteString(` text-anchor="` + anchor + `"`)
	}
	if size != fontSize {
		s.b.WriteString(` font-size="` + strconv.Itoa(size) + `"`)
	}
	s.b.WriteString(` fill="` + fill + `"` + extra + `>` + esc(t) + `</text>`)
}

func (s *svg) figure(title, desc string) Figure {
	return Figure{ID: s.id, Title: title, Desc: desc, SVG: template.HTML(s.b.String())}
}

// legendItem is one key entry: a mark and its name.
type legendItem struct {
	name string
	draw func(s *svg, x, y int64) // draws the mark in a 200×140 box at x, y (tenths)
}

// legend lays out key entries left to right, wrapping at the chart's
// width, from y (tenths); it returns the y below it.
func (s *svg) legend(items []legendItem, y int64) int64 {
	if len(items) == 0 {
		return y
	}
	const rowH, markW, gap = 240, 260, 240
	x := int64(0)
	for _, it := range items {
		name := fit(it.name, 40)
		w := markW + textWidth(name, smallSize)
		if x > 0 && x+w > width*10 {
			x, y = 0, y+rowH
		}
		it.draw(s, x, y+20)
		s.text(x+markW, y+150, "start", smallSize, textColour, name, "")
		x += w + gap
	}
	return y + rowH
}
