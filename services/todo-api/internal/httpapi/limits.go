package httpapi

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/ratelimit"
)

// The rate limit fields of draft-ietf-httpapi-ratelimit-headers-06 (December 2022), the last
// revision with separate Limit, Remaining and Reset fields (revision 07 onwards merges them
// into "RateLimit" and "RateLimit-Policy"): RateLimit-Limit is the quota of the window,
// RateLimit-Remaining what is left of it, RateLimit-Reset the seconds until it is restored,
// and RateLimit-Policy the quota policy ("100;w=10": 100 requests per 10-second window).
// They are written in Go's canonical header form, straight into the header map.
const (
	headerRateLimitLimit     = "Ratelimit-Limit"
	headerRateLimitRemaining = "Ratelimit-Remaining"
	headerRateLimitReset     = "Ratelimit-Reset"
	headerRateLimitPolicy    = "Ratelimit-Policy"
	headerRetryAfter         = "Retry-After"
)

// Retry-After values of the 503s: the database gets a few seconds to come back (a restart or
// a Multi-AZ failover takes longer, and clients keep backing off); a request that ran out of
// time may be retried sooner.
const (
	retryAfterUnavailable = 5
	retryAfterTimeout     = 1
)

// rateLimit spends one request of the caller's token bucket, after authentication, and tells
// the client its budget on every response; an empty bucket is a 429 with Retry-After.
func rateLimit(l *ratelimit.Limiter) echo.MiddlewareFunc {
	window := l.Window()
	// The same on every response: built once, shared (header values are only read).
	limit := []string{strconv.Itoa(l.Limit())}
	policy := []string{limit[0] + ";w=" + strconv.Itoa(ceilSeconds(window))}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			_, token, _ := strings.Cut(c.Request().Header.Get("Authorization"), " ")
			d := l.Take(ratelimit.Key(domain.HashToken(strings.TrimSpace(token))))
			h := c.Response().Header()
			reset := strconv.Itoa(ceilSeconds(d.Reset))
			h[headerRateLimitLimit] = limit
			h[headerRateLimitRemaining] = []string{strconv.Itoa(d.Remaining)}
			h[headerRateLimitReset] = []string{reset}
			h[headerRateLimitPolicy] = policy
			if !d.Allowed {
				h[headerRetryAfter] = []string{reset}
				return newHTTPError(http.StatusTooManyRequests,
					"the rate limit of "+limit[0]+" requests per "+window.String()+" per API token is exhausted; retry after "+reset+" s")
			}
			return next(c)
		}
	}
}

// ceilSeconds rounds d up to whole seconds, at least 1 (Retry-After 0 invites a hot loop).
func ceilSeconds(d time.Duration) int {
	return max(1, int(math.Ceil(d.Seconds())))
}

// withDeadline gives every request a deadline: the handler's context, and with it the
// database work it started, is cancelled when it passes.
func withDeadline(timeout time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			ctx, cancel := context.WithTimeout(req.Context(), timeout)
			defer cancel()
			c.SetRequest(req.WithContext(ctx))
			return next(c)
		}
	}
}

// temporaryProblem maps the server's temporary conditions to a 503 with Retry-After: a
// database that is down, unreachable or out of connections, and a request cut by its
// deadline or by the database's statement_timeout. A client's own cancellation is not one.
func temporaryProblem(err error) (Problem, bool) {
	// The deadline first: pgx gives up on a deadline by timing out the connection's reads,
	// which looks like a network error too.
	switch {
	case errors.Is(err, context.DeadlineExceeded) || postgres.IsTimeout(err):
		return Problem{Status: http.StatusServiceUnavailable, retryAfter: retryAfterTimeout,
			Detail: "the request did not finish in time and was cancelled; retry later"}, true
	case postgres.IsUnavailable(err):
		return Problem{Status: http.StatusServiceUnavailable, retryAfter: retryAfterUnavailable,
			Detail: "the database is temporarily unavailable; retry later"}, true
	}
	return Problem{}, false
}
