package postgres_test

import (
	"context"
	"crypto/sha256"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/app"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/postgres"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/testdb"
)

func newStore(t *testing.T) *postgres.Store {
	t.Helper()
	_, pool := testdb.New(t)
	return postgres.New(pool)
}

func newUser(t *testing.T, s *postgres.Store, email string) domain.User {
	t.Helper()
	u, err := s.EnsureUser(context.Background(), uuid.Must(uuid.NewV7()), email, "Test User")
	require.NoError(t, err)
	return u
}

func newTodo(t *testing.T, owner uuid.UUID, title string) domain.Todo {
	t.Helper()
	td, err := domain.NewTodo{Title: title}.Build(uuid.Must(uuid.NewV7()), owner, time.Now())
	require.NoError(t, err)
	return td
}

func TestStore_CreateTodo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	alice := newUser(t, s, "alice@example.com")

	due := time.Date(2027, 1, 2, 3, 4, 5, 123456789, time.FixedZone("JST", 9*3600))
	in, err := domain.NewTodo{Title: "buy milk", Notes: "2 l", DueAt: &due}.Build(uuid.Must(uuid.NewV7()), alice.ID, time.Now())
	require.NoError(t, err)
	created, replayed, err := s.CreateTodo(ctx, in, nil, 0)
	require.NoError(t, err)
	require.False(t, replayed)

	got, err := s.GetTodo(ctx, alice.ID, in.ID)
	require.NoError(t, err)
	require.Equal(t, created, got, "what is stored is what was returned, to the microsecond")
	require.Equal(t, domain.StatusOpen, got.Status)
	require.Equal(t, time.UTC, got.DueAt.Location())
}

func TestStore_CreateTodo_Idempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, pool := testdb.New(t)
	s := postgres.New(pool)
	alice := newUser(t, s, "alice@example.com")
	key := &app.IdempotencyKey{Key: "k1", RequestHash: sha256.Sum256([]byte("a"))}

	first, replayed, err := s.CreateTodo(ctx, newTodo(t, alice.ID, "a"), key, 0)
	require.NoError(t, err)
	require.False(t, replayed)

	again, replayed, err := s.CreateTodo(ctx, newTodo(t, alice.ID, "a"), key, 0)
	require.NoError(t, err)
	require.True(t, replayed)
	require.Equal(t, first, again)

	other := &app.IdempotencyKey{Key: "k1", RequestHash: sha256.Sum256([]byte("b"))}
	_, _, err = s.CreateTodo(ctx, newTodo(t, alice.ID, "b"), other, 0)
	require.Equal(t, domain.KindUnprocessable, domain.KindOf(err))

	bob := newUser(t, s, "bob@example.com")
	_, replayed, err = s.CreateTodo(ctx, newTodo(t, bob.ID, "a"), key, 0)
	require.NoError(t, err)
	require.False(t, replayed, "keys are scoped by owner")

	// Past the window the key is forgotten: the same key creates a new todo.
	_, err = pool.Exec(ctx, `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'k1'`)
	require.NoError(t, err)
	fresh, replayed, err := s.CreateTodo(ctx, newTodo(t, alice.ID, "b"), other, 0)
	require.NoError(t, err)
	require.False(t, replayed)
	require.NotEqual(t, first.ID, fresh.ID)
}

func TestStore_CreateTodo_ConcurrentKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	alice := newUser(t, s, "alice@example.com")
	key := &app.IdempotencyKey{Key: "race", RequestHash: sha256.Sum256([]byte("x"))}

	const n = 30
	ids := make([]uuid.UUID, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			var td domain.Todo
			td, _, errs[i] = s.CreateTodo(ctx, newTodo(t, alice.ID, "x"), key, 0)
			ids[i] = td.ID
		})
	}
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i])
		require.Equal(t, ids[0], ids[i])
	}
	items, err := s.ListTodos(ctx, alice.ID, domain.ListQuery{Limit: 200})
	require.NoError(t, err)
	require.Len(t, items, 1)
}

func TestStore_GetTodo_OwnerScoped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	alice := newUser(t, s, "alice@example.com")
	bob := newUser(t, s, "bob@example.com")
	td := newTodo(t, alice.ID, "secret")
	_, _, err := s.CreateTodo(ctx, td, nil, 0)
	require.NoError(t, err)

	_, err = s.GetTodo(ctx, bob.ID, td.ID)
	require.ErrorIs(t, err, domain.ErrNotFound)
	v := td.Version
	require.ErrorIs(t, s.DeleteTodo(ctx, bob.ID, td.ID, &v, time.Now()), domain.ErrNotFound)
	_, err = s.UpdateTodo(ctx, bob.ID, td.ID, func(cur domain.Todo) (domain.Todo, error) {
		t.Fatal("change must not see another owner's todo")
		return cur, nil
	})
	require.ErrorIs(t, err, domain.ErrNotFound)
	got, err := s.GetTodo(ctx, alice.ID, td.ID)
	require.NoError(t, err)
	require.Equal(t, "secret", got.Title)
}

func TestStore_UpdateTodo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	alice := newUser(t, s, "alice@example.com")
	td := newTodo(t, alice.ID, "old")
	_, _, err := s.CreateTodo(ctx, td, nil, 0)
	require.NoError(t, err)

	title := "new"
	next, err := s.UpdateTodo(ctx, alice.ID, td.ID, func(cur domain.Todo) (domain.Todo, error) {
		require.Equal(t, td, cur)
		return domain.TodoPatch{Title: &title}.Apply(cur, time.Now())
	})
	require.NoError(t, err)
	got, err := s.GetTodo(ctx, alice.ID, td.ID)
	require.NoError(t, err)
	require.Equal(t, next, got)

	_, err = s.UpdateTodo(ctx, alice.ID, td.ID, func(domain.Todo) (domain.Todo, error) { return domain.Todo{}, domain.ErrVersionMismatch })
	require.ErrorIs(t, err, domain.ErrVersionMismatch, "the change's error is returned")
	again, err := s.GetTodo(ctx, alice.ID, td.ID)
	require.NoError(t, err)
	require.Equal(t, got, again, "and nothing is stored")

	// Concurrent updates apply one after the other: none is lost.
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			_, err := s.UpdateTodo(ctx, alice.ID, td.ID, func(cur domain.Todo) (domain.Todo, error) {
				notes := cur.Notes + "x"
				return domain.TodoPatch{Notes: &notes}.Apply(cur, time.Now())
			})
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	final, err := s.GetTodo(ctx, alice.ID, td.ID)
	require.NoError(t, err)
	require.Equal(t, "xxxxxxxxxx", final.Notes)
	require.EqualValues(t, 12, final.Version)
}

func TestStore_DeleteTodo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	alice := newUser(t, s, "alice@example.com")
	td := newTodo(t, alice.ID, "bye")
	_, _, err := s.CreateTodo(ctx, td, nil, 0)
	require.NoError(t, err)

	stale := int64(7)
	require.ErrorIs(t, s.DeleteTodo(ctx, alice.ID, td.ID, &stale, time.Now()), domain.ErrVersionMismatch)
	require.NoError(t, s.DeleteTodo(ctx, alice.ID, td.ID, &td.Version, time.Now()))
	_, err = s.GetTodo(ctx, alice.ID, td.ID)
	require.ErrorIs(t, err, domain.ErrNotFound)
	require.ErrorIs(t, s.DeleteTodo(ctx, alice.ID, td.ID, nil, time.Now()), domain.ErrNotFound, "deleting twice is 404")
}

func TestStore_ListTodos(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	alice := newUser(t, s, "alice@example.com")
	bob := newUser(t, s, "bob@example.com")
	base := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	var all []domain.Todo
	for i := range 5 {
		due := base.Add(time.Duration(i) * 24 * time.Hour)
		st := domain.StatusOpen
		if i%2 == 1 {
			st = domain.StatusDone
		}
		td, err := domain.NewTodo{Title: "t", Status: st, DueAt: &due}.Build(uuid.Must(uuid.NewV7()), alice.ID, time.Now())
		require.NoError(t, err)
		_, _, err = s.CreateTodo(ctx, td, nil, 0)
		require.NoError(t, err)
		all = append(all, td)
	}
	_, _, err := s.CreateTodo(ctx, newTodo(t, bob.ID, "bob's"), nil, 0)
	require.NoError(t, err)
	done := domain.StatusDone
	after, before := base.Add(24*time.Hour), base.Add(3*24*time.Hour)

	tests := []struct {
		name string
		q    domain.ListQuery
		want []domain.Todo
	}{
		{name: "All", q: domain.ListQuery{Limit: 10}, want: all},
		{name: "LimitPlusOne", q: domain.ListQuery{Limit: 2}, want: all[:3]},
		{name: "AfterCursor", q: domain.ListQuery{After: all[2].ID, Limit: 10}, want: all[3:]},
		{name: "Status", q: domain.ListQuery{Status: &done, Limit: 10}, want: []domain.Todo{all[1], all[3]}},
		{name: "DueRange", q: domain.ListQuery{DueAfter: &after, DueBefore: &before, Limit: 10}, want: all[1:3]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ListTodos(ctx, alice.ID, tt.q)
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestStore_Users(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newStore(t)
	u1, err := s.EnsureUser(ctx, uuid.Must(uuid.NewV7()), "Carol@Example.com", "Carol")
	require.NoError(t, err)
	u2, err := s.EnsureUser(ctx, uuid.Must(uuid.NewV7()), "carol@example.com", "Other")
	require.NoError(t, err)
	require.Equal(t, u1.ID, u2.ID, "email is unique case-insensitively")
	require.Equal(t, "Carol", u2.DisplayName)

	token := domain.NewToken()
	h := domain.HashToken(token)
	_, err = s.UserByTokenHash(ctx, h)
	require.ErrorIs(t, err, domain.ErrUnauthenticated)
	require.NoError(t, s.CreateToken(ctx, uuid.Must(uuid.NewV7()), u1.ID, h, "cli"))
	require.NoError(t, s.CreateToken(ctx, uuid.Must(uuid.NewV7()), u1.ID, h, "cli"), "storing a hash twice is a no-op")
	got, err := s.UserByTokenHash(ctx, h)
	require.NoError(t, err)
	require.Equal(t, u1.ID, got.ID)
}
