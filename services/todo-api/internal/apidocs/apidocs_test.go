package apidocs

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

const spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"

// newHandler returns a handler with a stand-in bundle, so these tests do not depend on whether
// `make todo-api/apidocs` ran; the real bundle is checked in a browser by the e2e tests.
func newHandler(t *testing.T, bundle []byte) *Handler {
	t.Helper()
	h, err := New("/docs", "todo-api reference", []byte(spec))
	require.NoError(t, err)
	h.bundle = bundle
	return h
}

func TestNew(t *testing.T) {
	tests := []struct {
		name    string
		prefix  string
		spec    string
		wantErr string
	}{
		{name: "Valid", prefix: "/docs", spec: spec},
		{name: "EmptySpec", prefix: "/docs", spec: " \n", wantErr: "openapi spec is empty"},
		{name: "RelativePrefix", prefix: "docs", spec: spec, wantErr: `prefix "docs": must start with /`},
		{name: "TrailingSlash", prefix: "/docs/", spec: spec, wantErr: `prefix "/docs/": must start with / and not end with /`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.prefix, "t", []byte(tt.spec))
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
		})
	}
}

func TestMustNew(t *testing.T) {
	require.NotNil(t, MustNew("/docs", "t", []byte(spec)))
	require.PanicsWithValue(t, "apidocs: openapi spec is empty", func() { MustNew("/docs", "t", nil) })
}

func TestHandler_ServeHTTP(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		path       string
		noBundle   bool
		wantStatus int
		wantType   string
		wantBody   []string
	}{
		{name: "Page", method: http.MethodGet, path: "/docs", wantStatus: http.StatusOK, wantType: "text/html; charset=utf-8",
			wantBody: []string{`<redoc spec-url="/docs/openapi.yaml"`, `<script src="/docs/redoc.standalone.js"></script>`, "<title>todo-api reference</title>"}},
		{name: "PageTrailingSlash", method: http.MethodGet, path: "/docs/", wantStatus: http.StatusOK, wantType: "text/html; charset=utf-8"},
		{name: "Spec", method: http.MethodGet, path: "/docs/openapi.yaml", wantStatus: http.StatusOK, wantType: "application/yaml", wantBody: []string{spec}},
		{name: "Bundle", method: http.MethodGet, path: "/docs/redoc.standalone.js", wantStatus: http.StatusOK, wantType: "text/javascript; charset=utf-8", wantBody: []string{"/* bundle */"}},
		{name: "Head", method: http.MethodHead, path: "/docs", wantStatus: http.StatusOK, wantType: "text/html; charset=utf-8"},
		{name: "UnknownPath", method: http.MethodGet, path: "/docs/nope", wantStatus: http.StatusNotFound, wantType: "application/problem+json", wantBody: []string{"/docs/nope"}},
		{name: "Post", method: http.MethodPost, path: "/docs", wantStatus: http.StatusMethodNotAllowed, wantType: "application/problem+json", wantBody: []string{"only answers GET and HEAD"}},
		{name: "PageWithoutBundle", method: http.MethodGet, path: "/docs", noBundle: true, wantStatus: http.StatusServiceUnavailable, wantType: "application/problem+json", wantBody: []string{"make todo-api/apidocs"}},
		{name: "SpecWithoutBundle", method: http.MethodGet, path: "/docs/openapi.yaml", noBundle: true, wantStatus: http.StatusOK, wantType: "application/yaml"},
		{name: "BundleWithoutBundle", method: http.MethodGet, path: "/docs/redoc.standalone.js", noBundle: true, wantStatus: http.StatusNotFound, wantType: "application/problem+json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bundle := []byte("/* bundle */")
			if tt.noBundle {
				bundle = nil
			}
			h := newHandler(t, bundle)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			require.Equal(t, tt.wantStatus, rec.Code, rec.Body.String())
			require.Equal(t, tt.wantType, rec.Header().Get("Content-Type"))
			for _, want := range tt.wantBody {
				require.Contains(t, rec.Body.String(), want)
			}
			if tt.wantType == "application/problem+json" {
				var p map[string]any
				require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
				require.InDelta(t, tt.wantStatus, p["status"], 0)
				require.NotEmpty(t, p["detail"])
			}
		})
	}
}

func TestHandler_ServeHTTP_PageLoadsNothingFromElsewhere(t *testing.T) {
	rec := httptest.NewRecorder()
	newHandler(t, []byte("x")).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/docs", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	csp := rec.Header().Get("Content-Security-Policy")
	require.Contains(t, csp, "default-src 'none'")
	require.Contains(t, csp, "script-src 'self'")
	require.NotContains(t, rec.Body.String(), "http://")
	require.NotContains(t, rec.Body.String(), "https://")
}
