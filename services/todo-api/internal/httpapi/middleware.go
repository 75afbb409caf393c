package httpapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/app"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

const (
	headerRequestID = "X-Request-ID"
	ctxRequestID    = "request_id"
	ctxUser         = "user"
)

// validRequestID accepts a client's X-Request-ID if it is short and harmless in logs.
func validRequestID(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, c := range s {
		if !isAlnum(c) && !strings.ContainsRune("-_.:", c) {
			return false
		}
	}
	return true
}

func isAlnum(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// withRequestID takes the client's X-Request-ID, or makes one, and echoes it in the response.
func withRequestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(headerRequestID)
		if !validRequestID(id) {
			id = uuid.NewString()
		}
		c.Set(ctxRequestID, id)
		c.Response().Header().Set(headerRequestID, id)
		return next(c)
	}
}

func requestID(c echo.Context) string {
	id, _ := c.Get(ctxRequestID).(string)
	return id
}

// routeOf is the matched route template (/v1/todos/:id), so metrics and logs do not explode
// with one series per id; requests that matched no route share one label.
func routeOf(c echo.Context) string {
	if p := c.Path(); p != "" && c.Request().URL.Path != "" && p != "/*" {
		return p
	}
	return "unmatched"
}

type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total",
			Help: "HTTP requests handled, by method, route template and status code.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "Time from receiving a request to writing its response, by method and route template.",
			Buckets: []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5},
		}, []string{"method", "route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

// accessLog writes one log line per request and records its metrics. It runs the central
// error handler itself so that the status it logs is the one the client saw.
func accessLog(log *slog.Logger, m *metrics) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			if err := next(c); err != nil {
				c.Error(err)
			}
			elapsed := time.Since(start)
			req, res := c.Request(), c.Response()
			route := routeOf(c)
			status := strconv.Itoa(res.Status)
			m.requests.WithLabelValues(req.Method, route, status).Inc()
			m.duration.WithLabelValues(req.Method, route).Observe(elapsed.Seconds())
			log.LogAttrs(req.Context(), slog.LevelInfo, "http request",
				slog.String("request_id", requestID(c)),
				slog.String("method", req.Method),
				slog.String("route", route),
				slog.Int("status", res.Status),
				slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
				slog.Int64("bytes", res.Size),
			)
			return nil
		}
	}
}

// recoverPanics turns a panic in a handler into a 500, logged by the error handler, so one bad
// request never takes the process down.
func recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if err, ok := r.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(r)
				}
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}

// authenticate requires a valid bearer token and stores its user in the context.
func authenticate(auth *app.Auth) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Request().Header.Get("Authorization")
			scheme, token, ok := strings.Cut(h, " ")
			if h == "" {
				return domain.Errorf(domain.KindUnauthenticated, "the Authorization header is missing; send Authorization: Bearer <token>")
			}
			if !ok || !strings.EqualFold(scheme, "Bearer") {
				return domain.Errorf(domain.KindUnauthenticated, "the Authorization header must use the Bearer scheme")
			}
			u, err := auth.Authenticate(c.Request().Context(), strings.TrimSpace(token))
			if err != nil {
				return err
			}
			c.Set(ctxUser, u)
			return next(c)
		}
	}
}

func currentUser(c echo.Context) domain.User {
	u, _ := c.Get(ctxUser).(domain.User)
	return u
}
