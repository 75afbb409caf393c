# Intended replacements, one per line: <directory> <address> <reason>. Reviewed like code;
# remove a line once its change is applied (tfguard warns about stale ones).
modules/ecs-service aws_lb_target_group.this issue 12 item 7: name_prefix + create_before_destroy; no environment applied yet
modules/rds-postgres aws_db_parameter_group.this issue 12 item 7: name_prefix + create_before_destroy; no environment applied yet
terraform/prd/todo-api module.stack issue 12 item 5: new input host_name names only the new aws_route53_record.api alias (nothing to replace)
terraform/stg/todo-api module.stack issue 12 item 5: new input host_name names only the new aws_route53_record.api alias (nothing to replace)
terraform/stg/shared module.stack.module.mail.aws_sesv2_email_identity.this issue 12 item 6: stg mail domain moves into stg's zone (placeholder domain, never applied)
modules/ecs-service aws_vpc_security_group_egress_rule.all issue 12 item 16: the allow-all egress rule goes on purpose (HTTPS to VPC endpoints and PostgreSQL to the database instead)
