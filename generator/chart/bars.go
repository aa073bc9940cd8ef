package chart

import "strings"

// Bars is a horizontal bar chart: one row per category, each with one bar
// per series (grouped) or one bar split into the series (stacked). With a
// single series it is a plain bar chart. Labels sit above their bars, so
// long names keep the full width on a narrow screen.
type Bars struct {
	ID     string // unique on its page; used for the title and desc ids
	Title  string
	Desc   string // empty: a description listing every figure is written
	Labels []string
	Series []Series
	// Stacked draws one bar per category made of its series in order;
	// otherwise each series has its own bar, grouped by category.
	Stacked bool
	// Format writes a value, e.g. as money; GroupThousands when nil.
	Format func(int64) string
}

// Bar geometry, in tenths of a viewBox unit.
const (
	labelLineH  = 200 // a line of a category's label
	barH        = 220
	stackH      = 260
	barGap      = 50  // between the bars of one category
	categoryGap = 170 // between categories
	valuePad    = 70  // between a bar's end and its value
	minBarSpace = 1600
)

func (c Bars) format(v int64) string {
	if c.Format != nil {
		return c.Format(v)
	}
	return GroupThousands(v)
}

func (c Bars) value(i, j int) int64 {
	if i < len(c.Series[j].Values) {
		return c.Series[j].Values[i]
	}
	return 0
}

func (c Bars) total(i int) int64 {
	var t int64
	for j := range c.Series {
		if v := c.value(i, j); v > 0 {
			t += v
		}
	}
	return t
}

// valueText is what is written after a bar: the value, and in a grouped
// chart the series' name too, so no bar depends on colour to be read.
func (c Bars) valueText(i, j int) string {
	if c.Stacked {
		return c.format(c.total(i))
	}
	t := c.format(c.value(i, j))
	if len(c.Series) > 1 {
		t = c.Series[j].Name + ": " + t
	}
	return fit(t, 40)
}

// Description lists every category's figures, for the desc element.
func (c Bars) Description() string {
	if c.Desc != "" {
		return c.Desc
	}
	var parts []string
	for i, l := range c.Labels {
		var vs []string
		for j, s := range c.Series {
			t := c.format(c.value(i, j))
			if len(c.Series) > 1 {
				t = s.Name + " " + t
			}
			vs = append(vs, t)
		}
		if c.Stacked && len(c.Series) > 1 {
			vs = append(vs, "total "+c.format(c.total(i)))
		}
		parts = append(parts, l+": "+strings.Join(vs, ", "))
	}
	if len(parts) == 0 {
		return "No figures to show."
	}
	return strings.Join(parts, "; ") + "."
}

// Draw renders the chart.
func (c Bars) Draw() Figure {
	var max, valueW int64
	for i := range c.Labels {
		if c.Stacked {
			max = maxOf(max, c.total(i))
			valueW = maxOf(valueW, textWidth(c.valueText(i, 0), smallSize))
			continue
		}
		for j := range c.Series {
			max = maxOf(max, c.value(i, j))
			valueW = maxOf(valueW, textWidth(c.valueText(i, j), smallSize))
		}
	}
	space := int64(width*10) - valueW - valuePad
	if space < minBarSpace {
		space = minBarSpace
	}

	var body svg
	y := int64(40)
	if len(c.Series) > 1 {
		var items []legendItem
		for j, s := range c.Series {
			col := colourOf(s, j)
			items = append(items, legendItem{name: s.Name, draw: func(b *svg, x, y int64) { b.rect(x, y, 160, 160, col, "") }})
		}
		y = body.legend(items, y) + 60
	}
	if len(c.Labels) == 0 || len(c.Series) == 0 {
		body.text(0, y+150, "start", fontSize, textColour, "No figures to show.", "")
		y += 260
	}
	if len(c.Series) > 0 {
		for i, label := range c.Labels {
			for _, l := range wrap(label, fontSize, width*10, 2) {
				body.text(0, y+160, "start", fontSize, textColour, l, "")
				y += labelLineH
			}
			y += 30
			if c.Stacked {
				x := int64(0)
				for j, s := range c.Series {
					w := scale(c.value(i, j), max, space)
					if w <= 0 {
						continue
					}
					body.rect(x, y, w, stackH, colourOf(s, j), ` stroke="#ffffff" stroke-width="1"`)
					if t := c.format(c.value(i, j)); textWidth(t, smallSize)+80 <= w {
						body.text(x+w/2, y+180, "middle", smallSize, "#ffffff", t, "")
					}
					x += w
				}
				body.text(x+valuePad, y+180, "start", smallSize, textColour, c.valueText(i, 0), "")
				y += stackH
			} else {
				for j, s := range c.Series {
					if j > 0 {
						y += barGap
					}
					w := scale(c.value(i, j), max, space)
					if w > 0 {
						body.rect(0, y, w, barH, colourOf(s, j), "")
					}
					body.text(w+valuePad, y+160, "start", smallSize, textColour, c.valueText(i, j), "")
					y += barH
				}
			}
			y += categoryGap
		}
	}
	h := y + 40 - categoryGap/2
	var s svg
	s.open(c.ID, c.Title, c.Description(), width*10, h)
	s.raw(body.b.String())
	s.close()
	return s.figure(c.Title, c.Description())
}

func maxOf(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}
