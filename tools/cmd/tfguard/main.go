// Command tfguard stops terraform changes that would destroy resources by surprise.
//
//	tfguard rename [-base REV] [-ack FILE] [-dirs terraform,modules]
//	tfguard destroy -plan PLAN.json [-allow ADDR,...]
//	tfguard allowed -stack terraform/ENV/STACK [-ack FILE]
//
// rename compares the terraform configuration at the base revision (default: the merge base
// of HEAD with main) with the working tree, uncommitted changes included, and fails on
// addresses that disappear without moved/removed blocks, for_each switches without moved
// blocks, and cloud-side name changes of resources that cannot be renamed in place. It prints
// the moved block to add when the new address is evident. An entry in the acknowledgement
// file (default tfguard.ack at the repository root) lets an intended replacement through.
//
// destroy reads the JSON of a saved plan (terraform show -json PLANFILE) and fails on every
// delete or replacement whose address is not listed in -allow; stateful types are marked
// critical.
//
// allowed prints, comma-separated, the addresses the acknowledgement file lists for one stack
// directory: the ALLOW_DESTROY value the plan and apply workflows pass, so an intended
// replacement is acknowledged once, in a reviewed file, for both guards.
//
// Exit status: 0 when clean, 1 when the guard blocks the change, 2 on bad usage or input.
package main

import (
	"context"
	"os"

	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
)

func main() {
	cli.Check("tfguard", errBlocked, func(ctx context.Context) error {
		return run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	})
}
