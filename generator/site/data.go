package site

import (
	"fmt"
	"sync"

	"github.com/tscip/tscip/generator/date"
	"github.com/tscip/tscip/generator/opendata"
)

// DataPage lists every download with its data dictionary, licence,
// standard, size and the build date. The dictionary and the sizes come from
// the same definitions and bytes that render writes (opendata.Files).
type DataPage struct {
	Summary    *Download // data/summary.json
	Tables     []DataSet // the input tables, each as CSV and JSON
	Standards  []DataSet // 360Giving, OCDS and Transparency Code files
	Omitted    []opendata.Omitted
	Licence    string
	LicenceURL string
	BuildDate  date.Date
	AsAt       date.Date

	files   []opendata.File // with KeepDownloads: the downloads, for the next build to reuse
	omitted []opendata.Omitted
}

// DataSet is one dataset and the files that carry it.
type DataSet struct {
	ID       string // anchor on the page
	Title    string
	About    string
	Standard opendata.Standard
	Records  int
	Files    []Download
	Columns  []opendata.Column
	// Fields is true when Columns are the fields of a JSON shape rather than
	// the columns of a table.
	Fields bool
}

// Download is one file.
type Download struct {
	Name   string // file name: arrangements.csv
	URL    string // site-root path: /data/arrangements.csv
	Format string
	Size   int
}

// SizeText gives the size for people: 812 bytes, 4.2 KB, 1.3 MB.
func (d Download) SizeText() string { return sizeText(d.Size) }

func sizeText(n int) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d bytes", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}

// keepDownloads is how many bytes of downloads a build keeps from making
// them (for the /data/ page's sizes) to writing them. A site with more
// lets them go once measured and makes them again as they are written, one
// table's files at a time, so that its memory stays flat: a million
// arrangements make 1.3 GB of downloads.
var keepDownloads = 256 << 20

// downloads are the open data files of a site, made once while the pages
// are modelled.
type downloads struct {
	once    sync.Once
	make    func(yield func(opendata.File)) []opendata.Omitted
	in      opendata.Input
	mu      sync.Mutex
	files   []opendata.File // each file's description, and its bytes unless dropped
	sizes   []int
	omitted []opendata.Omitted
	keep    bool // Input.KeepDownloads: the bytes are always kept
	dropped bool // the bytes were let go after measuring
	taken   bool // handed to a render, which let them go
}

func (d *downloads) get() ([]opendata.File, []int, []opendata.Omitted) {
	d.once.Do(func() {
		total := 0
		d.omitted = d.make(func(f opendata.File) {
			d.sizes = append(d.sizes, len(f.Bytes))
			total += len(f.Bytes)
			if !d.keep && (d.dropped || total > keepDownloads) {
				d.dropped = true
				for i := range d.files {
					d.files[i].Bytes = nil
				}
				f.Bytes = nil
			}
			d.files = append(d.files, f)
		})
	})
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.files, d.sizes, d.omitted
}

// EachDownload hands the open data files of the site to write, one at a
// time: render writes exactly these bytes, and the /data/ page reports their
// sizes. Unless the site was built with KeepDownloads, the site lets go of
// each as it is handed over, and a site whose downloads are too large to
// keep (keepDownloads) makes each again just before handing it over; so
// does a second render of the same site.
func EachDownload(s *Site, write func(opendata.File)) {
	d := s.downloads
	files, _, _ := d.get()
	d.mu.Lock()
	if d.keep {
		d.mu.Unlock()
		for _, f := range files {
			write(f)
		}
		return
	}
	fresh := !d.dropped && !d.taken
	d.taken = true
	d.mu.Unlock()
	if !fresh {
		opendata.Each(d.in, write)
		return
	}
	for i := range files {
		f := files[i]
		files[i].Bytes = nil
		write(f)
	}
}

func buildData(s *Site) {
	files, sizes, omitted := s.downloads.get()
	dp := &DataPage{Omitted: omitted, Licence: s.Config.Licence, LicenceURL: opendata.LicenceURL(s.Config.Licence),
		BuildDate: s.BuildDate, AsAt: s.AsAt, omitted: omitted}
	if s.downloads.keep {
		dp.files = files // for the next build of a session to reuse
	}
	dp.Summary = &Download{Name: "summary.json", URL: "/data/summary.json", Format: "JSON", Size: len(Summary(s))}
	for i, f := range files {
		dl := Download{Name: f.Name[len("data/"):], URL: "/" + f.Name, Format: f.Format, Size: sizes[i]}
		list := &dp.Standards
		if f.Standard.Name == "" || f.Standard.URL == "" {
			list = &dp.Tables
		}
		if n := len(*list); n > 0 && (*list)[n-1].Title == f.Title {
			(*list)[n-1].Files = append((*list)[n-1].Files, dl)
			continue
		}
		*list = append(*list, DataSet{ID: anchor(f.Name), Title: f.Title, About: f.About, Standard: f.Standard,
			Records: f.Records, Files: []Download{dl}, Columns: f.Columns, Fields: f.Format == "JSON"})
	}
	s.add(&Page{Path: "/data/", Layout: "data", Title: "Open data",
		Summary: "Every table behind this site, and its grants and opportunities in the open standards, to download and reuse under the " + s.Config.Licence + ".",
		Data:    dp, Keywords: "download csv json 360Giving OCDS open contracting transparency code data dictionary licence"})
}

// anchor turns data/arrangements.csv into arrangements.
func anchor(name string) string {
	n := name[len("data/"):]
	for i := len(n) - 1; i >= 0; i-- {
		if n[i] == '.' {
			return n[:i]
		}
	}
	return n
}

// previousDataPage is the data page of Input.Previous, when it applies.
func previousDataPage(s *Site) (*DataPage, bool) {
	if s.previous == nil {
		return nil, false
	}
	p := s.previous.Page("/data/")
	if p == nil {
		return nil, false
	}
	dp, ok := p.Data.(*DataPage)
	return dp, ok
}
