// Package catalogue lists todo-batch's jobs. Adding a job is one package under internal/jobs
// and one line here; the worker, `run`, `enqueue`, `jobs`, the configuration and make read
// this list.
package catalogue

import (
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/duereminders"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/exporttodos"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/purgedeleted"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/jobs/purgeidempotencykeys"
)

// All returns every job, in the order `todo-batch jobs` prints them.
func All() jobs.Catalogue {
	return jobs.Catalogue{
		duereminders.Spec,
		purgedeleted.Spec,
		exporttodos.Spec,
		purgeidempotencykeys.Spec,
	}
}
