# tflint configuration for every module and stack (`make tf/lint`). Only the bundled terraform
# ruleset is used: it runs offline. The AWS ruleset is a plugin that cannot be installed here.
config {
  # Local module calls are inspected too, so a bad value passed to modules/naming is caught.
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "all"
}
