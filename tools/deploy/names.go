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
}

// Resolve returns the names for service in env, read from the definitions and the terraform
// tree under root. It fails on an unknown service or environment (listing the valid ones) and
// when a name the deploy needs is not exactly one known value in the rendered stacks.
func Resolve(root, service, env string) (Names, error) {
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
	var errs []error
	pick := func(stack, typ, attr string, address *regexp.Regexp, optional bool) string {
		var found []namestability.Entry
		for _, e := range rendered.Entries {
			if e.Stack == stack && e.Type == typ && e.Attribute == attr && (address == nil || address.MatchString(e.Address)) {
				found = append(found, e)
			}
		}
		switch {
		case len(found) == 0 && optional:
			return ""
		case len(found) != 1:
			errs = append(errs, fmt.Errorf("%s: want one %s (%s) for %s, found %d", stack, typ, attr, service, len(found)))
			return ""
		case found[0].Value == namestability.Unknown:
			errs = append(errs, fmt.Errorf("%s: %s %s is only known after apply", stack, found[0].Address, attr))
			return ""
		}
		return found[0].Value
	}
	n := Names{Service: s.Name, Kind: s.Kind, Stack: s.Stack, Package: "./" + s.CommandPath()}
	if s.Kind == svcdef.KindLambda {
		n.Function = pick(own, "aws_lambda_function", "function_name", nil, false)
		n.ArtifactsBucket = pick(shared, "aws_s3_bucket", "bucket", nil, false)
	} else {
		n.Cluster = pick(shared, "aws_ecs_cluster", "name", nil, false)
		n.Repository = pick(shared, "aws_ecr_repository", "name", regexp.MustCompile(`\["`+regexp.QuoteMeta(s.Name)+`"\]\.`), false)
		n.ECSService = pick(own, "aws_ecs_service", "name", nil, false)
		n.MigrationRole = pick(own, "aws_iam_role", "name", regexp.MustCompile(`\.aws_iam_role\.migration(\[0\])?$`), true)
	}
	if err := errors.Join(errs...); err != nil {
		return Names{}, err
	}
	return n, nil
}

// Shell renders the names as shell assignments (kind=..., stack=..., package=..., cluster=..., repository=...,
// ecs_service=..., migration_role=..., function=..., artifacts_bucket=...), one a line, for
// deploy.sh to eval.
func (n Names) Shell() string {
	var b strings.Builder
	for _, kv := range [][2]string{
		{"kind", n.Kind}, {"stack", n.Stack}, {"package", n.Package}, {"cluster", n.Cluster}, {"repository", n.Repository}, {"ecs_service", n.ECSService},
		{"migration_role", n.MigrationRole}, {"function", n.Function}, {"artifacts_bucket", n.ArtifactsBucket},
	} {
		fmt.Fprintf(&b, "%s='%s'\n", kv[0], strings.ReplaceAll(kv[1], "'", `'\''`))
	}
	return b.String()
}
