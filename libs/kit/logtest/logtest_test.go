package logtest

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/syncbuf"
)

// recorder is a testing.TB that records Errorf and runs cleanups on demand.
type recorder struct {
	testing.TB
	errors   []string
	cleanups []func()
}

func (r *recorder) Helper()          {}
func (r *recorder) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *recorder) Errorf(format string, a ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, a...))
}

func TestNew_FailsOnAddress(t *testing.T) {
	t.Parallel()
	r := &recorder{TB: t}
	s := New(r)
	s.Logger().Info("mail sent", "mail_id", "m1")
	s.Logger().Warn("message dead-lettered", "reason", "to[0] \"aiko@example.com\" is not a valid address")
	s.Forbid("buy milk for the secret party")
	s.Logger().Info("request failed", "error", "insert: buy milk for the secret party")
	for _, f := range r.cleanups {
		f()
	}
	require.Len(t, r.errors, 2)
	require.Contains(t, r.errors[0], `to[0] \"<address>\" is not a valid address`)
	require.NotContains(t, r.errors[0], "aiko@", "the report masks the address")
	require.Contains(t, r.errors[1], "insert: <forbidden text>")

	clean := &recorder{TB: t}
	s = New(clean)
	s.Logger().Info("mail sent", "mail_id", "m1", "ses_message_id", "0100-abc")
	for _, f := range clean.cleanups {
		f()
	}
	require.Empty(t, clean.errors)
	require.Contains(t, s.String(), `"mail_id":"m1"`, "the test can read what was logged")
}

func TestReport(t *testing.T) {
	t.Parallel()
	var s Sink
	var stderr bytes.Buffer
	require.Equal(t, 0, report(0, &s, &stderr))
	require.Equal(t, 2, report(2, &s, &stderr), "a failed run stays failed")
	s.Logger().Info("user created", "email", "bob@example.com")
	require.Equal(t, 1, report(0, &s, &stderr), "a leak fails a passing run")
	require.Contains(t, stderr.String(), `"email":"<address>"`)
	require.Panics(t, func() { s.Forbid("short") })
}

func TestCheck(t *testing.T) {
	t.Parallel()
	r := &recorder{TB: t}
	var buf syncbuf.Buffer
	c := Check(r, &buf)
	c.Forbid("the notes of a todo")
	_, _ = buf.Write([]byte(`{"msg":"http request","status":201}` + "\n" + `{"msg":"x","error":"the notes of a todo"}` + "\n"))
	for _, f := range r.cleanups {
		f()
	}
	require.Len(t, r.errors, 1)
	require.Contains(t, r.errors[0], `"error":"<forbidden text>"`)
}
