// Package kit is the root of the small shared platform kit: the pieces two or more services
// really share (configuration from the environment, slog setup, the HTTP server with graceful
// shutdown, the PostgreSQL pool, AWS configuration with local endpoints). Each lives in its own
// subpackage named after what it provides.
package kit
