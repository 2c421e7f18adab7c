// Package static holds the page's files, embedded into the server.
package static

import "embed"

// FS holds index.html and its assets.
//
//go:embed index.html
var FS embed.FS
