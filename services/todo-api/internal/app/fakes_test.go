package app_test

import (
	"context"
	"slices"
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
	users   map[uuid.UUID]domain.User
	tokens  map[domain.TokenHash]*domain.Token
	lookups int
	touches int
}

type idem struct {
	hash [32]byte
	todo domain.Todo
}

func newFakeStore() *fakeStore {
	return &fakeStore{todos: map[uuid.UUID]domain.Todo{}, deleted: map[uuid.UUID]bool{}, keys: map[string]idem{}, users: map[uuid.UUID]domain.User{}, tokens: map[domain.TokenHash]*domain.Token{}}
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

func (f *fakeStore) AuthenticateToken(_ context.Context, h domain.TokenHash, now, usedBefore time.Time) (domain.User, time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lookups++
	t, ok := f.tokens[h]
	if !ok || t.State(now) != domain.TokenLive {
		return domain.User{}, time.Time{}, domain.ErrUnauthenticated
	}
	if t.LastUsedAt == nil || t.LastUsedAt.Before(usedBefore) {
		t.LastUsedAt = &now
		f.touches++
	}
	return f.users[t.UserID], t.ExpiresAt, nil
}

func (f *fakeStore) EnsureUser(_ context.Context, id uuid.UUID, email, name string) (domain.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, u := range f.users {
		if u.Email == email {
			return u, nil
		}
	}
	u := domain.User{ID: id, Email: email, DisplayName: name}
	f.users[id] = u
	return u, nil
}

func (f *fakeStore) UserByEmail(_ context.Context, email string) (domain.User, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, u := range f.users {
		if u.Email == email {
			return u, nil
		}
	}
	return domain.User{}, domain.ErrUserNotFound
}

func (f *fakeStore) CreateToken(_ context.Context, id, user uuid.UUID, h domain.TokenHash, label string, expiresAt time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.tokens[h]; !ok {
		f.tokens[h] = &domain.Token{ID: id, UserID: user, Label: label, ExpiresAt: expiresAt}
	}
	return nil
}

func (f *fakeStore) Tokens(_ context.Context, user uuid.UUID) ([]domain.Token, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []domain.Token
	for _, t := range f.tokens {
		if t.UserID == user {
			out = append(out, *t)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID.String() < out[j].ID.String() })
	return out, nil
}

func (f *fakeStore) RevokeTokens(_ context.Context, user uuid.UUID, ids []uuid.UUID, at time.Time) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, t := range f.tokens {
		if t.UserID == user && t.RevokedAt == nil && slices.Contains(ids, t.ID) {
			t.RevokedAt = &at
			n++
		}
	}
	return n, nil
}

func (f *fakeStore) LiveTokens(_ context.Context, hashes []domain.TokenHash) ([]uuid.UUID, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []uuid.UUID
	for _, h := range hashes {
		if t, ok := f.tokens[h]; ok && t.RevokedAt == nil {
			ids = append(ids, t.ID)
		}
	}
	return ids, nil
}

func (f *fakeStore) revokeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now()
	for _, t := range f.tokens {
		t.RevokedAt = &now
	}
}
