package domain_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

func TestNormalizeUser(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		email      string
		display    string
		wantEmail  string
		wantName   string
		wantFields []string
	}{
		{name: "Plain", email: "alice@example.com", display: "Alice", wantEmail: "alice@example.com", wantName: "Alice"},
		{name: "DefaultName", email: " bob@example.com ", wantEmail: "bob@example.com", wantName: "bob"},
		{name: "NotAnAddress", email: "bob", wantFields: []string{"email"}},
		{name: "WithDisplayPart", email: "Bob <bob@example.com>", wantFields: []string{"email"}},
		{name: "LongName", email: "a@example.com", display: strings.Repeat("n", 101), wantFields: []string{"name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			email, name, err := domain.NormalizeUser(tt.email, tt.display)
			if tt.wantFields != nil {
				require.Equal(t, tt.wantFields, fieldsOf(t, err))
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.wantEmail, email)
			require.Equal(t, tt.wantName, name)
		})
	}
}

func TestParseToken(t *testing.T) {
	t.Parallel()
	tok := domain.NewToken()
	require.NotEqual(t, tok, domain.NewToken(), "tokens are random")
	h, err := domain.ParseToken(tok)
	require.NoError(t, err)
	require.Equal(t, domain.HashToken(tok), h)
	for _, bad := range []string{"", "tsk_short", "abc_" + strings.Repeat("a", 40), "tsk_" + strings.Repeat("a", 30) + "!", "tsk_" + strings.Repeat("a", 200)} {
		_, err := domain.ParseToken(bad)
		require.Equal(t, domain.KindUnauthenticated, domain.KindOf(err), "token %q", bad)
	}
}

func TestError_Error(t *testing.T) {
	t.Parallel()
	err := domain.Invalid(domain.FieldError{Field: "title", Reason: "is required"}, domain.FieldError{Field: "limit", Reason: "is too big"})
	require.Equal(t, "the request is invalid: title is required; limit is too big", err.Error())
	require.Equal(t, "invalid", domain.KindInvalid.String())
	require.Equal(t, domain.KindInternal, domain.KindOf(nil))
}
