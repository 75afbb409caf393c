package app

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

// IdempotencyKey identifies a POST that a client may retry: the first response is replayed
// for the same Key and RequestHash, and a different RequestHash is refused.
type IdempotencyKey struct {
	// Key is the client's Idempotency-Key header, 1 to 255 characters.
	Key string
	// RequestHash is the SHA-256 of the canonical request, so the same body written with
	// other whitespace or member order is still the same request.
	RequestHash [sha256.Size]byte
}

// TodoStore persists todos. Every method is scoped by owner; a todo of another owner, or a
// deleted one, is domain.ErrNotFound.
type TodoStore interface {
	// CreateTodo inserts t. With a key, the insert and the key's record commit together:
	// a key seen before returns the first todo and replayed = true, or a KindUnprocessable
	// error when its request hash differs. Concurrent calls with one key create one todo.
	// A positive quota refuses the todo with a KindQuotaExceeded error when its owner
	// already has quota live todos (a replay is still answered); creates racing at the quota
	// may overshoot it by the creates in flight; zero means no quota.
	CreateTodo(ctx context.Context, t domain.Todo, key *IdempotencyKey, quota int) (created domain.Todo, replayed bool, err error)
	// GetTodo returns one live todo.
	GetTodo(ctx context.Context, owner, id uuid.UUID) (domain.Todo, error)
	// ListTodos returns up to q.Limit+1 live todos matching q with ids above q.After, by id.
	ListTodos(ctx context.Context, owner uuid.UUID, q domain.ListQuery) ([]domain.Todo, error)
	// UpdateTodo locks one live todo, passes it to change and stores what change returns,
	// all in one transaction, so concurrent updates apply one after the other. An error from
	// change is returned as it is and nothing is stored.
	UpdateTodo(ctx context.Context, owner, id uuid.UUID, change func(cur domain.Todo) (domain.Todo, error)) (domain.Todo, error)
	// DeleteTodo soft-deletes a live todo; with version set, only if it is still that version
	// (else domain.ErrVersionMismatch).
	DeleteTodo(ctx context.Context, owner, id uuid.UUID, version *int64, now time.Time) error
}

// Todos is the todo use cases.
type Todos struct {
	store TodoStore
	quota int
	now   func() time.Time
	newID func() (uuid.UUID, error)
}

// NewTodos returns the todo use cases over store. now and newID are the clock and id source;
// nil means time.Now and uuid.NewV7.
func NewTodos(store TodoStore, now func() time.Time, newID func() (uuid.UUID, error)) *Todos {
	if now == nil {
		now = time.Now
	}
	if newID == nil {
		newID = uuid.NewV7
	}
	return &Todos{store: store, now: now, newID: newID}
}

// WithQuota sets the most live todos one user may have (a create beyond is a
// KindQuotaExceeded error); zero, the default, means no quota. It returns s.
func (s *Todos) WithQuota(quota int) *Todos {
	s.quota = quota
	return s
}

// Create validates in and stores a new todo owned by owner. With key, see TodoStore.CreateTodo.
func (s *Todos) Create(ctx context.Context, owner uuid.UUID, in domain.NewTodo, key *IdempotencyKey) (domain.Todo, bool, error) {
	id, err := s.newID()
	if err != nil {
		return domain.Todo{}, false, fmt.Errorf("new todo id: %w", err)
	}
	t, err := in.Build(id, owner, s.now())
	if err != nil {
		return domain.Todo{}, false, err
	}
	created, replayed, err := s.store.CreateTodo(ctx, t, key, s.quota)
	if err != nil {
		return domain.Todo{}, false, fmt.Errorf("create todo: %w", err)
	}
	return created, replayed, nil
}

// RequestHash returns the canonical hash of a create request for an IdempotencyKey.
func RequestHash(in domain.NewTodo) [sha256.Size]byte {
	// Marshalling the decoded struct fixes member order and whitespace; it cannot fail.
	b, _ := json.Marshal(in)
	return sha256.Sum256(b)
}

// Get returns one of owner's todos.
func (s *Todos) Get(ctx context.Context, owner, id uuid.UUID) (domain.Todo, error) {
	t, err := s.store.GetTodo(ctx, owner, id)
	if err != nil {
		return domain.Todo{}, fmt.Errorf("get todo %s: %w", id, err)
	}
	return t, nil
}

// List returns a page of owner's todos.
func (s *Todos) List(ctx context.Context, owner uuid.UUID, q domain.ListQuery) (domain.Page, error) {
	if err := q.Validate(); err != nil {
		return domain.Page{}, err
	}
	items, err := s.store.ListTodos(ctx, owner, q)
	if err != nil {
		return domain.Page{}, fmt.Errorf("list todos: %w", err)
	}
	page := domain.Page{Items: items}
	if len(items) > q.Limit {
		page.Items = items[:q.Limit]
		page.NextCursor = domain.EncodeCursor(page.Items[q.Limit-1].ID)
	}
	return page, nil
}

// Update applies patch to one of owner's todos. With ifMatch set, the todo must still be that
// version (else domain.ErrVersionMismatch); without it, concurrent updates apply in turn.
func (s *Todos) Update(ctx context.Context, owner, id uuid.UUID, patch domain.TodoPatch, ifMatch *int64) (domain.Todo, error) {
	if err := patch.Validate(); err != nil {
		return domain.Todo{}, err
	}
	t, err := s.store.UpdateTodo(ctx, owner, id, func(cur domain.Todo) (domain.Todo, error) {
		if ifMatch != nil && *ifMatch != cur.Version {
			return domain.Todo{}, domain.ErrVersionMismatch
		}
		return patch.Apply(cur, s.now())
	})
	if err != nil {
		return domain.Todo{}, fmt.Errorf("update todo %s: %w", id, err)
	}
	return t, nil
}

// Delete soft-deletes one of owner's todos, only if it is still version ifMatch when set.
func (s *Todos) Delete(ctx context.Context, owner, id uuid.UUID, ifMatch *int64) error {
	if err := s.store.DeleteTodo(ctx, owner, id, ifMatch, s.now()); err != nil {
		return fmt.Errorf("delete todo %s: %w", id, err)
	}
	return nil
}
