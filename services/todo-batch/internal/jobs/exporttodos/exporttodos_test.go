package exporttodos_test

import (
	"flag"
	"io"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/exporttodos"
)

func TestArgs_Validate(t *testing.T) {
	t.Parallel()
	require.NoError(t, exporttodos.Args{Day: "2026-11-29"}.Validate())
	require.ErrorContains(t, exporttodos.Args{Day: "2026-13-01"}.Validate(), `day "2026-13-01": want a date as YYYY-MM-DD`)
	require.Error(t, exporttodos.Args{}.Validate())
}

func TestSpec_Parse_Users(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC)
	u1, u2 := uuid.MustParse("0190a000-0000-7000-8000-000000000001"), uuid.MustParse("0190a000-0000-7000-8000-000000000002")
	args, err := exporttodos.Spec.Parse(flag.NewFlagSet("t", flag.ContinueOnError), []string{"-users", u1.String() + ", " + u2.String()}, now)
	require.NoError(t, err)
	require.Equal(t, exporttodos.Args{Day: "2026-11-30", Users: []uuid.UUID{u1, u2}}, args)

	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	_, err = exporttodos.Spec.Parse(fs, []string{"-users", "user-2"}, now)
	require.EqualError(t, err, `export_todos -users: "user-2" is not a user id`)
}
