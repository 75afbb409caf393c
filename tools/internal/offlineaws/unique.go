package offlineaws

import (
	"fmt"

	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/account"
)

// uniqueName says which argument names a resource uniquely in an account (and region), and how
// AWS refuses a second one: the error of the create call. A replacement that creates before it
// destroys (create_before_destroy) with a fixed name meets it, as it would in AWS.
type uniqueName struct {
	attr string
	// scope, when set, is an argument that must also match (a security group's name is unique
	// per VPC).
	scope string
	// format receives the name (and the scope value when set).
	format string
}

// uniqueNames holds the rule of each resource type whose name AWS keeps unique. Sources: the
// "Errors" section of each create call in the AWS API references.
var uniqueNames = map[string]uniqueName{
	"aws_sqs_queue":               {attr: "name", format: "operation error SQS: CreateQueue, QueueAlreadyExists: A queue already exists with the same name and a different value for attribute(s) (%s)"},
	"aws_iam_role":                {attr: "name", format: "operation error IAM: CreateRole, EntityAlreadyExists: Role with name %s already exists."},
	"aws_iam_policy":              {attr: "name", format: "operation error IAM: CreatePolicy, EntityAlreadyExists: A policy called %s already exists. Duplicate names are not allowed."},
	"aws_iam_user":                {attr: "name", format: "operation error IAM: CreateUser, EntityAlreadyExists: User with name %s already exists."},
	"aws_s3_bucket":               {attr: "bucket", format: "operation error S3: CreateBucket, BucketAlreadyOwnedByYou: Your previous request to create the named bucket succeeded and you already own it. (%s)"},
	"aws_lambda_function":         {attr: "function_name", format: "operation error Lambda: CreateFunction, ResourceConflictException: Function already exist: %s"},
	"aws_dynamodb_table":          {attr: "name", format: "operation error DynamoDB: CreateTable, ResourceInUseException: Table already exists: %s"},
	"aws_db_instance":             {attr: "identifier", format: "operation error RDS: CreateDBInstance, DBInstanceAlreadyExists: DB instance already exists (%s)"},
	"aws_db_parameter_group":      {attr: "name", format: "operation error RDS: CreateDBParameterGroup, DBParameterGroupAlreadyExists: Parameter group %s already exists"},
	"aws_db_subnet_group":         {attr: "name", format: "operation error RDS: CreateDBSubnetGroup, DBSubnetGroupAlreadyExists: The DB subnet group '%s' already exists."},
	"aws_ecr_repository":          {attr: "name", format: "operation error ECR: CreateRepository, RepositoryAlreadyExistsException: The repository with name '%s' already exists"},
	"aws_lb":                      {attr: "name", format: "operation error Elastic Load Balancing v2: CreateLoadBalancer, DuplicateLoadBalancerName: A load balancer with the same name '%s' exists, but with different settings"},
	"aws_lb_target_group":         {attr: "name", format: "operation error Elastic Load Balancing v2: CreateTargetGroup, DuplicateTargetGroupName: A target group with the same name '%s' exists, but with different settings"},
	"aws_cloudwatch_log_group":    {attr: "name", format: "operation error CloudWatch Logs: CreateLogGroup, ResourceAlreadyExistsException: The specified log group already exists (%s)"},
	"aws_kms_alias":               {attr: "name", format: "operation error KMS: CreateAlias, AlreadyExistsException: An alias with the name %s already exists"},
	"aws_secretsmanager_secret":   {attr: "name", format: "operation error Secrets Manager: CreateSecret, ResourceExistsException: The operation failed because the secret %s already exists."},
	"aws_security_group":          {attr: "name", scope: "vpc_id", format: "operation error EC2: CreateSecurityGroup, InvalidGroup.Duplicate: The security group '%s' already exists for VPC '%s'"},
	"aws_sesv2_configuration_set": {attr: "configuration_set_name", format: "operation error SESv2: CreateConfigurationSet, AlreadyExistsException: Configuration set <%s> already exists."},
	"aws_ecs_service":             {attr: "name", scope: "cluster", format: "operation error ECS: CreateService, InvalidParameterException: Creation of service was not idempotent. (%s in %s)"},
}

// checkUniqueName fails the creation of a resource whose name another resource of its type
// already holds in the account.
func checkUniqueName(typeName string, state map[string]any, a *account.Account) error {
	rule, ok := uniqueNames[typeName]
	if !ok {
		return nil
	}
	name, _ := state[rule.attr].(string)
	if name == "" {
		return nil
	}
	for _, id := range a.ResourceIDs(typeName) {
		r, _ := a.Resource(typeName, id)
		if r[rule.attr] != name || (rule.scope != "" && !equalValues(r[rule.scope], state[rule.scope])) {
			continue
		}
		if rule.scope != "" {
			return fmt.Errorf(rule.format, name, stringOf(state[rule.scope]))
		}
		return fmt.Errorf(rule.format, name)
	}
	return nil
}
