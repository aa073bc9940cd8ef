package render

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"strings"

	"github.com/tscip/tscip/generator/content"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/execute"
	"github.com/tscip/tscip/generator/money"
	"github.com/tscip/tscip/generator/savings"
	"github.com/tscip/tscip/generator/site"
)

// Funcs is the templates' function map. Each function is small and named for
// what it formats; see README.md ("Themes") for the list.
func Funcs() template.FuncMap {
	return template.FuncMap{
		// relURL is .URL as a function: relURL $ "/savings/" gives the
		// link from the current page, relative.
		"relURL": func(c *Context, to string) string { return c.URL(to) },
		// partialCached renders a partial once a page depth and set of
		// keys: partialCached "site-header" $ .Page.Section.
		"partialCached": func(name string, c *Context, keys ...any) (template.HTML, error) {
			return c.partialCached(name, keys...)
		},
		// partialCachedEach renders a partial for each row of a list, as
		// partialCached keyed by the row's CacheKey: one call for a table.
		"partialCachedEach": func(name string, c *Context, rows any) (template.HTML, error) {
			return c.partialCachedEach(name, rows)
		},
		// money formats pence as £426,937 (pence shown only when present).
		"money": func(p money.Pence) string { return p.String() },
		// moneyFull formats pence always with two decimals: £12,500.00.
		"moneyFull": func(p money.Pence) string { return p.Full() },
		// pounds formats pence as a plain decimal for data attributes: 12500.00.
		"pounds": func(p money.Pence) string { return p.Decimal() },
		// date formats a date as 8 September 2011.
		"date": func(d date.Date) string { return d.String() },
		// iso formats a date as 2011-09-08, for <time datetime> and sorting.
		"iso": func(d date.Date) string { return d.ISO() },
		// percent formats a percentage held in tenths (58.0%), or says it is
		// not defined.
		"percent": func(p *savings.Percent) string {
			if p == nil {
				return "not defined"
			}
			return p.String() + "%"
		},
		// share gives part of whole as a whole percentage: 28%.
		"share": func(part, whole any) string {
			a, b := toInt64(part), toInt64(whole)
			if b == 0 {
				return "0%"
			}
			return fmt.Sprintf("%d%%", (a*200+b)/(2*b))
		},
		// plural picks the singular or plural word for n: plural 1 "day" "days".
		"plural": func(n int, one, many string) string {
			if n == 1 || n == -1 {
				return one
			}
			return many
		},
		// dict builds a map for passing several values to a partial:
		// dict "ctx" $ "rows" .Rows.
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict needs pairs of keys and values")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict keys must be strings")
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"add":   func(a, b int) int { return a + b },
		"sub":   func(a, b int) int { return a - b },
		"join":  strings.Join,
		"lower": strings.ToLower,
		// seq returns 1..n, for loops over grid cells.
		"seq": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i + 1
			}
			return out
		},
	}
}

// Fast gives the busiest functions of Funcs, and the Context's methods, in
// the form compiled templates call without reflection (see
// execute.Direct): each does what its namesake does, and whole sites are
// compared with html/template calling the originals
// (TestCompiledTemplatesMatchHTMLTemplate).
func Fast() execute.Fast {
	streams := map[string]execute.Stream{
		"partialCachedEach": func(w *bytes.Buffer, a []reflect.Value) error {
			return a[1].Interface().(*Context).writeCachedEach(w, a[0].String(), a[2].Interface())
		},
	}
	return execute.Fast{Funcs: direct(), Streams: streams, Strings: stringForms(), Methods: map[reflect.Type]map[string]execute.Direct{
		reflect.TypeFor[*Context](): {
			"URL": func(a []reflect.Value) (reflect.Value, error) {
				return reflect.ValueOf(a[0].Interface().(*Context).URL(a[1].String())), nil
			},
			"Abs": func(a []reflect.Value) (reflect.Value, error) {
				return reflect.ValueOf(a[0].Interface().(*Context).Abs(a[1].String())), nil
			},
			"IsSection": func(a []reflect.Value) (reflect.Value, error) {
				return reflect.ValueOf(a[0].Interface().(*Context).IsSection(a[1].String())), nil
			},
			"With": func(a []reflect.Value) (reflect.Value, error) {
				return reflect.ValueOf(a[0].Interface().(*Context).With(a[1].Interface())), nil
			},
		},
		// the page model's methods that the default theme calls on every
		// arrangement or chapter page
		reflect.TypeFor[*site.ArrangementRow](): {
			"StageCosts": func(a []reflect.Value) (reflect.Value, error) {
				return reflect.ValueOf(a[0].Interface().(*site.ArrangementRow).StageCosts()), nil
			},
		},
		reflect.TypeFor[*dataset.Arrangement](): {
			"Rolling": func(a []reflect.Value) (reflect.Value, error) {
				return reflect.ValueOf(a[0].Interface().(*dataset.Arrangement).Rolling()), nil
			},
			"TotalHours": func(a []reflect.Value) (reflect.Value, error) {
				return reflect.ValueOf(a[0].Interface().(*dataset.Arrangement).TotalHours()), nil
			},
		},
		reflect.TypeFor[*content.Page](): {
			"URL": func(a []reflect.Value) (reflect.Value, error) {
				return reflect.ValueOf(a[0].Interface().(*content.Page).URL()), nil
			},
		},
	}}
}

// dateOf reads a date argument without boxing it in an interface. Any
// other value panics, as the function's own type assertion would, and the
// program leaves the page to html/template.
func dateOf(v reflect.Value) date.Date {
	d, ok := reflect.TypeAssert[date.Date](v)
	if !ok {
		panic("date: not a date.Date")
	}
	return d
}

// stringForms gives the busiest functions of Funcs that return a string, as
// they are mostly used: straight into the page (execute.StringForm).
func stringForms() map[string]execute.StringForm {
	return map[string]execute.StringForm{
		"money":     func(a []reflect.Value) (string, error) { return money.Pence(a[0].Int()).String(), nil },
		"moneyFull": func(a []reflect.Value) (string, error) { return money.Pence(a[0].Int()).Full(), nil },
		"pounds":    func(a []reflect.Value) (string, error) { return money.Pence(a[0].Int()).Decimal(), nil },
		"date":      func(a []reflect.Value) (string, error) { return dateOf(a[0]).String(), nil },
		"iso":       func(a []reflect.Value) (string, error) { return dateOf(a[0]).ISO(), nil },
		"relURL": func(a []reflect.Value) (string, error) {
			return a[0].Interface().(*Context).URL(a[1].String()), nil
		},
	}
}

// direct gives the busiest functions of Funcs without reflection: those
// of stringForms, and the partials.
func direct() map[string]execute.Direct {
	html := func(h template.HTML, err error) (reflect.Value, error) { return reflect.ValueOf(h), err }
	d := map[string]execute.Direct{
		"partialCached": func(a []reflect.Value) (reflect.Value, error) {
			return a[1].Interface().(*Context).partialCachedValue(a[0].String(), a[2:])
		},
		"partialCachedEach": func(a []reflect.Value) (reflect.Value, error) {
			return html(a[1].Interface().(*Context).partialCachedEach(a[0].String(), a[2].Interface()))
		},
	}
	for name, f := range stringForms() {
		d[name] = func(a []reflect.Value) (reflect.Value, error) {
			s, err := f(a)
			return reflect.ValueOf(s), err
		}
	}
	return d
}

func toInt64(v any) int64 {
	switch t := v.(type) {
	case int:
		return int64(t)
	case int64:
		return t
	case money.Pence:
		return int64(t)
	case money.Hours:
		return int64(t)
	}
	return 0
}
