package tfpolicy

import "regexp"

// The justified exceptions of the plan rules, kept as data: each with the reason a reviewer
// reads and, where it is a fact about AWS, the page that states it. Adding a line here is a
// reviewed change like any other.

// WildcardAllowance lets a "*" action or resource through plan-iam-wildcard.
type WildcardAllowance struct {
	// Kind limits the allowance to one kind of document ("key" for KMS key policies); "" any.
	Kind policyKind
	// Action is the exact action (case-insensitive) or pattern the allowance covers; "" any.
	Action string
	// Resource is the resource value the allowance covers ("*").
	Resource string
	// Reason is why the wildcard is needed.
	Reason string
	// Source is where the fact comes from.
	Source string
}

// wildcardAllowances are the places a wildcard is right.
var wildcardAllowances = []WildcardAllowance{
	{
		Kind: keyPolicy, Resource: "*",
		Reason: "in a key policy, Resource \"*\" means the key the policy is attached to",
		Source: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html",
	},
	{
		Kind: keyPolicy, Action: "kms:*", Resource: "*",
		Reason: "the default key policy's account statement: the account (through IAM policies) keeps control of the key, or it becomes unmanageable",
		Source: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html",
	},
	{
		Action: "ecr:GetAuthorizationToken", Resource: "*",
		Reason: "GetAuthorizationToken supports no resource-level permissions; pushing still needs the repository ARN for every other action",
		Source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html",
	},
	{
		Action: "ecs:RegisterTaskDefinition", Resource: "*",
		Reason: "RegisterTaskDefinition supports no resource-level permissions; iam:PassRole limits which roles a registered definition can use",
		Source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html",
	},
	{
		Action: "ses:GetSuppressedDestination", Resource: "*",
		Reason: "the account-level suppression list has no ARN; SES v2's suppression actions support no resource-level permissions (the mailer reads it before each send)",
		Source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html",
	},
	{
		Action: "ses:PutSuppressedDestination", Resource: "*",
		Reason: "the account-level suppression list has no ARN; SES v2's suppression actions support no resource-level permissions (the mailer suppresses hard-bounced and complaining addresses)",
		Source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsimpleemailservicev2.html",
	},
	{
		Action: "ecs:DescribeTaskDefinition", Resource: "*",
		Reason: "DescribeTaskDefinition supports no resource-level permissions (a definition holds configuration, not data)",
		Source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html",
	},
	{
		Action: "ecs:ListTaskDefinitions", Resource: "*",
		Reason: "ListTaskDefinitions supports no resource-level permissions; make rollback lists a family's revisions to find the one before the current",
		Source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html",
	},
}

// AdminAllowance names roles that may carry an administrator-level managed policy.
type AdminAllowance struct {
	// Role matches the role's name.
	Role *regexp.Regexp
	// Reason is why the role needs it, and what limits who can use it.
	Reason string
}

// adminManagedPolicies are AWS managed policies that grant (nearly) everything.
var adminManagedPolicies = []string{
	"arn:aws:iam::aws:policy/AdministratorAccess",
	"arn:aws:iam::aws:policy/PowerUserAccess",
	"arn:aws:iam::aws:policy/IAMFullAccess",
}

// adminAllowances are the roles that apply terraform: they create IAM roles, KMS keys,
// databases and everything else the stacks hold, so no narrower policy can be written down
// ahead of the code. What limits them is who can assume them.
var adminAllowances = []AdminAllowance{
	{
		Role:   regexp.MustCompile(`^tsumiki-[a-z0-9]+-ci-apply-role$`),
		Reason: "terraform-apply.yml applies every stack; trusted only by jobs of the environment's GitHub environment (required reviewers in prd), see modules/github-oidc-role",
	},
	{
		Role:   regexp.MustCompile(`^tsumiki-[a-z0-9]+-platform-engineer$`),
		Reason: "engineers run `make apply` by hand (README, Credentials); trusted only by the SSO/IAM principals terraform/bootstrap is given",
	},
}

// dataReadingManagedPolicies are AWS managed policies that read data (objects, items,
// messages, secret values), which the CI plan role must not hold.
var dataReadingManagedPolicies = []string{
	"arn:aws:iam::aws:policy/ReadOnlyAccess",
	"arn:aws:iam::aws:policy/AdministratorAccess",
	"arn:aws:iam::aws:policy/PowerUserAccess",
	"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
	"arn:aws:iam::aws:policy/AmazonS3FullAccess",
	"arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess",
	"arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
	"arn:aws:iam::aws:policy/AmazonSQSReadOnlyAccess",
	"arn:aws:iam::aws:policy/AmazonSQSFullAccess",
	"arn:aws:iam::aws:policy/SecretsManagerReadWrite",
}

// dataActions are the actions that return data rather than configuration. The plan role
// reads state and packages (s3:GetObject, see planReadableObjects) and nothing else of these.
var dataActions = []string{
	"s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectAttributes",
	"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan",
	"dynamodb:GetRecords", "dynamodb:ExportTableToPointInTime",
	"sqs:ReceiveMessage",
	"secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue",
	"ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath",
	"kms:Decrypt",
	"logs:GetLogEvents", "logs:FilterLogEvents", "logs:StartQuery",
	"rds:DownloadDBLogFilePortion", "rds-db:connect",
}

// planReadableObjects matches what the plan role may read with s3:GetObject: a state bucket and
// its objects (modules/state-backend names it <project>-<env>-platform-tfstate), and the Lambda
// packages in the artifacts bucket, which terraform uploads and refreshes (build outputs, no
// user data).
var planReadableObjects = regexp.MustCompile(`^arn:aws[a-z-]*:s3:::([a-z0-9.-]*-tfstate(/.*)?|[a-z0-9.-]*-platform-artifacts/.+)$`)

// PublicIngressAllowance lets an ingress rule from anywhere through plan-public-exposure.
type PublicIngressAllowance struct {
	// Address matches the rule's resource address.
	Address *regexp.Regexp
	// Ports are the ports (from_port = to_port) the rule may open.
	Ports []int
	// Reason is why the port is public.
	Reason string
}

// publicIngressAllowances are the documented public entry points.
var publicIngressAllowances = []PublicIngressAllowance{
	{
		Address: regexp.MustCompile(`(^|\.)aws_vpc_security_group_ingress_rule\.lb_https?(\[[^]]*\])?$`),
		Ports:   []int{443, 80},
		Reason:  "the todo-api load balancer is the platform's public entry point: HTTPS, and HTTP only to redirect (terraform/stacks/todo-api)",
	},
}

// dataBucket matches buckets that hold user data and so must be encrypted with a
// customer-managed KMS key that the CI roles cannot use (issue 12, item 13).
var dataBucket = regexp.MustCompile(`-exports$`)
