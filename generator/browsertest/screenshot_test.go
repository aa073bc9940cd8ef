package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestScreenshots saves full-page PNGs of a few pages at desktop and phone
// widths for a person to look at, when TSCIP_SCREENSHOTS names a folder:
//
//	TSCIP_SCREENSHOTS=/tmp/shots go test -run Screenshots ./generator/browsertest
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("TSCIP_SCREENSHOTS")
	if dir == "" {
		t.Skip("set TSCIP_SCREENSHOTS=dir to save full-page screenshots of the home, an opportunity and the savings page")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tab := newTab(t)
	s := serveReferenceSite(t)

	shots := []struct{ name, path string }{{"home", "/"}, {"savings", "/savings/"}}
	for _, p := range s.Site.Pages {
		if p.Layout == "opportunity" {
			shots = append(shots, struct{ name, path string }{"opportunity", p.Path})
			break
		}
	}
	if len(shots) < 3 {
		t.Error("the reference site has no page with the opportunity layout")
	}
	for _, shot := range shots {
		for _, width := range []int64{1280, 375} {
			load(t, tab, s.pageURL(shot.path), width, 900)
			ctx, cancel := context.WithTimeout(tab, 30*time.Second)
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			cancel()
			if err != nil {
				t.Fatalf("screenshot of %s at %d px: %v", shot.path, width, err)
			}
			f := filepath.Join(dir, fmt.Sprintf("%s-%d.png", shot.name, width))
			if err := os.WriteFile(f, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("%s at %d px: %s", shot.path, width, f)
		}
	}
}
