// Package links checks a rendered site's internal links: that every href,
// src and srcset of every page, and every url() of every stylesheet,
// resolves to a file of the site, relative to the file that holds it, and
// that a link's #fragment names an element of the page it leads to.
package links

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"

	"golang.org/x/net/html"

	"github.com/tscip/tscip/generator/publish"
)

// Problem is one link that does not resolve.
type Problem struct {
	File    string // the file holding the link, e.g. framework/index.html
	Link    string // the link as written
	Message string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s: %s: %s", p.File, p.Link, p.Message)
}

// Report is the outcome of a check.
type Report struct {
	Pages    int // HTML files read
	Links    int // links and assets checked
	Problems []Problem
}

// linkAttrs are the attributes that hold a URL, by element; "*" applies to
// every element.
var linkAttrs = map[string][]string{
	"a": {"href"}, "area": {"href"}, "link": {"href"}, "base": {"href"},
	"img": {"src", "srcset"}, "source": {"src", "srcset"}, "script": {"src"}, "iframe": {"src"},
	"audio": {"src"}, "video": {"src", "poster"}, "track": {"src"}, "embed": {"src"},
	"input": {"src"}, "form": {"action"}, "object": {"data"},
	"use": {"href", "xlink:href"}, "image": {"href", "xlink:href"},
}

var cssURL = regexp.MustCompile(`url\(\s*(?:"([^"]*)"|'([^']*)'|([^'")\s]+))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')`)

type link struct {
	file, raw string
}

// Check reads every HTML and CSS file of the site and checks its links.
func Check(files *publish.Files) Report {
	var r Report
	ids := map[string]map[string]bool{} // HTML file -> its element ids
	var found []link
	for _, name := range files.Paths() {
		b, _ := files.Get(name)
		switch path.Ext(name) {
		case ".html", ".htm":
			r.Pages++
			pageIDs, pageLinks := scanHTML(b)
			ids[name] = pageIDs
			for _, l := range pageLinks {
				found = append(found, link{name, l})
			}
		case ".css":
			for _, m := range cssURL.FindAllSubmatch(b, -1) {
				for _, g := range m[1:] {
					if len(g) > 0 {
						found = append(found, link{name, string(g)})
						break
					}
				}
			}
		}
	}
	for _, l := range found {
		r.Links++
		if msg := resolve(files, ids, l.file, l.raw); msg != "" {
			r.Problems = append(r.Problems, Problem{File: l.file, Link: l.raw, Message: msg})
		}
	}
	sort.SliceStable(r.Problems, func(i, j int) bool { return r.Problems[i].File < r.Problems[j].File })
	return r
}

// scanHTML returns a page's element ids and the URLs its attributes hold.
func scanHTML(b []byte) (map[string]bool, []string) {
	ids := map[string]bool{}
	var out []string
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ids, out
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			want := linkAttrs[t.Data]
			for _, a := range t.Attr {
				key := a.Key
				if a.Namespace != "" {
					key = a.Namespace + ":" + a.Key
				}
				if key == "id" || (t.Data == "a" && key == "name") {
					ids[a.Val] = true
				}
				for _, w := range want {
					if key != w {
						continue
					}
					if key == "srcset" {
						out = append(out, srcset(a.Val)...)
					} else {
						out = append(out, a.Val)
					}
				}
			}
		}
	}
}

// srcset returns the URLs of a srcset attribute ("a.png 1x, b.png 2x").
func srcset(v string) []string {
	var out []string
	for _, part := range strings.Split(v, ",") {
		if f := strings.Fields(part); len(f) > 0 {
			out = append(out, f[0])
		}
	}
	return out
}

// resolve checks one link from the file from; it returns "" when the link
// is fine, or what is wrong.
func resolve(files *publish.Files, ids map[string]map[string]bool, from, raw string) string {
	v := strings.TrimSpace(raw)
	if v == "" {
		return "empty link"
	}
	u, err := url.Parse(v)
	if err != nil {
		return "not a valid address: " + err.Error()
	}
	if u.Scheme != "" || u.Host != "" {
		return "" // another site, mailto:, tel:, data: …: not ours to check
	}
	if strings.HasPrefix(u.Path, "/") {
		return "root-relative link: it breaks when the site is served from a sub-folder (links between pages must be relative)"
	}
	target := from
	if u.Path != "" {
		dir := strings.Split(path.Dir(from), "/")
		if path.Dir(from) == "." {
			dir = nil
		}
		for _, seg := range strings.Split(u.Path, "/") {
			switch seg {
			case ".", "":
			case "..":
				if len(dir) == 0 {
					return "climbs above the site's root folder"
				}
				dir = dir[:len(dir)-1]
			default:
				dir = append(dir, seg)
			}
		}
		target = strings.Join(dir, "/")
		if target == "" || strings.HasSuffix(u.Path, "/") || u.Path == "." || u.Path == ".." || strings.HasSuffix(u.Path, "/.") || strings.HasSuffix(u.Path, "/..") {
			if target != "" {
				target += "/"
			}
			target += "index.html"
		}
	}
	if _, ok := files.Get(target); !ok {
		if _, dir := files.Get(target + "/index.html"); dir {
			target += "/index.html" // a web server redirects a folder to its slash form
		} else {
			return "no such file in the site (" + target + ")"
		}
	}
	if frag := u.Fragment; frag != "" {
		if pageIDs, isPage := ids[target]; isPage && !pageIDs[frag] {
			return "no element with id \"" + frag + "\" in " + target
		}
	}
	return ""
}
