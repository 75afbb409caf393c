// Package pgtest gives each integration test its own throwaway PostgreSQL database on the
// server named by DATABASE_URL (the local one from `make deps/up`, or any server you point it
// at), so tests run in parallel without seeing each other's rows.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/tsumiki-dev/tsumiki/libs/kit/testenv"
)

// NewDatabase creates an empty database for the calling test and returns its connection URL.
// The database is dropped when the test ends. Under -short the test is skipped (see testenv).
func NewDatabase(t testing.TB) string {
	t.Helper()
	base := testenv.Require(t, "DATABASE_URL")
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse DATABASE_URL: %v", err)
	}
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("random database name: %v", err)
	}
	name := "test_" + hex.EncodeToString(b[:])

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to DATABASE_URL (is `make deps/up` running?): %v", err)
	}
	defer func() { _ = admin.Close(ctx) }()
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatalf("create test database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("connect to drop test database %s: %v", name, err)
			return
		}
		defer func() { _ = conn.Close(ctx) }()
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// MustExec runs statements on the database at url, failing the test on error. It is meant
// for schema set-up and fixtures in tests.
func MustExec(t testing.TB, url string, sql string, args ...any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer func() { _ = conn.Close(ctx) }()
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		t.Fatalf("exec %q: %v", sql, err)
	}
}

// WithUser returns rawURL logging in as user, without a password. It suits the local
// PostgreSQL of `make deps/up`, which trusts 127.0.0.1: what a role may do is still checked,
// so tests can log in as the application's roles.
func WithUser(t testing.TB, rawURL, user string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatalf("parse database url: %v", err)
	}
	u.User = url.User(user)
	return u.String()
}

// NewRDSDatabase creates a database for the calling test that looks like a fresh RDS one: it
// is owned by a new non-superuser "master" role with CREATEROLE (RDS's master user is not a
// superuser), and an rds_iam role exists that the master may grant (the local server has
// none; it is created once, cluster-wide, and grants nothing). It returns the superuser's URL
// of the database and the master's. The database, then the master role, are dropped when the
// test ends. Under -short the test is skipped (see testenv).
func NewRDSDatabase(t testing.TB) (adminURL, masterURL string) {
	t.Helper()
	base := testenv.Require(t, "DATABASE_URL")
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("random role name: %v", err)
	}
	master := "test_master_" + hex.EncodeToString(b[:])
	ident := pgx.Identifier{master}.Sanitize()
	// Registered before NewDatabase, so it runs after the database is dropped.
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("connect to drop role %s: %v", master, err)
			return
		}
		defer func() { _ = conn.Close(ctx) }()
		if _, err := conn.Exec(ctx, "DROP ROLE IF EXISTS "+ident); err != nil {
			t.Errorf("drop role %s: %v", master, err)
		}
	})
	adminURL = NewDatabase(t)
	u, err := url.Parse(adminURL)
	if err != nil {
		t.Fatalf("parse database url: %v", err)
	}
	db := pgx.Identifier{strings.TrimPrefix(u.Path, "/")}.Sanitize()
	MustExec(t, adminURL, `DO $$ BEGIN
		IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rds_iam') THEN
			BEGIN CREATE ROLE rds_iam NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
		END IF; END $$`)
	MustExec(t, adminURL, "CREATE ROLE "+ident+" LOGIN CREATEROLE")
	MustExec(t, adminURL, "GRANT rds_iam TO "+ident+" WITH ADMIN OPTION")
	MustExec(t, adminURL, "ALTER DATABASE "+db+" OWNER TO "+ident)
	return adminURL, WithUser(t, adminURL, master)
}
