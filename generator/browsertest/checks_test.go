package browsertest

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// brokenPage has one of each problem the checks look for, so that a check
// which silently finds nothing (axe not running, Tab not reaching the page)
// fails here rather than passing the real site.
const brokenPage = `<!DOCTYPE html>
<html><head><title>Broken</title><link rel="stylesheet" href="gone.css"></head>
<body>
<button type="button">First</button>
<a href="#content">Skip</a>
<h1>One</h1><h1>Two</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<div style="width: 600px">Too wide</div>
</body></html>`

func TestChecksFindProblems(t *testing.T) {
	axeJS := axeSource(t)
	tab := newTab(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(brokenPage))
	}))
	defer srv.Close()

	// The same steps as TestAccessibility: desktop width first, then narrowed.
	load(t, tab, srv.URL+"/", 1280, 900)
	var all []string
	for _, problems := range [][]string{checkSkipLink(t, tab), checkStructure(t, tab, srv.URL+"/"), checkAxe(t, tab, axeJS)} {
		all = append(all, problems...)
	}
	resize(t, tab, 320, 640)
	all = append(all, checkReflow(t, tab, 320)...)
	got := strings.Join(all, "\n")
	for _, want := range []string{
		"the first Tab stop is <button",
		"exactly one h1, found 2",
		"exactly one <main>, found 0",
		"gone.css",
		"canonical link is \"\"",
		"axe: image-alt",
		"axe: html-has-lang",
		"scrolls sideways",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the checks missed %q on a page that has it; they found:\n%s", want, got)
		}
	}
}
