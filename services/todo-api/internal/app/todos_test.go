package app_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/app"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

var clock = func() time.Time { return time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) }

func TestTodos_Create(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := newFakeStore()
	s := app.NewTodos(store, clock, nil)
	owner := uuid.New()

	got, replayed, err := s.Create(ctx, owner, domain.NewTodo{Title: "a"}, nil)
	require.NoError(t, err)
	require.False(t, replayed)
	require.Equal(t, owner, got.OwnerID)
	require.EqualValues(t, 7, got.ID.Version(), "ids are UUIDv7")
	require.Equal(t, clock(), got.CreatedAt)

	_, _, err = s.Create(ctx, owner, domain.NewTodo{}, nil)
	require.Equal(t, domain.KindInvalid, domain.KindOf(err))
	require.Len(t, store.todos, 1, "invalid input stores nothing")

	idErr := errors.New("entropy exhausted")
	broken := app.NewTodos(store, clock, func() (uuid.UUID, error) { return uuid.Nil, idErr })
	_, _, err = broken.Create(ctx, owner, domain.NewTodo{Title: "a"}, nil)
	require.ErrorIs(t, err, idErr)
}

func TestTodos_CreateIdempotent(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := app.NewTodos(newFakeStore(), clock, nil)
	owner := uuid.New()
	in := domain.NewTodo{Title: "a"}
	key := &app.IdempotencyKey{Key: "k", RequestHash: app.RequestHash(in)}

	first, _, err := s.Create(ctx, owner, in, key)
	require.NoError(t, err)
	again, replayed, err := s.Create(ctx, owner, in, key)
	require.NoError(t, err)
	require.True(t, replayed)
	require.Equal(t, first, again)

	require.NotEqual(t, app.RequestHash(in), app.RequestHash(domain.NewTodo{Title: "b"}))
	other := domain.NewTodo{Title: "b"}
	_, _, err = s.Create(ctx, owner, other, &app.IdempotencyKey{Key: "k", RequestHash: app.RequestHash(other)})
	require.Equal(t, domain.KindUnprocessable, domain.KindOf(err))
}

func TestTodos_List(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := app.NewTodos(newFakeStore(), clock, nil)
	owner := uuid.New()
	for range 5 {
		_, _, err := s.Create(ctx, owner, domain.NewTodo{Title: "a"}, nil)
		require.NoError(t, err)
	}
	page, err := s.List(ctx, owner, domain.ListQuery{Limit: 2})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	require.NotEmpty(t, page.NextCursor)
	after, err := domain.DecodeCursor(page.NextCursor)
	require.NoError(t, err)
	require.Equal(t, page.Items[1].ID, after)

	last, err := s.List(ctx, owner, domain.ListQuery{Limit: 3, After: after})
	require.NoError(t, err)
	require.Len(t, last.Items, 3)
	require.Empty(t, last.NextCursor, "no cursor on the last page")

	_, err = s.List(ctx, owner, domain.ListQuery{Limit: 0})
	require.Equal(t, domain.KindInvalid, domain.KindOf(err))
}

func TestTodos_Update(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := app.NewTodos(newFakeStore(), clock, nil)
	owner := uuid.New()
	td, _, err := s.Create(ctx, owner, domain.NewTodo{Title: "a"}, nil)
	require.NoError(t, err)
	title := "b"
	patch := domain.TodoPatch{Title: &title}
	v1, v9 := int64(1), int64(9)

	tests := []struct {
		name     string
		owner    uuid.UUID
		patch    domain.TodoPatch
		ifMatch  *int64
		wantKind domain.Kind
	}{
		{name: "StaleIfMatch", owner: owner, patch: patch, ifMatch: &v9, wantKind: domain.KindPreconditionFailed},
		{name: "OtherOwner", owner: uuid.New(), patch: patch, wantKind: domain.KindNotFound},
		{name: "EmptyPatch", owner: owner, patch: domain.TodoPatch{}, wantKind: domain.KindInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Update(ctx, tt.owner, td.ID, tt.patch, tt.ifMatch)
			require.Equal(t, tt.wantKind, domain.KindOf(err), "%v", err)
		})
	}
	got, err := s.Update(ctx, owner, td.ID, patch, &v1)
	require.NoError(t, err)
	require.Equal(t, "b", got.Title)
	require.EqualValues(t, 2, got.Version)
}

func TestTodos_Delete(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := app.NewTodos(newFakeStore(), clock, nil)
	owner := uuid.New()
	td, _, err := s.Create(ctx, owner, domain.NewTodo{Title: "a"}, nil)
	require.NoError(t, err)
	stale := int64(3)
	require.Equal(t, domain.KindPreconditionFailed, domain.KindOf(s.Delete(ctx, owner, td.ID, &stale)))
	require.Equal(t, domain.KindNotFound, domain.KindOf(s.Delete(ctx, uuid.New(), td.ID, nil)))
	require.NoError(t, s.Delete(ctx, owner, td.ID, nil))
	_, err = s.Get(ctx, owner, td.ID)
	require.Equal(t, domain.KindNotFound, domain.KindOf(err))
}
