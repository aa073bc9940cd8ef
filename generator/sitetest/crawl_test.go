package sitetest

import (
	"context"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/tscip/tscip/generator"
	"github.com/tscip/tscip/generator/internal/testsite"
)

const subPath = "/council/tscip/"

var buildNow = time.Date(2011, 9, 8, 12, 0, 0, 0, time.UTC)

// serve starts a loopback server that serves dir under subPath only, as a
// council's web server would serve the site from a folder.
func serve(t *testing.T, ln net.Listener, dir string) {
	mux := http.NewServeMux()
	mux.Handle(subPath, http.StripPrefix(strings.TrimSuffix(subPath, "/"), http.FileServer(http.Dir(dir))))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
}

func build(t *testing.T, opt generator.Options) string {
	t.Helper()
	root, err := testsite.Root()
	if err != nil {
		t.Fatal(err)
	}
	opt.Source, opt.Dest, opt.Now = root, filepath.Join(t.TempDir(), "public"), buildNow
	if _, err := generator.Build(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	return opt.Dest
}

// TestCrawl builds the reference site, serves it under /council/tscip/ and
// follows every link and asset from the home page, the sitemap and
// robots.txt (and 404.html): each must answer 200 without a redirect, none may lead out of
// the sub-path, every fragment must name an anchor on its page, and every
// HTML page but 404.html must be reachable.
func TestCrawl(t *testing.T) {
	for _, withBase := range []bool{false, true} {
		name := "without base_url"
		if withBase {
			name = "with base_url"
		}
		t.Run(name, func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			origin := "http://" + ln.Addr().String()
			opt := generator.Options{}
			if withBase {
				opt.BaseURL = origin + subPath
			}
			dir := build(t, opt)
			serve(t, ln, dir)
			crawl(t, origin, dir, withBase)
		})
	}
}

type fetched struct {
	status  int
	ctype   string
	anchors map[string]bool
}

func crawl(t *testing.T, origin, dir string, withBase bool) {
	client := &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	base, _ := url.Parse(origin + subPath)
	seen := map[string]*fetched{}
	type ref struct{ from, to string }
	var fragments []struct {
		ref
		frag string
	}
	queue := []ref{{"(start)", base.String()}}
	if withBase {
		queue = append(queue, ref{"(start)", base.String() + "sitemap.xml"})
	}
	// 404.html is linked from nowhere, but its own links must work where
	// it sits.
	queue = append(queue, ref{"(start)", base.String() + "robots.txt"}, ref{"(start)", base.String() + "404.html"})
	const limit = 5000
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		if _, ok := seen[r.to]; ok {
			continue
		}
		if len(seen) >= limit {
			t.Fatalf("more than %d addresses: the crawl is not converging", limit)
		}
		resp, err := client.Get(r.to)
		if err != nil {
			t.Errorf("%s: GET %s: %v", r.from, r.to, err)
			seen[r.to] = &fetched{}
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		f := &fetched{status: resp.StatusCode, ctype: resp.Header.Get("Content-Type")}
		seen[r.to] = f
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s links to %s: status %d %s", r.from, r.to, resp.StatusCode, resp.Header.Get("Location"))
			continue
		}
		page, _ := url.Parse(r.to)
		var targets []string
		switch {
		case strings.HasPrefix(f.ctype, "text/html"):
			f.anchors = anchors(string(body))
			for _, l := range htmlLinks(string(body)) {
				targets = append(targets, l.value)
			}
		case strings.HasSuffix(page.Path, ".xml"):
			targets = xmlLinks(string(body))
		case strings.HasSuffix(page.Path, ".css"):
			targets = cssLinks(string(body))
		case strings.HasSuffix(page.Path, "robots.txt"):
			for _, line := range strings.Split(string(body), "\n") {
				if v, ok := strings.CutPrefix(line, "Sitemap: "); ok {
					targets = append(targets, strings.TrimSpace(v))
				}
			}
		}
		for _, v := range targets {
			if skip(v) {
				continue
			}
			u, err := url.Parse(v)
			if err != nil {
				t.Errorf("%s: bad link %q: %v", r.to, v, err)
				continue
			}
			abs := page.ResolveReference(u)
			if abs.Host != base.Host {
				continue // another site
			}
			if !strings.HasPrefix(abs.Path, subPath) {
				t.Errorf("%s: link %q leads out of %s to %s", r.to, v, subPath, abs.Path)
				continue
			}
			frag := abs.Fragment
			abs.Fragment, abs.RawFragment, abs.RawQuery = "", "", ""
			if frag != "" {
				fragments = append(fragments, struct {
					ref
					frag string
				}{ref{r.to, abs.String()}, frag})
			}
			queue = append(queue, ref{r.to, abs.String()})
		}
	}
	for _, fr := range fragments {
		if f := seen[fr.to]; f != nil && f.anchors != nil && !f.anchors[fr.frag] {
			t.Errorf("%s links to %s#%s: no such anchor", fr.from, fr.to, fr.frag)
		}
	}

	// Every HTML file of the output was reached.
	reached := map[string]bool{}
	for u, f := range seen {
		if f.status != http.StatusOK {
			continue
		}
		p, _ := url.Parse(u)
		rel := strings.TrimPrefix(p.Path, subPath)
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		reached[rel] = true
	}
	var orphans []string
	pages := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		pages++
		if rel != "404.html" && !reached[rel] {
			orphans = append(orphans, rel)
		}
		return nil
	})
	sort.Strings(orphans)
	for _, o := range orphans {
		t.Errorf("no link reaches %s", o)
	}
	t.Logf("crawled %d addresses; %d HTML files, %d unreachable", len(seen), pages, len(orphans))
	if pages < 100 {
		t.Errorf("only %d HTML files: the reference site has more than a hundred pages", pages)
	}
}

// TestFileURLs builds a copy for opening from disk: every link in every
// HTML file must be relative and name a file (not a folder) that exists,
// and every fragment an anchor in it.
func TestFileURLs(t *testing.T) {
	dir := build(t, generator.Options{FileURLs: true})
	docs := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			b, rerr := readFile(p)
			if rerr != nil {
				return rerr
			}
			rel, _ := filepath.Rel(dir, p)
			docs[filepath.ToSlash(rel)] = b
		}
		return err
	})
	if len(docs) < 100 {
		t.Fatalf("only %d HTML files", len(docs))
	}
	checked := 0
	for rel, page := range docs {
		for _, l := range htmlLinks(page) {
			if skip(l.value) {
				continue
			}
			u, err := url.Parse(l.value)
			if err != nil {
				t.Errorf("%s: bad link %q", rel, l.value)
				continue
			}
			if u.Scheme == "http" || u.Scheme == "https" {
				continue // another site
			}
			if u.Scheme != "" || u.Host != "" || strings.HasPrefix(u.Path, "/") {
				t.Errorf("%s: %s %s=%q is not relative, so it breaks when opened from disk", rel, l.tag, l.attr, l.value)
				continue
			}
			target := rel
			if u.Path != "" {
				target = path.Join(path.Dir(rel), u.Path)
				if strings.HasPrefix(target, "../") || target == ".." {
					t.Errorf("%s: %q leads out of the site", rel, l.value)
					continue
				}
				if strings.HasSuffix(u.Path, "/") || u.Path == "." || u.Path == ".." {
					t.Errorf("%s: %q names a folder; from disk a browser shows a listing, not the page", rel, l.value)
					continue
				}
				if !fileExists(filepath.Join(dir, filepath.FromSlash(target))) {
					t.Errorf("%s: %s %s=%q: no file %s", rel, l.tag, l.attr, l.value, target)
					continue
				}
			}
			if u.Fragment != "" && strings.HasSuffix(target, ".html") {
				if doc, ok := docs[target]; ok && !anchors(doc)[u.Fragment] {
					t.Errorf("%s: %q: no anchor #%s in %s", rel, l.value, u.Fragment, target)
				}
			}
			checked++
		}
	}
	t.Logf("checked %d links in %d HTML files", checked, len(docs))
}
