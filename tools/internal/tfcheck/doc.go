// Package tfcheck runs terraform over the repository's modules, module examples and stack roots
// and counts what it checked: `terraform validate` of a directory, `terraform test` of a
// directory's tests/*.tftest.hcl, `terraform plan`, and `terraform apply` (for provider-free
// modules and scratch copies), each read from terraform's JSON output.
//
// # Installation
//
// Offline (the default), the hashicorp/aws provider is the repository's offline provider, named
// in a CLI config's dev_overrides (make tf/provider writes .local/tf/offline.tfrc). With
// dev_overrides terraform 1.11 needs no provider installation, and `terraform init` must not
// run: it still asks the registry for the overridden provider and fails offline. A directory
// that calls local modules needs them installed, so the Runner runs `terraform get` (modules
// only, test files' modules included) before validate, test or plan. With [Runner.Init] set it
// runs `terraform init -backend=false` instead, which downloads the real provider (TF_ACC=1, CI).
//
// # Errors
//
// A directory that terraform finds invalid, or whose tests fail, is not an error of the Runner:
// the result says so and carries terraform's own diagnostics, which [Diagnostic.Format] prints
// the way terraform does. Errors are returned when terraform cannot run at all, when module
// installation fails ([InstallError], with terraform's output), or when its JSON output cannot
// be read.
package tfcheck
