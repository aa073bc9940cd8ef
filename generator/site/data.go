package site

// DataPage lists the downloads.
type DataPage struct {
	Tables []string
}

func buildData(s *Site) {
	s.add(&Page{Path: "/data/", Layout: "data", Title: "Open data",
		Summary: "Every table behind this site, to download and reuse under the Open Government Licence.",
		Data:    &DataPage{}})
}
