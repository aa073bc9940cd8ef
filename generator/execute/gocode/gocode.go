// Package gocode writes Go source that runs escaped html/template templates
// with the types of their data known in advance: a field is a field access,
// a method a method call, an escaper a call of package escape's string form,
// printf of %s a concatenation, a dict of constant keys a struct. It is what
// execute's programs do, without looking anything up while a page renders.
//
// The generated code is only ever a shortcut. Where a template uses
// anything this package does not translate exactly, Add fails and the
// template keeps running through its program. Where a value at run time is
// not what the code was written for (an interface holding another type, a
// nil pointer, an error from a function, a panic), the code returns
// execute.ErrFallback and the caller runs the template the usual way, which
// gives the exact output or the exact error.
//
// Interface-typed values are the one thing reflection cannot see through:
// a field of type any (the page's Data) is read as the concrete type a
// Hint names, behind a type assertion.
package gocode

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/format"
	"html/template"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/tscip/tscip/generator/execute/escape"
)

// Options say what the generated file is and what it may call.
type Options struct {
	Package string // the generated file's package name
	PkgPath string // its import path: its own types are named without a qualifier
	// Funcs is the templates' function map, and FuncsExpr the Go
	// expression that gives the same map in the generated package; each
	// function used is asserted once to its type.
	Funcs     template.FuncMap
	FuncsExpr string
	// Hash names the templates the code is generated from; the file
	// declares it as the constant generatedFrom.
	Hash string
	// Records are functions of Funcs that make a map of their arguments,
	// taken as pairs of a string key and a value (Hugo's dict). A call
	// whose keys are constants becomes a struct with a field for each,
	// of the type of its value, as long as the map is only read by key
	// or handed to a template.
	Records []string
	// Streams give, for functions of Funcs that return trusted HTML, a Go
	// expression for a function that writes that HTML to the page
	// instead: func(w *bytes.Buffer, the same parameters) error. It is
	// called where the HTML would go into the page's text unchanged,
	// {{partialCachedEach "row" $ .Rows}}, so that a long table is not
	// made into a string first.
	Streams map[string]string
}

// Hints give the concrete type that a field of interface type holds, keyed
// "Type.Field" with Type as reflect prints it ("site.Page.Data"). The
// generated code asserts it; another type at run time falls back.
type Hints map[string]reflect.Type

// File collects generated functions for one Go source file.
type File struct {
	opt     Options
	imports map[string]string  // import path -> name used
	names   map[string]bool    // names used by imports
	funcs   map[string]string  // function map name -> Go variable
	escs    map[string]string  // escaper name -> Go variable
	done    map[string]string  // generated functions' bodies, by Go name
	records map[string]*record // struct types for Records calls, by signature
	fields  map[string]string  // tmplSet's fields: the type of each one's dot
	body    bytes.Buffer       // the functions
	entries []entry
}

// entry is one Add: its key, its root function and type, and the set of
// functions its templates call, by field of tmplSet.
type entry struct {
	key, fn, typ string
	set          map[string]string
}

// New starts a file.
func New(opt Options) *File {
	return &File{opt: opt, imports: map[string]string{}, names: map[string]bool{}, funcs: map[string]string{},
		escs: map[string]string{}, done: map[string]string{}, records: map[string]*record{}, fields: map[string]string{}}
}

// Add generates the code that runs t, which html/template has escaped, with
// dot of type root, and registers it under key. It fails, adding nothing,
// when t uses what the generator does not translate.
func (f *File) Add(key string, t *template.Template, root reflect.Type, hints Hints) (err error) {
	// Work on a copy, so that a failure leaves f as it was.
	g := &gen{File: f.clone(), set: t, hints: hints, active: map[string]bool{}, named: map[string]string{}, calls: map[string]string{}}
	defer func() {
		if r := recover(); r != nil {
			re, ok := r.(refusal)
			if !ok {
				panic(r)
			}
			err = fmt.Errorf("gocode: %s: %s", key, string(re))
		}
	}()
	fn := g.template(t.Name(), t.Tree, value{typ: root})
	*f = *g.File
	f.entries = append(f.entries, entry{key, fn, f.typeName(root), g.calls})
	return nil
}

func (f *File) clone() *File {
	c := *f
	c.imports, c.names, c.funcs, c.escs, c.done = maps.Clone(f.imports), maps.Clone(f.names), maps.Clone(f.funcs), maps.Clone(f.escs), maps.Clone(f.done)
	c.records, c.fields = maps.Clone(f.records), maps.Clone(f.fields)
	c.body = bytes.Buffer{}
	c.body.Write(f.body.Bytes())
	c.entries = append([]entry(nil), f.entries...)
	return &c
}

// Source gives the file, formatted, after header (its first comment): the
// functions, generatedTemplates, which gives them by key, each taking
// the data as an any, and the constant generatedFrom (Options.Hash).
func (f *File) Source(header string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(header)
	fmt.Fprintf(&b, "package %s\n\n", f.opt.Package)
	f.importName("bytes")
	f.importName("github.com/tscip/tscip/generator/execute")
	funcTypes := map[string]string{} // named first, for their imports
	for name := range f.funcs {
		funcTypes[name] = f.typeName(reflect.TypeOf(f.opt.Funcs[name]))
	}
	if len(f.escs) > 0 {
		f.importName("github.com/tscip/tscip/generator/execute/escape")
	}
	paths := slices.Sorted(maps.Keys(f.imports))
	b.WriteString("import (\n")
	for _, p := range paths {
		if name := f.imports[p]; name != lastElem(p) {
			fmt.Fprintf(&b, "\t%s %q\n", name, p)
		} else {
			fmt.Fprintf(&b, "\t%q\n", p)
		}
	}
	b.WriteString(")\n\n")
	fmt.Fprintf(&b, "// generatedFrom names the templates this code was generated from.\nconst generatedFrom = %q\n\n", f.opt.Hash)
	b.WriteString("// generatedTemplates gives each template's generated code by key.\n")
	b.WriteString("func generatedTemplates() map[string]func(w *bytes.Buffer, data any) error {\n\treturn map[string]func(w *bytes.Buffer, data any) error{\n")
	for _, e := range f.entries {
		fmt.Fprintf(&b, "\t\t%q: func(w *bytes.Buffer, data any) (err error) {\n", e.key)
		b.WriteString("\t\t\tdefer func() {\n\t\t\t\tif recover() != nil {\n\t\t\t\t\terr = execute.ErrFallback\n\t\t\t\t}\n\t\t\t}()\n")
		fmt.Fprintf(&b, "\t\t\tdot, ok := data.(%s)\n\t\t\tif !ok {\n\t\t\t\treturn execute.ErrFallback\n\t\t\t}\n", e.typ)
		fmt.Fprintf(&b, "\t\t\treturn %s(w, %s, dot)\n\t\t},\n", e.fn, setVar(e.key))
	}
	b.WriteString("\t}\n}\n\n")
	// A template calls the others through its set, so that one function
	// serves every set whose template does the same (each layout's baseof
	// calls its own main).
	b.WriteString("// tmplSet gives, for one set of templates, the function of each template\n// that another calls, by name and type.\ntype tmplSet struct {\n")
	for _, field := range slices.Sorted(maps.Keys(f.fields)) {
		fmt.Fprintf(&b, "\t%s func(*bytes.Buffer, *tmplSet, %s) error\n", field, f.fields[field])
	}
	b.WriteString("}\n\n")
	for _, e := range f.entries {
		fmt.Fprintf(&b, "var %s = &tmplSet{", setVar(e.key))
		for _, field := range slices.Sorted(maps.Keys(e.set)) {
			fmt.Fprintf(&b, "\n\t%s: %s,", field, e.set[field])
		}
		b.WriteString("\n}\n\n")
	}
	if len(f.funcs) > 0 {
		fmt.Fprintf(&b, "var tmplFuncs = %s\n\n", f.opt.FuncsExpr)
		for _, name := range slices.Sorted(maps.Keys(f.funcs)) {
			fmt.Fprintf(&b, "var %s = tmplFuncs[%q].(%s)\n", f.funcs[name], name, funcTypes[name])
		}
		b.WriteString("\n")
	}
	for _, name := range slices.Sorted(maps.Keys(f.escs)) {
		fmt.Fprintf(&b, "var %s = mustEscaper(%q)\n", f.escs[name], name)
	}
	for _, sig := range slices.Sorted(maps.Keys(f.records)) {
		r := f.records[sig]
		fmt.Fprintf(&b, "\n// %s holds a map made by %s with the keys %s.\ntype %s struct {\n", r.name, r.fn, strings.Join(r.keys, ", "), r.name)
		for i := range r.keys {
			fmt.Fprintf(&b, "\tF%d %s\n", i, r.types[i])
		}
		b.WriteString("}\n")
	}
	if len(f.escs) > 0 {
		b.WriteString("\nfunc mustEscaper(name string) escape.Func {\n\tf, ok := escape.Lookup(name)\n\tif !ok {\n\t\tpanic(\"no escaper \" + name)\n\t}\n\treturn f\n}\n\n")
	}
	b.Write(f.body.Bytes())
	src := b.Bytes()
	out, err := format.Source(src)
	if err != nil {
		return src, fmt.Errorf("gocode: formatting the generated file: %w", err)
	}
	return out, nil
}

// setVar names the tmplSet of an Add's key.
func setVar(key string) string { return "set" + goIdent(key) }

func lastElem(p string) string { return p[strings.LastIndex(p, "/")+1:] }

// importName gives the name the file uses for the package at path.
func (f *File) importName(path string) string {
	if n, ok := f.imports[path]; ok {
		return n
	}
	n := lastElem(path)
	for i := 2; f.names[n]; i++ {
		n = lastElem(path) + strconv.Itoa(i)
	}
	f.imports[path], f.names[n] = n, true
	return n
}

// typeName gives t as Go source in the generated file.
func (f *File) typeName(t reflect.Type) string {
	if t.Name() != "" {
		if t.PkgPath() == "" {
			return t.Name() // predeclared
		}
		if t.PkgPath() == f.opt.PkgPath {
			return t.Name()
		}
		if strings.ContainsAny(t.Name(), "[]") {
			refuse("generic type %s", t)
		}
		return f.importName(t.PkgPath()) + "." + t.Name()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return "*" + f.typeName(t.Elem())
	case reflect.Slice:
		return "[]" + f.typeName(t.Elem())
	case reflect.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), f.typeName(t.Elem()))
	case reflect.Map:
		return "map[" + f.typeName(t.Key()) + "]" + f.typeName(t.Elem())
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "any"
		}
	case reflect.Func:
		var b strings.Builder
		b.WriteString("func(")
		for i := range t.NumIn() {
			if i > 0 {
				b.WriteString(", ")
			}
			if t.IsVariadic() && i == t.NumIn()-1 {
				b.WriteString("..." + f.typeName(t.In(i).Elem()))
			} else {
				b.WriteString(f.typeName(t.In(i)))
			}
		}
		b.WriteString(")")
		switch t.NumOut() {
		case 0:
		case 1:
			b.WriteString(" " + f.typeName(t.Out(0)))
		default:
			b.WriteString(" (")
			for i := range t.NumOut() {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(f.typeName(t.Out(i)))
			}
			b.WriteString(")")
		}
		return b.String()
	}
	refuse("type %s", t)
	return ""
}

// refusal is how the generator stops at a construct it does not translate.
type refusal string

func refuse(format string, args ...any) { panic(refusal(fmt.Sprintf(format, args...))) }

// gen generates the functions of one Add.
type gen struct {
	*File
	active map[string]bool   // templates being generated, for recursion
	named  map[string]string // Go names of this set's templates, by template and type
	calls  map[string]string // the functions its templates call, by field of tmplSet
	set    *template.Template
	hints  Hints
}

// fn is one generated function being written.
type fn struct {
	g      *gen
	b      bytes.Buffer
	indent int
	tmp    int
	scopes []scope // the Go blocks the code being written is in, innermost last
}

// value is a Go expression of a known type. addr says whether it is
// addressable (so methods of *T apply), as text/template would see it.
type value struct {
	expr string
	typ  reflect.Type
	addr bool
	// untyped marks a number constant, which takes the type of the
	// parameter it is passed to, as text/template converts it.
	untyped bool
	// rec, when set, says the value is a Records map held as a struct.
	rec *record
}

// record is the struct standing for a map of known keys.
type record struct {
	name, fn string
	keys     []string
	types    []string // as Go source
	typs     []reflect.Type
}

var (
	stringType = reflect.TypeFor[string]()
	boolType   = reflect.TypeFor[bool]()
	intType    = reflect.TypeFor[int]()
	errorType  = reflect.TypeFor[error]()
	htmlType   = reflect.TypeFor[template.HTML]()
)

// template generates the function running the named template with dot of
// type typ, once for each pair, and gives its name. Each Add is a template
// set of its own (each page layout defines its own "main"), so a function
// is named for what it does: its template, its type and a digest of its
// code, which names the functions it calls. Sets that share a partial
// share its function; each layout's baseof calls its own main, and has
// its own.
func (g *gen) template(name string, tree *parse.Tree, dot value) string {
	typ := g.typeName(dot.typ)
	if dot.rec != nil {
		typ = dot.rec.name
	}
	key := name + "\x00" + typ
	if goName, ok := g.named[key]; ok {
		return goName
	}
	if g.active[key] {
		// text/template stops deep recursion with an error; Go code
		// would overflow its stack, which no recover catches
		refuse("template %q calls itself", name)
	}
	g.active[key] = true
	defer delete(g.active, key)
	if tree == nil || tree.Root == nil {
		refuse("template %q has no tree", name)
	}
	f := &fn{g: g, indent: 1}
	d := value{expr: "dot", typ: dot.typ, rec: dot.rec}
	f.scopes = []scope{{}}
	f.declare("$", d)
	f.list(tree.Root, d)
	body := fmt.Sprintf("(w *bytes.Buffer, s *tmplSet, dot %s) error {\n\t_, _ = s, dot\n%s\treturn nil\n}\n\n", typ, f.b.Bytes())
	sum := sha256.Sum256([]byte(body))
	goName := "tmpl" + goIdent(name) + "_" + goIdent(typeWords.Replace(typ)) + "_" + hex.EncodeToString(sum[:4])
	for g.done[goName] != "" && g.done[goName] != body {
		goName += "x" // another function with the same digest
	}
	g.named[key] = goName
	if g.done[goName] == "" {
		g.done[goName] = body
		fmt.Fprintf(&g.body, "// %s runs template %q.\nfunc %s%s", goName, name, goName, body)
	}
	return goName
}

// typeWords spell out what a type's name holds besides identifiers, so
// that *T and T, or []T, name different functions.
var typeWords = strings.NewReplacer("*", " ptr ", "[]", " slice ", "map[", " map ", "]", " of ")

// goIdent makes s a Go identifier: its letters and digits, each word
// capitalised.
func goIdent(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			if up && r >= 'a' && r <= 'z' {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			up = false
		} else {
			up = true
		}
	}
	return b.String()
}

func (f *fn) line(format string, args ...any) {
	f.b.WriteString(strings.Repeat("\t", f.indent))
	fmt.Fprintf(&f.b, format, args...)
	f.b.WriteByte('\n')
}

func (f *fn) open(format string, args ...any) {
	f.line(format+" {", args...)
	f.indent++
	f.scopes = append(f.scopes, scope{})
}

func (f *fn) close() {
	f.scopes = f.scopes[:len(f.scopes)-1]
	f.indent--
	f.line("}")
}

func (f *fn) elseOpen() {
	f.scopes = f.scopes[:len(f.scopes)-1]
	f.indent--
	f.line("} else {")
	f.indent++
	f.scopes = append(f.scopes, scope{})
}

// temp gives a new local variable holding v.
func (f *fn) temp(v value) value {
	f.tmp++
	name := "v" + strconv.Itoa(f.tmp)
	f.line("%s := %s", name, v.expr)
	return value{expr: name, typ: v.typ, addr: v.addr, rec: v.rec}
}

// scope is one Go block of a generated function: the template variables
// declared in it, and the Go variables known there not to be nil.
type scope struct {
	vars   map[string]value
	nonNil map[string]bool
}

// declare binds a template variable in the innermost block.
func (f *fn) declare(name string, v value) {
	sc := &f.scopes[len(f.scopes)-1]
	if sc.vars == nil {
		sc.vars = map[string]value{}
	}
	sc.vars[name] = v
}

// checked records that the Go variable name is not nil from here to the
// end of the innermost block.
func (f *fn) checked(name string) {
	sc := &f.scopes[len(f.scopes)-1]
	if sc.nonNil == nil {
		sc.nonNil = map[string]bool{}
	}
	sc.nonNil[name] = true
}

// known reports whether the Go variable name is known not to be nil here.
func (f *fn) known(name string) bool {
	for i := len(f.scopes) - 1; i >= 0; i-- {
		if f.scopes[i].nonNil[name] {
			return true
		}
	}
	return false
}

func isIdent(expr string) bool {
	for i, r := range expr {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return expr != ""
}

func (f *fn) list(l *parse.ListNode, dot value) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		f.node(n, dot)
	}
}

func (f *fn) node(n parse.Node, dot value) {
	switch n := n.(type) {
	case *parse.TextNode:
		if len(n.Text) > 0 {
			f.line("w.WriteString(%s)", strconv.Quote(string(n.Text)))
		}
	case *parse.CommentNode:
	case *parse.ActionNode:
		if f.stream(n.Pipe, dot) {
			return
		}
		v := f.pipe(n.Pipe, dot)
		if len(n.Pipe.Decl) > 0 {
			return // declared by pipe
		}
		f.print(v)
	case *parse.IfNode:
		f.branch(&n.BranchNode, dot, false)
	case *parse.WithNode:
		f.branch(&n.BranchNode, dot, true)
	case *parse.RangeNode:
		f.rangeNode(n, dot)
	case *parse.TemplateNode:
		f.templateCall(n, dot)
	default:
		refuse("%T node", n)
	}
}

// stream writes an action that is a call of a Streams function whose HTML
// goes into the page's text as it is, and reports whether it was one.
func (f *fn) stream(p *parse.PipeNode, dot value) bool {
	if len(p.Decl) > 0 || len(p.Cmds) != 2 || len(p.Cmds[1].Args) != 1 {
		return false
	}
	if esc, ok := p.Cmds[1].Args[0].(*parse.IdentifierNode); !ok || esc.Ident != "_html_template_htmlescaper" {
		return false
	}
	id, ok := p.Cmds[0].Args[0].(*parse.IdentifierNode)
	if !ok {
		return false
	}
	expr, ok := f.g.opt.Streams[id.Ident]
	fnv := f.g.opt.Funcs[id.Ident]
	if !ok || fnv == nil {
		return false
	}
	typ := reflect.TypeOf(fnv)
	if typ.NumOut() == 0 || typ.Out(0) != htmlType {
		refuse("stream %s does not give HTML", id.Ident)
	}
	exprs := f.args(typ, false, id.Ident, p.Cmds[0].Args[1:], nil, dot)
	f.open("if err := %s(%s); err != nil", expr, strings.Join(append([]string{"w"}, exprs...), ", "))
	f.line("return execute.ErrFallback")
	f.close()
	return true
}

// print writes an action's value: escaped templates end every printed
// pipeline in an escaper, which gives a string.
func (f *fn) print(v value) {
	if v.typ != stringType {
		refuse("printing a %s", v.typ)
	}
	f.line("w.WriteString(%s)", v.expr)
}

func (f *fn) branch(b *parse.BranchNode, dot value, with bool) {
	if len(b.Pipe.Decl) > 0 {
		refuse("a variable declared in if or with")
	}
	v := f.temp(f.pipe(b.Pipe, dot))
	f.open("if %s", truth(v))
	inner := dot
	if with {
		inner = v
		if v.typ.Kind() == reflect.Pointer {
			f.checked(v.expr)
		}
	}
	f.list(b.List, inner)
	if b.ElseList != nil {
		f.elseOpen()
		f.list(b.ElseList, dot)
	}
	f.close()
}

// truth is text/template's truth of v, as a Go condition.
func truth(v value) string {
	if v.rec != nil {
		return "true" // a map with keys
	}
	switch v.typ.Kind() {
	case reflect.Bool:
		return v.expr
	case reflect.String:
		return v.expr + ` != ""`
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return v.expr + " != 0"
	case reflect.Pointer:
		return v.expr + " != nil"
	case reflect.Slice, reflect.Map, reflect.Array:
		return "len(" + v.expr + ") > 0"
	case reflect.Struct:
		return "true"
	}
	refuse("the truth of a %s", v.typ)
	return ""
}

func (f *fn) rangeNode(n *parse.RangeNode, dot value) {
	pipe := *n.Pipe
	pipe.Decl = nil // {{range $i, $e := ...}} declares them for each element
	if pipe.IsAssign || len(n.Pipe.Decl) > 2 {
		refuse("range assigning variables")
	}
	v := f.temp(f.pipe(&pipe, dot))
	if v.typ.Kind() != reflect.Slice || v.rec != nil {
		refuse("range over a %s", v.typ)
	}
	f.open("if len(%s) > 0", v.expr)
	f.tmp++
	i := "i" + strconv.Itoa(f.tmp)
	f.open("for %s := range %s", i, v.expr)
	f.line("_ = %s", i)
	elem := value{expr: v.expr + "[" + i + "]", typ: v.typ.Elem(), addr: true}
	switch len(n.Pipe.Decl) {
	case 1:
		f.declare(n.Pipe.Decl[0].Ident[0], elem)
	case 2:
		f.declare(n.Pipe.Decl[0].Ident[0], value{expr: i, typ: intType})
		f.declare(n.Pipe.Decl[1].Ident[0], elem)
	}
	f.list(n.List, elem)
	f.close()
	if n.ElseList != nil {
		f.elseOpen()
		f.list(n.ElseList, dot)
	}
	f.close()
}

func (f *fn) templateCall(n *parse.TemplateNode, dot value) {
	t := f.g.set.Lookup(n.Name)
	if t == nil || t.Tree == nil {
		refuse("template %q not found", n.Name)
	}
	if n.Pipe == nil {
		refuse("template %q without a value", n.Name)
	}
	v := f.pipe(n.Pipe, dot)
	name := f.g.template(n.Name, t.Tree, v)
	typ := f.g.typeName(v.typ)
	if v.rec != nil {
		typ = v.rec.name
	}
	// called through the set, which gives this set's function for it
	field := goIdent(n.Name) + "_" + goIdent(typeWords.Replace(typ))
	f.g.fields[field] = typ
	f.g.calls[field] = name
	f.open("if err := s.%s(w, s, %s); err != nil", field, v.expr)
	f.line("return err")
	f.close()
}

// pipe evaluates a pipeline; a declaration binds its variable.
func (f *fn) pipe(p *parse.PipeNode, dot value) value {
	if p.IsAssign {
		refuse("assignment")
	}
	var v value
	for i, c := range p.Cmds {
		var final *value
		if i > 0 {
			final = &v
		}
		v = f.command(c, dot, final)
	}
	if len(p.Decl) > 1 {
		refuse("several variables")
	}
	if len(p.Decl) == 1 {
		v = f.temp(v)
		f.line("_ = %s", v.expr)
		f.declare(p.Decl[0].Ident[0], v)
	}
	return v
}

func (f *fn) variable(name string) value {
	for i := len(f.scopes) - 1; i >= 0; i-- {
		if v, ok := f.scopes[i].vars[name]; ok {
			return v
		}
	}
	refuse("variable %s", name)
	return value{}
}

func (f *fn) command(c *parse.CommandNode, dot value, final *value) value {
	first := c.Args[0]
	switch n := first.(type) {
	case *parse.FieldNode:
		return f.chain(dot, n.Ident, c.Args[1:], final, dot)
	case *parse.VariableNode:
		v := f.variable(n.Ident[0])
		if len(n.Ident) == 1 {
			noArgs(c, final)
			return v
		}
		return f.chain(v, n.Ident[1:], c.Args[1:], final, dot)
	case *parse.ChainNode:
		if len(n.Field) == 0 {
			refuse("empty chain")
		}
		v := f.operand(n.Node, dot)
		return f.chain(v, n.Field, c.Args[1:], final, dot)
	case *parse.IdentifierNode:
		return f.call(n.Ident, c.Args[1:], final, dot)
	}
	noArgs(c, final)
	return f.operand(first, dot)
}

func noArgs(c *parse.CommandNode, final *value) {
	if len(c.Args) > 1 || final != nil {
		refuse("arguments to a value")
	}
}

// operand is the value of a node that is an argument.
func (f *fn) operand(n parse.Node, dot value) value {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.StringNode:
		return value{expr: strconv.Quote(n.Text), typ: stringType}
	case *parse.BoolNode:
		return value{expr: strconv.FormatBool(n.True), typ: boolType}
	case *parse.NumberNode:
		if !n.IsInt || n.Int64 != int64(int(n.Int64)) {
			refuse("number %s", n.Text)
		}
		return value{expr: strconv.FormatInt(n.Int64, 10), typ: intType, untyped: true}
	case *parse.FieldNode:
		return f.chain(dot, n.Ident, nil, nil, dot)
	case *parse.VariableNode:
		v := f.variable(n.Ident[0])
		if len(n.Ident) == 1 {
			return v
		}
		return f.chain(v, n.Ident[1:], nil, nil, dot)
	case *parse.PipeNode:
		if len(n.Decl) > 0 {
			refuse("a declaration in parentheses")
		}
		return f.pipe(n, dot)
	case *parse.ChainNode:
		v := f.operand(n.Node, dot)
		return f.chain(v, n.Field, nil, nil, dot)
	case *parse.IdentifierNode:
		return f.call(n.Ident, nil, nil, dot)
	}
	refuse("operand %s", n)
	return value{}
}

// chain evaluates receiver.Ident[0].Ident[1]..., the last with args and
// final, as text/template's evalFieldChain.
func (f *fn) chain(recv value, idents []string, args []parse.Node, final *value, dot value) value {
	for i, id := range idents {
		if i < len(idents)-1 {
			recv = f.field(recv, id, nil, nil, dot)
		} else {
			recv = f.field(recv, id, args, final, dot)
		}
	}
	return recv
}

// field is text/template's evalField for a receiver of a known type: a
// method of the receiver (or of its address), else a struct field.
func (f *fn) field(recv value, name string, args []parse.Node, final *value, dot value) value {
	if r := recv.rec; r != nil {
		for i, k := range r.keys {
			if k == name {
				if len(args) > 0 || final != nil {
					refuse("arguments to key %s", name)
				}
				// a map's value, not addressable
				return value{expr: recv.expr + ".F" + strconv.Itoa(i), typ: r.typs[i]}
			}
		}
		refuse("key %s is not among %s", name, strings.Join(r.keys, ", "))
	}
	t := recv.typ
	switch t.Kind() {
	case reflect.Pointer:
		if t.Elem().Kind() == reflect.Pointer || t.Elem().Kind() == reflect.Interface {
			refuse("pointer to %s", t.Elem())
		}
		// text/template would call a method on a nil pointer and fail on a
		// field; either way the usual path decides.
		if !isIdent(recv.expr) {
			recv = f.temp(recv)
		}
		if !f.known(recv.expr) {
			f.open("if %s == nil", recv.expr)
			f.line("return execute.ErrFallback")
			f.close()
			f.checked(recv.expr)
		}
	case reflect.Interface, reflect.Map:
		refuse("field %s of a %s", name, t)
	}
	ptr := t
	if t.Kind() != reflect.Pointer && recv.addr {
		ptr = reflect.PointerTo(t)
	}
	if m, ok := ptr.MethodByName(name); ok {
		return f.invoke(recv.expr+"."+name, m.Type, true, name, args, final, dot)
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() != reflect.Struct {
		refuse("field %s of a %s", name, t)
	}
	sf, ok := st.FieldByName(name)
	if !ok || !sf.IsExported() {
		refuse("field %s of %s", name, st)
	}
	// A field promoted from an embedded struct is reached as Go reaches it;
	// through a nil embedded pointer Go panics, and the page falls back as
	// text/template would fail.
	if len(args) > 0 || final != nil {
		refuse("arguments to field %s", name)
	}
	v := value{expr: recv.expr + "." + name, typ: sf.Type, addr: recv.addr || t.Kind() == reflect.Pointer}
	if sf.Type.Kind() == reflect.Interface {
		key := st.String() + "." + name
		h, ok := f.g.hints[key]
		if !ok {
			refuse("field %s of interface type without a hint", key)
		}
		f.tmp++
		name := "h" + strconv.Itoa(f.tmp)
		f.line("%s, ok := %s.(%s)", name, v.expr, f.g.typeName(h))
		f.open("if !ok")
		f.line("return execute.ErrFallback")
		f.close()
		return value{expr: name, typ: h}
	}
	return v
}

// invoke calls a method (typ with its receiver first) or a function with the template's arguments, as text/template's evalCall.
func (f *fn) invoke(callee string, typ reflect.Type, method bool, name string, args []parse.Node, final *value, dot value) value {
	exprs := f.args(typ, method, name, args, final, dot)
	call := callee + "(" + strings.Join(exprs, ", ") + ")"
	switch {
	case typ.NumOut() == 1 && typ.Out(0) != errorType:
		return f.temp(value{expr: call, typ: typ.Out(0)})
	case typ.NumOut() == 2 && typ.Out(1) == errorType:
		f.tmp++
		r := "r" + strconv.Itoa(f.tmp)
		f.line("%s, err := %s", r, call)
		f.open("if err != nil")
		f.line("return execute.ErrFallback")
		f.close()
		return value{expr: r, typ: typ.Out(0)}
	}
	refuse("%s does not return one value, or a value and an error", name)
	return value{}
}

// args gives the template's arguments (and final, the value piped in) as
// the Go arguments of a function or method of type typ.
func (f *fn) args(typ reflect.Type, method bool, name string, args []parse.Node, final *value, dot value) []string {
	vals := make([]value, 0, len(args)+1)
	for _, a := range args {
		vals = append(vals, f.operand(a, dot))
	}
	if final != nil {
		vals = append(vals, *final)
	}
	off := 0 // a method's type has its receiver first
	if method {
		off = 1
	}
	in := typ.NumIn() - off
	if typ.IsVariadic() {
		if len(vals) < in-1 {
			refuse("too few arguments to %s", name)
		}
	} else if len(vals) != in {
		refuse("%d arguments to %s, which takes %d", len(vals), name, in)
	}
	exprs := make([]string, len(vals))
	for i, v := range vals {
		var pt reflect.Type
		if typ.IsVariadic() && i >= in-1 {
			pt = typ.In(off + in - 1).Elem()
		} else {
			pt = typ.In(off + i)
		}
		exprs[i] = f.convert(v, pt, name)
	}
	return exprs
}

// convert gives v as an argument of type pt, as text/template would pass
// it, or refuses.
func (f *fn) convert(v value, pt reflect.Type, name string) string {
	if v.rec != nil {
		refuse("passing a map of known keys to %s", name)
	}
	switch {
	case v.untyped:
		switch pt.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if pt == intType {
				return v.expr
			}
			return f.g.typeName(pt) + "(" + v.expr + ")"
		case reflect.Interface:
			if pt.NumMethod() == 0 {
				return v.expr // an int, as text/template passes it
			}
		}
	case v.typ == pt:
		return v.expr
	case pt.Kind() == reflect.Interface && v.typ.Kind() != reflect.Interface && v.typ.Implements(pt):
		return v.expr
	}
	refuse("passing a %s to %s, which takes a %s", v.typ, name, pt)
	return ""
}

// call calls the function the template names: an escaper, a built-in, or
// one of the function map.
func (f *fn) call(name string, args []parse.Node, final *value, dot value) value {
	if strings.HasPrefix(name, "_html_template_") {
		return f.escaper(name, args, final, dot)
	}
	if fnv, ok := f.g.opt.Funcs[name]; ok {
		for _, r := range f.g.opt.Records {
			if r == name {
				return f.record(name, args, final, dot)
			}
		}
		v := f.g.funcs[name]
		if v == "" {
			v = "fn" + goIdent(name)
			f.g.funcs[name] = v
		}
		return f.invoke(v, reflect.TypeOf(fnv), false, name, args, final, dot)
	}
	return f.builtin(name, args, final, dot)
}

func (f *fn) escaper(name string, args []parse.Node, final *value, dot value) value {
	if _, ok := escape.Lookup(name); !ok {
		refuse("escaper %s", name)
	}
	vals := make([]value, 0, len(args)+1)
	for _, a := range args {
		vals = append(vals, f.operand(a, dot))
	}
	if final != nil {
		vals = append(vals, *final)
	}
	v := f.g.escs[name]
	if v == "" {
		v = "esc" + goIdent(strings.TrimPrefix(name, "_html_template_"))
		f.g.escs[name] = v
	}
	if len(vals) == 1 {
		switch {
		case vals[0].typ == stringType:
			return f.temp(value{expr: v + ".String(" + vals[0].expr + ")", typ: stringType})
		case vals[0].typ == htmlType && name == "_html_template_htmlescaper":
			// trusted HTML goes into text as it is
			return value{expr: "string(" + vals[0].expr + ")", typ: stringType}
		}
	}
	exprs := make([]string, len(vals))
	for i, a := range vals {
		if a.typ.Kind() == reflect.Interface || a.rec != nil {
			refuse("an interface value to an escaper")
		}
		exprs[i] = a.expr
	}
	return f.temp(value{expr: v + ".Any(" + strings.Join(exprs, ", ") + ")", typ: stringType})
}

// record makes the struct standing for a call of a Records function with
// constant keys.
func (f *fn) record(name string, args []parse.Node, final *value, dot value) value {
	if final != nil || len(args) == 0 || len(args)%2 != 0 {
		refuse("%s without pairs of keys and values", name)
	}
	r := &record{fn: name}
	var fields []string
	for i := 0; i < len(args); i += 2 {
		k, ok := args[i].(*parse.StringNode)
		if !ok {
			refuse("%s with a key that is not a constant", name)
		}
		for _, seen := range r.keys {
			if seen == k.Text {
				refuse("%s with key %s twice", name, k.Text)
			}
		}
		v := f.operand(args[i+1], dot)
		if v.rec != nil || v.typ.Kind() == reflect.Interface {
			refuse("%s holding a %s", name, v.typ)
		}
		t := f.g.typeName(v.typ)
		r.keys, r.types, r.typs = append(r.keys, k.Text), append(r.types, t), append(r.typs, v.typ)
		fields = append(fields, fmt.Sprintf("F%d: %s", len(fields), v.expr))
	}
	sig := name + "(" + strings.Join(r.keys, ",") + ")" + strings.Join(r.types, ",")
	if have, ok := f.g.records[sig]; ok {
		r = have
	} else {
		r.name = "rec" + strconv.Itoa(len(f.g.records)+1)
		f.g.records[sig] = r
	}
	return f.temp(value{expr: r.name + "{" + strings.Join(fields, ", ") + "}", typ: reflect.TypeFor[map[string]any](), rec: r})
}

// builtin translates text/template's built-in functions where the types
// of their arguments make their meaning plain.
func (f *fn) builtin(name string, args []parse.Node, final *value, dot value) value {
	if (name == "and" || name == "or") && final == nil && len(args) >= 2 {
		return f.andOr(name, args, dot)
	}
	vals := make([]value, 0, len(args)+1)
	for _, a := range args {
		vals = append(vals, f.operand(a, dot))
	}
	if final != nil {
		vals = append(vals, *final)
	}
	switch name {
	case "not":
		if len(vals) == 1 {
			return value{expr: "!(" + truth(vals[0]) + ")", typ: boolType}
		}
	case "eq", "ne", "lt", "le", "gt", "ge":
		if len(vals) == 2 && vals[0].rec == nil && vals[1].rec == nil {
			a, b := basic(vals[0]), basic(vals[1])
			if a.typ == b.typ {
				op := map[string]string{"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}[name]
				if a.typ != boolType || op == "==" || op == "!=" {
					return value{expr: "(" + a.expr + " " + op + " " + b.expr + ")", typ: boolType}
				}
			}
		}
	case "index":
		// one index into a slice: out of range, Go panics and the page
		// falls back, as text/template would fail
		if len(vals) == 2 && vals[0].rec == nil && vals[0].typ.Kind() == reflect.Slice && vals[1].typ.Kind() == reflect.Int &&
			!strings.HasPrefix(vals[1].expr, "-") {
			return value{expr: vals[0].expr + "[" + vals[1].expr + "]", typ: vals[0].typ.Elem(), addr: true}
		}
	case "len":
		if len(vals) == 1 && vals[0].rec == nil {
			switch vals[0].typ.Kind() {
			case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
				return value{expr: "len(" + vals[0].expr + ")", typ: intType}
			}
		}
	case "printf":
		// Only verbs %s of strings, which fmt prints as they are.
		if len(vals) >= 1 && vals[0].typ == stringType && args != nil {
			if s, ok := args[0].(*parse.StringNode); ok {
				if e, ok := concat(s.Text, vals[1:]); ok {
					return f.temp(value{expr: e, typ: stringType})
				}
			}
		}
	}
	refuse("built-in %s with these arguments", name)
	return value{}
}

// andOr is text/template's and and or, which stop at the first argument
// that decides (false for and, true for or) and give it: the arguments
// after it are not evaluated. All must have the same type.
func (f *fn) andOr(name string, args []parse.Node, dot value) value {
	first := f.operand(args[0], dot)
	f.tmp++
	res := value{expr: "r" + strconv.Itoa(f.tmp), typ: first.typ}
	f.line("%s := %s", res.expr, first.expr)
	closes := 0
	for _, a := range args[1:] {
		if name == "and" {
			f.open("if %s", truth(res))
		} else {
			f.open("if !(%s)", truth(res))
		}
		closes++
		v := f.operand(a, dot)
		if v.typ != res.typ || v.untyped || first.untyped || v.rec != nil || first.rec != nil {
			refuse("%s of a %s and a %s", name, first.typ, v.typ)
		}
		f.line("%s = %s", res.expr, v.expr)
	}
	for range closes {
		f.close()
	}
	return res
}

// basic gives v as its basic kind (string, int64 or bool) for comparison,
// as text/template's eq compares kinds, not types.
func basic(v value) value {
	switch v.typ.Kind() {
	case reflect.String:
		if v.typ == stringType {
			return v
		}
		return value{expr: "string(" + v.expr + ")", typ: stringType}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return value{expr: "int64(" + v.expr + ")", typ: reflect.TypeFor[int64]()}
	case reflect.Bool:
		if v.typ == boolType {
			return v
		}
		return value{expr: "bool(" + v.expr + ")", typ: boolType}
	}
	refuse("comparing a %s", v.typ)
	return value{}
}

// concat turns printf's format with only %s verbs, each given a string,
// into a concatenation: what fmt.Sprintf gives for them.
func concat(format string, args []value) (string, bool) {
	var parts []string
	n := 0
	for {
		i := strings.IndexByte(format, '%')
		if i < 0 {
			break
		}
		if i+1 >= len(format) || format[i+1] != 's' || n >= len(args) || args[n].typ != stringType {
			return "", false
		}
		if i > 0 {
			parts = append(parts, strconv.Quote(format[:i]))
		}
		parts = append(parts, args[n].expr)
		n++
		format = format[i+2:]
	}
	if n != len(args) {
		return "", false
	}
	if format != "" {
		parts = append(parts, strconv.Quote(format))
	}
	if len(parts) == 0 {
		return `""`, true
	}
	return strings.Join(parts, " + "), true
}
