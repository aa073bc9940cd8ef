package escape

import (
	"fmt"
	"html/template"
	"strings"
	"sync"
	"text/template/parse"
)

// A probe is a one-action html/template template whose escaped pipeline is
// exactly one escaping function. Executing it with a value and cutting off
// the fixed text around the action gives html/template's own output of
// that function for the value. Probes serve the cases this package does not
// reimplement: trusted HTML given to an attribute escaper, which
// html/template first reduces to its text with its tag stripper.
type probe struct {
	src            string // the template, with one {{.}}
	escaper        string // the one function its escaped pipeline must call
	prefix, suffix string // the text around the action

	once sync.Once
	tmpl *template.Template
}

var (
	quotedAttrProbe   = &probe{src: `<p title="{{.}}">`, escaper: "_html_template_attrescaper", prefix: `<p title="`, suffix: `">`}
	unquotedAttrProbe = &probe{src: `<p title={{.}}>`, escaper: "_html_template_nospaceescaper", prefix: `<p title=`, suffix: `>`}
)

// run gives html/template's output of the probe's escaper for the trusted
// HTML s.
func (p *probe) run(s string) string {
	p.once.Do(p.init)
	var b strings.Builder
	b.Grow(len(p.prefix) + len(s) + len(p.suffix))
	if err := p.tmpl.Execute(&b, template.HTML(s)); err != nil {
		panic(fmt.Sprintf("escape: probe %s: %v", p.src, err))
	}
	out := b.String()
	if !strings.HasPrefix(out, p.prefix) || !strings.HasSuffix(out[len(p.prefix):], p.suffix) {
		panic(fmt.Sprintf("escape: probe %s gave %q", p.src, out))
	}
	return out[len(p.prefix) : len(out)-len(p.suffix)]
}

// init parses and escapes the probe, and checks that its escaped tree is
// the text prefix, {{. | escaper}} and the text suffix; anything else (a
// change in html/template) panics rather than give a wrong escaping.
func (p *probe) init() {
	t := template.Must(template.New("probe").Parse(p.src))
	if err := t.Execute(new(strings.Builder), template.HTML("")); err != nil {
		panic(fmt.Sprintf("escape: probe %s: %v", p.src, err))
	}
	nodes := t.Tree.Root.Nodes
	ok := len(nodes) == 3
	if ok {
		pre, ok1 := nodes[0].(*parse.TextNode)
		act, ok2 := nodes[1].(*parse.ActionNode)
		post, ok3 := nodes[2].(*parse.TextNode)
		ok = ok1 && ok2 && ok3 &&
			string(pre.Text) == p.prefix && string(post.Text) == p.suffix &&
			len(act.Pipe.Decl) == 0 && len(act.Pipe.Cmds) == 2 &&
			isDot(act.Pipe.Cmds[0]) && isIdent(act.Pipe.Cmds[1], p.escaper)
	}
	if !ok {
		panic(fmt.Sprintf("escape: probe %s escaped to %s, want %s{{. | %s}}%s",
			p.src, t.Tree.Root, p.prefix, p.escaper, p.suffix))
	}
	p.tmpl = t
}

func isDot(c *parse.CommandNode) bool {
	if len(c.Args) != 1 {
		return false
	}
	_, ok := c.Args[0].(*parse.DotNode)
	return ok
}

func isIdent(c *parse.CommandNode, name string) bool {
	if len(c.Args) != 1 {
		return false
	}
	id, ok := c.Args[0].(*parse.IdentifierNode)
	return ok && id.Ident == name
}
