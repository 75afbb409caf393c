package exporttodos_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/exporttodos"
)

func TestArgs_Validate(t *testing.T) {
	t.Parallel()
	require.NoError(t, exporttodos.Args{Day: "2026-11-29"}.Validate())
	require.ErrorContains(t, exporttodos.Args{Day: "2026-13-01"}.Validate(), `day "2026-13-01": want a date as YYYY-MM-DD`)
	require.Error(t, exporttodos.Args{}.Validate())
}
