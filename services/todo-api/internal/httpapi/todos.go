package httpapi

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/app"
	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/domain"
)

// todoJSON is a todo as the API shows it. The owner is implied by the token and never shown.
type todoJSON struct {
	ID        uuid.UUID  `json:"id"`
	Title     string     `json:"title"`
	Notes     string     `json:"notes"`
	Status    string     `json:"status"`
	DueAt     *time.Time `json:"due_at"`
	Version   int64      `json:"version"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

func toJSON(t domain.Todo) todoJSON {
	return todoJSON{
		ID: t.ID, Title: t.Title, Notes: t.Notes, Status: string(t.Status), DueAt: t.DueAt,
		Version: t.Version, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt,
	}
}

type listJSON struct {
	Items      []todoJSON `json:"items"`
	NextCursor string     `json:"next_cursor,omitempty"`
}

// etag is the strong entity tag of a todo version.
func etag(version int64) string {
	return `"` + strconv.FormatInt(version, 10) + `"`
}

type todoHandlers struct {
	todos *app.Todos
}

func writeTodo(c echo.Context, status int, t domain.Todo) error {
	c.Response().Header().Set("ETag", etag(t.Version))
	return c.JSON(status, toJSON(t))
}

// parseID reads the {id} path parameter.
func parseID(c echo.Context) (uuid.UUID, error) {
	s := c.Param("id")
	id, err := uuid.Parse(s)
	if err != nil || len(s) != 36 {
		return uuid.Nil, domain.Invalid(domain.FieldError{Field: "id", Reason: "must be a UUID such as 0190c7c4-8a5e-7b7f-9c1e-3f0e5d6a7b8c"})
	}
	return id, nil
}

// idempotencyKeyHeader returns the validated Idempotency-Key header, or "" when absent.
func idempotencyKeyHeader(c echo.Context) (string, error) {
	vals := c.Request().Header.Values("Idempotency-Key")
	if len(vals) == 0 {
		return "", nil
	}
	k := vals[0]
	ok := len(vals) == 1 && len(k) >= 1 && len(k) <= 255
	for _, r := range k {
		if r < 0x21 || r > 0x7e {
			ok = false
		}
	}
	if !ok {
		return "", domain.Invalid(domain.FieldError{Field: "Idempotency-Key", Reason: "must be one header of 1 to 255 visible ASCII characters"})
	}
	return k, nil
}

// ifMatch parses an If-Match header into the version it requires: nil when absent or "*"
// (any current version). Entity tags that are not ours never match, so they give version 0.
func ifMatch(c echo.Context) (*int64, error) {
	h := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if h == "" || h == "*" {
		return nil, nil
	}
	bad := domain.Invalid(domain.FieldError{Field: "If-Match", Reason: `must be an entity tag from an ETag header, such as "3"`})
	if strings.Contains(h, ",") {
		// One resource has one current version; a list of tags is more than we need.
		return nil, domain.Invalid(domain.FieldError{Field: "If-Match", Reason: "must hold a single entity tag"})
	}
	if strings.HasPrefix(h, "W/") {
		return nil, domain.Invalid(domain.FieldError{Field: "If-Match", Reason: "must be a strong entity tag (If-Match uses strong comparison)"})
	}
	if len(h) < 2 || h[0] != '"' || h[len(h)-1] != '"' {
		return nil, bad
	}
	v, err := strconv.ParseInt(h[1:len(h)-1], 10, 64)
	if err != nil || v < 1 {
		v = 0
	}
	return &v, nil
}

func (h *todoHandlers) create(c echo.Context) error {
	key, err := idempotencyKeyHeader(c)
	if err != nil {
		return err
	}
	body, err := readBody(c.Response(), c.Request())
	if err != nil {
		return err
	}
	in, err := decodeCreateTodo(body)
	if err != nil {
		return err
	}
	var ik *app.IdempotencyKey
	if key != "" {
		ik = &app.IdempotencyKey{Key: key, RequestHash: app.RequestHash(in)}
	}
	t, replayed, err := h.todos.Create(c.Request().Context(), currentUser(c).ID, in, ik)
	if err != nil {
		return err
	}
	if replayed {
		c.Response().Header().Set("Idempotent-Replayed", "true")
	}
	c.Response().Header().Set("Location", "/v1/todos/"+t.ID.String())
	return writeTodo(c, http.StatusCreated, t)
}

func (h *todoHandlers) get(c echo.Context) error {
	id, err := parseID(c)
	if err != nil {
		return err
	}
	t, err := h.todos.Get(c.Request().Context(), currentUser(c).ID, id)
	if err != nil {
		return err
	}
	return writeTodo(c, http.StatusOK, t)
}

// parseListQuery reads the list's query parameters, reporting every bad one at once.
func parseListQuery(q url.Values) (domain.ListQuery, error) {
	lq := domain.ListQuery{Limit: domain.DefaultListLimit}
	var fields []domain.FieldError
	if s := q.Get("limit"); s != "" || q.Has("limit") {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > domain.MaxListLimit {
			fields = append(fields, domain.FieldError{Field: "limit", Reason: "must be an integer between 1 and 200"})
		} else {
			lq.Limit = n
		}
	}
	if q.Has("cursor") {
		after, err := domain.DecodeCursor(q.Get("cursor"))
		if err != nil {
			fields = append(fields, domain.FieldError{Field: "cursor", Reason: "is not a cursor returned by this API"})
		}
		lq.After = after
	}
	if q.Has("status") {
		st, ok := domain.ParseStatus(q.Get("status"))
		if !ok {
			fields = append(fields, domain.FieldError{Field: "status", Reason: "must be one of open, done"})
		} else {
			lq.Status = &st
		}
	}
	for _, name := range []string{"due_after", "due_before"} {
		if !q.Has(name) {
			continue
		}
		t, err := parseTime(q.Get(name))
		if err != nil {
			fields = append(fields, domain.FieldError{Field: name, Reason: err.Error()})
			continue
		}
		if name == "due_after" {
			lq.DueAfter = &t
		} else {
			lq.DueBefore = &t
		}
	}
	if len(fields) > 0 {
		return domain.ListQuery{}, domain.Invalid(fields...)
	}
	return lq, lq.Validate()
}

func (h *todoHandlers) list(c echo.Context) error {
	q, err := parseListQuery(c.QueryParams())
	if err != nil {
		return err
	}
	page, err := h.todos.List(c.Request().Context(), currentUser(c).ID, q)
	if err != nil {
		return err
	}
	out := listJSON{Items: make([]todoJSON, 0, len(page.Items)), NextCursor: page.NextCursor}
	for _, t := range page.Items {
		out.Items = append(out.Items, toJSON(t))
	}
	return c.JSON(http.StatusOK, out)
}

func (h *todoHandlers) update(c echo.Context) error {
	id, err := parseID(c)
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	// A PATCH body is a JSON merge patch (RFC 7396): members replace, null removes.
	body, err := readBody(c.Response(), c.Request(), "application/json", "application/merge-patch+json")
	if err != nil {
		return err
	}
	patch, err := decodePatchTodo(body)
	if err != nil {
		return err
	}
	t, err := h.todos.Update(c.Request().Context(), currentUser(c).ID, id, patch, version)
	if err != nil {
		return err
	}
	return writeTodo(c, http.StatusOK, t)
}

func (h *todoHandlers) delete(c echo.Context) error {
	id, err := parseID(c)
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	if err := h.todos.Delete(c.Request().Context(), currentUser(c).ID, id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
