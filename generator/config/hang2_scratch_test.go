package config

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/tscip/tscip/generator/diag"
)

func FuzzHangScratch(f *testing.F) {
	f.Add([]byte(fullSite))
	f.Add([]byte("title = \"x\"\n[[scenarios]]\nid = \"a\"\n"))
	f.Add([]byte("[limits]\nrows = -1\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		done := make(chan bool)
		go func() {
			select {
			case <-done:
			case <-time.After(2 * time.Second):
				os.WriteFile(fmt.Sprintf("/tmp/cfgscratch/hang-%d", time.Now().UnixNano()), src, 0o644)
				os.Exit(3)
			}
		}()
		var l diag.List
		Parse(src, &l)
		close(done)
	})
}
