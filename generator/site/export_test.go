package site

// SetKeepDownloads sets how many bytes of downloads a build keeps, for a
// test, and returns the function that puts it back.
func SetKeepDownloads(n int) (restore func()) {
	old := keepDownloads
	keepDownloads = n
	return func() { keepDownloads = old }
}
