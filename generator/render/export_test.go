package render

// SetRowBatch makes writeCachedEach look rows up n at a time (at most
// maxRowBatch), so that tests of small tables cross its batches; it
// returns a function that puts the size back.
func SetRowBatch(n int) (restore func()) {
	old := rowBatch
	rowBatch = min(n, maxRowBatch)
	return func() { rowBatch = old }
}
