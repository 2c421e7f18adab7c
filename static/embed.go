// Package static holds the explorer page's files (index.html, the CSS and
// the JavaScript glue), embedded into the server by internal/page.
package static

import "embed"

// FS holds index.html, explorer.css and explorer.js.
//
//go:embed index.html explorer.css explorer.js
var FS embed.FS
