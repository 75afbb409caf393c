// Package export writes each user's todos as a CSV object under a key that depends only on
// the export day and the user, with rows in a fixed order, so exporting the same day twice
// overwrites every object with the same bytes.
//
// Rows stream from PostgreSQL through the CSV encoder into the store's upload (an S3
// multipart upload), so memory does not grow with a user's todos. A user whose export fails
// is logged and counted, the users after it are still exported, and the failed ones are
// handed to Options.Retry (the export_todos job queues them again) or reported as an error
// wrapping ErrUsersFailed.
package export

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
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

// ContentType is the media type of export objects.
const ContentType = "text/csv; charset=utf-8"

// ValidateDay reports whether day is a date as DayLayout.
func ValidateDay(day string) error {
	if _, err := time.Parse(DayLayout, day); err != nil {
		return fmt.Errorf("day %q: want a date as YYYY-MM-DD: %w", day, err)
	}
	return nil
}

// Store saves export objects. Upload reads body to its end (or to its first error, which it
// returns wrapped, leaving no object behind) and replaces any object already stored under key.
type Store interface {
	Upload(ctx context.Context, key string, body io.Reader, contentType string) error
}

// RetryFunc queues users, whose export failed, for another attempt inside tx: the transaction
// that also completes the job, so the retry is queued exactly when the job is done.
type RetryFunc func(ctx context.Context, tx pgx.Tx, users []uuid.UUID) error

// ErrUsersFailed is wrapped by Run's error when some users' exports failed and nobody queued
// them again (no Options.Retry, or no job to complete): run the export again to retry them.
var ErrUsersFailed = errors.New("exports failed")

// Options tune a run.
type Options struct {
	// Day is the UTC date (YYYY-MM-DD) the export is filed under. Required.
	Day string
	// UserBatchSize is how many users one query fetches; each user's todos are streamed
	// one user at a time. Must be positive.
	UserBatchSize int
	// Users, when not empty, limits the run to these users (ids of users that no longer exist
	// are skipped): the retry of a run's failed users.
	Users []uuid.UUID
	// MaxFailures is how many users may fail before the run gives up: a store or database
	// that is down fails everyone, and trying a million users against it helps nobody. Must
	// be positive.
	MaxFailures int
	// StatementTimeout, when positive, is the statement timeout of the query that streams one
	// user's todos (SET LOCAL in its read-only transaction): it lasts as long as the upload
	// takes the rows, longer than the pool's statement_timeout allows a query.
	StatementTimeout time.Duration
	// Retry, when set, receives the failed users in the transaction that completes the job.
	// Without it (or without a job to complete), failed users make Run return an error.
	Retry RetryFunc
}

// Result counts what a run did.
type Result struct {
	// Objects is the number of objects written, one per user.
	Objects int
	// Todos is the number of todo rows written.
	Todos int
	// Failed are the users whose export failed, in id order.
	Failed []uuid.UUID
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

// Run writes one object per user, users in id order. A user whose export fails is logged and
// skipped; more than MaxFailures failures stop the run with an error. complete (when not nil)
// is called in a transaction of its own after the last user, together with Retry for the
// failed users: the objects live outside the database, and rewriting them on a retry is
// harmless. A cancelled ctx stops between users, or inside one, whose upload is aborted.
func (j *Job) Run(ctx context.Context, opts Options, complete jobs.CompleteFunc) (Result, error) {
	if err := ValidateDay(opts.Day); err != nil {
		return Result{}, fmt.Errorf("export: %w", err)
	}
	if opts.UserBatchSize <= 0 {
		return Result{}, fmt.Errorf("export user batch size %d: must be positive", opts.UserBatchSize)
	}
	if opts.MaxFailures <= 0 {
		return Result{}, fmt.Errorf("export max failures %d: must be positive", opts.MaxFailures)
	}
	var only []uuid.UUID // nil is NULL: every user
	if len(opts.Users) > 0 {
		only = opts.Users
	}
	var (
		res    Result
		cursor uuid.UUID
	)
	for {
		rows, err := j.pool.Query(ctx, `SELECT id FROM users WHERE id > $1 AND ($3::uuid[] IS NULL OR id = ANY($3))
			ORDER BY id LIMIT $2`, cursor, opts.UserBatchSize, only)
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
			n, err := j.user(ctx, opts.Day, u, opts.StatementTimeout)
			if err != nil {
				if ctx.Err() != nil {
					return res, fmt.Errorf("export stopped after %d users: %w", res.Objects, err)
				}
				// The user id and the error (S3 or PostgreSQL's, no todo content) only.
				j.log.WarnContext(ctx, "export of a user failed", "user", u, "error", err)
				res.Failed = append(res.Failed, u)
				if len(res.Failed) > opts.MaxFailures {
					return res, fmt.Errorf("export: %d users failed, more than the %d allowed, last: %w", len(res.Failed), opts.MaxFailures, err)
				}
				continue
			}
			res.Objects++
			res.Todos += n
		}
		if len(users) < opts.UserBatchSize {
			break
		}
		cursor = users[len(users)-1]
	}
	if len(res.Failed) > 0 && (opts.Retry == nil || complete == nil) {
		return res, fmt.Errorf("export: %w for %d users (first %s), %d exported; run again to retry them",
			ErrUsersFailed, len(res.Failed), res.Failed[0], res.Objects)
	}
	if complete != nil {
		err := pgx.BeginFunc(ctx, j.pool, func(tx pgx.Tx) error {
			if len(res.Failed) > 0 {
				if err := opts.Retry(ctx, tx, res.Failed); err != nil {
					return fmt.Errorf("queue retry of %d users: %w", len(res.Failed), err)
				}
			}
			return complete(ctx, tx)
		})
		if err != nil {
			return res, fmt.Errorf("complete export job: %w", err)
		}
	}
	j.log.InfoContext(ctx, "export finished", "day", opts.Day, "objects", res.Objects, "todos", res.Todos, "failed", len(res.Failed))
	return res, nil
}

// user streams one user's todos into its object and returns the number of todos in it. The
// rows are encoded by one goroutine into a pipe the upload reads from, so at most the upload's
// part buffers and the encoder's buffer are in memory.
func (j *Job) user(ctx context.Context, day string, user uuid.UUID, timeout time.Duration) (int, error) {
	tx, err := j.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return 0, fmt.Errorf("read todos of user %s: %w", user, err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }() // read-only: nothing to keep
	if timeout > 0 {
		// SET LOCAL takes no bind parameters; set_config(..., true) is its function form.
		if _, err := tx.Exec(ctx, `SELECT set_config('statement_timeout', $1, true)`, strconv.FormatInt(timeout.Milliseconds(), 10)); err != nil {
			return 0, fmt.Errorf("read todos of user %s: statement timeout: %w", user, err)
		}
	}
	rows, err := tx.Query(ctx, `SELECT id, title, notes, status, due_at, created_at, updated_at
		FROM todos WHERE owner_id = $1 AND deleted_at IS NULL ORDER BY id`, user)
	if err != nil {
		return 0, fmt.Errorf("read todos of user %s: %w", user, err)
	}
	defer rows.Close()
	pr, pw := io.Pipe()
	type written struct {
		n   int
		err error
	}
	done := make(chan written, 1)
	go func() {
		n, err := writeCSV(pw, rows)
		// nil closes with io.EOF: the upload completes. An error aborts it.
		pw.CloseWithError(err)
		done <- written{n, err}
	}()
	err = j.store.Upload(ctx, Key(day, user), pr, ContentType)
	// An upload that ended early (failed) must not leave the encoder blocked on the pipe.
	pr.CloseWithError(errors.New("upload ended"))
	w := <-done
	if err != nil {
		return 0, fmt.Errorf("export of user %s: %w", user, err)
	}
	if w.err != nil {
		return 0, fmt.Errorf("export of user %s: %w", user, w.err)
	}
	return w.n, nil
}

// writeCSV writes the header and every row to out, each cell made safe by Cell, and returns
// the number of rows.
func writeCSV(out io.Writer, rows pgx.Rows) (int, error) {
	w := csv.NewWriter(out)
	if err := w.Write(Header); err != nil {
		return 0, fmt.Errorf("encode csv: %w", err)
	}
	n := 0
	record := make([]string, len(Header))
	for rows.Next() {
		var (
			id                   uuid.UUID
			title, notes, status string
			dueAt                *time.Time
			createdAt, updatedAt time.Time
		)
		if err := rows.Scan(&id, &title, &notes, &status, &dueAt, &createdAt, &updatedAt); err != nil {
			return n, fmt.Errorf("read todos: %w", err)
		}
		due := ""
		if dueAt != nil {
			due = formatTime(*dueAt)
		}
		record[0], record[1], record[2], record[3] = id.String(), Cell(title), Cell(notes), Cell(status)
		record[4], record[5], record[6] = due, formatTime(createdAt), formatTime(updatedAt)
		if err := w.Write(record); err != nil {
			return n, fmt.Errorf("encode csv: %w", err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("read todos: %w", err)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return n, fmt.Errorf("encode csv: %w", err)
	}
	return n, nil
}

// formulaStart are the first characters that make a spreadsheet read a cell as a formula:
// OWASP, "CSV Injection" (https://owasp.org/www-community/attacks/CSV_Injection) lists equals,
// plus, minus, at, tab and carriage return.
const formulaStart = "=+-@\t\r"

// Cell returns s safe to open in a spreadsheet: a cell starting with one of formulaStart is
// prefixed with a single quote, which spreadsheets show as text instead of evaluating, as
// OWASP's "CSV Injection" page advises. The CSV quoting of the cell is the encoder's job.
func Cell(s string) string {
	if s != "" && strings.IndexByte(formulaStart, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// formatTime renders t in UTC with microseconds, PostgreSQL's precision, so the text does not
// depend on the server's or the process's time zone.
func formatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}
