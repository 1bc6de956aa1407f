// Package migrations embeds the versioned SQL schema that goose applies.
package migrations

import "embed"

// FS holds every migration file, named NNNNN_what.sql.
//
//go:embed *.sql
var FS embed.FS
