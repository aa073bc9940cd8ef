// Package execute runs html/template's escaped templates faster than
// text/template does, and to the same bytes.
//
// html/template decides how every value is escaped when it first executes a
// template: it rewrites the parse tree so that each action ends in calls to
// its escaping functions ({{.Title | _html_template_htmlescaper}}). That
// tree is then run by text/template, which looks up each field and method
// by name and calls each function through reflection, on every page: about
// a microsecond an action, half the time of a large build.
//
// Compile turns the escaped tree into a program once. A field or method is
// found by name the first time it is reached with a receiver of a new type
// and remembered; escaping functions are our own Go versions of
// html/template's (package escape, tested byte for byte against it); the
// comparison and logic built-ins are plain Go; functions and methods the
// caller gives a direct form (Fast) are called without reflect.Call. The
// escaping decisions are html/template's own, read from its tree, never
// made again here.
//
// What the program does not know how to do exactly as text/template would,
// it refuses: Compile returns an error for a tree using anything outside
// what it implements, and Execute returns ErrFallback (or the error of a
// failed call) rather than guess. The caller then runs the template with
// html/template, which gives the exact output or the exact error message.
// Only a successful Execute is used.
package execute

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"sync"
	"text/template/parse"
)

// ErrFallback is returned by Execute when the program met a case it leaves
// to html/template.
var ErrFallback = errors.New("execute: left to html/template")

// maxDepth bounds nested template calls; deeper recursion is left to
// html/template, which reports it.
const maxDepth = 1000

// Program is one compiled template and the templates it calls.
type Program struct {
	root *code
}

// code is one compiled template.
type code struct {
	body nodeList
}

// Compile compiles the template t, which html/template must already have
// escaped (executed at least once), with the function map it was parsed
// with, and direct forms of some of its functions and methods. It fails
// for trees it cannot run exactly as text/template would.
func Compile(t *template.Template, funcs template.FuncMap, fast Fast) (*Program, error) {
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return nil, fmt.Errorf("execute: template %q has no tree", nameOf(t))
	}
	c := &compiler{set: t, funcs: funcs, fast: fast, done: map[string]*code{}}
	root, err := c.template(t.Name(), t.Tree)
	if err != nil {
		return nil, err
	}
	return &Program{root: root}, nil
}

func nameOf(t *template.Template) string {
	if t == nil {
		return ""
	}
	return t.Name()
}

// Execute runs the program with data as dot, appending to w. On any error
// w holds partial output, which the caller drops.
func (p *Program) Execute(w *bytes.Buffer, data any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: panic: %v", ErrFallback, r)
		}
	}()
	dot := reflect.ValueOf(data)
	s := newState(w, 0, nil)
	defer s.free()
	s.vars = append(s.vars, variable{"$", dot})
	err = p.root.body.exec(s, dot)
	if err == errBreak || err == errContinue {
		return ErrFallback
	}
	return err
}

// state is one execution's: the output and the variables in scope.
type state struct {
	w     *bytes.Buffer
	vars  []variable
	depth int
	// args holds the arguments of the calls being made, innermost last:
	// a call pushes its own above those of the call whose argument it is
	// working out, and pops them when done, so that calls take no memory
	// of their own.
	args []reflect.Value
}

// states are kept for the next execution: a page runs a dozen templates.
var states = sync.Pool{New: func() any { return new(state) }}

// newState gives a state writing to w; args, when not nil, is the stack
// of the caller's call arguments, which the new state pushes above.
func newState(w *bytes.Buffer, depth int, args []reflect.Value) *state {
	s := states.Get().(*state)
	s.w, s.depth = w, depth
	if args != nil {
		s.args = args
	} else if s.args == nil {
		s.args = make([]reflect.Value, 0, 16)
	}
	if s.vars == nil {
		s.vars = make([]variable, 0, 16)
	}
	return s
}

// free gives the state back once its execution has ended, holding on to
// nothing it was given.
func (s *state) free() {
	clear(s.vars)
	s.vars = s.vars[:0]
	if s.depth > 0 {
		s.args = nil // the caller's stack, not ours to keep
	} else {
		clear(s.args[:cap(s.args)])
		s.args = s.args[:0]
	}
	s.w = nil
	states.Put(s)
}

// pushArg adds v to the arguments of the innermost call.
func (s *state) pushArg(v reflect.Value) { s.args = append(s.args, v) }

// popArgs drops the arguments from base up, once their call is made.
func (s *state) popArgs(base int) {
	clear(s.args[base:])
	s.args = s.args[:base]
}

type variable struct {
	name  string
	value reflect.Value
}

func (s *state) varValue(name string) (reflect.Value, error) {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value, nil
		}
	}
	return reflect.Value{}, ErrFallback
}

func (s *state) setVar(name string, v reflect.Value) error {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = v
			return nil
		}
	}
	return ErrFallback
}

// errBreak and errContinue carry {{break}} and {{continue}} out to the
// range they belong to.
var (
	errBreak    = errors.New("break")
	errContinue = errors.New("continue")
)

// node is a compiled statement: text, an action, if, with, range, a
// template call.
type node interface {
	exec(s *state, dot reflect.Value) error
}

type nodeList []node

func (l nodeList) exec(s *state, dot reflect.Value) error {
	for _, n := range l {
		if err := n.exec(s, dot); err != nil {
			return err
		}
	}
	return nil
}

// plainEscaper reports whether c is an escaper given only the value
// before it.
func plainEscaper(c command) bool {
	e, ok := c.(*escapeCmd)
	return ok && len(e.args) == 0
}

// escapeRun passes s through escapers given only the value before them.
func escapeRun(s string, escapers []command) string {
	for _, c := range escapers {
		s = c.(*escapeCmd).fn.String(s)
	}
	return s
}

// textEscaper is html/template's escaper for the text of an element,
// which prints trusted HTML as it is.
const textEscaper = "_html_template_htmlescaper"

type textNode []byte

func (t textNode) exec(s *state, _ reflect.Value) error {
	s.w.Write(t)
	return nil
}

// actionNode is {{pipeline}}: printed unless it declares variables.
type actionNode struct {
	pipe *pipeline
	// escFrom, when not 0, is where the run of escapers given only the
	// value before them that ends the pipeline begins, as html/template
	// leaves nearly every action (a link goes through three): the text is
	// written as it is made, and each escaper after the first takes the
	// string before it unboxed.
	escFrom int
	// When the pipeline is a function call and those escapers, one of
	// these forms of the function may stand in for it: stream writes its
	// trusted HTML straight into the output (see Stream), str gives its
	// string to the escapers (see StringForm).
	stream Stream
	str    StringForm
}

func (a *actionNode) exec(s *state, dot reflect.Value) error {
	if a.stream != nil || a.str != nil {
		return a.callForm(s, dot)
	}
	if a.escFrom > 0 {
		v, err := a.pipe.evalCmds(s, dot, a.pipe.cmds[:a.escFrom])
		if err != nil {
			return err
		}
		first := a.pipe.cmds[a.escFrom].(*escapeCmd)
		s.w.WriteString(escapeRun(first.of(v), a.pipe.cmds[a.escFrom+1:]))
		return nil
	}
	v, err := a.pipe.eval(s, dot)
	if err != nil {
		return err
	}
	if len(a.pipe.decl) > 0 {
		return nil
	}
	// In an escaped tree every printed pipeline ends in an escaper, so
	// the value is a string; text/template prints a string as it is.
	if v.Kind() != reflect.String || v.Type() != stringType {
		return ErrFallback
	}
	s.w.WriteString(v.String())
	return nil
}

// callForm calls the action's Stream or StringForm with the function's
// arguments.
func (a *actionNode) callForm(s *state, dot reflect.Value) (err error) {
	f := a.pipe.cmds[0].(*funcCmd)
	defer s.popArgs(len(s.args))
	argv, err := s.callArgs(dot, f.typ, false, f.args, reflect.Value{}, false, true, reflect.Value{})
	if err != nil {
		return err
	}
	defer recovered(&err)
	if a.stream != nil {
		return a.stream(s.w, argv)
	}
	out, err := a.str(argv)
	if err != nil {
		return err
	}
	s.w.WriteString(escapeRun(out, a.pipe.cmds[1:]))
	return nil
}

// branchNode is {{if}} or {{with}}.
type branchNode struct {
	with        bool
	pipe        *pipeline
	list, else_ nodeList
	hasElse     bool
}

func (b *branchNode) exec(s *state, dot reflect.Value) error {
	mark := len(s.vars)
	defer func() { s.vars = s.vars[:mark] }()
	v, err := b.pipe.eval(s, dot)
	if err != nil {
		return err
	}
	truth, ok := isTrue(indirectInterface(v))
	if !ok {
		return ErrFallback
	}
	if truth {
		if b.with {
			return b.list.exec(s, v)
		}
		return b.list.exec(s, dot)
	}
	if b.hasElse {
		return b.else_.exec(s, dot)
	}
	return nil
}

// rangeNode is {{range}}, over a slice, an array, an int or a map with
// string or integer keys; other kinds are left to html/template.
type rangeNode struct {
	pipe        *pipeline
	list, else_ nodeList
	hasElse     bool
}

func (r *rangeNode) exec(s *state, dot reflect.Value) error {
	outer := len(s.vars)
	defer func() { s.vars = s.vars[:outer] }()
	v, err := r.pipe.eval(s, dot)
	if err != nil {
		return err
	}
	val, _ := indirect(v)
	mark := len(s.vars)
	decl := r.pipe.decl
	one := func(index, elem reflect.Value) error {
		if len(decl) > 0 {
			if r.pipe.assign {
				var err error
				if len(decl) > 1 {
					err = s.setVar(decl[0], index)
				} else {
					err = s.setVar(decl[0], elem)
				}
				if err != nil {
					return err
				}
			} else {
				s.vars[len(s.vars)-1].value = elem
			}
		}
		if len(decl) > 1 {
			if r.pipe.assign {
				if err := s.setVar(decl[1], elem); err != nil {
					return err
				}
			} else {
				s.vars[len(s.vars)-2].value = index
			}
		}
		err := r.list.exec(s, elem)
		s.vars = s.vars[:mark]
		return err
	}
	ran := false
	switch val.Kind() {
	case reflect.Array, reflect.Slice:
		for i := 0; i < val.Len(); i++ {
			ran = true
			if err := one(reflect.ValueOf(i), val.Index(i)); err == errBreak {
				break
			} else if err != nil && err != errContinue {
				return err
			}
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if len(decl) > 1 {
			return ErrFallback
		}
		for elem := range val.Seq() {
			ran = true
			if err := one(reflect.Value{}, elem); err == errBreak {
				break
			} else if err != nil && err != errContinue {
				return err
			}
		}
	case reflect.Map:
		keys, ok := sortedKeys(val)
		if !ok {
			return ErrFallback
		}
		for _, k := range keys {
			ran = true
			if err := one(k, val.MapIndex(k)); err == errBreak {
				break
			} else if err != nil && err != errContinue {
				return err
			}
		}
	case reflect.Invalid:
	default:
		return ErrFallback
	}
	if !ran && r.hasElse {
		return r.else_.exec(s, dot)
	}
	return nil
}

// templateNode is {{template "name" pipeline}}.
type templateNode struct {
	target *code
	pipe   *pipeline // nil when there is none
}

func (t *templateNode) exec(s *state, dot reflect.Value) error {
	if s.depth >= maxDepth {
		return ErrFallback
	}
	var v reflect.Value
	if t.pipe != nil {
		var err error
		if v, err = t.pipe.eval(s, dot); err != nil {
			return err
		}
	}
	// the called template's calls push their arguments above the caller's
	inner := newState(s.w, s.depth+1, s.args)
	defer inner.free()
	inner.vars = append(inner.vars, variable{"$", v})
	err := t.target.body.exec(inner, v)
	if err == errBreak || err == errContinue {
		return ErrFallback
	}
	return err
}

type breakNode struct{}

func (breakNode) exec(*state, reflect.Value) error { return errBreak }

type continueNode struct{}

func (continueNode) exec(*state, reflect.Value) error { return errContinue }

// compiler turns parse trees into code, each named template once.
type compiler struct {
	set   *template.Template
	funcs template.FuncMap
	fast  Fast
	done  map[string]*code
}

func (c *compiler) template(name string, tree *parse.Tree) (*code, error) {
	if k, ok := c.done[name]; ok {
		return k, nil
	}
	k := &code{}
	c.done[name] = k // before the body, for templates that call themselves
	body, err := c.list(tree.Root)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	k.body = body
	return k, nil
}

func (c *compiler) list(l *parse.ListNode) (nodeList, error) {
	if l == nil {
		return nil, nil
	}
	out := make(nodeList, 0, len(l.Nodes))
	for _, n := range l.Nodes {
		cn, err := c.node(n)
		if err != nil {
			return nil, err
		}
		if cn == nil {
			continue
		}
		// Runs of text (left by comments and trimmed actions) join.
		if t, ok := cn.(textNode); ok && len(out) > 0 {
			if prev, ok := out[len(out)-1].(textNode); ok {
				out[len(out)-1] = append(append(textNode(nil), prev...), t...)
				continue
			}
		}
		out = append(out, cn)
	}
	return out, nil
}

func (c *compiler) node(n parse.Node) (node, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		return textNode(n.Text), nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		p, err := c.pipeline(n.Pipe)
		if err != nil {
			return nil, err
		}
		a := &actionNode{pipe: p}
		if n := len(p.cmds); n > 1 && len(p.decl) == 0 && plainEscaper(p.cmds[n-1]) {
			a.escFrom = n - 1
			for a.escFrom > 1 && plainEscaper(p.cmds[a.escFrom-1]) {
				a.escFrom--
			}
		}
		// a function call, then escapers alone
		if f, ok := n.Pipe.Cmds[0].Args[0].(*parse.IdentifierNode); ok && a.escFrom == 1 {
			if _, isFunc := p.cmds[0].(*funcCmd); isFunc {
				if len(p.cmds) == 2 && p.cmds[1].(*escapeCmd).fn.Name == textEscaper {
					a.stream = c.fast.Streams[f.Ident]
				}
				if a.stream == nil {
					a.str = c.fast.Strings[f.Ident]
				}
			}
		}
		return a, nil
	case *parse.IfNode:
		return c.branch(false, &n.BranchNode)
	case *parse.WithNode:
		return c.branch(true, &n.BranchNode)
	case *parse.RangeNode:
		p, err := c.pipeline(n.Pipe)
		if err != nil {
			return nil, err
		}
		list, err := c.list(n.List)
		if err != nil {
			return nil, err
		}
		els, err := c.list(n.ElseList)
		if err != nil {
			return nil, err
		}
		return &rangeNode{pipe: p, list: list, else_: els, hasElse: n.ElseList != nil}, nil
	case *parse.TemplateNode:
		t := c.set.Lookup(n.Name)
		if t == nil || t.Tree == nil {
			// a template html/template derived for another context, or
			// none at all: either way html/template runs this one
			return nil, fmt.Errorf("template %q is not in the set", n.Name)
		}
		target, err := c.template(n.Name, t.Tree)
		if err != nil {
			return nil, err
		}
		tn := &templateNode{target: target}
		if n.Pipe != nil {
			if tn.pipe, err = c.pipeline(n.Pipe); err != nil {
				return nil, err
			}
		}
		return tn, nil
	case *parse.BreakNode:
		return breakNode{}, nil
	case *parse.ContinueNode:
		return continueNode{}, nil
	}
	return nil, fmt.Errorf("unsupported node %s", n)
}

func (c *compiler) branch(with bool, b *parse.BranchNode) (node, error) {
	p, err := c.pipeline(b.Pipe)
	if err != nil {
		return nil, err
	}
	list, err := c.list(b.List)
	if err != nil {
		return nil, err
	}
	els, err := c.list(b.ElseList)
	if err != nil {
		return nil, err
	}
	return &branchNode{with: with, pipe: p, list: list, else_: els, hasElse: b.ElseList != nil}, nil
}
