package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
	todobatch "github.com/tsumiki-dev/tsumiki/services/todo-batch"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchmetrics"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/config"
)

// startMetrics starts the CloudWatch metrics of observability.yaml: an emitter writing
// embedded metric format records through log every metrics.DefaultInterval. stop flushes
// what is left (a one-shot run's whole job) and returns once it is written.
func startMetrics(ctx context.Context, log *slog.Logger, environment string) (*batchmetrics.Metrics, func(), error) {
	spec := todobatch.Observability()
	em, err := metrics.New(spec, metrics.Options{Logger: log, Environment: environment, Service: config.Service})
	if err != nil {
		return nil, nil, fmt.Errorf("metrics: %w", err)
	}
	m, err := batchmetrics.New(em, spec)
	if err != nil {
		return nil, nil, err
	}
	return m, em.Start(ctx), nil
}
