# Must match terraform/prd/env (account_id).
environment = "prd"
account_id  = "222222222222"
