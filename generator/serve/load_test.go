package serve

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestUnderLoad serves the reference site to 500 concurrent clients while
// 200 open pages listen for reloads, edits a page during the load, and then
// checks: every request answered, every listener told to reload, memory
// under 150 MiB, goroutines back to their baseline within five seconds of
// the clients leaving, slow clients cut off, requests outside the site
// refused, and listeners beyond the limit turned away.
func TestUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test; skipped with -short")
	}
	saved := readHeaderTimeout
	readHeaderTimeout = 500 * time.Millisecond
	defer func() { readHeaderTimeout = saved }()

	const (
		clients   = 500
		listeners = 200
		perClient = 20
	)
	p := startReference(t, Options{MaxClients: listeners})
	pages := []string{}
	for _, path := range p.srv.state.Load().files.Paths() {
		if strings.HasSuffix(path, "index.html") {
			pages = append(pages, "/"+strings.TrimSuffix(path, "index.html"))
		}
	}
	// Connections the test itself keeps idle are not the server's.
	idle := http.DefaultTransport.(*http.Transport)
	idle.CloseIdleConnections()
	runtime.GC()
	time.Sleep(100 * time.Millisecond)
	baseline := runtime.NumGoroutine()

	// Sample memory while the load runs.
	var peak atomic.Uint64
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if v := ms.Sys - ms.HeapReleased; v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stopSampling:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()

	// 200 listeners, each on its own connection.
	transport := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: 0, DisableCompression: true}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	version := p.srv.state.Load().version
	var reloads atomic.Int64
	var lwg sync.WaitGroup
	streams := make([]io.Closer, 0, listeners)
	var smu sync.Mutex
	connected := make(chan struct{}, listeners)
	for i := 0; i < listeners; i++ {
		lwg.Add(1)
		go func() {
			defer lwg.Done()
			req, _ := http.NewRequest("GET", p.url+"/__tscip/events?v="+version, nil)
			resp, err := client.Do(req)
			if err != nil {
				t.Errorf("listener: %v", err)
				connected <- struct{}{}
				return
			}
			smu.Lock()
			streams = append(streams, resp.Body)
			smu.Unlock()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("listener: status %d", resp.StatusCode)
				resp.Body.Close()
				connected <- struct{}{}
				return
			}
			sc := bufio.NewScanner(resp.Body)
			first := true
			for sc.Scan() {
				if first && strings.HasPrefix(sc.Text(), ": connected") {
					first = false
					connected <- struct{}{}
				}
				if sc.Text() == "event: reload" {
					reloads.Add(1)
				}
			}
		}()
	}
	for i := 0; i < listeners; i++ {
		select {
		case <-connected:
		case <-time.After(10 * time.Second):
			t.Fatalf("only %d of %d listeners connected", i, listeners)
		}
	}
	// One more listener than the limit is turned away.
	if resp, err := http.Get(p.url + "/__tscip/events"); err != nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("listener beyond the limit: %v %v; want 503", err, resp)
	} else {
		resp.Body.Close()
	}

	// 500 clients, 20 requests each, while a page is edited.
	var answered, failed atomic.Int64
	var cwg sync.WaitGroup
	start := make(chan struct{})
	for c := 0; c < clients; c++ {
		cwg.Add(1)
		go func(c int) {
			defer cwg.Done()
			<-start
			for i := 0; i < perClient; i++ {
				path := pages[(c*perClient+i)%len(pages)]
				resp, err := client.Get(p.url + path)
				if err != nil {
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					answered.Add(1)
				} else {
					failed.Add(1)
				}
			}
		}(c)
	}
	close(start)
	p.write("content/about.md", "+++\ntitle = \"About, edited under load\"\n+++\nEdited.\n")
	cwg.Wait()
	if got := answered.Load(); got != clients*perClient || failed.Load() != 0 {
		t.Errorf("%d of %d requests answered, %d failed", got, clients*perClient, failed.Load())
	}
	deadline := time.Now().Add(10 * time.Second)
	for reloads.Load() < listeners && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if got := reloads.Load(); got < listeners {
		t.Errorf("%d of %d listeners were told to reload", got, listeners)
	}
	if _, body := p.get("/about/"); !strings.Contains(body, "About, edited under load") {
		t.Errorf("the edit made under load was not served")
	}
	close(stopSampling)
	<-sampled
	t.Logf("%d requests answered; peak memory from the system %.1f MiB", answered.Load(), float64(peak.Load())/(1<<20))
	if peak.Load() > 150<<20 {
		t.Errorf("memory peaked at %.1f MiB; want under 150 MiB", float64(peak.Load())/(1<<20))
	}

	// Slow clients: a header that never finishes is cut off.
	conn, err := net.Dial("tcp", strings.TrimPrefix(p.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprint(conn, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := conn.Read(make([]byte, 1)); err == nil || isTimeout(err) {
		t.Errorf("a client that never finished its request was not cut off (%v)", err)
	}
	conn.Close()

	// Requests outside the site are refused and never show a file.
	for _, path := range []string{"/../site.toml", "/%2e%2e/site.toml", "/data/../../go.mod", "/..%2fsite.toml", "/%5c..%5csite.toml"} {
		resp, err := rawGet(p.url, path, "127.0.0.1")
		if err != nil {
			continue // the connection refused outright is a refusal too
		}
		if resp.status == http.StatusOK || strings.Contains(resp.body, "[shared_cost]") || strings.Contains(resp.body, "module github.com") {
			t.Errorf("%s: status %d, served a file outside the site", path, resp.status)
		}
	}
	if resp, err := rawGet(p.url, "/", "evil.example"); err == nil && resp.status == http.StatusOK {
		t.Errorf("a request naming another host was answered (DNS rebinding)")
	}

	// The clients leave: goroutines return to the baseline within 5 s.
	smu.Lock()
	for _, s := range streams {
		s.Close()
	}
	smu.Unlock()
	lwg.Wait()
	transport.CloseIdleConnections()
	idle.CloseIdleConnections()
	deadline = time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > baseline+2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > baseline+2 {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines five seconds after the clients left; baseline %d\n%s", n, baseline, buf[:runtime.Stack(buf, true)])
	}
}

func isTimeout(err error) bool {
	ne, ok := err.(net.Error)
	return ok && ne.Timeout()
}

type rawResponse struct {
	status int
	body   string
}

// rawGet sends a request line exactly as given, which http.Get would clean.
func rawGet(base, path, host string) (*rawResponse, error) {
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", path, host)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &rawResponse{status: resp.StatusCode, body: string(b)}, nil
}
