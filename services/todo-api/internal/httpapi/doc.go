// Package httpapi is todo-api's HTTP adapter: the echo router, the request decoding, the
// mapping of domain errors to RFC 9457 problem+json, and the middleware every request passes
// (recovery, request id, access log, metrics, authentication). Handlers return errors; only
// the central error handler writes error responses.
package httpapi
