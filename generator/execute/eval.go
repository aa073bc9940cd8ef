package execute

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"text/template/parse"

	"github.com/tscip/tscip/generator/execute/escape"
)

var (
	stringType       = reflect.TypeFor[string]()
	errorType        = reflect.TypeFor[error]()
	reflectValueType = reflect.TypeFor[reflect.Value]()
	anyType          = reflect.TypeFor[any]()
)

// pipeline is a compiled pipeline: commands, each given the one before's
// value as its last argument, and the variables it declares or assigns.
type pipeline struct {
	cmds   []command
	decl   []string
	assign bool
}

func (p *pipeline) eval(s *state, dot reflect.Value) (reflect.Value, error) {
	return p.evalCmds(s, dot, p.cmds)
}

// evalCmds evaluates the pipeline's commands cmds, a prefix of its own,
// and sets its variables.
func (p *pipeline) evalCmds(s *state, dot reflect.Value, cmds []command) (reflect.Value, error) {
	var v reflect.Value
	has := false
	for _, c := range cmds {
		var err error
		if v, err = c.eval(s, dot, v, has); err != nil {
			return reflect.Value{}, err
		}
		has = true
		// as text/template: a value of type interface{} is replaced by
		// what it holds
		if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
			v = v.Elem()
		}
	}
	for _, name := range p.decl {
		if p.assign {
			if err := s.setVar(name, v); err != nil {
				return reflect.Value{}, err
			}
		} else {
			s.vars = append(s.vars, variable{name, v})
		}
	}
	return v, nil
}

// command is one command of a pipeline. final is the previous command's
// value, when has is true.
type command interface {
	eval(s *state, dot, final reflect.Value, has bool) (reflect.Value, error)
}

// operand is an argument of a function or method, evaluated for a
// parameter of type typ (nil: as a built-in takes it, unconverted).
type operand interface {
	value(s *state, dot reflect.Value, typ reflect.Type) (reflect.Value, error)
}

func (c *compiler) pipeline(p *parse.PipeNode) (*pipeline, error) {
	if p == nil {
		return nil, fmt.Errorf("empty pipeline")
	}
	out := &pipeline{assign: p.IsAssign}
	for _, v := range p.Decl {
		if len(v.Ident) != 1 {
			return nil, fmt.Errorf("unsupported declaration %s", v)
		}
		out.decl = append(out.decl, v.Ident[0])
	}
	for _, cmd := range p.Cmds {
		cc, err := c.command(cmd)
		if err != nil {
			return nil, err
		}
		out.cmds = append(out.cmds, cc)
	}
	return out, nil
}

func (c *compiler) command(cmd *parse.CommandNode) (command, error) {
	args := make([]operand, 0, len(cmd.Args)-1)
	for _, a := range cmd.Args[1:] {
		o, err := c.operand(a)
		if err != nil {
			return nil, err
		}
		args = append(args, o)
	}
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return &chainCmd{from: dotOperand{}, steps: c.steps(n.Ident), args: args}, nil
	case *parse.VariableNode:
		if len(n.Ident) == 1 {
			if len(args) > 0 {
				return nil, fmt.Errorf("argument to a variable")
			}
			return &valueCmd{o: varOperand{name: n.Ident[0]}}, nil
		}
		return &chainCmd{from: varOperand{name: n.Ident[0]}, steps: c.steps(n.Ident[1:]), args: args}, nil
	case *parse.ChainNode:
		from, err := c.operand(n.Node)
		if err != nil {
			return nil, err
		}
		switch n.Node.(type) {
		case *parse.PipeNode, *parse.FieldNode, *parse.VariableNode, *parse.IdentifierNode, *parse.DotNode:
		default:
			return nil, fmt.Errorf("unsupported chain %s", n)
		}
		return &chainCmd{from: from, steps: c.steps(n.Field), args: args}, nil
	case *parse.IdentifierNode:
		return c.function(n.Ident, args)
	case *parse.PipeNode, *parse.DotNode, *parse.StringNode, *parse.BoolNode, *parse.NumberNode:
		if len(args) > 0 {
			return nil, fmt.Errorf("argument to a non-function %s", n)
		}
		o, err := c.operand(n)
		if err != nil {
			return nil, err
		}
		return &valueCmd{o: o}, nil
	}
	return nil, fmt.Errorf("unsupported command %s", cmd)
}

// valueCmd is a command that is a value: a constant, dot, a variable or a
// parenthesised pipeline. It takes no arguments.
type valueCmd struct{ o operand }

func (v *valueCmd) eval(s *state, dot, _ reflect.Value, has bool) (reflect.Value, error) {
	if has {
		return reflect.Value{}, ErrFallback // can't give argument to non-function
	}
	return v.o.value(s, dot, nil)
}

func (c *compiler) operand(n parse.Node) (operand, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return dotOperand{}, nil
	case *parse.NilNode:
		return nilOperand{}, nil
	case *parse.StringNode:
		return constOperand{v: reflect.ValueOf(n.Text), node: n}, nil
	case *parse.BoolNode:
		return constOperand{v: reflect.ValueOf(n.True), node: n}, nil
	case *parse.NumberNode:
		v, ok := idealConstant(n)
		if !ok {
			return nil, fmt.Errorf("unsupported number %s", n.Text)
		}
		return constOperand{v: v, node: n}, nil
	case *parse.FieldNode:
		return &chainCmd{from: dotOperand{}, steps: c.steps(n.Ident)}, nil
	case *parse.VariableNode:
		if len(n.Ident) == 1 {
			return varOperand{name: n.Ident[0]}, nil
		}
		return &chainCmd{from: varOperand{name: n.Ident[0]}, steps: c.steps(n.Ident[1:])}, nil
	case *parse.PipeNode:
		p, err := c.pipeline(n)
		if err != nil {
			return nil, err
		}
		return pipeOperand{p}, nil
	case *parse.IdentifierNode:
		f, err := c.function(n.Ident, nil)
		if err != nil {
			return nil, err
		}
		return cmdOperand{f}, nil
	case *parse.ChainNode:
		cmd, err := c.command(&parse.CommandNode{NodeType: parse.NodeCommand, Args: []parse.Node{n}})
		if err != nil {
			return nil, err
		}
		return cmdOperand{cmd}, nil
	}
	return nil, fmt.Errorf("unsupported operand %s", n)
}

// idealConstant is a number as text/template reads one with no type to go
// by: an int, or a float64 when written with a point or an exponent.
// Complex numbers and ints that overflow are left to html/template.
func idealConstant(n *parse.NumberNode) (reflect.Value, bool) {
	switch {
	case n.IsComplex:
		return reflect.Value{}, false
	case n.IsFloat && !isHexInt(n.Text) && !(len(n.Text) > 0 && n.Text[0] == '\'') && strings.ContainsAny(n.Text, ".eEpP"):
		return reflect.ValueOf(n.Float64), true
	case n.IsInt:
		i := int(n.Int64)
		if int64(i) != n.Int64 {
			return reflect.Value{}, false
		}
		return reflect.ValueOf(i), true
	}
	return reflect.Value{}, false
}

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}

type dotOperand struct{}

func (dotOperand) value(_ *state, dot reflect.Value, typ reflect.Type) (reflect.Value, error) {
	return validateType(dot, typ)
}

type nilOperand struct{}

func (nilOperand) value(_ *state, _ reflect.Value, typ reflect.Type) (reflect.Value, error) {
	if typ == nil {
		return reflect.Value{}, nil
	}
	if canBeNil(typ) {
		return reflect.Zero(typ), nil
	}
	return reflect.Value{}, ErrFallback
}

// constOperand is a string, number or boolean literal: v is its value with
// no type to go by; for a parameter it takes the parameter's type.
type constOperand struct {
	v    reflect.Value
	node parse.Node
}

func (c constOperand) value(_ *state, _ reflect.Value, typ reflect.Type) (reflect.Value, error) {
	if typ == nil || typ == anyType {
		return c.v, nil
	}
	if c.v.Type() == typ {
		return c.v, nil
	}
	switch n := c.node.(type) {
	case *parse.StringNode:
		if typ.Kind() == reflect.String {
			v := reflect.New(typ).Elem()
			v.SetString(n.Text)
			return v, nil
		}
	case *parse.BoolNode:
		if typ.Kind() == reflect.Bool {
			v := reflect.New(typ).Elem()
			v.SetBool(n.True)
			return v, nil
		}
	case *parse.NumberNode:
		switch typ.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if n.IsInt {
				v := reflect.New(typ).Elem()
				v.SetInt(n.Int64)
				return v, nil
			}
		}
	}
	return reflect.Value{}, ErrFallback
}

type varOperand struct{ name string }

func (o varOperand) value(s *state, _ reflect.Value, typ reflect.Type) (reflect.Value, error) {
	v, err := s.varValue(o.name)
	if err != nil {
		return v, err
	}
	return validateType(v, typ)
}

type pipeOperand struct{ p *pipeline }

func (o pipeOperand) value(s *state, dot reflect.Value, typ reflect.Type) (reflect.Value, error) {
	v, err := o.p.eval(s, dot)
	if err != nil {
		return v, err
	}
	return validateType(v, typ)
}

// cmdOperand is a function named without arguments, or a chain, as an
// argument.
type cmdOperand struct{ c command }

func (o cmdOperand) value(s *state, dot reflect.Value, typ reflect.Type) (reflect.Value, error) {
	v, err := o.c.eval(s, dot, reflect.Value{}, false)
	if err != nil {
		return v, err
	}
	return validateType(v, typ)
}

// validateType checks that v can be passed as typ, as text/template does,
// with one dereference or address-of where that makes it fit. typ nil
// takes any value.
func validateType(v reflect.Value, typ reflect.Type) (reflect.Value, error) {
	if typ == nil {
		return v, nil
	}
	if !v.IsValid() {
		if canBeNil(typ) {
			return reflect.Zero(typ), nil
		}
		return v, ErrFallback
	}
	vt := v.Type()
	if vt == typ || typ == anyType || vt.AssignableTo(typ) {
		return v, nil
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		if e := v.Elem(); e.Type().AssignableTo(typ) {
			return e, nil
		}
		v = v.Elem()
		vt = v.Type()
	}
	switch {
	case v.Kind() == reflect.Pointer && vt.Elem().AssignableTo(typ):
		v = v.Elem()
		if !v.IsValid() {
			return v, ErrFallback
		}
		return v, nil
	case reflect.PointerTo(vt).AssignableTo(typ) && v.CanAddr():
		return v.Addr(), nil
	}
	return v, ErrFallback
}

func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	}
	return false
}

// step is one name of a chain (.A.B.C): a field, a method or a map key,
// depending on the receiver, which it remembers for each receiver type it
// has met.
type step struct {
	name    string
	nameVal reflect.Value
	methods map[reflect.Type]map[string]Direct // direct forms of methods
	seen    atomic.Pointer[[]resolved]
}

// resolved is what a step's name means for one receiver type.
type resolved struct {
	typ    reflect.Type
	addr   bool // the receiver was addressable: the methods of *T count
	kind   int
	index  int   // the method's index (methodStep)
	path   []int // the field's index path (fieldStep)
	method reflect.Type
	direct Direct // the method's direct form, if it has one
}

const (
	methodStep = iota + 1
	fieldStep
	mapStep
)

func (c *compiler) steps(names []string) []*step {
	out := make([]*step, len(names))
	for i, n := range names {
		out[i] = &step{name: n, nameVal: reflect.ValueOf(n), methods: c.fast.Methods}
	}
	return out
}

// resolve finds what the step's name means for a receiver of type typ, as
// text/template's evalField would, remembering the answer.
func (st *step) resolve(typ reflect.Type, addr bool) *resolved {
	if seen := st.seen.Load(); seen != nil {
		for i := range *seen {
			if r := &(*seen)[i]; r.typ == typ && r.addr == addr {
				return r
			}
		}
	}
	r := resolved{typ: typ, addr: addr}
	mt := typ
	if addr && typ.Kind() != reflect.Interface {
		mt = reflect.PointerTo(typ)
	}
	if m, ok := mt.MethodByName(st.name); ok && typ.Kind() != reflect.Interface {
		r.kind, r.index, r.method = methodStep, m.Index, m.Type
		r.direct = st.methods[mt][st.name]
	} else if typ.Kind() == reflect.Interface {
		r.kind = 0 // left to html/template
	} else {
		switch typ.Kind() {
		case reflect.Struct:
			if f, ok := typ.FieldByName(st.name); ok && f.IsExported() {
				r.kind, r.path = fieldStep, f.Index
			}
		case reflect.Map:
			if stringType.AssignableTo(typ.Key()) {
				r.kind = mapStep
			}
		}
	}
	var next []resolved
	if seen := st.seen.Load(); seen != nil {
		next = slices.Clone(*seen)
	}
	next = append(next, r)
	st.seen.Store(&next)
	return &next[len(next)-1]
}

// chainCmd is .A.B.C, $x.A.B or (pipeline).A.B, with the arguments of a
// method at its end.
type chainCmd struct {
	from  operand
	steps []*step
	args  []operand
}

func (c *chainCmd) eval(s *state, dot, final reflect.Value, has bool) (reflect.Value, error) {
	recv, err := c.from.value(s, dot, nil)
	if err != nil {
		return recv, err
	}
	last := len(c.steps) - 1
	for i, st := range c.steps {
		if i < last {
			recv, err = s.field(dot, st, recv, nil, reflect.Value{}, false)
		} else {
			recv, err = s.field(dot, st, recv, c.args, final, has)
		}
		if err != nil {
			return recv, err
		}
	}
	return recv, nil
}

func (c *chainCmd) value(s *state, dot reflect.Value, typ reflect.Type) (reflect.Value, error) {
	v, err := c.eval(s, dot, reflect.Value{}, false)
	if err != nil {
		return v, err
	}
	return validateType(v, typ)
}

// field evaluates one step of a chain on recv, as text/template's
// evalField does.
func (s *state) field(dot reflect.Value, st *step, recv reflect.Value, args []operand, final reflect.Value, has bool) (reflect.Value, error) {
	if !recv.IsValid() {
		return recv, ErrFallback // nil data
	}
	recv, isNil := indirect(recv)
	if isNil {
		return recv, ErrFallback // nil pointer, or methods on one
	}
	r := st.resolve(recv.Type(), recv.CanAddr())
	switch r.kind {
	case methodStep:
		m := recv
		if r.addr {
			m = recv.Addr()
		}
		if r.direct != nil {
			return s.call(dot, reflect.Value{}, r.method, true, args, final, has, r.direct, m)
		}
		return s.call(dot, m.Method(r.index), r.method, true, args, final, has, nil, reflect.Value{})
	case fieldStep:
		if len(args) > 0 || has {
			return recv, ErrFallback
		}
		if len(r.path) == 1 {
			return recv.Field(r.path[0]), nil
		}
		v, err := recv.FieldByIndexErr(r.path)
		if err != nil {
			return v, ErrFallback
		}
		return v, nil
	case mapStep:
		if len(args) > 0 || has {
			return recv, ErrFallback
		}
		v := recv.MapIndex(st.nameVal)
		if !v.IsValid() {
			return v, ErrFallback // missing key: html/template applies the option
		}
		return v, nil
	}
	return recv, ErrFallback
}

// call calls fn, of type typ (for a method, typ has the receiver first
// when method is set), with args and the pipeline's final value, as
// text/template's evalCall does; direct, when set, is called in its place.
func (s *state) call(dot, fn reflect.Value, typ reflect.Type, method bool, args []operand, final reflect.Value, has bool, direct Direct, recv reflect.Value) (reflect.Value, error) {
	start := len(s.args)
	defer s.popArgs(start)
	argv, err := s.callArgs(dot, typ, method, args, final, has, direct != nil, recv)
	if err != nil {
		return reflect.Value{}, err
	}
	var out reflect.Value
	if direct != nil {
		out, err = safeDirect(direct, argv)
	} else {
		out, err = safeCall(fn, argv)
	}
	if err != nil {
		return reflect.Value{}, err
	}
	if out.Type() == reflectValueType {
		out = out.Interface().(reflect.Value)
	}
	return out, nil
}

// callArgs checks a call's arguments against typ as call does, works them
// out and pushes them on the argument stack (a direct method's receiver
// first), and returns them; the caller pops them.
func (s *state) callArgs(dot reflect.Value, typ reflect.Type, method bool, args []operand, final reflect.Value, has, direct bool, recv reflect.Value) ([]reflect.Value, error) {
	skip := 0
	if method {
		skip = 1 // the method type's receiver
	}
	numParams := typ.NumIn() - skip
	numIn := len(args)
	if has {
		numIn++
	}
	variadic := typ.IsVariadic()
	numFixed := len(args)
	if variadic {
		numFixed = numParams - 1
		if numIn < numFixed {
			return nil, ErrFallback
		}
	} else if numIn != numParams {
		return nil, ErrFallback
	}
	switch n := typ.NumOut(); {
	case n == 1:
	case n == 2 && typ.Out(1) == errorType:
	default:
		return nil, ErrFallback
	}
	start := len(s.args)
	if direct && method {
		s.pushArg(recv) // a direct method's receiver comes first
	}
	base := len(s.args)
	i := 0
	for ; i < numFixed && i < len(args); i++ {
		v, err := args[i].value(s, dot, typ.In(i+skip))
		if err != nil {
			return nil, err
		}
		s.pushArg(v)
	}
	if variadic {
		et := typ.In(typ.NumIn() - 1).Elem()
		for ; i < len(args); i++ {
			v, err := args[i].value(s, dot, et)
			if err != nil {
				return nil, err
			}
			s.pushArg(v)
		}
	}
	if has {
		t := typ.In(typ.NumIn() - 1)
		if variadic {
			if numIn-1 < numFixed {
				t = typ.In(numIn - 1 + skip)
			} else {
				t = t.Elem()
			}
		}
		v, err := validateType(final, t)
		if err != nil {
			return nil, err
		}
		s.pushArg(v)
	}
	for _, v := range s.args[base:] {
		if v.Type() == reflectValueType {
			return nil, ErrFallback
		}
	}
	// the slice is taken only now: working out an argument may have
	// moved the stack
	return s.args[start:], nil
}

// Direct is a function of the function map, or a method, in a form a
// program calls without reflection: it gets the arguments reflection would
// pass (each already of its parameter's type, a variadic function's extra
// arguments one by one; a method's receiver first) and returns the
// function's result. It must not keep args, which are reused once it
// returns, and it must do exactly what the function does;
// html/template, which is compared with the programs, calls the function
// itself.
type Direct func(args []reflect.Value) (reflect.Value, error)

// Stream is a function of the function map that returns trusted HTML
// (template.HTML), in a form that appends that HTML to w instead of
// returning it. It gets its arguments as a Direct does. A program calls it
// where the function's result is printed straight through html/template's
// text escaper, which prints trusted HTML as it is: {{fn args...}} in the
// text of an element. The long tables of a large site are then written
// into the page once, not first made into a string and copied.
type Stream func(w *bytes.Buffer, args []reflect.Value) error

// StringForm is a function of the function map that returns a string, in
// a form that gives it without boxing it in a reflect.Value. It gets its
// arguments as a Direct does. A program calls it where the result goes
// only through html/template's escapers and into the page, as in
// {{money .Cost}}, which is most of a page's actions.
type StringForm func(args []reflect.Value) (string, error)

// Fast are the direct forms a program calls in place of reflection.
type Fast struct {
	Funcs   map[string]Direct                  // by name in the function map
	Methods map[reflect.Type]map[string]Direct // by receiver type, then method name
	Streams map[string]Stream                  // by name in the function map
	Strings map[string]StringForm              // by name in the function map
}

// recovered, deferred, turns a panic into ErrFallback: html/template, run
// again, says what went wrong.
func recovered(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("%w: %v", ErrFallback, r)
	}
}

func safeDirect(fn Direct, args []reflect.Value) (v reflect.Value, err error) {
	defer recovered(&err)
	return fn(args)
}

// safeCall calls fn, turning a returned error or a panic into an error
// (html/template, run again, words it).
func safeCall(fn reflect.Value, args []reflect.Value) (v reflect.Value, err error) {
	defer recovered(&err)
	ret := fn.Call(args)
	if len(ret) == 2 && !ret[1].IsNil() {
		return ret[0], ret[1].Interface().(error)
	}
	return ret[0], nil
}

// funcCmd calls a function of the function map.
type funcCmd struct {
	fn     reflect.Value
	typ    reflect.Type
	args   []operand
	direct Direct
}

func (f *funcCmd) eval(s *state, dot, final reflect.Value, has bool) (reflect.Value, error) {
	return s.call(dot, f.fn, f.typ, false, f.args, final, has, f.direct, reflect.Value{})
}

// escapeCmd is one of html/template's escaping functions.
type escapeCmd struct {
	fn   escape.Func
	args []operand
}

func (e *escapeCmd) eval(s *state, dot, final reflect.Value, has bool) (reflect.Value, error) {
	if len(e.args) == 0 && has {
		return reflect.ValueOf(e.of(final)), nil
	}
	vals := make([]any, 0, len(e.args)+1)
	for _, a := range e.args {
		v, err := a.value(s, dot, anyType)
		if err != nil {
			return v, err
		}
		vals = append(vals, iface(v))
	}
	if has {
		vals = append(vals, iface(final))
	}
	return reflect.ValueOf(e.fn.Any(vals...)), nil
}

// of escapes final, the one argument.
func (e *escapeCmd) of(final reflect.Value) string {
	v := final
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if v.IsValid() && v.Type() == stringType {
		return e.fn.String(v.String())
	}
	if e.fn.Name == textEscaper && v.IsValid() && v.Type() == htmlType {
		// trusted HTML goes into text as it is (without boxing it, as Any's
		// argument would)
		return v.String()
	}
	return e.fn.Any(iface(final))
}

var htmlType = reflect.TypeFor[template.HTML]()

// iface is the value v passes as an argument of type any: nil for no
// value, else what it holds.
func iface(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	return v.Interface()
}

func (c *compiler) function(name string, args []operand) (command, error) {
	if fn, ok := c.funcs[name]; ok {
		v := reflect.ValueOf(fn)
		if v.Kind() != reflect.Func {
			return nil, fmt.Errorf("%s is not a function", name)
		}
		return &funcCmd{fn: v, typ: v.Type(), args: args, direct: c.fast.Funcs[name]}, nil
	}
	if strings.HasPrefix(name, "_html_template_") {
		f, ok := escape.Lookup(name)
		if !ok {
			return nil, fmt.Errorf("escaper %s is not implemented", name)
		}
		return &escapeCmd{fn: f, args: args}, nil
	}
	if b, ok := builtins[name]; ok {
		return &builtinCmd{name: name, fn: b, args: args}, nil
	}
	if fn, ok := plainBuiltins[name]; ok {
		v := reflect.ValueOf(fn)
		return &funcCmd{fn: v, typ: v.Type(), args: args, direct: plainDirect[name]}, nil
	}
	return nil, fmt.Errorf("function %s is not supported", name)
}
