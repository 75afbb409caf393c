// Command todo-api serves the todo REST API and carries its operational subcommands:
//
//	todo-api [serve]                      serve HTTP on HTTP_ADDR (the default)
//	todo-api migrate up|down|version|force VERSION
//	todo-api token --email E [--name N]   mint an API token, creating the user if needed
//	todo-api token list|revoke --email E  list a user's tokens, revoke them by id or prefix
//	todo-api fixtures                     load the deterministic local fixtures (TSUMIKI_ENV=local)
//
// Configuration comes from environment variables only; see Config.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "todo-api: %v\n", err)
		os.Exit(1)
	}
}
