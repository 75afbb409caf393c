package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
	todoapi "github.com/tsumiki-dev/tsumiki/services/todo-api"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/config"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/httpapi"
)

// startMetrics starts the CloudWatch metrics of observability.yaml: an emitter writing
// embedded metric format records through log every metrics.DefaultInterval. stop flushes
// what is left and returns once written.
func startMetrics(ctx context.Context, log *slog.Logger, environment string) (*httpapi.RequestMetrics, func(), error) {
	spec := todoapi.Observability()
	em, err := metrics.New(spec, metrics.Options{Logger: log, Environment: environment, Service: config.Service})
	if err != nil {
		return nil, nil, fmt.Errorf("metrics: %w", err)
	}
	rm, err := httpapi.NewRequestMetrics(em, spec)
	if err != nil {
		return nil, nil, err
	}
	return rm, em.Start(ctx), nil
}
