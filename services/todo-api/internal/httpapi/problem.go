package httpapi

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

// Problem is an RFC 9457 problem details body, extended with the offending fields.
type Problem struct {
	// Type is a URI naming the problem type; "about:blank" means the status says it all.
	Type string `json:"type"`
	// Title is the status's short description.
	Title string `json:"title"`
	// Status repeats the HTTP status code.
	Status int `json:"status"`
	// Detail explains this occurrence.
	Detail string `json:"detail"`
	// Errors lists the offending fields, when there are any.
	Errors []domain.FieldError `json:"errors,omitempty"`
	// RequestID is the request's X-Request-ID, to quote when asking for help.
	RequestID string `json:"request_id,omitempty"`
	// retryAfter, in seconds, becomes a Retry-After header when positive.
	retryAfter int
}

// httpError is an error that only the HTTP layer can raise (bad media type, body too large);
// it carries its status code directly.
type httpError struct {
	status int
	detail string
	fields []domain.FieldError
}

func (e *httpError) Error() string { return fmt.Sprintf("%d %s", e.status, e.detail) }

func newHTTPError(status int, detail string, fields ...domain.FieldError) *httpError {
	return &httpError{status: status, detail: detail, fields: fields}
}

var kindStatus = map[domain.Kind]int{
	domain.KindInvalid:            http.StatusBadRequest,
	domain.KindUnauthenticated:    http.StatusUnauthorized,
	domain.KindNotFound:           http.StatusNotFound,
	domain.KindConflict:           http.StatusConflict,
	domain.KindPreconditionFailed: http.StatusPreconditionFailed,
	domain.KindUnprocessable:      http.StatusUnprocessableEntity,
	domain.KindQuotaExceeded:      http.StatusForbidden,
}

// problemFor maps any error to the problem a client sees. Internal errors are reported without
// their text, which may hold details a client must not see.
func problemFor(err error) Problem {
	var (
		derr *domain.Error
		herr *httpError
		eerr *echo.HTTPError
	)
	if p, ok := temporaryProblem(err); ok {
		return p
	}
	switch {
	case errors.As(err, &herr):
		return Problem{Status: herr.status, Detail: herr.detail, Errors: herr.fields}
	case errors.As(err, &derr) && derr.Kind != domain.KindInternal:
		return Problem{Status: kindStatus[derr.Kind], Detail: derr.Message, Errors: derr.Fields}
	case errors.As(err, &eerr) && eerr.Code < http.StatusInternalServerError:
		// echo's own errors: unknown route (404), wrong method (405).
		detail := http.StatusText(eerr.Code)
		if eerr.Code == http.StatusNotFound {
			detail = "no such route"
		}
		if eerr.Code == http.StatusMethodNotAllowed {
			detail = "the method is not allowed on this route"
		}
		return Problem{Status: eerr.Code, Detail: detail}
	}
	return Problem{Status: http.StatusInternalServerError, Detail: "the server failed to handle the request; quote the request_id when reporting it"}
}

// errorHandler is the echo.HTTPErrorHandler: the one place that writes error responses.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		p := problemFor(err)
		p.Type = "about:blank"
		p.Title = http.StatusText(p.Status)
		p.RequestID = requestID(c)
		if p.Status >= http.StatusInternalServerError {
			log.ErrorContext(c.Request().Context(), "request failed", "request_id", p.RequestID, "route", routeOf(c), "error", err)
		}
		if p.retryAfter > 0 {
			c.Response().Header().Set(headerRetryAfter, strconv.Itoa(p.retryAfter))
		}
		if p.Status == http.StatusUnauthorized {
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="todo-api"`)
		}
		c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
		c.Response().WriteHeader(p.Status)
		if c.Request().Method == http.MethodHead {
			return
		}
		if werr := writeJSON(c.Response(), p); werr != nil {
			log.WarnContext(c.Request().Context(), "write problem response", "request_id", p.RequestID, "error", werr)
		}
	}
}
