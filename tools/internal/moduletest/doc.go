// Package moduletest holds the Go tests of the terraform modules that run terraform for real,
// through the tfcheck Runner: `terraform apply` of the provider-free modules/naming on a copy of
// the module, then assertions on its outputs (offline), and `terraform init` + `validate` of
// every module example, which needs the real hashicorp/aws provider and so runs only with
// TF_ACC=1 (it says why it did not run otherwise).
package moduletest
