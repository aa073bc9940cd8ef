package chart

import "strings"

// RiskGrid is a 5 × 5 likelihood × impact grid, the usual picture of a risk
// register: rows run from likelihood 5 at the top to 1 at the bottom,
// columns from impact 1 on the left to 5 on the right, and each cell names
// the risks in it. Cells are shaded by score (likelihood × impact); the key
// names each shade, and the position says the same, so the shading is never
// the only way to read it.
type RiskGrid struct {
	ID    string
	Title string
	Desc  string // empty: a description listing every occupied cell is written
	// Cells[i][j] holds the labels (short ids such as "R3") of the risks
	// of likelihood 5-i and impact j+1.
	Cells [5][5][]string
}

// Grid geometry, in tenths of a viewBox unit.
const (
	cellSize  = 680
	gridTop   = 80
	gridRight = 40
	cellPad   = 70
	lineH     = 190
)

// bands are the shades of the grid, by score.
var bands = []struct {
	upTo int
	name string
	fill string
}{
	{4, "Low (score 1 to 4)", "#cce2d8"},
	{9, "Medium (5 to 9)", "#fff7bf"},
	{14, "High (10 to 14)", "#fcd6c3"},
	{25, "Very high (15 to 25)", "#f0a898"},
}

func band(score int) int {
	for i, b := range bands {
		if score <= b.upTo {
			return i
		}
	}
	return len(bands) - 1
}

// Description lists the occupied cells, most severe first.
func (g RiskGrid) Description() string {
	if g.Desc != "" {
		return g.Desc
	}
	var parts []string
	for i := 0; i < 5; i++ {
		for j := 4; j >= 0; j-- {
			if c := g.Cells[i][j]; len(c) > 0 {
				parts = append(parts, "likelihood "+itoa(5-i)+", impact "+itoa(j+1)+": "+strings.Join(c, ", "))
			}
		}
	}
	if len(parts) == 0 {
		return "No risks to show."
	}
	return "Risks by likelihood and impact. " + strings.Join(parts, "; ") + "."
}

// cellLines packs labels into lines that fit a cell; when more than three
// lines would be needed, the third says how many labels are left out.
func cellLines(labels []string) []string {
	limit := int64(cellSize - 2*cellPad)
	var lines []string
	var counts []int
	for _, l := range labels {
		l = fit(l, 8)
		if n := len(lines); n > 0 && textWidth(lines[n-1]+" "+l, smallSize) <= limit {
			lines[n-1] += " " + l
			counts[n-1]++
			continue
		}
		lines = append(lines, l)
		counts = append(counts, 1)
	}
	if len(lines) > 3 {
		lines = append(lines[:2], "+"+itoa(len(labels)-counts[0]-counts[1])+" more")
	}
	return lines
}

// Draw renders the grid.
func (g RiskGrid) Draw() Figure {
	var body svg
	left := int64(width*10) - gridRight - 5*cellSize
	bottom := int64(gridTop + 5*cellSize)
	// Axis titles and numbers.
	mid := int64(gridTop + 5*cellSize/2)
	body.text(220, mid, "middle", smallSize, textColour, "Likelihood", ` transform="rotate(-90 22 `+num(mid)+`)"`)
	for i := 0; i < 5; i++ {
		y := int64(gridTop + i*cellSize + cellSize/2 + 50)
		body.text(left-100, y, "end", fontSize, textColour, itoa(5-i), "")
	}
	for j := 0; j < 5; j++ {
		x := left + int64(j*cellSize+cellSize/2)
		body.text(x, bottom+230, "middle", fontSize, textColour, itoa(j+1), "")
	}
	body.text(left+5*cellSize/2, bottom+470, "middle", smallSize, textColour, "Impact", "")
	// Cells.
	for i := 0; i < 5; i++ {
		for j := 0; j < 5; j++ {
			x, y := left+int64(j*cellSize), int64(gridTop+i*cellSize)
			body.rect(x, y, cellSize, cellSize, bands[band((5-i)*(j+1))].fill, ` stroke="`+axisColour+`" stroke-width="1"`)
			lines := cellLines(g.Cells[i][j])
			top := y + cellSize/2 - int64(len(lines))*lineH/2 + 130
			for k, l := range lines {
				body.text(x+cellSize/2, top+int64(k)*lineH, "middle", smallSize, textColour, l, ` font-weight="bold"`)
			}
		}
	}
	// Key.
	var items []legendItem
	for _, b := range bands {
		fill := b.fill
		items = append(items, legendItem{name: b.name, draw: func(s *svg, x, y int64) {
			s.rect(x, y, 160, 160, fill, ` stroke="`+axisColour+`" stroke-width="1"`)
		}})
	}
	h := body.legend(items, bottom+600) + 40

	var s svg
	s.open(g.ID, g.Title, g.Description(), width*10, h)
	s.raw(body.b.String())
	s.close()
	return s.figure(g.Title, g.Description())
}
