// Command local runs Tsumiki's local platform; make calls it (mk/deps.mk, mk/dev.mk,
// mk/doctor.mk), so run `make help` rather than this.
//
// Usage:
//
//	local up|down|status|clean|npm         the dependencies (make deps/up, deps/down, ...)
//	local dev [-migrate "svc ..."]         the whole platform until Ctrl-C (make dev)
//	local dev-status|reset                 make dev/status, make dev/reset
//	local doctor [-deps]                   the prerequisites (make doctor)
//	local exec -- CMD [ARG...]             run CMD with .local/env loaded (the make targets)
//	local fakes3 -addr HOST:PORT           serve the S3 stand-in (deps/up starts it)
//
// It reads ROOT and LOCAL (the repository and its .local folder), the ports PG_PORT,
// SQS_PORT, SES_PORT, DYNAMODB_PORT and S3_PORT, the services' ports (TODO_API_PORT, as their
// definitions name them) and DATABASE_URL (a server of your own instead of the local one).
// The logic lives in tools/internal/localplatform.
package main

import (
	"context"
	"os"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
)

func main() {
	cli.Main(area(os.Args[1:])+": error", func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	})
}
