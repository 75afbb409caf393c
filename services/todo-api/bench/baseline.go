package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/fixtures"
)

// serveBaselineHTTP is the yardstick: the least a Go server can do to answer GET by id from
// the same table with the same owner-scoped query, with no framework, no authentication
// lookup, no middleware, no logging and no metrics.
func serveBaselineHTTP(ctx context.Context, addr, dbURL string, poolSize int) error {
	cfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		return errors.New("parse DATABASE_URL: invalid connection string")
	}
	cfg.MaxConns = int32(poolSize)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("open pool: %w", err)
	}
	defer pool.Close()
	var owner uuid.UUID
	if err := pool.QueryRow(ctx, `SELECT id FROM users WHERE lower(email) = lower($1)`, fixtures.AliceEmail).Scan(&owner); err != nil {
		return fmt.Errorf("find the fixture user (load fixtures first): %w", err)
	}

	type todo struct {
		ID        uuid.UUID  `json:"id"`
		Title     string     `json:"title"`
		Notes     string     `json:"notes"`
		Status    string     `json:"status"`
		DueAt     *time.Time `json:"due_at"`
		Version   int64      `json:"version"`
		CreatedAt time.Time  `json:"created_at"`
		UpdatedAt time.Time  `json:"updated_at"`
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	mux.HandleFunc("GET /v1/todos/{id}", func(w http.ResponseWriter, r *http.Request) {
		id, err := uuid.Parse(r.PathValue("id"))
		if err != nil {
			http.Error(w, "bad id", http.StatusBadRequest)
			return
		}
		var t todo
		err = pool.QueryRow(r.Context(), `SELECT id, title, notes, status, due_at, version, created_at, updated_at
			FROM todos WHERE owner_id = $1 AND id = $2 AND deleted_at IS NULL`, owner, id).
			Scan(&t.ID, &t.Title, &t.Notes, &t.Status, &t.DueAt, &t.Version, &t.CreatedAt, &t.UpdatedAt)
		if errors.Is(err, pgx.ErrNoRows) {
			http.NotFound(w, r)
			return
		}
		if err != nil {
			http.Error(w, "database error", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(t)
	})
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		_ = srv.Shutdown(context.WithoutCancel(ctx))
	}()
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve baseline: %w", err)
	}
	return nil
}
