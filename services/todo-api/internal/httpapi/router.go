package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/apidocs"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/app"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/ratelimit"
)

// Deps are what the router needs. Every field is required.
type Deps struct {
	// Todos are the todo use cases.
	Todos *app.Todos
	// Auth authenticates bearer tokens.
	Auth *app.Auth
	// Ping checks the database for /readyz.
	Ping func(ctx context.Context) error
	// Draining is set when the graceful drain starts; /readyz then answers 503 at once.
	Draining *atomic.Bool
	// Logger receives the access log and errors.
	Logger *slog.Logger
	// Registry collects the HTTP metrics; /metrics serves it (with whatever else the caller
	// registered, such as pool statistics).
	Registry *prometheus.Registry
	// OpenAPI is the spec served at /openapi.yaml.
	OpenAPI []byte
	// Limiter rate-limits each API token on /v1 (429 past its bucket). Optional: nil serves
	// without a rate limit (unit tests of other behaviour).
	Limiter *ratelimit.Limiter
	// RequestTimeout is every request's deadline, cancelling the handler's context.
	// Optional: zero means none (unit tests of other behaviour).
	RequestTimeout time.Duration
	// Metrics records the /v1 request metrics for CloudWatch (observability.yaml). Optional:
	// nil records none.
	Metrics *RequestMetrics
}

// NewRouter returns the todo-api HTTP handler.
func NewRouter(d Deps) http.Handler {
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.Logger.SetOutput(io.Discard)
	e.HTTPErrorHandler = errorHandler(d.Logger)
	// Behind the ALB the client address is in X-Forwarded-For. Trust that header only from
	// loopback, link-local and private addresses (the load balancer inside the VPC), so a
	// client cannot choose the address c.RealIP() reports (GO-2026-6872).
	e.IPExtractor = echo.ExtractIPFromXFFHeader()

	m := newMetrics(d.Registry)
	e.Use(withRequestID, recordRequests(d.Metrics), accessLog(d.Logger, m), recoverPanics)
	if d.RequestTimeout > 0 {
		e.Use(withDeadline(d.RequestTimeout))
	}

	e.GET("/healthz", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
	})
	e.GET("/readyz", readyz(d))
	e.GET("/openapi.yaml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml", d.OpenAPI)
	})
	// The API reference page (issue 6), next to the spec it renders. It needs no authentication.
	e.Any("/docs*", echo.WrapHandler(apidocs.MustNew("/docs", "Tsumiki todo API reference", d.OpenAPI)))

	h := &todoHandlers{todos: d.Todos}
	// Authentication is attached per route, not to a group: an echo group with middleware
	// catches every method under its prefix, which would turn 405s into 404s.
	auth := []echo.MiddlewareFunc{authenticate(d.Auth)}
	if d.Limiter != nil {
		auth = append(auth, rateLimit(d.Limiter))
	}
	e.POST("/v1/todos", h.create, auth...)
	e.GET("/v1/todos", h.list, auth...)
	e.GET("/v1/todos/:id", h.get, auth...)
	e.PATCH("/v1/todos/:id", h.update, auth...)
	e.DELETE("/v1/todos/:id", h.delete, auth...)
	return e
}

// NewInternalHandler returns the handler of the internal listener: /metrics, reg in the
// Prometheus text format. It is never behind the load balancer: metrics reveal traffic and
// pool figures.
func NewInternalHandler(reg *prometheus.Registry) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	return mux
}

// readyTimeout bounds the readiness probe's database ping, well inside the probe's own timeout.
const readyTimeout = 2 * time.Second

func readyz(d Deps) echo.HandlerFunc {
	return func(c echo.Context) error {
		if d.Draining.Load() {
			return newHTTPError(http.StatusServiceUnavailable, "the server is shutting down")
		}
		ctx, cancel := context.WithTimeout(c.Request().Context(), readyTimeout)
		defer cancel()
		if err := d.Ping(ctx); err != nil {
			d.Logger.WarnContext(ctx, "readiness: database unreachable", "request_id", requestID(c), "error", err)
			return newHTTPError(http.StatusServiceUnavailable, "the database is unreachable")
		}
		return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
	}
}

// writeJSON writes v as compact JSON and a newline.
func writeJSON(w io.Writer, v any) error {
	return json.NewEncoder(w).Encode(v)
}
