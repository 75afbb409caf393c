# Must match terraform/stg/env (account_id).
environment = "stg"
account_id  = "111111111111"
