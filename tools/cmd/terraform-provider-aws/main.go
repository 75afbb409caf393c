// Command terraform-provider-aws is the offline hashicorp/aws provider: a terraform plugin that
// serves the real provider's schema over the plugin protocol (version 5) with a simulated AWS
// account behind it, so that terraform validate, plan, apply and test run without AWS and
// without the registry. See package offlineaws for what it proves and what it cannot.
//
// terraform starts it; it is installed through a CLI configuration file (TF_CLI_CONFIG_FILE):
//
//	provider_installation {
//	  dev_overrides { "hashicorp/aws" = "<directory holding this binary>" }
//	  direct {}
//	}
//
// Environment: TSUMIKI_OFFLINE_AWS_ACCOUNT_ID (the caller's account, default 123456789012) and
// TSUMIKI_OFFLINE_AWS_STATE_DIR (where the simulated accounts live; in memory when unset).
//
// What terraform 1.11 needs besides the CLI configuration (measured here, no registry):
//
//   - validate, plan, apply and test need no `terraform init` for the provider: dev_overrides
//     serves it, and the committed .terraform.lock.hcl (real hashes) does not get in the way.
//   - A root that calls local modules needs them installed: `terraform get` does it offline
//     (validate says "Module not installed" otherwise).
//   - A root with a backend block needs `terraform init` before plan. Under dev_overrides init
//     initialises modules and the backend, then fails installing hashicorp/aws from the
//     registry (exit 1); plan and apply work afterwards. Alternatively install the binary into
//     a filesystem_mirror (registry.terraform.io/hashicorp/aws/<version>/<os_arch>/
//     terraform-provider-aws_v<version>) and init succeeds, but only without the committed lock
//     file, whose checksums are the real provider's.
//   - validate checks names that are literals; names built from variables are checked at plan,
//     where terraform validates the resource again with known values.
package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tfprotov5/tf5server"

	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws"
)

func main() {
	if err := run(os.Getenv, os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "terraform-provider-aws: %v\n", err)
		os.Exit(1)
	}
}

// run builds the provider from the schema and serves it until terraform stops it. With -debug
// it runs as a long-lived debug server (terraform reads TF_REATTACH_PROVIDERS it prints).
func run(getenv func(string) string, args []string) error {
	schema, err := offlineaws.LoadSchema()
	if err != nil {
		return err
	}
	provider, err := offlineaws.New(schema, getenv)
	if err != nil {
		return err
	}
	var opts []tf5server.ServeOpt
	if len(args) > 0 && args[0] == "-debug" {
		opts = append(opts, tf5server.WithManagedDebug())
	}
	return tf5server.Serve(offlineaws.ProviderAddress, func() tfprotov5.ProviderServer { return provider }, opts...)
}
