// Package migrations embeds todo-api's golang-migrate migrations (NNNNNN_name.up.sql and
// .down.sql) into the binary, so `todo-api migrate up` needs nothing but DATABASE_URL.
package migrations

import "embed"

// FS holds every migration file at its root.
//
//go:embed *.sql
var FS embed.FS

// Table is the golang-migrate version table of todo-api.
const Table = "schema_migrations"
