package offlineaws

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// nameLimit is one rule AWS (or the provider's validation in front of it) applies to a
// cloud-side name: the attribute, the checks in order, and where the rule comes from.
type nameLimit struct {
	attr   string
	checks []nameCheck
	source string
}

// nameCheck returns the error message for value of attribute attr, or "" when value passes.
type nameCheck func(attr, value string) string

// lenBetween is validation.StringLenBetween of terraform-plugin-sdk (helper/validation).
func lenBetween(min, max int) nameCheck {
	return func(attr, v string) string {
		if len(v) < min || len(v) > max {
			return fmt.Sprintf("expected length of %s to be in the range (%d - %d), got %s", attr, min, max, v)
		}
		return ""
	}
}

// maxLen fails values longer than max with format, which receives the attribute name (%q) and
// may receive the value (a second %q).
func maxLen(max int, format string) nameCheck {
	return func(attr, v string) string {
		if len(v) > max {
			return sprintfMaybe(format, attr, v)
		}
		return ""
	}
}

// matches fails values that do not match re with format (see maxLen).
func matches(re, format string) nameCheck {
	r := regexp.MustCompile(re)
	return func(attr, v string) string {
		if !r.MatchString(v) {
			return sprintfMaybe(format, attr, v)
		}
		return ""
	}
}

// notMatches fails values that match re with format (see maxLen).
func notMatches(re, format string) nameCheck {
	r := regexp.MustCompile(re)
	return func(attr, v string) string {
		if r.MatchString(v) {
			return sprintfMaybe(format, attr, v)
		}
		return ""
	}
}

// stringMatch is validation.StringMatch of terraform-plugin-sdk: "invalid value for <attr> (<message>)".
func stringMatch(re, message string) nameCheck {
	r := regexp.MustCompile(re)
	return func(attr, v string) string {
		if !r.MatchString(v) {
			return fmt.Sprintf("invalid value for %s (%s)", attr, message)
		}
		return ""
	}
}

func sprintfMaybe(format, attr, v string) string {
	if strings.Count(format, "%") >= 2 {
		return fmt.Sprintf(format, attr, v)
	}
	return fmt.Sprintf(format, attr)
}

// nameLimits are AWS's limits on names, checked at validate time on known values. Messages are
// the provider's own where its schema validates the name, and the API's where only the API does
// (then marked "(the API would reject it)").
var nameLimits = map[string][]nameLimit{
	"aws_sqs_queue": {{
		attr: "name", source: "internal/service/sqs/queue.go resourceQueueCustomizeDiff; SQS CreateQueue: up to 80 characters, alphanumerics, hyphens and underscores, FIFO names end in .fifo",
		checks: []nameCheck{sqsQueueName},
	}},
	"aws_lb": {
		{attr: "name", source: "internal/service/elbv2/validate.go validName; ELB CreateLoadBalancer: 32 characters, alphanumerics and hyphens, not beginning or ending with a hyphen", checks: []nameCheck{
			maxLen(32, "%q cannot be longer than 32 characters: %q"),
			matches(`^[0-9A-Za-z-]*$`, "only alphanumeric characters and hyphens allowed in %q: %q"),
			notMatches(`^-`, "%q cannot begin with a hyphen: %q"),
			notMatches(`-$`, "%q cannot end with a hyphen: %q"),
			notMatches(`^internal-`, `%q cannot begin with "internal-": %q`),
		}},
		{attr: "name_prefix", source: "internal/service/elbv2/validate.go validNamePrefix", checks: []nameCheck{
			matches(`^[0-9A-Za-z-]+$`, "only alphanumeric characters and hyphens allowed in %q: %q"),
			maxLen(6, "%q cannot be longer than 6 characters: %q"),
			notMatches(`^-`, "%q cannot begin with a hyphen: %q"),
		}},
	},
	"aws_lb_target_group": {
		{attr: "name", source: "internal/service/elbv2/validate.go validTargetGroupName; ELB CreateTargetGroup: 32 characters", checks: []nameCheck{
			maxLen(32, "%q cannot be longer than 32 characters"),
			matches(`^[0-9A-Za-z-]+$`, "only alphanumeric characters and hyphens allowed in %q"),
			notMatches(`^-`, "%q cannot begin with a hyphen"),
			notMatches(`-$`, "%q cannot end with a hyphen"),
		}},
		{attr: "name_prefix", source: "internal/service/elbv2/validate.go validTargetGroupNamePrefix (32 - 26 generated characters)", checks: []nameCheck{
			maxLen(6, "%q cannot be longer than 6 characters"),
			matches(`^[0-9A-Za-z-]+$`, "only alphanumeric characters and hyphens allowed in %q"),
			notMatches(`^-`, "%q cannot begin with a hyphen"),
		}},
	},
	"aws_iam_role": {
		{attr: "name", source: "internal/service/iam/role.go (roleNameMaxLen 64); IAM CreateRole RoleName: 1-64 of [\\w+=,.@-]", checks: []nameCheck{
			lenBetween(1, 64), stringMatch(`^[\w+=,.@-]*$`, `must match [\w+=,.@-]`),
		}},
		{attr: "name_prefix", source: "internal/service/iam/role.go (roleNamePrefixMaxLen 64 - 26 = 38)", checks: []nameCheck{
			lenBetween(1, 38), stringMatch(`^[\w+=,.@-]*$`, `must match [\w+=,.@-]`),
		}},
	},
	"aws_lambda_function": {{
		attr: "function_name", source: "Lambda CreateFunction FunctionName: a bare name is at most 64 characters of [A-Za-z0-9-_] (the provider accepts up to 140 for ARNs, the API rejects longer names)",
		checks: []nameCheck{lambdaFunctionName},
	}},
	"aws_s3_bucket": {
		{attr: "bucket", source: "internal/service/s3/bucket.go validBucketName; Amazon S3 User Guide, \"General purpose bucket naming rules\": 3-63 characters, lowercase letters, digits, dots and hyphens, beginning and ending with a letter or digit", checks: []nameCheck{
			lenBetween(3, 63),
			matches(`^[0-9a-z.-]*$`, "only lowercase alphanumeric characters, periods, and hyphens allowed in %q: %q"),
			matches(`^[0-9a-z].*[0-9a-z]$|^[0-9a-z]$`, "%q must begin and end with a letter or number: %q"),
			notMatches(`\.\.`, "%q cannot contain two adjacent periods: %q"),
		}},
		{attr: "bucket_prefix", source: "internal/service/s3/bucket.go (63 - 26 = 37)", checks: []nameCheck{lenBetween(1, 37)}},
	},
	"aws_db_instance": {
		{attr: "identifier", source: "internal/service/rds/validate.go validIdentifier; RDS CreateDBInstance DBInstanceIdentifier: 1-63 letters, digits or hyphens, first a letter", checks: []nameCheck{
			maxLen(63, "%q cannot be longer than 63 characters"),
			matches(`^[0-9a-z-]+$`, "only lowercase alphanumeric characters and hyphens allowed in %q"),
			matches(`^[a-z]`, "first character of %q must be a letter"),
			notMatches(`--`, "%q cannot contain two consecutive hyphens"),
			notMatches(`-$`, "%q cannot end with a hyphen"),
		}},
		{attr: "identifier_prefix", source: "internal/service/rds/validate.go validIdentifierPrefix (63 - 26 = 37)", checks: []nameCheck{
			maxLen(37, "%q cannot be longer than 37 characters"),
			matches(`^[0-9a-z-]+$`, "only lowercase alphanumeric characters and hyphens allowed in %q"),
			matches(`^[a-z]`, "first character of %q must be a letter"),
			notMatches(`--`, "%q cannot contain two consecutive hyphens"),
		}},
	},
	"aws_db_parameter_group": {
		{attr: "name", source: "internal/service/rds/validate.go validParamGroupName: 255 characters", checks: []nameCheck{
			matches(`^[0-9a-z.-]+$`, "only lowercase alphanumeric characters, periods, and hyphens allowed in parameter group %q"),
			matches(`^[a-z]`, "first character of parameter group %q must be a letter"),
			notMatches(`--`, "parameter group %q cannot contain two consecutive hyphens"),
			notMatches(`-$`, "parameter group %q cannot end with a hyphen"),
			maxLen(255, "parameter group %q cannot be greater than 255 characters"),
		}},
		{attr: "name_prefix", source: "internal/service/rds/validate.go validParamGroupNamePrefix", checks: []nameCheck{
			matches(`^[0-9a-z-]+$`, "only lowercase alphanumeric characters and hyphens allowed in parameter group %q"),
			matches(`^[a-z]`, "first character of parameter group %q must be a letter"),
			notMatches(`--`, "parameter group %q cannot contain two consecutive hyphens"),
			maxLen(229, "parameter group %q cannot be greater than 226 characters"),
		}},
	},
	"aws_db_subnet_group": {
		{attr: "name", source: "internal/service/rds/validate.go validSubnetGroupName: 255 characters", checks: []nameCheck{
			matches(`^[0-9a-z_ .-]+$`, "only lowercase alphanumeric characters, hyphens, underscores, periods, and spaces allowed in %q"),
			maxLen(255, "%q cannot be longer than 255 characters"),
			notMatches(`(?i)^default$`, `"Default" is not allowed as %q`),
		}},
		{attr: "name_prefix", source: "internal/service/rds/validate.go validSubnetGroupNamePrefix", checks: []nameCheck{
			matches(`^[0-9a-z_ .-]+$`, "only lowercase alphanumeric characters, hyphens, underscores, periods, and spaces allowed in %q"),
			maxLen(229, "%q cannot be longer than 229 characters"),
		}},
	},
	"aws_ecr_repository": {{
		attr: "name", source: "internal/service/ecr/repository.go; ECR CreateRepository repositoryName: 2-256 characters, lowercase path components", checks: []nameCheck{
			lenBetween(2, 256),
			stringMatch(`^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$`, "see https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html"),
		},
	}},
	"aws_dynamodb_table": {{
		attr: "name", source: "internal/service/dynamodb/table.go; DynamoDB CreateTable TableName: 3-255 of [a-zA-Z0-9_.-]", checks: []nameCheck{
			lenBetween(3, 255), stringMatch(`^[0-9A-Za-z_.-]+$`, "must only include alphanumeric, underscore, period, or hyphen characters"),
		},
	}},
	"aws_cloudwatch_log_group": {
		{attr: "name", source: "internal/service/logs/validate.go validLogGroupName; CloudWatch Logs CreateLogGroup: 1-512 of [.-_/#A-Za-z0-9]", checks: []nameCheck{
			maxLen(512, "%q cannot be longer than 512 characters: %q"),
			matches(`^[0-9A-Za-z_./#-]+$`, "only alphanumeric characters, underscores, hyphens, slashes, hash signs and dots are allowed in %q: %q"),
		}},
		{attr: "name_prefix", source: "internal/service/logs/validate.go validLogGroupNamePrefix (512 - 26 = 483)", checks: []nameCheck{
			maxLen(483, "%q cannot be longer than 483 characters: %q"),
			matches(`^[0-9A-Za-z_./#-]+$`, "only alphanumeric characters, underscores, hyphens, slashes, hash signs and dots are allowed in %q: %q"),
		}},
	},
	"aws_kms_alias": {
		{attr: "name", source: "internal/service/kms/validate.go validNameForResource; KMS CreateAlias AliasName: alias/ then 1-250 of [a-zA-Z0-9/_-], not alias/aws/", checks: []nameCheck{
			notMatches(`^alias/aws/`, "%q cannot begin with reserved AWS CMK prefix 'alias/aws/'"),
			matches(`^alias/[0-9A-Za-z_/-]+$`, "%q must begin with 'alias/' and be comprised of only [0-9A-Za-z_/-]"),
			maxLen(256, "%q cannot be longer than 256 characters"),
		}},
		{attr: "name_prefix", source: "internal/service/kms/validate.go validNameForResource", checks: []nameCheck{
			matches(`^alias/[0-9A-Za-z_/-]*$`, "%q must begin with 'alias/' and be comprised of only [0-9A-Za-z_/-]"),
		}},
	},
	"aws_secretsmanager_secret": {{
		attr: "name", source: "Secrets Manager CreateSecret Name: 1-512 of [A-Za-z0-9/_+=.@-]", checks: []nameCheck{
			lenBetween(1, 512),
			stringMatch(`^[0-9A-Za-z/_+=.@-]+$`, "must only include alphanumeric characters and /_+=.@-"),
		},
	}},
	"aws_ecs_cluster": {{
		attr: "name", source: "ECS CreateCluster clusterName: up to 255 letters, digits, underscores and hyphens (the API would reject it)", checks: []nameCheck{
			lenBetween(1, 255), stringMatch(`^[0-9A-Za-z_-]+$`, "must only include letters, numbers, underscores and hyphens"),
		},
	}},
	"aws_ecs_service": {{
		attr: "name", source: "ECS CreateService serviceName: up to 255 letters, digits, underscores and hyphens (the API would reject it)", checks: []nameCheck{
			lenBetween(1, 255), stringMatch(`^[0-9A-Za-z_-]+$`, "must only include letters, numbers, underscores and hyphens"),
		},
	}},
	"aws_ecs_task_definition": {{
		attr: "family", source: "ECS RegisterTaskDefinition family: up to 255 letters, digits, underscores and hyphens", checks: []nameCheck{
			lenBetween(1, 255), stringMatch(`^[0-9A-Za-z_-]+$`, "must only include letters, numbers, underscores and hyphens"),
		},
	}},
	"aws_security_group": {{
		attr: "name", source: "internal/service/ec2/vpc_security_group.go: 255 characters", checks: []nameCheck{lenBetween(0, 255)},
	}},
	"aws_sesv2_configuration_set": {{
		attr: "configuration_set_name", source: "SES CreateConfigurationSet: up to 64 letters, digits, underscores and hyphens (the API would reject it)", checks: []nameCheck{
			lenBetween(1, 64), stringMatch(`^[0-9A-Za-z_-]+$`, "must only include letters, numbers, underscores and hyphens"),
		},
	}},
}

func sqsQueueName(attr, v string) string {
	re := `^[0-9A-Za-z_-]{1,80}$`
	if strings.HasSuffix(v, ".fifo") {
		re = `^[0-9A-Za-z_-]{1,75}\.fifo$`
	}
	if !regexp.MustCompile(re).MatchString(v) {
		return fmt.Sprintf("invalid queue name: %s", v)
	}
	return ""
}

func lambdaFunctionName(attr, v string) string {
	if strings.HasPrefix(v, "arn:") {
		return ""
	}
	if len(v) > 64 || !regexp.MustCompile(`^[0-9A-Za-z_-]+$`).MatchString(v) {
		return fmt.Sprintf("invalid value for %s: %q: CreateFunction would reject it: ValidationException: 1 validation "+
			"error detected: Value at 'functionName' failed to satisfy constraint: Member must have length less than "+
			"or equal to 64 and match [a-zA-Z0-9-_]+", attr, v)
	}
	return ""
}

// ValidateResourceTypeConfig checks AWS's limits on names (nameLimits) on the known values of the
// configuration, as errors at the attribute's path.
func (s *Server) ValidateResourceTypeConfig(_ context.Context, req *tfprotov5.ValidateResourceTypeConfigRequest) (*tfprotov5.ValidateResourceTypeConfigResponse, error) {
	resp := &tfprotov5.ValidateResourceTypeConfigResponse{}
	rs, ok := s.resources[req.TypeName]
	if !ok {
		resp.Diagnostics = unknownType("resource", req.TypeName)
		return resp, nil
	}
	g, err := decode(rs.block.typ, req.Config)
	if err != nil {
		resp.Diagnostics = errorDiags(nil, "Invalid configuration", err.Error())
		return resp, nil
	}
	resp.Diagnostics = checkNameLimits(req.TypeName, asObject(g))
	return resp, nil
}

// checkNameLimits returns one error diagnostic per failed check of the known names in config.
func checkNameLimits(typeName string, config map[string]any) []*tfprotov5.Diagnostic {
	var diags []*tfprotov5.Diagnostic
	for _, l := range nameLimits[typeName] {
		v, ok := config[l.attr].(string)
		if !ok {
			continue // null or unknown: checked when known
		}
		for _, check := range l.checks {
			if msg := check(l.attr, v); msg != "" {
				diags = append(diags, &tfprotov5.Diagnostic{
					Severity:  tfprotov5.DiagnosticSeverityError,
					Summary:   msg,
					Attribute: tftypes.NewAttributePath().WithAttributeName(l.attr),
				})
			}
		}
	}
	return diags
}
