package serve

import (
	"bytes"
	"html/template"

	"github.com/tscip/tscip/generator/diag"
)

// The overlay lists the problems over the last good page: a dialog that
// assistive technology announces, with a heading, each problem as
// `file:line:column: message (value)` and the offending line's text. All
// of it is escaped: file names, messages and lines come from the user's
// files.
var overlayTmpl = template.Must(template.New("overlay").Parse(`<div id="tscip-overlay" role="alertdialog" aria-modal="true" aria-labelledby="tscip-overlay-title" aria-describedby="tscip-overlay-desc" tabindex="-1">
<style>
#tscip-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(11,12,12,.8);padding:2rem 1rem;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:left}
#tscip-overlay .tscip-box{max-width:60rem;margin:0 auto;background:#fff;color:#0b0c0c;border-top:.5rem solid #d4351c;padding:1.5rem 2rem}
#tscip-overlay h2{font-size:1.5rem;margin:0 0 .5rem;color:#0b0c0c}
#tscip-overlay p{margin:0 0 1rem}
#tscip-overlay ol{margin:0 0 1rem;padding-left:1.5rem}
#tscip-overlay li{margin:0 0 1rem}
#tscip-overlay code,#tscip-overlay pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.95rem}
#tscip-overlay .tscip-problem{font-weight:600;overflow-wrap:anywhere}
#tscip-overlay pre{background:#f3f2f1;border-left:.25rem solid #d4351c;padding:.5rem .75rem;margin:.25rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
#tscip-overlay button{font:inherit;padding:.4rem 1rem;border:2px solid #0b0c0c;background:#fff;color:#0b0c0c;cursor:pointer}
#tscip-overlay button:focus,#tscip-overlay:focus{outline:3px solid #fd0;outline-offset:0}
</style>
<div class="tscip-box">
<h2 id="tscip-overlay-title">The site could not be rebuilt</h2>
<p id="tscip-overlay-desc">{{.Count}} {{if eq .Count 1}}problem{{else}}problems{{end}} in the site's files.{{if .Stale}} This page is the last version that built.{{end}} Fix {{if eq .Count 1}}it{{else}}them{{end}} and save: this page will update by itself.</p>
<ol class="tscip-problems">
{{- range .Items}}
<li><code class="tscip-problem">{{.String}}</code>{{if .Source}}
<pre class="tscip-source" aria-label="Line {{.Line}} of {{.File}}">{{.Source}}</pre>{{end}}</li>
{{- end}}
</ol>
{{- if .More}}
<p>And {{.More}} more: the terminal running tscip serve lists them all.</p>
{{- end}}
{{- if .Stale}}
<button type="button" class="tscip-close">Hide until the next change</button>
{{- end}}
</div>
</div>`))

var errorTmpl = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Problems in the site – tscip preview</title>
</head>
<body>
<main>
<h1>The site could not be built</h1>
<p>The preview will show the site as soon as these problems are fixed.</p>
{{.Overlay}}
</main>
<script src="{{.Script}}" data-version="{{.Version}}" defer></script>
</body>
</html>
`))

type overlayData struct {
	Count int
	Items []diag.Diagnostic
	More  int  // problems not listed
	Stale bool // shown over the last good page (else on the error page)
}

// maxListed bounds the problems the overlay lists, so that a file full of
// mistakes does not make every page enormous.
const maxListed = 50

// overlayHTML renders the problems; stale says whether they will be shown
// over the last good version of a page.
func overlayHTML(items []diag.Diagnostic, stale bool) []byte {
	var b bytes.Buffer
	d := overlayData{Count: len(items), Items: items, Stale: stale}
	if len(items) > maxListed {
		d.Items, d.More = items[:maxListed], len(items)-maxListed
	}
	if err := overlayTmpl.Execute(&b, d); err != nil {
		return []byte(template.HTMLEscapeString(err.Error()))
	}
	return b.Bytes()
}

// errorPage is served for every page while there has never been a good
// build.
func errorPage(st *state) []byte {
	var b bytes.Buffer
	err := errorTmpl.Execute(&b, map[string]any{
		"Overlay": template.HTML(st.overlay), // #nosec: built from the escaped overlay template
		"Script":  scriptPath,
		"Version": st.version,
	})
	if err != nil {
		return []byte(template.HTMLEscapeString(err.Error()))
	}
	return b.Bytes()
}
