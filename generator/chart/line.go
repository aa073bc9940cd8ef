package chart

import (
	"strconv"
	"strings"
)

// Lines is a line chart: each series is a line through its values at the
// points named by XLabels. Lines differ by colour, dash and marker shape,
// and the key names each, so no line depends on colour to be told apart.
type Lines struct {
	ID      string
	Title   string
	Desc    string // empty: a description listing every figure is written
	XLabels []string
	XTitle  string // e.g. "Programme year"
	Series  []Series
	// Format writes a value on the vertical axis and in the description;
	// GroupThousands when nil.
	Format func(int64) string
}

// Line geometry, in tenths of a viewBox unit.
const (
	plotH      = 2200
	tickPad    = 80
	rightSpace = 240
	maxTicks   = 5
)

var dashes = []string{"", ` stroke-dasharray="9 5"`, ` stroke-dasharray="3 4"`, ` stroke-dasharray="12 4 3 4"`}

func (c Lines) format(v int64) string {
	if c.Format != nil {
		return c.Format(v)
	}
	return GroupThousands(v)
}

// Description lists each series' values point by point.
func (c Lines) Description() string {
	if c.Desc != "" {
		return c.Desc
	}
	var parts []string
	for _, s := range c.Series {
		var vs []string
		for i, v := range s.Values {
			if i < len(c.XLabels) {
				vs = append(vs, c.XLabels[i]+" "+c.format(v))
			}
		}
		parts = append(parts, s.Name+": "+strings.Join(vs, ", "))
	}
	if len(parts) == 0 {
		return "No figures to show."
	}
	return strings.Join(parts, "; ") + "."
}

// niceRange widens lo..hi to whole steps of 1, 2 or 5 × a power of ten,
// taking the smallest step that needs at most maxTicks of them.
func niceRange(lo, hi int64) (int64, int64, int64) {
	if hi <= lo {
		hi = lo + 1
	}
	floor := func(v, step int64) int64 {
		q := v / step
		if v%step != 0 && v < 0 {
			q--
		}
		return q * step
	}
	ceil := func(v, step int64) int64 {
		q := v / step
		if v%step != 0 && v > 0 {
			q++
		}
		return q * step
	}
	for mag := int64(1); mag <= 1e17; mag *= 10 {
		for _, m := range []int64{1, 2, 5} {
			step := m * mag
			l, h := floor(lo, step), ceil(hi, step)
			if (h-l)/step <= maxTicks {
				return l, h, step
			}
		}
	}
	return lo, hi, hi - lo
}

// marker draws series j's point mark centred on x, y (tenths).
func marker(s *svg, j int, x, y int64, colour string) {
	const r = 50
	switch j % 4 {
	case 0:
		s.raw(`<circle cx="` + num(x) + `" cy="` + num(y) + `" r="` + num(r) + `" fill="` + colour + `"/>`)
	case 1:
		s.rect(x-r, y-r, 2*r, 2*r, colour, "")
	case 2:
		s.raw(`<path d="M` + num(x) + ` ` + num(y-r-10) + `L` + num(x+r+10) + ` ` + num(y+r) + `L` + num(x-r-10) + ` ` + num(y+r) + `Z" fill="` + colour + `"/>`)
	default:
		s.raw(`<path d="M` + num(x) + ` ` + num(y-r-10) + `L` + num(x+r+10) + ` ` + num(y) + `L` + num(x) + ` ` + num(y+r+10) + `L` + num(x-r-10) + ` ` + num(y) + `Z" fill="` + colour + `"/>`)
	}
}

// Draw renders the chart.
func (c Lines) Draw() Figure {
	var body svg
	y := int64(40)
	var items []legendItem
	for j, s := range c.Series {
		j, col := j, colourOf(s, j)
		items = append(items, legendItem{name: s.Name, draw: func(b *svg, x, y int64) {
			b.line(x, y+80, x+200, y+80, col, ` stroke-width="3"`+dashes[j%len(dashes)])
			marker(b, j, x+100, y+80, col)
		}})
	}
	y = body.legend(items, y)

	has := false
	var lo, hi int64
	for _, s := range c.Series {
		for i, v := range s.Values {
			if i >= len(c.XLabels) {
				break
			}
			if !has || v < lo {
				lo = min(v, 0)
			}
			if !has || v > hi {
				hi = max(v, 0)
			}
			has = true
		}
	}
	if !has || len(c.XLabels) == 0 {
		body.text(0, y+250, "start", fontSize, textColour, "No figures to show.", "")
		var s svg
		s.open(c.ID, c.Title, c.Description(), width*10, y+400)
		s.raw(body.b.String())
		s.close()
		return s.figure(c.Title, c.Description())
	}
	lo, hi, step := niceRange(lo, hi)

	left := int64(0)
	for v := lo; v <= hi; v += step {
		left = max(left, textWidth(c.format(v), smallSize))
	}
	left += tickPad + 40
	top := y + 160
	bottom := top + plotH
	plotW := int64(width*10) - left - rightSpace
	yOf := func(v int64) int64 { return bottom - scale(v-lo, hi-lo, plotH) }
	n := int64(len(c.XLabels))
	xOf := func(i int) int64 {
		if n == 1 {
			return left + plotW/2
		}
		return left + scale(int64(i), n-1, plotW)
	}

	for v := lo; v <= hi; v += step {
		yy := yOf(v)
		col, extra := gridColour, ` stroke-width="1"`
		if v == 0 {
			col = axisColour
		}
		body.line(left, yy, left+plotW, yy, col, extra)
		body.text(left-tickPad, yy+45, "end", smallSize, textColour, c.format(v), "")
	}
	body.line(left, top, left, bottom, axisColour, ` stroke-width="1"`)
	slot := plotW / max(n, 1)
	for i, l := range c.XLabels {
		x := xOf(i)
		body.line(x, bottom, x, bottom+60, axisColour, ` stroke-width="1"`)
		chars := int(slot / (smallSize * 6))
		body.text(x, bottom+220, "middle", smallSize, textColour, fit(l, max(chars, 3)), "")
	}
	h := bottom + 320
	if c.XTitle != "" {
		body.text(left+plotW/2, bottom+470, "middle", smallSize, textColour, c.XTitle, "")
		h = bottom + 560
	}
	for j, s := range c.Series {
		col := colourOf(s, j)
		var pts []string
		for i, v := range s.Values {
			if i >= len(c.XLabels) {
				break
			}
			pts = append(pts, num(xOf(i))+","+num(yOf(v)))
		}
		if len(pts) > 1 {
			body.raw(`<polyline points="` + strings.Join(pts, " ") + `" fill="none" stroke="` + col + `" stroke-width="3" stroke-linejoin="round"` + dashes[j%len(dashes)] + `/>`)
		}
		for i, v := range s.Values {
			if i >= len(c.XLabels) {
				break
			}
			marker(&body, j, xOf(i), yOf(v), col)
		}
	}

	var s svg
	s.open(c.ID, c.Title, c.Description(), width*10, h)
	s.raw(body.b.String())
	s.close()
	return s.figure(c.Title, c.Description())
}

// itoa is strconv.Itoa, kept short for building labels.
func itoa(n int) string { return strconv.Itoa(n) }
