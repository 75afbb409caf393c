package logging_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/logging"
)

func TestRedactAddresses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want string
	}{
		{name: "SESSandbox", in: "MessageRejected: Email address is not verified. The following identities failed the check in region AP-NORTHEAST-1: a.b+c@example.co.jp, Zoe <z@mail.example>",
			want: "MessageRejected: Email address is not verified. The following identities failed the check in region AP-NORTHEAST-1: <address>, Zoe <<address>>"},
		{name: "InJSON", in: `{"reason":"sender \"ceo@mail.example\""}`, want: `{"reason":"sender \"<address>\""}`},
		{name: "ModuleVersion", in: "github.com/x/y@v1.2.3", want: "github.com/x/y@v1.2.3"},
		{name: "NoDomain", in: "postgres://user@localhost:5432", want: "postgres://user@localhost:5432"},
		{name: "Ids", in: "mail todo-batch:due-reminder:0193:2026-12-01", want: "mail todo-batch:due-reminder:0193:2026-12-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, logging.RedactAddresses(tt.in))
		})
	}
}
