# No inputs: the environment's values live in terraform/prd/env.
