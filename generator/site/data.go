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

// downloads are the open data files of a site, made once. Making them also
// finishes the data page, which reports their sizes.
type downloads struct {
	once    sync.Once
	make    func() ([]opendata.File, []opendata.Omitted)
	page    *DataPage // filled in when the files are made
	mu      sync.Mutex
	files   []opendata.File
	omitted []opendata.Omitted
	keep    bool // Input.KeepDownloads
	taken   bool
}

func (d *downloads) get() ([]opendata.File, []opendata.Omitted) {
	d.once.Do(func() {
		d.files, d.omitted = d.make()
		d.page.fill(d.files, d.omitted, d.keep)
	})
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.files, d.omitted
}

// TakeDownloads hands over the open data files of the site for writing:
// render writes exactly these bytes, and the /data/ page reports their
// sizes. Unless the site was built with KeepDownloads, the site lets go of
// them, so that each is freed once written (the downloads of a million
// arrangements are over a gigabyte); a second render of the same site
// makes them again.
func TakeDownloads(s *Site) []opendata.File {
	d := s.downloads
	files, _ := d.get()
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.keep {
		return files
	}
	if d.taken {
		files, _ = d.make()
	}
	d.taken, d.files = true, nil
	return files
}

func makeDownloads(s *Site) ([]opendata.File, []opendata.Omitted) {
	return opendata.Files(opendata.Input{Config: s.Config, Data: s.Data, AsAt: s.AsAt, BuildDate: s.BuildDate})
}

// buildData adds the data page. Its list of files is filled in when the
// downloads are made, which runs alongside the rest of the build: the page
// is ready (Page.Ready) once they are.
func buildData(s *Site) {
	dp := s.downloads.page
	dp.Licence, dp.LicenceURL = s.Config.Licence, opendata.LicenceURL(s.Config.Licence)
	dp.BuildDate, dp.AsAt = s.BuildDate, s.AsAt
	dp.Summary = &Download{Name: "summary.json", URL: "/data/summary.json", Format: "JSON", Size: len(Summary(s))}
	s.add(&Page{Path: "/data/", Layout: "data", Title: "Open data",
		Summary: "Every table behind this site, and its grants and opportunities in the open standards, to download and reuse under the " + s.Config.Licence + ".",
		Data:    dp, Keywords: "download csv json 360Giving OCDS open contracting transparency code data dictionary licence",
		ready: func() { s.downloads.get() }})
}

// fill lists the downloads on the data page, by dataset.
func (dp *DataPage) fill(files []opendata.File, omitted []opendata.Omitted, keep bool) {
	dp.Omitted, dp.omitted = omitted, omitted
	if keep {
		dp.files = files // for the next build of a session to reuse
	}
	for _, f := range files {
		dl := Download{Name: f.Name[len("data/"):], URL: "/" + f.Name, Format: f.Format, Size: len(f.Bytes)}
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
