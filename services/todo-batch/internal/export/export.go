// Package export writes each user's todos as a CSV object under a key that depends only on
// the export day and the user, with rows in a fixed order, so exporting the same day twice
// overwrites every object with the same bytes.
package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
)

// Header is the first CSV line of every export object.
var Header = []string{"id", "title", "notes", "status", "due_at", "created_at", "updated_at"}

// DayLayout is the format of export days: a UTC calendar date.
const DayLayout = "2006-01-02"

// ValidateDay reports whether day is a date as DayLayout.
func ValidateDay(day string) error {
	if _, err := time.Parse(DayLayout, day); err != nil {
		return fmt.Errorf("day %q: want a date as YYYY-MM-DD: %w", day, err)
	}
	return nil
}

// Store saves export objects. Put replaces any object already stored under key.
type Store interface {
	Put(ctx context.Context, key string, body []byte, contentType string) error
}

// Options tune a run.
type Options struct {
	// Day is the UTC date (YYYY-MM-DD) the export is filed under. Required.
	Day string
	// UserBatchSize is how many users one query fetches; each user's todos are read and
	// written one user at a time. Must be positive.
	UserBatchSize int
}

// Result counts what a run did.
type Result struct {
	// Objects is the number of objects written, one per user.
	Objects int
	// Todos is the number of todo rows written.
	Todos int
}

// Job exports todos.
type Job struct {
	pool  *pgxpool.Pool
	store Store
	log   *slog.Logger
}

// New returns a Job reading from pool and writing to store.
func New(pool *pgxpool.Pool, store Store, log *slog.Logger) *Job {
	return &Job{pool: pool, store: store, log: log}
}

// Key returns the object key of user's export for day: <day>/<user id>.csv.
func Key(day string, user uuid.UUID) string {
	return day + "/" + user.String() + ".csv"
}

// Run writes one object per user, users in id order. complete (when not nil) is called in a
// transaction of its own after the last object is written: the objects live outside the
// database, and rewriting them on a retry is harmless. A cancelled ctx stops between users.
func (j *Job) Run(ctx context.Context, opts Options, complete jobs.CompleteFunc) (Result, error) {
	if err := ValidateDay(opts.Day); err != nil {
		return Result{}, fmt.Errorf("export: %w", err)
	}
	if opts.UserBatchSize <= 0 {
		return Result{}, fmt.Errorf("export user batch size %d: must be positive", opts.UserBatchSize)
	}
	var (
		res    Result
		cursor uuid.UUID
	)
	for {
		rows, err := j.pool.Query(ctx, `SELECT id FROM users WHERE id > $1 ORDER BY id LIMIT $2`, cursor, opts.UserBatchSize)
		if err != nil {
			return res, fmt.Errorf("list users after %s: %w", cursor, err)
		}
		users, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
		if err != nil {
			return res, fmt.Errorf("list users after %s: %w", cursor, err)
		}
		for _, u := range users {
			if err := ctx.Err(); err != nil {
				return res, fmt.Errorf("export stopped after %d users: %w", res.Objects, err)
			}
			n, err := j.user(ctx, opts.Day, u)
			if err != nil {
				return res, err
			}
			res.Objects++
			res.Todos += n
		}
		if len(users) < opts.UserBatchSize {
			break
		}
		cursor = users[len(users)-1]
	}
	if complete != nil {
		if err := pgx.BeginFunc(ctx, j.pool, func(tx pgx.Tx) error { return complete(ctx, tx) }); err != nil {
			return res, fmt.Errorf("complete export job: %w", err)
		}
	}
	j.log.InfoContext(ctx, "export finished", "day", opts.Day, "objects", res.Objects, "todos", res.Todos)
	return res, nil
}

// user writes one user's object and returns the number of todos in it.
func (j *Job) user(ctx context.Context, day string, user uuid.UUID) (int, error) {
	rows, err := j.pool.Query(ctx, `SELECT id, title, notes, status, due_at, created_at, updated_at
		FROM todos WHERE owner_id = $1 AND deleted_at IS NULL ORDER BY id`, user)
	if err != nil {
		return 0, fmt.Errorf("read todos of user %s: %w", user, err)
	}
	defer rows.Close()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(Header) // writes to a bytes.Buffer cannot fail; Flush reports anything else
	n := 0
	for rows.Next() {
		var (
			id                   uuid.UUID
			title, notes, status string
			dueAt                *time.Time
			createdAt, updatedAt time.Time
		)
		if err := rows.Scan(&id, &title, &notes, &status, &dueAt, &createdAt, &updatedAt); err != nil {
			return 0, fmt.Errorf("read todos of user %s: %w", user, err)
		}
		due := ""
		if dueAt != nil {
			due = formatTime(*dueAt)
		}
		_ = w.Write([]string{id.String(), title, notes, status, due, formatTime(createdAt), formatTime(updatedAt)})
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("read todos of user %s: %w", user, err)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return 0, fmt.Errorf("encode csv of user %s: %w", user, err)
	}
	if err := j.store.Put(ctx, Key(day, user), buf.Bytes(), "text/csv; charset=utf-8"); err != nil {
		return 0, fmt.Errorf("put export of user %s: %w", user, err)
	}
	return n, nil
}

// formatTime renders t in UTC with microseconds, PostgreSQL's precision, so the text does not
// depend on the server's or the process's time zone.
func formatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}
