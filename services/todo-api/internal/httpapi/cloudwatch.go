package httpapi

import (
	"fmt"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	cwmetrics "github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
)

// LatencySLO is the key of the latency SLO in observability.yaml; its thresholds decide
// which requests count as SlowRequests.
const LatencySLO = "latency"

// requestMetricNames are the metrics RequestMetrics records, as observability.yaml names them.
var requestMetricNames = []string{"Requests", "ServerErrors", "SlowRequests", "Latency"}

// statusClasses are the StatusClass values by the status code's first digit.
var statusClasses = [...]string{"other", "1xx", "2xx", "3xx", "4xx", "5xx"}

// RequestMetrics records the /v1 request metrics of observability.yaml (Requests,
// ServerErrors, SlowRequests and Latency by Route and StatusClass) for CloudWatch, through a
// emitter of libs/kit/metrics that aggregates them and writes embedded metric format records. Probes,
// /metrics and the API docs are left out: the SLOs are about the API.
type RequestMetrics struct {
	rec     *cwmetrics.Recorder
	latency cwmetrics.SLO
}

// NewRequestMetrics returns RequestMetrics recording through e; spec is the definition e was
// made with. It fails when spec lacks one of the metrics or the latency SLO.
func NewRequestMetrics(e *cwmetrics.Emitter, spec cwmetrics.Spec) (*RequestMetrics, error) {
	slo, ok := spec.SLO(LatencySLO)
	if !ok || slo.ThresholdMS <= 0 {
		return nil, fmt.Errorf("request metrics: %s has no %s SLO with threshold_ms", cwmetrics.FileName, LatencySLO)
	}
	rec, err := e.Recorder([]string{"Route", "StatusClass"}, requestMetricNames...)
	if err != nil {
		return nil, fmt.Errorf("request metrics: %w", err)
	}
	return &RequestMetrics{rec: rec, latency: slo}, nil
}

// observe records one answered request.
func (m *RequestMetrics) observe(method, route string, status int, elapsed time.Duration) {
	class := statusClasses[0]
	if d := status / 100; d >= 1 && d <= 5 {
		class = statusClasses[d]
	}
	v := cwmetrics.Values{route, class}
	ms := float64(elapsed.Microseconds()) / 1000
	m.rec.Add(v, "Requests", 1)
	if status >= 500 {
		m.rec.Add(v, "ServerErrors", 1)
	}
	if elapsed > time.Duration(m.latency.Threshold(method))*time.Millisecond {
		m.rec.Add(v, "SlowRequests", 1)
	}
	m.rec.Add(v, "Latency", ms)
}

// isAPIPath tells the /v1 API apart from probes, /metrics and the docs.
func isAPIPath(p string) bool {
	return p == "/v1" || strings.HasPrefix(p, "/v1/")
}

// recordRequests feeds m with every /v1 request once its response is final: it runs outside
// accessLog, which has already let the error handler write the status. A nil m records
// nothing (tests that do not look at CloudWatch metrics).
func recordRequests(m *RequestMetrics) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		if m == nil {
			return next
		}
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if req := c.Request(); isAPIPath(req.URL.Path) {
				m.observe(req.Method, routeOf(c), c.Response().Status, time.Since(start))
			}
			return err
		}
	}
}
