package site

import (
	"fmt"
	"strconv"
)

// RowTable is one page of a table of arrangements: the whole table when it
// is short, one numbered part of it when it is longer than site.toml's
// [scale] table_rows.
type RowTable struct {
	Rows  []*ArrangementRow // the rows this page shows
	Total int               // rows in the whole table
	From  int               // the number of the first row shown, from 1
	To    int               // the number of the last row shown
	Page  int               // this page's number, from 1
	Pages int
	Prev  *Link
	Next  *Link
	// Pager offers the first and last pages and those near this one, in
	// order, with gaps where pages are left out.
	Pager []PagerItem
}

// PagerItem is one entry of a pager: a page, or a gap between pages.
type PagerItem struct {
	Page    int
	URL     string
	Current bool // the page being shown
	Gap     bool // pages left out here
}

// ListPage is a numbered page of a long table, after the first (which
// stays on the page the table belongs to).
type ListPage struct {
	Caption string
	Parent  Link
	Table   *RowTable
}

// rowTable splits rows into pages of [scale] table_rows. The first page is
// shown on parent, at #anchor; the others are added as pages of their own
// at more + "2/", more + "3/" and so on.
func (s *Site) rowTable(rows []*ArrangementRow, parent *Page, anchor, more, caption string) *RowTable {
	size := s.Config.Scale.TableRows
	if size <= 0 || len(rows) <= size {
		return &RowTable{Rows: rows, Total: len(rows), From: min(1, len(rows)), To: len(rows), Page: 1, Pages: 1}
	}
	pages := (len(rows) + size - 1) / size
	url := func(n int) string {
		if n == 1 {
			return parent.Path + "#" + anchor
		}
		return more + strconv.Itoa(n) + "/"
	}
	var first *RowTable
	for n := 1; n <= pages; n++ {
		lo, hi := (n-1)*size, min(n*size, len(rows))
		t := &RowTable{Rows: rows[lo:hi], Total: len(rows), From: lo + 1, To: hi, Page: n, Pages: pages,
			Pager: pager(n, pages, url)}
		if n > 1 {
			t.Prev = &Link{Title: "Previous page", URL: url(n - 1)}
		}
		if n < pages {
			t.Next = &Link{Title: "Next page", URL: url(n + 1)}
		}
		if n == 1 {
			first = t
			continue
		}
		crumbs := append(append([]Link(nil), parent.Crumbs...), Link{Title: parent.Title, URL: parent.Path})
		s.add(&Page{Path: url(n), Layout: "arrangement-list",
			Title:   fmt.Sprintf("%s: page %d of %d", caption, n, pages),
			Summary: fmt.Sprintf("Rows %d to %d of %d: %s.", lo+1, hi, len(rows), caption),
			Section: parent.Section, Crumbs: crumbs,
			Data: &ListPage{Caption: caption, Parent: Link{Title: parent.Title, URL: parent.Path}, Table: t}})
	}
	return first
}

// pager lists the pages to offer from page n of pages: the first two, the
// last two and two either side of n, with a gap where pages are left out,
// so a table of a thousand pages has a short pager.
func pager(n, pages int, url func(int) string) []PagerItem {
	var out []PagerItem
	last := 0
	for i := 1; i <= pages; i++ {
		if i > 2 && i < pages-1 && (i < n-2 || i > n+2) {
			continue
		}
		if last != 0 && i != last+1 {
			out = append(out, PagerItem{Gap: true})
		}
		out = append(out, PagerItem{Page: i, URL: url(i), Current: i == n})
		last = i
	}
	return out
}
