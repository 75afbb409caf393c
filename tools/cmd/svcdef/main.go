// Command svcdef reads the service definitions (services/*/service.yaml, package
// tools/internal/svcdef) for make and the workflows.
//
//	svcdef make [-o FILE]          print the make variables (SERVICES, SERVICES_HTTP, ...), or
//	                               write them to FILE (the Makefile includes .local/mk/services.mk)
//	svcdef list [-kind KIND] [-json]  print the services' names, one a line or as a JSON array
//	svcdef check                   check the definitions, what they refer to, CODEOWNERS and what
//	                               is generated from them (make svc/check)
//	svcdef generate                rewrite what is generated from the definitions: deploy.yml's
//	                               choice of services, the README's service table and design doc
//	                               list, and the CODEOWNERS rules of services added or removed
//	                               (make svc/generate)
//
// Every subcommand takes -root DIR, the repository root (default: the folder holding go.work,
// searched upwards from the working directory).
//
// Exit status: 0 on success, 1 when a check fails, 2 on bad usage.
package main

import (
	"context"
	"os"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
)

func main() {
	cli.Main("svcdef", func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	})
}
