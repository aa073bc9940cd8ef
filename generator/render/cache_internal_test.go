package render

import (
	"testing"

	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/site"
)

// A file made of the data alone is made once while the data are the same
// objects, made again when they change, and made every time without a
// Cache.
func TestMadeOfDataKeptWhileDataSame(t *testing.T) {
	made := 0
	build := func() []byte { made++; return []byte("feed") }
	calendar := func(c *Cache) *dataFile { return &c.calendar }
	s := &site.Site{Config: &config.Site{}}
	opt := Options{Cache: NewCache()}
	madeOfData(s, opt, calendar, build)
	madeOfData(s, opt, calendar, build)
	if made != 1 {
		t.Fatalf("made %d times for the same data, want 1", made)
	}
	madeOfData(s, opt, func(c *Cache) *dataFile { return &c.summary }, build)
	if made != 2 {
		t.Fatalf("another file was taken from the calendar's place (made %d times, want 2)", made)
	}
	s2 := &site.Site{Config: &config.Site{}} // settings loaded again
	madeOfData(s2, opt, calendar, build)
	opt.BaseURL = "https://example.org/"
	madeOfData(s2, opt, calendar, build)
	if made != 4 {
		t.Fatalf("made %d times after the settings and the base URL changed, want 4", made)
	}
	madeOfData(s2, Options{}, calendar, build)
	madeOfData(s2, Options{}, calendar, build)
	if made != 6 {
		t.Fatalf("made %d times, want every render without a Cache to make it", made)
	}
}
