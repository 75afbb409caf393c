package catalogue_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/catalogue"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
)

func TestAll(t *testing.T) {
	t.Parallel()
	all := catalogue.All()
	require.NoError(t, all.Validate())
	require.Equal(t, []string{"due_reminders", "purge_deleted", "export_todos", "purge_idempotency_keys"}, all.Kinds())
	for _, spec := range all {
		got, err := all.Lookup(spec.Kind)
		require.NoError(t, err)
		assert.Equal(t, spec.Kind, got.Kind)
		assert.NotEmpty(t, spec.Description, spec.Kind)
		if spec.Schedule != nil {
			assert.Equal(t, spec.Kind, spec.Periodic(time.Now()).Kind(), "the periodic args are of the spec's kind")
			assert.Positive(t, spec.UniquePeriod, spec.Kind)
		}
	}
	_, err := all.Lookup("send_spam")
	require.ErrorIs(t, err, jobs.ErrUnknownKind)
	require.EqualError(t, err, `unknown job "send_spam"; one of: due_reminders, purge_deleted, export_todos, purge_idempotency_keys`)
}

// TestMakefile_NoHandKeptJobList: make asks the binary (`todo-batch jobs -names`) for the job
// names; a job name written into the Makefile would be a second list that drifts.
func TestMakefile_NoHandKeptJobList(t *testing.T) {
	t.Parallel()
	mk, err := os.ReadFile(filepath.Join("..", "..", "Makefile"))
	require.NoError(t, err)
	require.Regexp(t, `(?m)^TODO_BATCH_JOBS = .*todo-batch jobs -names`, string(mk))
	// Comments and `## ` descriptions may mention a job; variables and recipes may not.
	var code []string
	for line := range strings.Lines(string(mk)) {
		line, _, _ = strings.Cut(line, "## ")
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			code = append(code, line)
		}
	}
	for _, kind := range catalogue.All().Kinds() {
		assert.NotRegexp(t, regexp.MustCompile(`\b`+kind+`\b`), strings.Join(code, ""), "the Makefile names job %s outside a comment", kind)
	}
}
