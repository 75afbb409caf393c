// Command deploynames prints, as shell assignments for tools/deploy/db_bootstrap.sh to eval, the
// cloud-side names a deploy of one service to one environment works on (its ECS cluster,
// image repository, ECS service and migration role, or its Lambda function and the artifacts
// bucket; with -database also the database instance and bootstrap role make db/bootstrap
// uses), as terraform names them (package tools/deploy, Resolve).
//
//	deploynames [-root DIR] [-database] SERVICE ENV
//
// Exit status: 0 on success, 1 when a name cannot be resolved, 2 on bad usage (an unknown
// service or environment is reported with the valid values).
package main

import (
	"context"
	"os"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
)

func main() {
	cli.Main("deploynames", func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	})
}
