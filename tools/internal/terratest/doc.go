// Package terratest holds the terratest tests of the provider-free terraform modules
// (modules/naming): real `terraform init` + `apply` on a copy of the module, then assertions on
// its outputs. They run offline. Tests of modules that need the AWS provider are gated behind
// TF_ACC=1 and print why they did not run otherwise.
package terratest
