package config

import (
	"strconv"
	"strings"
)

// locator finds the line and column of a key in TOML source, because the
// TOML decoder reports positions only for syntax errors.
type locator struct {
	lines []string
}

func newLocator(src []byte) *locator {
	return &locator{lines: strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")}
}

// find returns the position of a dotted key. A path element written
// "name#i" means the i-th table of the array of tables "name". When the key
// itself cannot be found, the position of its table is returned, else 1:1.
func (l *locator) find(key string) (line, col int) {
	parts := strings.Split(key, ".")
	table := parts[:len(parts)-1]
	name := parts[len(parts)-1]
	var want string
	index := -1
	for i, p := range table {
		if n, idx, ok := strings.Cut(p, "#"); ok {
			table[i] = n
			index, _ = strconv.Atoi(idx)
		}
	}
	want = strings.Join(table, ".")
	current, count := "", map[string]int{}
	tableLine := 0
	for i, raw := range l.lines {
		t := strings.TrimSpace(raw)
		if strings.HasPrefix(t, "[") {
			h := strings.Trim(strings.SplitN(t, "#", 2)[0], "[] \t")
			if h == key {
				// the key is itself a table, e.g. a misspelt [sharedcost]
				return i + 1, strings.Index(raw, "[") + 1
			}
			current = h
			if strings.HasPrefix(t, "[[") {
				count[h]++
			}
			if h == want && (index < 0 || count[h]-1 == index) {
				tableLine = i + 1
			}
			continue
		}
		if current != want || (index >= 0 && count[want]-1 != index) {
			// dotted keys at the top level, e.g. shared_cost.fixed = 1
			if current == "" && want != "" && strings.HasPrefix(t, want+"."+name) {
				return i + 1, strings.Index(raw, want) + 1
			}
			continue
		}
		k := strings.TrimSpace(strings.SplitN(t, "=", 2)[0])
		k = strings.Trim(k, `"'`)
		if k == name && strings.Contains(t, "=") {
			return i + 1, strings.Index(raw, strings.TrimSpace(raw)) + 1
		}
	}
	if tableLine > 0 {
		return tableLine, 1
	}
	return 1, 1
}

// tableLine returns the line of the i-th [[name]] table.
func (l *locator) tableLine(name string, i int) int {
	n := 0
	for j, raw := range l.lines {
		t := strings.TrimSpace(raw)
		if strings.HasPrefix(t, "[["+name+"]]") {
			if n == i {
				return j + 1
			}
			n++
		}
	}
	return 0
}
