package domain_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	var derr *domain.Error
	require.ErrorAs(t, err, &derr)
	require.Equal(t, domain.KindInvalid, derr.Kind)
	var names []string
	for _, f := range derr.Fields {
		names = append(names, f.Field)
	}
	return names
}

func TestNewTodo_Validate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		in         domain.NewTodo
		wantFields []string
	}{
		{name: "Minimal", in: domain.NewTodo{Title: "a"}},
		{name: "MaxLengthsInCharacters", in: domain.NewTodo{Title: strings.Repeat("あ", 200), Notes: strings.Repeat("ノ", 10000)}},
		{name: "Done", in: domain.NewTodo{Title: "a", Status: domain.StatusDone}},
		{name: "EmptyTitle", in: domain.NewTodo{}, wantFields: []string{"title"}},
		{name: "BlankTitle", in: domain.NewTodo{Title: " \t"}, wantFields: []string{"title"}},
		{name: "LongTitle", in: domain.NewTodo{Title: strings.Repeat("a", 201)}, wantFields: []string{"title"}},
		{name: "InvalidUTF8", in: domain.NewTodo{Title: "\xff"}, wantFields: []string{"title"}},
		{name: "NUL", in: domain.NewTodo{Title: "a", Notes: "b\x00"}, wantFields: []string{"notes"}},
		{name: "LongNotes", in: domain.NewTodo{Title: "a", Notes: strings.Repeat("a", 10001)}, wantFields: []string{"notes"}},
		{name: "AllAtOnce", in: domain.NewTodo{Status: "later", Notes: strings.Repeat("a", 10001)}, wantFields: []string{"title", "notes", "status"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.in.Validate()
			if tt.wantFields == nil {
				require.NoError(t, err)
				return
			}
			require.Equal(t, tt.wantFields, fieldsOf(t, err))
		})
	}
}

func TestNewTodo_Build(t *testing.T) {
	t.Parallel()
	id, owner := uuid.New(), uuid.New()
	now := time.Date(2027, 1, 1, 9, 0, 0, 123456789, time.FixedZone("JST", 9*3600))
	due := now.Add(time.Hour)
	got, err := domain.NewTodo{Title: "a", DueAt: &due}.Build(id, owner, now)
	require.NoError(t, err)
	require.Equal(t, domain.StatusOpen, got.Status, "new todos start open")
	require.EqualValues(t, 1, got.Version)
	require.Equal(t, time.UTC, got.CreatedAt.Location())
	require.Equal(t, 123457000, got.CreatedAt.Nanosecond(), "rounded to PostgreSQL's microseconds")
	require.True(t, got.DueAt.Equal(due.Round(time.Microsecond)))

	_, err = domain.NewTodo{}.Build(id, owner, now)
	require.Error(t, err)
}

func TestTodoPatch_Apply(t *testing.T) {
	t.Parallel()
	due := time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)
	base := domain.Todo{Title: "a", Notes: "n", Status: domain.StatusOpen, DueAt: &due, Version: 4}
	now := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	title, done := "b", domain.StatusDone
	later := due.Add(time.Hour)
	bad := domain.Status("x")
	tests := []struct {
		name       string
		patch      domain.TodoPatch
		want       domain.Todo
		wantFields []string
	}{
		{name: "Title", patch: domain.TodoPatch{Title: &title}, want: domain.Todo{Title: "b", Notes: "n", Status: domain.StatusOpen, DueAt: &due, Version: 5, UpdatedAt: now}},
		{name: "StatusAndDue", patch: domain.TodoPatch{Status: &done, DueAt: &later}, want: domain.Todo{Title: "a", Notes: "n", Status: domain.StatusDone, DueAt: &later, Version: 5, UpdatedAt: now}},
		{name: "ClearDue", patch: domain.TodoPatch{ClearDueAt: true}, want: domain.Todo{Title: "a", Notes: "n", Status: domain.StatusOpen, Version: 5, UpdatedAt: now}},
		{name: "Empty", patch: domain.TodoPatch{}, wantFields: []string{"body"}},
		{name: "SetAndClear", patch: domain.TodoPatch{DueAt: &later, ClearDueAt: true}, wantFields: []string{"due_at"}},
		{name: "BadStatus", patch: domain.TodoPatch{Status: &bad}, wantFields: []string{"status"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.patch.Apply(base, now)
			if tt.wantFields != nil {
				require.Equal(t, tt.wantFields, fieldsOf(t, err))
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestCursor(t *testing.T) {
	t.Parallel()
	id := uuid.Must(uuid.NewV7())
	got, err := domain.DecodeCursor(domain.EncodeCursor(id))
	require.NoError(t, err)
	require.Equal(t, id, got)
	for _, bad := range []string{"", "abc", "djE6bm90LWEtdXVpZA", domain.EncodeCursor(uuid.Nil), "!!!"} {
		_, err := domain.DecodeCursor(bad)
		require.Equal(t, []string{"cursor"}, fieldsOf(t, err), "cursor %q", bad)
	}
}

func TestListQuery_Validate(t *testing.T) {
	t.Parallel()
	a := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	b := a.Add(time.Hour)
	tests := []struct {
		name       string
		q          domain.ListQuery
		wantFields []string
	}{
		{name: "Default", q: domain.ListQuery{Limit: domain.DefaultListLimit}},
		{name: "Max", q: domain.ListQuery{Limit: domain.MaxListLimit, DueAfter: &a, DueBefore: &b}},
		{name: "ZeroLimit", q: domain.ListQuery{}, wantFields: []string{"limit"}},
		{name: "TooLarge", q: domain.ListQuery{Limit: 201}, wantFields: []string{"limit"}},
		{name: "EmptyRange", q: domain.ListQuery{Limit: 1, DueAfter: &b, DueBefore: &a}, wantFields: []string{"due_before"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.q.Validate()
			if tt.wantFields == nil {
				require.NoError(t, err)
				return
			}
			require.Equal(t, tt.wantFields, fieldsOf(t, err))
		})
	}
}
