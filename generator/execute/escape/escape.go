// Package escape holds html/template's escaping functions as plain Go
// functions, so that an executor of html/template's escaped parse trees can
// call them directly instead of going through text/template's reflection.
//
// After html/template has escaped a template, every output action ends in a
// chain of calls to functions named _html_template_*, for example
//
//	{{.Title | _html_template_htmlescaper}}
//	{{.URL | _html_template_urlfilter | _html_template_urlnormalizer | _html_template_attrescaper}}
//
// Those functions are unexported. Lookup gives this package's version of each
// one it has, and each gives byte-for-byte the output of html/template's own
// function for every argument list: a difference would be an escaping bug.
// The tests hold the package to that by running real html/template templates
// whose escaped pipelines are exactly the functions under test, over a table
// of hostile inputs, typed content and fuzzed strings.
//
// Each function comes in two forms. Func.String takes one argument of type
// string, the common case, and returns its argument itself (no allocation)
// when nothing in it needs escaping. Func.Any takes any argument list, as
// html/template's function does: typed content (template.HTML, template.URL,
// template.CSS, ...) changes what some functions do, pointers are followed,
// untyped nils are skipped, and anything else is formatted with fmt.Sprint,
// so fmt.Stringer and error values give their text.
//
// One case is not reimplemented: _html_template_attrescaper and
// _html_template_nospaceescaper given template.HTML content reduce the HTML
// to its text with html/template's tag stripper, which rests on the whole of
// its HTML context machinery. For that case alone, Func.Any executes a real
// html/template template (a "probe" such as <p title="{{.}}">, escaped once
// and cached) and cuts the value out of its output. Func.String never uses a
// probe.
//
// JavaScript escapers, the srcset escaper, the CSS escaper and the attribute
// name filter are not here; Lookup reports false for them.
package escape

// Func is one of html/template's escaping functions.
type Func struct {
	Name string
	// String escapes one argument of type string (the common case), with no
	// allocation beyond the result where the text needs no escaping.
	String func(s string) string
	// Any escapes any list of arguments exactly as html/template's function
	// does (typed content such as template.HTML or template.URL, nil,
	// pointers, fmt.Stringer, error, numbers, several arguments).
	Any func(args ...any) string
}

// Lookup gives the function html/template calls name in escaped templates
// (e.g. "_html_template_htmlescaper"), or false when this package does not
// have it.
func Lookup(name string) (Func, bool) {
	f, ok := funcs[name]
	return f, ok
}

// failsafe is what html/template writes in place of a value it refuses
// (html/template's filterFailsafe).
const failsafe = "ZgotmplZ"

var funcs = map[string]Func{}

func register(name string, str func(string) string, anyArgs func(...any) string) {
	funcs[name] = Func{Name: name, String: str, Any: anyArgs}
}

func init() {
	register("_html_template_htmlescaper", textEscape, func(args ...any) string {
		s, k := stringify(args)
		if k == kindHTML {
			// Trusted HTML goes into text as it is.
			return s
		}
		return textEscape(s)
	})

	register("_html_template_rcdataescaper", textEscape, func(args ...any) string {
		s, k := stringify(args)
		if k == kindHTML {
			// Trusted HTML keeps its entities; no tags are stripped here.
			return textNormalize(s)
		}
		return textEscape(s)
	})

	register("_html_template_attrescaper", textEscape, func(args ...any) string {
		s, k := stringify(args)
		if k == kindHTML {
			return quotedAttrProbe.run(s)
		}
		return textEscape(s)
	})

	register("_html_template_nospaceescaper", unquotedEscape, func(args ...any) string {
		s, k := stringify(args)
		if s == "" {
			return failsafe
		}
		if k == kindHTML {
			return unquotedAttrProbe.run(s)
		}
		return unquotedEscape(s)
	})

	register("_html_template_urlfilter", filterURL, func(args ...any) string {
		s, k := stringify(args)
		if k == kindURL {
			return s
		}
		return filterURL(s)
	})

	register("_html_template_urlnormalizer", normalizeURL, func(args ...any) string {
		s, _ := stringify(args)
		return normalizeURL(s)
	})

	register("_html_template_urlescaper", escapeURL, func(args ...any) string {
		s, k := stringify(args)
		if k == kindURL {
			// A trusted URL is only normalized, even in a query.
			return normalizeURL(s)
		}
		return escapeURL(s)
	})

	register("_html_template_cssvaluefilter", filterCSSValue, func(args ...any) string {
		s, k := stringify(args)
		if k == kindCSS {
			return s
		}
		return filterCSSValue(s)
	})

	// Whatever is interpolated into an HTML comment is dropped. The
	// arguments are not even formatted, so no String method runs.
	register("_html_template_commentescaper",
		func(string) string { return "" },
		func(...any) string { return "" })
}
