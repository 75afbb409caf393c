package deploy

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/tsumiki-dev/tsumiki/tools/internal/namestability"
	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// Environments are the environments a service deploys to (local has nothing to deploy to).
var Environments = []string{"stg", "prd"}

// DatabaseStack is the stack holding the database make db/bootstrap prepares.
const DatabaseStack = "database"

// SharedStack is the stack holding what the services share: the ECS cluster, the image
// repositories and the bucket Lambda packages are published to.
const SharedStack = "shared"

// Names are the cloud-side names a deploy of one service to one environment works on, exactly
// as terraform names them: rendered from the service's stack and the shared stack by
// tools/internal/namestability (the naming module's rules, evaluated statically), so that no
// name is put together by hand.
type Names struct {
	// Service is the service's name and Kind its kind (svcdef.KindHTTP, ...).
	Service, Kind string
	// Stack is the terraform stack the service deploys with (terraform/<env>/<Stack>).
	Stack string
	// Package is the main package that ships, e.g. ./services/mailer/cmd/mailer.
	Package string
	// Cluster is the ECS cluster (shared stack); ECS kinds only.
	Cluster string
	// Repository is the service's ECR repository (shared stack); ECS kinds only.
	Repository string
	// ECSService is the service's ECS service (its stack); ECS kinds only.
	ECSService string
	// MigrationRole is the IAM role name migrations run as (its stack); empty when the
	// stack gives the service no migration role, and then the deploy runs no migrations.
	MigrationRole string
	// Function is the Lambda function (its stack); kind lambda only.
	Function string
	// ArtifactsBucket is the bucket Lambda packages are published to (shared stack); kind
	// lambda only.
	ArtifactsBucket string
	// DBInstance is the RDS instance and BootstrapRole the IAM role name the one-time
	// database bootstrap runs as (database stack); set by ResolveDatabase only.
	DBInstance, BootstrapRole string
}

// Resolve returns the names for service in env, read from the definitions and the terraform
// tree under root. It fails on an unknown service or environment (listing the valid ones) and
// when a name the deploy needs is not exactly one known value in the rendered stacks.
func Resolve(root, service, env string) (Names, error) {
	return resolve(root, service, env, false)
}

// ResolveDatabase is Resolve plus the database stack's names (DBInstance, BootstrapRole):
// what make db/bootstrap works on.
func ResolveDatabase(root, service, env string) (Names, error) {
	return resolve(root, service, env, true)
}

func resolve(root, service, env string, database bool) (Names, error) {
	services, err := svcdef.Load(root)
	if err != nil {
		return Names{}, err
	}
	s, ok := svcdef.Find(services, service)
	if !ok {
		return Names{}, fmt.Errorf("unknown SERVICE '%s'; one of: %s", service, strings.Join(svcdef.Names(services), " "))
	}
	if !slices.Contains(Environments, env) {
		return Names{}, fmt.Errorf("unknown ENV '%s'; one of: %s", env, strings.Join(Environments, " "))
	}
	rendered, err := namestability.Render(root)
	if err != nil {
		return Names{}, fmt.Errorf("render the stacks' names: %w", err)
	}
	own := "terraform/" + env + "/" + s.Stack
	shared := "terraform/" + env + "/" + SharedStack
	p := picker{entries: rendered.Entries, service: service}
	n := Names{Service: s.Name, Kind: s.Kind, Stack: s.Stack, Package: "./" + s.CommandPath()}
	if s.Kind == svcdef.KindLambda {
		n.Function = p.pick(own, "aws_lambda_function", "function_name", nil, false)
		n.ArtifactsBucket = p.pick(shared, "aws_s3_bucket", "bucket", nil, false)
	} else {
		n.Cluster = p.pick(shared, "aws_ecs_cluster", "name", nil, false)
		n.Repository = p.pick(shared, "aws_ecr_repository", "name", regexp.MustCompile(`\["`+regexp.QuoteMeta(s.Name)+`"\]\.`), false)
		n.ECSService = p.pick(own, "aws_ecs_service", "name", nil, false)
		n.MigrationRole = p.pick(own, "aws_iam_role", "name", regexp.MustCompile(`\.aws_iam_role\.migration(\[0\])?$`), true)
	}
	if database {
		stack := "terraform/" + env + "/" + DatabaseStack
		n.DBInstance = p.pick(stack, "aws_db_instance", "identifier", nil, false)
		n.BootstrapRole = p.pick(stack, "aws_iam_role", "name", regexp.MustCompile(`\.aws_iam_role\.bootstrap$`), false)
	}
	if err := errors.Join(p.errs...); err != nil {
		return Names{}, err
	}
	return n, nil
}

// picker selects single names from rendered entries and collects what it cannot find.
type picker struct {
	entries []namestability.Entry
	service string
	errs    []error
}

// pick returns the one known value of attr of the resources of type typ in stack whose
// address matches address (any when nil). None is "" when optional; anything else is an error.
func (p *picker) pick(stack, typ, attr string, address *regexp.Regexp, optional bool) string {
	var found []namestability.Entry
	for _, e := range p.entries {
		if e.Stack == stack && e.Type == typ && e.Attribute == attr && (address == nil || address.MatchString(e.Address)) {
			found = append(found, e)
		}
	}
	switch {
	case len(found) == 0 && optional:
		return ""
	case len(found) != 1:
		p.errs = append(p.errs, fmt.Errorf("%s: want one %s (%s) for %s, found %d", stack, typ, attr, p.service, len(found)))
		return ""
	case found[0].Value == namestability.Unknown:
		p.errs = append(p.errs, fmt.Errorf("%s: %s %s is only known after apply", stack, found[0].Address, attr))
		return ""
	}
	return found[0].Value
}

// Shell renders the names as shell assignments (kind=..., stack=..., package=..., cluster=..., repository=...,
// ecs_service=..., migration_role=..., function=..., artifacts_bucket=..., db_instance=...,
// bootstrap_role=...), one a line, for
// db_bootstrap.sh to eval.
func (n Names) Shell() string {
	var b strings.Builder
	for _, kv := range [][2]string{
		{"kind", n.Kind}, {"stack", n.Stack}, {"package", n.Package}, {"cluster", n.Cluster}, {"repository", n.Repository}, {"ecs_service", n.ECSService},
		{"migration_role", n.MigrationRole}, {"function", n.Function}, {"artifacts_bucket", n.ArtifactsBucket},
		{"db_instance", n.DBInstance}, {"bootstrap_role", n.BootstrapRole},
	} {
		fmt.Fprintf(&b, "%s='%s'\n", kv[0], strings.ReplaceAll(kv[1], "'", `'\''`))
	}
	return b.String()
}
