# No inputs: the environment's values live in terraform/stg/env.
