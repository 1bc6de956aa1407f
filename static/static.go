// Package static embeds the browser files: CSS, htmx and the portal's scripts,
// all served from the portal itself so that it works on a closed network.
package static

import "embed"

// FS holds the static files.
//
//go:embed *.css *.js *.svg
var FS embed.FS
