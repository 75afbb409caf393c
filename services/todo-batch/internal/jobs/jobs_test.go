package jobs_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
)

func TestDaily_Next(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		daily   jobs.Daily
		current time.Time
		want    time.Time
	}{
		{name: "LaterToday", daily: jobs.DailyAt(3, 0), current: time.Date(2026, 11, 29, 1, 0, 0, 0, time.UTC), want: time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC)},
		{name: "ExactlyNowMeansTomorrow", daily: jobs.DailyAt(3, 0), current: time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC), want: time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC)},
		{name: "Tomorrow", daily: jobs.DailyAt(0, 30), current: time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), want: time.Date(2027, 1, 1, 0, 30, 0, 0, time.UTC)},
		{name: "OtherZoneInput", daily: jobs.DailyAt(3, 0), current: time.Date(2026, 11, 29, 11, 0, 0, 0, time.FixedZone("JST", 9*3600)), want: time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC)}, // 02:00 UTC,
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, tt.daily.Next(tt.current))
		})
	}
}

func TestLookup(t *testing.T) {
	t.Parallel()
	for _, kind := range jobs.Kinds() {
		spec, err := jobs.Lookup(kind)
		require.NoError(t, err)
		assert.Equal(t, kind, spec.Kind)
		assert.Equal(t, kind, spec.Periodic(time.Now()).Kind(), "the periodic args are of the spec's kind")
		assert.Positive(t, spec.UniquePeriod)
	}
	_, err := jobs.Lookup("send_spam")
	require.ErrorIs(t, err, jobs.ErrUnknownKind)
	require.EqualError(t, err, `unknown job "send_spam"; one of: due_reminders, purge_deleted, export_todos`)
}

func TestExportTodosArgs_Validate(t *testing.T) {
	t.Parallel()
	require.NoError(t, jobs.ExportTodosArgs{Day: "2026-11-29"}.Validate())
	require.ErrorContains(t, jobs.ExportTodosArgs{Day: "2026-13-01"}.Validate(), `day "2026-13-01": want a date as YYYY-MM-DD`)
	require.Error(t, jobs.ExportTodosArgs{}.Validate())
}

func TestMakefile_JobList(t *testing.T) {
	t.Parallel()
	mk, err := os.ReadFile(filepath.Join("..", "..", "Makefile"))
	require.NoError(t, err)
	m := regexp.MustCompile(`(?m)^TODO_BATCH_JOBS := (.*)$`).FindSubmatch(mk)
	require.NotNil(t, m, "services/todo-batch/Makefile defines TODO_BATCH_JOBS")
	require.Equal(t, jobs.Kinds(), strings.Fields(string(m[1])), "make validates JOB against the same list as the binary")
}
