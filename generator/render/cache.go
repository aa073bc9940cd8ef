package render

import (
	"github.com/tscip/tscip/generator/config"
	"github.com/tscip/tscip/generator/dataset"
	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/savings"
	"github.com/tscip/tscip/generator/site"
)

// Cache keeps, between renders of one site (the preview server's and tscip
// build --watch's sessions), what a render can give the next: each page's
// search terms and the index made of them, and the feeds, the calendar,
// summary.json and the sitemap, given again while what they are made of
// is the same. A render without one makes everything. It is used by one
// render at a time.
type Cache struct {
	search SearchCache
	// the files made of the data alone (see dataKey)
	opportunitiesFeed, decisionsFeed, calendar, summary dataFile
	sitemap                                             sitemapCache
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{} }

// dataKey names what the files made of the settings, the data and the
// dates alone (the feeds, the calendar, summary.json) are made of. A
// session loads those again only when their files change, so the same
// objects make the same files, and a render after a Markdown edit takes
// them from the last.
type dataKey struct {
	config          *config.Site
	data            *dataset.Set
	model           *savings.Model
	asAt, buildDate date.Date
	baseURL         string
	fileURLs        bool
}

func dataKeyOf(s *site.Site, opt Options) dataKey {
	return dataKey{s.Config, s.Data, s.Model, s.AsAt, s.BuildDate, opt.BaseURL, opt.FileURLs}
}

// dataFile keeps one such file of the last render.
type dataFile struct {
	key dataKey
	b   []byte
}

// madeOfData gives a file made of the data alone: the one the render's
// Cache keeps where which picks it, when the last render made it of the
// same (see dataKey), else one made by build. Without a Cache it is
// always made.
func madeOfData(s *site.Site, opt Options, which func(*Cache) *dataFile, build func() []byte) []byte {
	if opt.Cache == nil {
		return build()
	}
	c, key := which(opt.Cache), dataKeyOf(s, opt)
	if c.b == nil || c.key != key {
		c.key, c.b = key, build()
	}
	return c.b
}
