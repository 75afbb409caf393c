// Package apidocs serves todo-api's human-readable API reference at /docs: an HTML page that
// renders the service's OpenAPI spec with Redoc.
//
// Redoc's standalone bundle is pinned in the root package.json, copied here at build time by
// `make todo-api/apidocs` and embedded in the binary, so the page works offline and loads nothing
// from a CDN; a Content-Security-Policy header holds the page to its own origin. A binary built
// without the bundle still serves the spec, and /docs answers 503 with a problem+json body that
// says how to build it.
//
// Routes, relative to the prefix the handler is mounted at (normally /docs):
//
//	GET /docs                     the reference page
//	GET /docs/openapi.yaml        the spec the page renders
//	GET /docs/redoc.standalone.js the embedded renderer
package apidocs

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"
)

// BundleFile is the renderer's file name under assets/, as copied by `make todo-api/apidocs`.
const BundleFile = "redoc.standalone.js"

//go:embed assets
var assets embed.FS

// contentSecurityPolicy keeps the page to its own origin: scripts, styles and the spec come from
// the service itself. Redoc needs inline styles (styled-components), a blob: worker for search
// and data: images for its icons.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src blob:; " +
	"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

var page = template.Must(template.New("docs").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<redoc spec-url="{{.Prefix}}/openapi.yaml" expand-responses="200,201" path-in-middle-panel></redoc>
<script src="{{.Prefix}}/{{.Bundle}}"></script>
</body>
</html>
`))

// Handler serves the reference page for spec (an OpenAPI document, YAML or JSON).
type Handler struct {
	prefix string
	spec   []byte
	bundle []byte
	html   []byte
	// modTime is when the handler was built; the embedded files carry no time of their own.
	modTime time.Time
}

// New returns the handler for spec, mounted at prefix (for example "/docs", no trailing slash);
// title names the page. It returns an error when spec or prefix is empty or prefix is malformed.
func New(prefix, title string, spec []byte) (*Handler, error) {
	if len(bytes.TrimSpace(spec)) == 0 {
		return nil, errors.New("openapi spec is empty")
	}
	if !strings.HasPrefix(prefix, "/") || strings.HasSuffix(prefix, "/") {
		return nil, fmt.Errorf("prefix %q: must start with / and not end with /", prefix)
	}
	h := &Handler{prefix: prefix, spec: spec, modTime: time.Now()}
	// A missing bundle is not fatal: the API itself works, and /docs explains what to do.
	if b, err := fs.ReadFile(assets, "assets/"+BundleFile); err == nil {
		h.bundle = b
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, struct{ Title, Prefix, Bundle string }{title, prefix, BundleFile}); err != nil {
		return nil, fmt.Errorf("render docs page: %w", err)
	}
	h.html = buf.Bytes()
	return h, nil
}

// MustNew is New for a spec embedded at compile time, where an error is a programming error:
// it panics instead of returning one. Routers mount it in one line, for example with echo:
//
//	e.Any("/docs*", echo.WrapHandler(apidocs.MustNew("/docs", "todo-api API reference", api.OpenAPI)))
func MustNew(prefix, title string, spec []byte) *Handler {
	h, err := New(prefix, title, spec)
	if err != nil {
		panic(fmt.Sprintf("apidocs: %v", err))
	}
	return h
}

// HasBundle reports whether the renderer was embedded at build time.
func (h *Handler) HasBundle() bool { return h.bundle != nil }

// ServeHTTP serves the page, the spec and the bundle; other paths under the prefix are 404,
// methods other than GET and HEAD are 405.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		problem(w, http.StatusMethodNotAllowed, "Method not allowed", fmt.Sprintf("%s %s: the API reference only answers GET and HEAD", r.Method, r.URL.Path))
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	switch r.URL.Path {
	case h.prefix, h.prefix + "/":
		if h.bundle == nil {
			problem(w, http.StatusServiceUnavailable, "API reference not built",
				"this binary was built without the Redoc bundle; run `make todo-api/apidocs` and rebuild todo-api")
			return
		}
		w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
		h.serve(w, r, "index.html", h.html)
	case h.prefix + "/openapi.yaml":
		h.serve(w, r, "openapi.yaml", h.spec)
	case h.prefix + "/" + BundleFile:
		if h.bundle == nil {
			problem(w, http.StatusNotFound, "Not found", BundleFile+" was not embedded; run `make todo-api/apidocs` and rebuild todo-api")
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.serve(w, r, BundleFile, h.bundle)
	default:
		problem(w, http.StatusNotFound, "Not found", fmt.Sprintf("%s: the API reference has %s, %s/openapi.yaml and %s/%s", r.URL.Path, h.prefix, h.prefix, h.prefix, BundleFile))
	}
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request, name string, body []byte) {
	if strings.HasSuffix(name, ".yaml") {
		// mime has no entry for YAML on every system; say it explicitly.
		w.Header().Set("Content-Type", "application/yaml")
	}
	http.ServeContent(w, r, name, h.modTime, bytes.NewReader(body))
}

// problem writes an RFC 9457 problem+json response, like the rest of the API.
func problem(w http.ResponseWriter, status int, title, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{
		"type":   "about:blank",
		"title":  title,
		"status": status,
		"detail": detail,
	})
}
