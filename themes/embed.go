// Package themes embeds the default theme in the binary, so a site without a
// themes/ folder still builds. It lives here because go:embed cannot reach
// into parent folders.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed default
var embedded embed.FS

// Default returns the default theme's files: layouts/ and static/.
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "default")
	if err != nil {
		panic(err) // the folder is embedded at compile time
	}
	return sub
}
