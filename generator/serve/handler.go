package serve

import (
	"bytes"
	_ "embed"
	"mime"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// Paths the preview server answers itself; a site cannot have files there.
const (
	eventsPath = "/__tscip/events"
	scriptPath = "/__tscip/live.js"
)

//go:embed live.js
var liveJS []byte

// ServeHTTP serves the built site from memory: only its files, no folder
// listings, nothing outside it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	if s.loopback.Load() && !loopbackHost(r.Host) {
		http.Error(w, "This preview answers only requests for localhost or a loopback address.", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "Method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if unsafePath(p) || unsafePath(r.URL.RawPath) {
		http.Error(w, "Bad request: the address is not a path inside the site", http.StatusBadRequest)
		return
	}
	switch p {
	case eventsPath:
		s.events(w, r)
		return
	case scriptPath:
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		w.Write(liveJS)
		return
	}
	st := s.state.Load()
	if st == nil {
		h.Set("Retry-After", "1")
		http.Error(w, "The site is being built; try again in a moment.", http.StatusServiceUnavailable)
		return
	}
	if st.files == nil {
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write(errorPage(st))
		return
	}

	clean := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	if clean != p {
		redirect(w, r, clean)
		return
	}
	name := strings.TrimPrefix(clean, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	b, ok := st.files.Get(name)
	if !ok && !strings.HasSuffix(clean, "/") {
		if _, dir := st.files.Get(name + "/index.html"); dir {
			redirect(w, r, clean+"/")
			return
		}
	}
	status := http.StatusOK
	if !ok {
		status = http.StatusNotFound
		if b, ok = st.files.Get("404.html"); !ok {
			http.Error(w, "404 page not found", http.StatusNotFound)
			return
		}
		name = "404.html"
		// Its links are relative to the site's root, wherever it is shown.
		b = insertBase(b)
	}
	ctype := contentType(name)
	if strings.HasPrefix(ctype, "text/html") {
		b = inject(b, st)
	}
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b)
	}
}

// unsafePath refuses what could climb out of the site or confuse the
// lookup: a .. segment (also when it arrived encoded, as %2e%2e), a
// backslash, a NUL.
func unsafePath(p string) bool {
	if strings.ContainsAny(p, "\\\x00") {
		return true
	}
	lower := strings.ToLower(p)
	if strings.Contains(lower, "%2e") || strings.Contains(lower, "%5c") || strings.Contains(lower, "%00") {
		return true
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return true
		}
	}
	return false
}

// redirect sends the browser to the canonical path, keeping the query.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, to, http.StatusMovedPermanently)
}

func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// contentType gives a file's type from its name, with the types static
// sites need fixed so the answer does not depend on the machine.
func contentType(name string) string {
	ext := path.Ext(name)
	switch ext {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".xml":
		return "application/xml"
	case ".csv":
		return "text/csv; charset=utf-8"
	case ".ics":
		return "text/calendar; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".webmanifest":
		return "application/manifest+json"
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// inject adds the live reload script, and the problems while there are
// any, just before </body>. Only the preview's responses carry them.
func inject(page []byte, st *state) []byte {
	var snippet bytes.Buffer
	snippet.WriteString(`<script src="` + scriptPath + `" data-version="` + st.version + `" defer></script>`)
	snippet.Write(st.overlay)
	i := lastIndexFold(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+snippet.Len())
	out = append(out, page[:i]...)
	out = append(out, snippet.Bytes()...)
	return append(out, page[i:]...)
}

// insertBase makes a page's relative links resolve from the site's root,
// for the 404 page shown at any address.
func insertBase(page []byte) []byte {
	i := bytes.Index(bytes.ToLower(page), []byte("<head>"))
	if i < 0 {
		return page
	}
	i += len("<head>")
	out := make([]byte, 0, len(page)+20)
	out = append(out, page[:i]...)
	out = append(out, `<base href="/">`...)
	return append(out, page[i:]...)
}

func lastIndexFold(s, sep []byte) int {
	for i := len(s) - len(sep); i >= 0; i-- {
		if bytes.EqualFold(s[i:i+len(sep)], sep) {
			return i
		}
	}
	return -1
}
