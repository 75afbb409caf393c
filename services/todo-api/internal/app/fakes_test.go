package app_test

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/app"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

// fakeStore is an in-memory app.TodoStore and app.UserStore for use-case tests. The
// PostgreSQL store is tested against a real database in package postgres.
type fakeStore struct {
	mu      sync.Mutex
	todos   map[uuid.UUID]domain.Todo
	deleted map[uuid.UUID]bool
	keys    map[string]idem
	users   map[domain.TokenHash]domain.User
	lookups int
}

type idem struct {
	hash [32]byte
	todo domain.Todo
}

func newFakeStore() *fakeStore {
	return &fakeStore{todos: map[uuid.UUID]domain.Todo{}, deleted: map[uuid.UUID]bool{}, keys: map[string]idem{}, users: map[domain.TokenHash]domain.User{}}
}

func (f *fakeStore) CreateTodo(_ context.Context, t domain.Todo, key *app.IdempotencyKey, _ int) (domain.Todo, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if key != nil {
		k := t.OwnerID.String() + "/" + key.Key
		if prev, ok := f.keys[k]; ok {
			if prev.hash != key.RequestHash {
				return domain.Todo{}, false, domain.Errorf(domain.KindUnprocessable, "key reused")
			}
			return prev.todo, true, nil
		}
		f.keys[k] = idem{hash: key.RequestHash, todo: t}
	}
	f.todos[t.ID] = t
	return t, false, nil
}

func (f *fakeStore) live(owner, id uuid.UUID) (domain.Todo, bool) {
	t, ok := f.todos[id]
	return t, ok && t.OwnerID == owner && !f.deleted[id]
}

func (f *fakeStore) GetTodo(_ context.Context, owner, id uuid.UUID) (domain.Todo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if t, ok := f.live(owner, id); ok {
		return t, nil
	}
	return domain.Todo{}, domain.ErrNotFound
}

func (f *fakeStore) ListTodos(_ context.Context, owner uuid.UUID, q domain.ListQuery) ([]domain.Todo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []domain.Todo
	for id := range f.todos {
		t, ok := f.live(owner, id)
		if ok && t.ID.String() > q.After.String() {
			out = append(out, t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID.String() < out[j].ID.String() })
	if len(out) > q.Limit+1 {
		out = out[:q.Limit+1]
	}
	return out, nil
}

func (f *fakeStore) UpdateTodo(_ context.Context, owner, id uuid.UUID, change func(domain.Todo) (domain.Todo, error)) (domain.Todo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	cur, ok := f.live(owner, id)
	if !ok {
		return domain.Todo{}, domain.ErrNotFound
	}
	next, err := change(cur)
	if err != nil {
		return domain.Todo{}, err
	}
	f.todos[id] = next
	return next, nil
}

func (f *fakeStore) DeleteTodo(_ context.Context, owner, id uuid.UUID, version *int64, _ time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	cur, ok := f.live(owner, id)
	if !ok {
		return domain.ErrNotFound
	}
	if version != nil && *version != cur.Version {
		return domain.ErrVersionMismatch
	}
	f.deleted[id] = true
	return nil
}

func (f *fakeStore) UserByTokenHash(_ context.Context, h domain.TokenHash) (domain.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lookups++
	if u, ok := f.users[h]; ok {
		return u, nil
	}
	return domain.User{}, domain.ErrUnauthenticated
}

func (f *fakeStore) EnsureUser(_ context.Context, id uuid.UUID, email, name string) (domain.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, u := range f.users {
		if u.Email == email {
			return u, nil
		}
	}
	return domain.User{ID: id, Email: email, DisplayName: name}, nil
}

func (f *fakeStore) CreateToken(_ context.Context, _, user uuid.UUID, h domain.TokenHash, _ string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.users[h] = domain.User{ID: user}
	return nil
}

func (f *fakeStore) revokeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	clear(f.users)
}
