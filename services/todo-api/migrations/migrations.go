// Package migrations embeds todo-api's golang-migrate migrations (NNNNNN_name.up.sql and
// .down.sql) into the binary, so `todo-api migrate up` needs nothing but the database
// variables, and the one-time bootstrap SQL that `todo-api bootstrap` runs as the RDS master
// user to create the login roles (todo_migrator, todo_app, todo_readonly).
package migrations

import "embed"

// FS holds every migration file at its root.
//
//go:embed *.sql
var FS embed.FS

// Bootstrap is the one-time, idempotent SQL the RDS master user (locally: the superuser) runs
// before the first migration: it makes todo_migrator, todo_app and todo_readonly login roles
// (granted rds_iam on RDS), lets the migrator create objects in the public schema with default
// grants for the others, and hands objects the master created earlier to the migrator.
//
//go:embed bootstrap/bootstrap.sql
var Bootstrap string

// Table is the golang-migrate version table of todo-api.
const Table = "schema_migrations"
