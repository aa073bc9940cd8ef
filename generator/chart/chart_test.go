package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// element is an SVG element as a test reads it.
type element struct {
	Name  string
	Attrs map[string]string
	Text  string
}

// parse reads an SVG with encoding/xml, failing the test when it is not
// well-formed, and returns its elements in document order.
func parse(t *testing.T, svg string) []element {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	d.Strict = true
	var out []element
	var stack []int
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the SVG is not well-formed XML: %v\n%s", err, svg)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			e := element{Name: v.Name.Local, Attrs: map[string]string{}}
			for _, a := range v.Attr {
				e.Attrs[a.Name.Local] = a.Value
			}
			out = append(out, e)
			stack = append(stack, len(out)-1)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				out[stack[len(stack)-1]].Text += string(v)
			}
		}
	}
	if len(out) == 0 || out[0].Name != "svg" {
		t.Fatalf("the root element is not svg:\n%s", svg)
	}
	return out
}

// checkAccessible asserts what a screen reader relies on: role="img", and
// aria-labelledby naming a title and a description that exist and say
// something.
func checkAccessible(t *testing.T, f Figure, wantTitle string) []element {
	t.Helper()
	els := parse(t, string(f.SVG))
	root := els[0]
	if root.Attrs["role"] != "img" {
		t.Errorf("role = %q, want img", root.Attrs["role"])
	}
	if !strings.HasPrefix(root.Attrs["viewBox"], "0 0 ") {
		t.Errorf("viewBox = %q: the chart must scale by its viewBox", root.Attrs["viewBox"])
	}
	if _, ok := root.Attrs["width"]; ok {
		t.Errorf("the svg has a fixed width; it must scale with the page")
	}
	ids := strings.Fields(root.Attrs["aria-labelledby"])
	if len(ids) != 2 {
		t.Fatalf("aria-labelledby = %q, want the title's and the description's ids", root.Attrs["aria-labelledby"])
	}
	byID := map[string]element{}
	for _, e := range els {
		if id := e.Attrs["id"]; id != "" {
			if _, dup := byID[id]; dup {
				t.Errorf("id %q is used twice", id)
			}
			byID[id] = e
		}
	}
	title, desc := byID[ids[0]], byID[ids[1]]
	if title.Name != "title" || title.Text != wantTitle {
		t.Errorf("aria-labelledby's first id names <%s>%q, want <title>%q", title.Name, title.Text, wantTitle)
	}
	if desc.Name != "desc" || strings.TrimSpace(desc.Text) == "" {
		t.Errorf("aria-labelledby's second id names <%s>%q, want a non-empty <desc>", desc.Name, desc.Text)
	}
	if f.Title != wantTitle || f.Desc != desc.Text {
		t.Errorf("Figure says title %q, desc %q; the SVG says %q, %q", f.Title, f.Desc, title.Text, desc.Text)
	}
	return els
}

func num10(t *testing.T, s string) int64 {
	t.Helper()
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return int64(f*10 + 0.5)
}

// rects returns the widths (in tenths) of the rects filled with colour.
func rects(t *testing.T, els []element, colour string) []int64 {
	var out []int64
	for _, e := range els {
		if e.Name == "rect" && e.Attrs["fill"] == colour {
			out = append(out, num10(t, e.Attrs["width"]))
		}
	}
	return out
}

func texts(els []element) []string {
	var out []string
	for _, e := range els {
		if e.Name == "text" {
			out = append(out, e.Text)
		}
	}
	return out
}

func TestBarsLengthsAreProportional(t *testing.T) {
	f := Bars{ID: "chart-groups", Title: "Annual investment by provider group",
		Labels: []string{"Citizens Advice Bureaux", "CVSs and VAST", "Asist"},
		Series: []Series{{Name: "Annual value", Values: []int64{179637817, 229748683, 190435000}, Colour: "#1d70b8"}}}.Draw()
	els := checkAccessible(t, f, "Annual investment by provider group")
	w := rects(t, els, "#1d70b8")
	if len(w) != 3 {
		t.Fatalf("drew %d bars, want 3", len(w))
	}
	// The longest bar is the largest value; the others are in proportion,
	// to within a tenth of a unit of rounding.
	for i, v := range []int64{179637817, 229748683, 190435000} {
		want := float64(w[1]) * float64(v) / 229748683
		if d := float64(w[i]) - want; d > 1 || d < -1 {
			t.Errorf("bar %d is %d tenths long, want %.1f (proportional to %d)", i, w[i], want, v)
		}
	}
	got := strings.Join(texts(els), "|")
	for _, want := range []string{"Citizens Advice Bureaux", "CVSs and VAST", "Asist", "229,748,683"} {
		if !strings.Contains(got, want) {
			t.Errorf("the chart does not show %q; its text is %s", want, got)
		}
	}
}

func TestBarsFormatAndDescription(t *testing.T) {
	pounds := func(v int64) string { return "£" + GroupThousands(v/100) }
	f := Bars{ID: "x", Title: "Staff cost", Labels: []string{"Monitoring", "Payments"},
		Series: []Series{{Name: "Cost", Values: []int64{20198847, 5040539}}}, Format: pounds}.Draw()
	els := checkAccessible(t, f, "Staff cost")
	if want := "Monitoring: £201,988; Payments: £50,405."; f.Desc != want {
		t.Errorf("description = %q, want %q", f.Desc, want)
	}
	if got := strings.Join(texts(els), "|"); !strings.Contains(got, "£201,988") {
		t.Errorf("values are not written with the format: %s", got)
	}
}

func TestGroupedBarsNameEverySeries(t *testing.T) {
	f := Bars{ID: "cmp", Title: "Now and together", Labels: []string{"All partners", "Five partners"},
		Series: []Series{
			{Name: "Cost now", Values: []int64{426937, 347365}, Colour: "#505a5f"},
			{Name: "Together", Values: []int64{109289, 81867}, Colour: "#1d70b8"},
		}}.Draw()
	els := checkAccessible(t, f, "Now and together")
	now, together := rects(t, els, "#505a5f"), rects(t, els, "#1d70b8")
	// One legend swatch and one bar per category for each series.
	if len(now) != 3 || len(together) != 3 {
		t.Fatalf("got %d and %d rects, want a key swatch and two bars for each series", len(now), len(together))
	}
	if r := float64(together[1]) / float64(now[1]); r < 0.25 || r > 0.27 {
		t.Errorf("109,289 against 426,937 drawn at ratio %.3f", r)
	}
	// No bar depends on its colour: the words beside it name the series.
	got := strings.Join(texts(els), "|")
	for _, want := range []string{"Cost now: 426,937", "Together: 81,867"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in %s", want, got)
		}
	}
}

func TestStackedBarsAddUp(t *testing.T) {
	f := Bars{ID: "st", Title: "Decisions by subject", Stacked: true, Labels: []string{"Debt advice", "Framework"},
		Series: []Series{
			{Name: "Aligned budgets", Values: []int64{2, 0}, Colour: "#00703c"},
			{Name: "Pending", Values: []int64{13, 13}, Colour: "#b1560f"},
		}}.Draw()
	els := checkAccessible(t, f, "Decisions by subject")
	green, orange := rects(t, els, "#00703c"), rects(t, els, "#b1560f")
	// Key swatch plus segments; a zero segment is not drawn.
	if len(green) != 2 || len(orange) != 3 {
		t.Fatalf("segments: %d green, %d orange", len(green), len(orange))
	}
	if green[1]+orange[1] <= orange[2] {
		t.Errorf("the 15 bar (%d+%d) is not longer than the 13 bar (%d)", green[1], orange[1], orange[2])
	}
	if !strings.Contains(f.Desc, "total 15") {
		t.Errorf("description does not give the total: %q", f.Desc)
	}
}

func TestHostileTextIsEscaped(t *testing.T) {
	evil := `<script>alert("x")</script> & 'friends' ` + "\x00\x1b"
	for name, f := range map[string]Figure{
		"bars":  Bars{ID: `a"b<c>`, Title: evil, Labels: []string{evil}, Series: []Series{{Name: evil, Values: []int64{1}, Colour: `red" onload="x`}}}.Draw(),
		"lines": Lines{ID: "l", Title: evil, XLabels: []string{evil, "2"}, XTitle: evil, Series: []Series{{Name: evil, Values: []int64{1, 2}}}}.Draw(),
		"grid":  RiskGrid{ID: "g", Title: evil, Cells: [5][5][]string{{{evil}}}}.Draw(),
	} {
		t.Run(name, func(t *testing.T) {
			s := string(f.SVG)
			for _, bad := range []string{"<script", "onload", `"x"`, "\x00", "\x1b"} {
				if strings.Contains(s, bad) {
					t.Errorf("the SVG contains %q unescaped:\n%s", bad, s)
				}
			}
			els := parse(t, s)
			found := false
			for _, e := range els {
				found = found || e.Name == "title" && strings.Contains(e.Text, `<script>alert("x")</script> & 'friends'`)
			}
			if !found {
				t.Errorf("the title does not read back as the text given")
			}
		})
	}
}

func TestEmptyDataDrawsWithoutDividingByZero(t *testing.T) {
	for name, f := range map[string]Figure{
		"no bars":        Bars{ID: "a", Title: "Nothing"}.Draw(),
		"no series":      Bars{ID: "b", Title: "Nothing", Labels: []string{"One"}}.Draw(),
		"all zero":       Bars{ID: "c", Title: "Zeros", Labels: []string{"One", "Two"}, Series: []Series{{Name: "n", Values: []int64{0, 0}}}}.Draw(),
		"negative":       Bars{ID: "d", Title: "Below zero", Labels: []string{"One"}, Series: []Series{{Name: "n", Values: []int64{-5}}}}.Draw(),
		"short values":   Bars{ID: "e", Title: "Short", Labels: []string{"One", "Two"}, Series: []Series{{Name: "n", Values: []int64{3}}}}.Draw(),
		"no lines":       Lines{ID: "f", Title: "Nothing"}.Draw(),
		"one point":      Lines{ID: "g", Title: "One", XLabels: []string{"Start"}, Series: []Series{{Name: "n", Values: []int64{0}}}}.Draw(),
		"flat zero":      Lines{ID: "h", Title: "Flat", XLabels: []string{"1", "2"}, Series: []Series{{Name: "n", Values: []int64{0, 0}}}}.Draw(),
		"empty grid":     RiskGrid{ID: "i", Title: "No risks"}.Draw(),
		"crowded cell":   RiskGrid{ID: "j", Title: "Many", Cells: [5][5][]string{{{"R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12"}}}}.Draw(),
		"negative lines": Lines{ID: "k", Title: "Net", XLabels: []string{"1", "2", "3"}, Series: []Series{{Name: "net", Values: []int64{-60000, -114556, 130522}}}}.Draw(),
	} {
		t.Run(name, func(t *testing.T) {
			els := checkAccessible(t, f, f.Title)
			for _, e := range els {
				for k, v := range e.Attrs {
					if strings.Contains(v, "NaN") || strings.Contains(v, "Inf") {
						t.Errorf("<%s %s=%q>", e.Name, k, v)
					}
				}
				if e.Name == "rect" && strings.HasPrefix(e.Attrs["width"], "-") {
					t.Errorf("a rect has a negative width: %v", e.Attrs)
				}
			}
		})
	}
}

func TestRiskGridPlacesRisks(t *testing.T) {
	var cells [5][5][]string
	cells[0][4] = []string{"R1"}       // likelihood 5, impact 5
	cells[4][0] = []string{"R2", "R3"} // likelihood 1, impact 1
	f := RiskGrid{ID: "risks", Title: "Open risks", Cells: cells}.Draw()
	els := checkAccessible(t, f, "Open risks")
	n := 0
	for _, e := range els {
		if e.Name == "rect" && e.Attrs["width"] == e.Attrs["height"] && e.Attrs["width"] == num(cellSize) {
			n++
		}
	}
	if n != 25 {
		t.Errorf("drew %d cells, want 25", n)
	}
	pos := func(label string) (x, y int64) {
		for _, e := range els {
			if e.Name == "text" && strings.Contains(e.Text, label) {
				return num10(t, e.Attrs["x"]), num10(t, e.Attrs["y"])
			}
		}
		t.Fatalf("%s is not in the grid", label)
		return
	}
	x1, y1 := pos("R1")
	x2, y2 := pos("R2 R3")
	if !(x1 > x2 && y1 < y2) {
		t.Errorf("R1 (likelihood 5, impact 5) at %d,%d is not above and right of R2 (1, 1) at %d,%d", x1, y1, x2, y2)
	}
	if want := "likelihood 5, impact 5: R1"; !strings.Contains(f.Desc, want) {
		t.Errorf("description %q lacks %q", f.Desc, want)
	}
	if got := cellLines([]string{"R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12"}); len(got) != 3 || !strings.HasSuffix(got[2], "more") {
		t.Errorf("a crowded cell shows %q, want three lines ending in how many more", got)
	}
}

func TestLinesRiseWithValues(t *testing.T) {
	f := Lines{ID: "cum", Title: "Cumulative", XLabels: []string{"Start", "1", "2"}, XTitle: "Year",
		Series: []Series{{Name: "Savings so far", Values: []int64{0, 100, 300}}, {Name: "Cost so far", Values: []int64{0, 200, 250}}}}.Draw()
	els := checkAccessible(t, f, "Cumulative")
	var lines []string
	for _, e := range els {
		if e.Name == "polyline" {
			lines = append(lines, e.Attrs["points"])
		}
	}
	if len(lines) != 2 {
		t.Fatalf("drew %d lines, want 2", len(lines))
	}
	ys := func(points string) []int64 {
		var out []int64
		for _, p := range strings.Fields(points) {
			out = append(out, num10(t, p[strings.Index(p, ",")+1:]))
		}
		return out
	}
	s, c := ys(lines[0]), ys(lines[1])
	// SVG's y grows downwards: more money is higher up the chart.
	if !(s[0] > s[1] && s[1] > s[2]) {
		t.Errorf("savings 0, 100, 300 drawn at y %v", s)
	}
	if !(c[1] < s[1] && c[2] > s[2]) {
		t.Errorf("cost (200 then 250) should be above savings (100) in year 1 and below (300) in year 2: %v against %v", c, s)
	}
	// The two lines differ by more than colour.
	if !strings.Contains(string(f.SVG), "stroke-dasharray") {
		t.Errorf("the second line is not dashed")
	}
	got := strings.Join(texts(els), "|")
	for _, want := range []string{"Savings so far", "Cost so far", "Year", "Start"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in %s", want, got)
		}
	}
}

func TestNiceRange(t *testing.T) {
	for _, c := range []struct{ lo, hi, wantLo, wantHi, wantStep int64 }{
		{0, 35552241, 0, 40000000, 10000000},
		{0, 1, 0, 1, 1},
		{0, 0, 0, 1, 1},
		{-11455608, 13052241, -20000000, 20000000, 10000000},
		{0, 38, 0, 40, 10},
	} {
		lo, hi, step := niceRange(c.lo, c.hi)
		if lo != c.wantLo || hi != c.wantHi || step != c.wantStep {
			t.Errorf("niceRange(%d, %d) = %d, %d, %d; want %d, %d, %d", c.lo, c.hi, lo, hi, step, c.wantLo, c.wantHi, c.wantStep)
		}
		if (hi-lo)/step > maxTicks {
			t.Errorf("niceRange(%d, %d) gives %d steps", c.lo, c.hi, (hi-lo)/step)
		}
	}
}

// TestPaletteContrast keeps every default colour at 4.5:1 or more against
// white, enough for a mark (3:1) and for white text on it (4.5:1), and the
// text and axis colours legible.
func TestPaletteContrast(t *testing.T) {
	for _, c := range append(append([]string{}, Palette...), textColour, axisColour) {
		if r := contrast(c, "#ffffff"); r < 4.5 {
			t.Errorf("%s has contrast %.2f:1 against white, want at least 4.5:1", c, r)
		}
	}
	for _, b := range bands {
		if r := contrast(textColour, b.fill); r < 4.5 {
			t.Errorf("text on the %q shade %s has contrast %.2f:1, want at least 4.5:1", b.name, b.fill, r)
		}
	}
}

// contrast is the WCAG contrast ratio of two #rrggbb colours. Floats are
// fine here: this is a test's measurement, not money.
func contrast(a, b string) float64 {
	lum := func(h string) float64 {
		var c [3]float64
		for i := range c {
			v, _ := strconv.ParseUint(h[1+2*i:3+2*i], 16, 8)
			x := float64(v) / 255
			if x <= 0.03928 {
				c[i] = x / 12.92
			} else {
				c[i] = math.Pow((x+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TestGolden pins the exact bytes of one chart of each kind, so a change to
// the drawing shows up as a diff to inspect; go test -update rewrites them.
// Drawing twice gives the same bytes.
func TestGolden(t *testing.T) {
	var cells [5][5][]string
	cells[2][4] = []string{"R1"}
	cells[1][3] = []string{"R2"}
	cells[2][2] = []string{"R3", "R8"}
	for name, draw := range map[string]func() Figure{
		"bars": func() Figure {
			return Bars{ID: "chart-groups", Title: "Annual investment by provider group",
				Labels: []string{"Citizens Advice Bureaux", "CVSs and VAST", "Asist"},
				Series: []Series{{Name: "Annual value", Values: []int64{179637817, 229748683, 190435000}}}}.Draw()
		},
		"stacked": func() Figure {
			return Bars{ID: "chart-decisions", Title: "Decisions by subject", Stacked: true,
				Labels: []string{"Debt, Benefits and Consumer Advice", "Third Sector Commissioning Framework"},
				Series: []Series{{Name: "Aligned budgets", Values: []int64{2, 0}}, {Name: "Adopt", Values: []int64{0, 2}}, {Name: "Pending", Values: []int64{13, 13}}}}.Draw()
		},
		"lines": func() Figure {
			return Lines{ID: "chart-cumulative", Title: "Cumulative savings against programme cost",
				XLabels: []string{"Start", "1", "2", "3", "4", "5", "6"}, XTitle: "End of programme year",
				Series: []Series{
					{Name: "Savings so far", Values: []int64{0, 0, 1544392, 9081574, 19669841, 30258108, 35552241}},
					{Name: "Programme cost so far", Values: []int64{0, 6000000, 13000000, 17500000, 19500000, 21000000, 22500000}},
				}}.Draw()
		},
		"grid": func() Figure { return RiskGrid{ID: "chart-risks", Title: "Open risks", Cells: cells}.Draw() },
	} {
		t.Run(name, func(t *testing.T) {
			got := []byte(draw().SVG)
			if again := []byte(draw().SVG); !bytes.Equal(got, again) {
				t.Fatalf("two drawings of the same chart differ")
			}
			path := filepath.Join("testdata", name+".svg")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the drawing; inspect it, then go test -update\n got: %s", path, got)
			}
		})
	}
}
