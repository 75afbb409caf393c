package deploy

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// Steps are the deploy's steps in the order `make deploy` runs them; each is also a make
// target of its own (deploy/<step>) and an argument of tools/cmd/deploy.
var Steps = []string{"check", "build", "push", "migrate", "rollout", "wait"}

// MigrationDBUser is the database role migrations log in as
// (services/todo-api/migrations/bootstrap).
const MigrationDBUser = "todo_migrator"

// BootstrapTag is the image tag a service's stack names in its first task definition
// (terraform/stacks/<service> var.image_tag), before any deploy registered a revision.
const BootstrapTag = "bootstrap"

// ECSAPI is the part of the ECS client the deploy uses.
type ECSAPI interface {
	DescribeServices(context.Context, *ecs.DescribeServicesInput, ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error)
	DescribeTaskDefinition(context.Context, *ecs.DescribeTaskDefinitionInput, ...func(*ecs.Options)) (*ecs.DescribeTaskDefinitionOutput, error)
	RegisterTaskDefinition(context.Context, *ecs.RegisterTaskDefinitionInput, ...func(*ecs.Options)) (*ecs.RegisterTaskDefinitionOutput, error)
	ListTaskDefinitions(context.Context, *ecs.ListTaskDefinitionsInput, ...func(*ecs.Options)) (*ecs.ListTaskDefinitionsOutput, error)
	RunTask(context.Context, *ecs.RunTaskInput, ...func(*ecs.Options)) (*ecs.RunTaskOutput, error)
	DescribeTasks(context.Context, *ecs.DescribeTasksInput, ...func(*ecs.Options)) (*ecs.DescribeTasksOutput, error)
	UpdateService(context.Context, *ecs.UpdateServiceInput, ...func(*ecs.Options)) (*ecs.UpdateServiceOutput, error)
}

// ECRAPI is the part of the ECR client the deploy uses.
type ECRAPI interface {
	DescribeImages(context.Context, *ecr.DescribeImagesInput, ...func(*ecr.Options)) (*ecr.DescribeImagesOutput, error)
	BatchGetImage(context.Context, *ecr.BatchGetImageInput, ...func(*ecr.Options)) (*ecr.BatchGetImageOutput, error)
	PutImage(context.Context, *ecr.PutImageInput, ...func(*ecr.Options)) (*ecr.PutImageOutput, error)
	GetAuthorizationToken(context.Context, *ecr.GetAuthorizationTokenInput, ...func(*ecr.Options)) (*ecr.GetAuthorizationTokenOutput, error)
}

// LambdaAPI is the part of the Lambda client the deploy uses.
type LambdaAPI interface {
	GetFunctionConfiguration(context.Context, *lambda.GetFunctionConfigurationInput, ...func(*lambda.Options)) (*lambda.GetFunctionConfigurationOutput, error)
	UpdateFunctionCode(context.Context, *lambda.UpdateFunctionCodeInput, ...func(*lambda.Options)) (*lambda.UpdateFunctionCodeOutput, error)
	PublishVersion(context.Context, *lambda.PublishVersionInput, ...func(*lambda.Options)) (*lambda.PublishVersionOutput, error)
	ListVersionsByFunction(context.Context, *lambda.ListVersionsByFunctionInput, ...func(*lambda.Options)) (*lambda.ListVersionsByFunctionOutput, error)
}

// S3API is the part of the S3 client the deploy uses (Lambda packages).
type S3API interface {
	HeadObject(context.Context, *s3.HeadObjectInput, ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	PutObject(context.Context, *s3.PutObjectInput, ...func(*s3.Options)) (*s3.PutObjectOutput, error)
}

// STSAPI is the part of the STS client the deploy uses (the account of the credentials).
type STSAPI interface {
	GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error)
}

// Commands runs the local programs a deploy needs: docker (build, login, push) and
// mk/artifact.sh (the Lambda package). Run streams the program's output to the deploy's log
// and feeds it stdin when not nil.
type Commands interface {
	Run(ctx context.Context, stdin io.Reader, name string, args ...string) error
}

// Deployer runs the deploy steps of one service in one environment.
type Deployer struct {
	// Names are the cloud-side names (Resolve).
	Names Names
	// Env is the environment (stg, prd); Tag the revision tag (the commit's 12 hex digits or
	// IMAGE_TAG); Region the AWS region.
	Env, Tag, Region string
	// Platform is the docker platform of the image (Platform, from the task definition).
	Platform string
	// Root is the repository root: docker builds from it and the Dockerfile is
	// services/<service>/Dockerfile under it.
	Root string
	// PackageDir is where the Lambda package is built (dist/lambda/<service> under Root).
	PackageDir string

	ECS    ECSAPI
	ECR    ECRAPI
	Lambda LambdaAPI
	S3     S3API
	STS    STSAPI
	Cmd    Commands
	// Open opens the built Lambda package for the upload; os.Open in the command.
	Open func(path string) (io.ReadCloser, error)

	// Log receives one line per step and decision.
	Log io.Writer
	// Poll is the pause between two looks while waiting (15 s in the command), Timeout how
	// long a wait may take in all (30 minutes, as the AWS CLI's services-stable waiter).
	Poll, Timeout time.Duration
	// Sleep pauses for d or until ctx ends; tests make it instant.
	Sleep func(ctx context.Context, d time.Duration) error

	account string
}

func (d *Deployer) logf(format string, args ...any) {
	fmt.Fprintf(d.Log, "deploy: "+format+"\n", args...)
}

// lambdaKind says whether the service deploys as a Lambda function.
func (d *Deployer) lambdaKind() bool { return d.Names.Function != "" }

// Account returns the AWS account of the credentials, asked once.
func (d *Deployer) Account(ctx context.Context) (string, error) {
	if d.account != "" {
		return d.account, nil
	}
	out, err := d.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return "", fmt.Errorf("who am I (sts get-caller-identity): %w", err)
	}
	d.account = aws.ToString(out.Account)
	return d.account, nil
}

// Registry returns the ECR registry host of the account and region.
func (d *Deployer) Registry(ctx context.Context) (string, error) {
	account, err := d.Account(ctx)
	if err != nil {
		return "", err
	}
	return account + ".dkr.ecr." + d.Region + ".amazonaws.com", nil
}

// Image returns the image reference of tag in the service's repository.
func (d *Deployer) Image(ctx context.Context, tag string) (string, error) {
	registry, err := d.Registry(ctx)
	if err != nil {
		return "", err
	}
	return registry + "/" + d.Names.Repository + ":" + tag, nil
}

// PackageKey is the S3 key of the Lambda package of this revision.
func (d *Deployer) PackageKey() string { return d.Names.Service + "/" + d.Tag + ".zip" }

// Exists says whether this revision is published already: the image tag in ECR (tags are
// immutable, so the tag is the image) or the Lambda package in the artifacts bucket.
func (d *Deployer) Exists(ctx context.Context) (bool, error) {
	if d.lambdaKind() {
		_, err := d.S3.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(d.Names.ArtifactsBucket), Key: aws.String(d.PackageKey())})
		if err == nil {
			return true, nil
		}
		if isNotFound(err) {
			return false, nil
		}
		return false, fmt.Errorf("look for s3://%s/%s: %w", d.Names.ArtifactsBucket, d.PackageKey(), err)
	}
	return d.tagExists(ctx, d.Tag)
}

func (d *Deployer) tagExists(ctx context.Context, tag string) (bool, error) {
	_, err := d.ECR.DescribeImages(ctx, &ecr.DescribeImagesInput{
		RepositoryName: aws.String(d.Names.Repository),
		ImageIds:       []ecrtypes.ImageIdentifier{{ImageTag: aws.String(tag)}},
	})
	var notFound *ecrtypes.ImageNotFoundException
	switch {
	case err == nil:
		return true, nil
	case errors.As(err, &notFound):
		return false, nil
	}
	return false, fmt.Errorf("look for %s:%s in ECR: %w", d.Names.Repository, tag, err)
}

// Check reports whether this revision is published (the check step).
func (d *Deployer) Check(ctx context.Context) error {
	ok, err := d.Exists(ctx)
	if err != nil {
		return err
	}
	what := d.Names.Repository + ":" + d.Tag
	if d.lambdaKind() {
		what = "s3://" + d.Names.ArtifactsBucket + "/" + d.PackageKey()
	}
	if ok {
		d.logf("%s is published: build and push will be skipped", what)
	} else {
		d.logf("%s is not published yet: build and push it", what)
	}
	return nil
}

// Build builds the image for the task definition's platform from services/<service>/Dockerfile,
// or the Lambda package with mk/artifact.sh (the one build command of shipped binaries).
func (d *Deployer) Build(ctx context.Context) error {
	if d.lambdaKind() {
		d.logf("build %s's package in %s", d.Names.Service, d.PackageDir)
		return d.Cmd.Run(ctx, nil, "bash", d.Root+"/mk/artifact.sh", "package", d.Names.Service, d.PackageDir)
	}
	image, err := d.Image(ctx, d.Tag)
	if err != nil {
		return err
	}
	d.logf("build %s for %s", image, d.Platform)
	return d.Cmd.Run(ctx, nil, "docker", "build", "--platform", d.Platform,
		"--file", d.Root+"/services/"+d.Names.Service+"/Dockerfile", "--tag", image, d.Root)
}

// Push logs in to ECR, pushes the revision tag and gives the image the environment's tag
// too (ECR put-image with the image's manifest: no second upload); for a Lambda it uploads
// the package. A revision already published is not pushed again.
func (d *Deployer) Push(ctx context.Context) error {
	if d.lambdaKind() {
		return d.upload(ctx)
	}
	exists, err := d.Exists(ctx)
	if err != nil {
		return err
	}
	image, err := d.Image(ctx, d.Tag)
	if err != nil {
		return err
	}
	if exists {
		d.logf("%s is in ECR already: not pushed again", image)
	} else {
		if err := d.login(ctx); err != nil {
			return err
		}
		d.logf("push %s", image)
		if err := d.Cmd.Run(ctx, nil, "docker", "push", image); err != nil {
			return fmt.Errorf("push %s: %w", image, err)
		}
	}
	return d.tag(ctx, d.Env)
}

// login hands an ECR authorization token to docker login.
func (d *Deployer) login(ctx context.Context) error {
	out, err := d.ECR.GetAuthorizationToken(ctx, &ecr.GetAuthorizationTokenInput{})
	if err != nil {
		return fmt.Errorf("ECR login token: %w", err)
	}
	if len(out.AuthorizationData) == 0 {
		return errors.New("ECR login token: none returned")
	}
	raw, err := base64.StdEncoding.DecodeString(aws.ToString(out.AuthorizationData[0].AuthorizationToken))
	if err != nil {
		return fmt.Errorf("ECR login token: %w", err)
	}
	user, password, ok := strings.Cut(string(raw), ":")
	if !ok {
		return errors.New("ECR login token: not user:password")
	}
	registry, err := d.Registry(ctx)
	if err != nil {
		return err
	}
	return d.Cmd.Run(ctx, strings.NewReader(password), "docker", "login", "--username", user, "--password-stdin", registry)
}

// tag gives the revision's image the tag name as well, unless the repository holds that tag
// for this very image already.
func (d *Deployer) tag(ctx context.Context, name string) error {
	got, err := d.ECR.BatchGetImage(ctx, &ecr.BatchGetImageInput{
		RepositoryName: aws.String(d.Names.Repository),
		ImageIds:       []ecrtypes.ImageIdentifier{{ImageTag: aws.String(d.Tag)}},
	})
	if err != nil {
		return fmt.Errorf("read the manifest of %s:%s: %w", d.Names.Repository, d.Tag, err)
	}
	if len(got.Images) == 0 {
		return fmt.Errorf("read the manifest of %s:%s: no such image", d.Names.Repository, d.Tag)
	}
	_, err = d.ECR.PutImage(ctx, &ecr.PutImageInput{
		RepositoryName: aws.String(d.Names.Repository),
		ImageTag:       aws.String(name),
		ImageManifest:  got.Images[0].ImageManifest,
	})
	var already *ecrtypes.ImageAlreadyExistsException
	if errors.As(err, &already) {
		d.logf("%s:%s is %s already", d.Names.Repository, name, d.Tag)
		return nil
	}
	// An IMMUTABLE repository refuses to move a tag that names another image; the revision tag
	// is what the task definition runs, so the deploy goes on and says why.
	var immutable *ecrtypes.ImageTagAlreadyExistsException
	if errors.As(err, &immutable) {
		d.logf("SKIPPED: tag %s:%s: the repository's tags are immutable and %s names another image (exclude %q from immutability in modules/ecr-repository to move it)", d.Names.Repository, name, name, name)
		return nil
	}
	if err != nil {
		return fmt.Errorf("tag %s:%s as %s: %w", d.Names.Repository, d.Tag, name, err)
	}
	d.logf("tagged %s:%s as %s", d.Names.Repository, d.Tag, name)
	return nil
}

// currentService returns the ECS service, or nil when the service's stack is not applied yet.
func (d *Deployer) currentService(ctx context.Context) (*ecstypes.Service, error) {
	out, err := d.ECS.DescribeServices(ctx, &ecs.DescribeServicesInput{
		Cluster: aws.String(d.Names.Cluster), Services: []string{d.Names.ECSService},
	})
	if err != nil {
		return nil, fmt.Errorf("describe %s in %s: %w", d.Names.ECSService, d.Names.Cluster, err)
	}
	for i := range out.Services {
		s := &out.Services[i]
		if aws.ToString(s.ServiceName) == d.Names.ECSService && aws.ToString(s.Status) != "INACTIVE" {
			return s, nil
		}
	}
	return nil, nil
}

// errNoService is a service whose stack is not applied yet.
func (d *Deployer) errNoService() error {
	return fmt.Errorf("ECS service %s does not exist yet: apply the stack (make apply ENV=%s STACK=%s) first", d.Names.ECSService, d.Env, d.Names.Stack)
}

// TaskDefinition returns the task definition revision that runs this revision's image: the
// family's newest revision when it does already, else a new revision of it with only the
// service container's image changed (the newest carries the configuration terraform
// registered last: environment, secrets, sizes). Running it twice registers one revision.
func (d *Deployer) TaskDefinition(ctx context.Context) (string, *ecstypes.Service, error) {
	svc, err := d.currentService(ctx)
	if err != nil {
		return "", nil, err
	}
	if svc == nil {
		return "", nil, d.errNoService()
	}
	family, _, err := splitRevision(aws.ToString(svc.TaskDefinition))
	if err != nil {
		return "", nil, err
	}
	image, err := d.Image(ctx, d.Tag)
	if err != nil {
		return "", nil, err
	}
	// Without its tags: registering with tags needs ecs:TagResource, which the deploy role
	// (modules/github-oidc-role) does not have; terraform's revisions carry them.
	newest, err := d.ECS.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String(family)})
	if err != nil {
		return "", nil, fmt.Errorf("describe task definition family %s: %w", family, err)
	}
	td := newest.TaskDefinition
	containers := make([]ecstypes.ContainerDefinition, len(td.ContainerDefinitions))
	copy(containers, td.ContainerDefinitions)
	found := false
	for i := range containers {
		if aws.ToString(containers[i].Name) != d.Names.Service {
			continue
		}
		found = true
		if aws.ToString(containers[i].Image) == image {
			arn := aws.ToString(td.TaskDefinitionArn)
			d.logf("%s runs %s already", arn, image)
			return arn, svc, nil
		}
		containers[i].Image = aws.String(image)
	}
	if !found {
		return "", nil, fmt.Errorf("task definition family %s has no container named %s", family, d.Names.Service)
	}
	in := &ecs.RegisterTaskDefinitionInput{
		Family:                  td.Family,
		ContainerDefinitions:    containers,
		Cpu:                     td.Cpu,
		Memory:                  td.Memory,
		ExecutionRoleArn:        td.ExecutionRoleArn,
		TaskRoleArn:             td.TaskRoleArn,
		NetworkMode:             td.NetworkMode,
		RequiresCompatibilities: td.RequiresCompatibilities,
		RuntimePlatform:         td.RuntimePlatform,
		Volumes:                 td.Volumes,
		PlacementConstraints:    td.PlacementConstraints,
		EphemeralStorage:        td.EphemeralStorage,
		PidMode:                 td.PidMode,
		IpcMode:                 td.IpcMode,
		ProxyConfiguration:      td.ProxyConfiguration,
	}
	out, err := d.ECS.RegisterTaskDefinition(ctx, in)
	if err != nil {
		return "", nil, fmt.Errorf("register a revision of %s: %w", family, err)
	}
	arn := aws.ToString(out.TaskDefinition.TaskDefinitionArn)
	d.logf("registered %s with %s", arn, image)
	return arn, svc, nil
}

// Migrate runs `<service> migrate up` as a one-off task of this revision's task definition,
// logged in as MigrationDBUser with the service's migration role as its task role, and fails
// unless it exits 0. A service whose stack gives it no migration role, and a Lambda, have no
// migrations: the step says so and does nothing.
func (d *Deployer) Migrate(ctx context.Context) error {
	if d.lambdaKind() || d.Names.MigrationRole == "" {
		d.logf("SKIPPED: migrations: %s has none (its stack gives it no migration role)", d.Names.Service)
		return nil
	}
	arn, svc, err := d.TaskDefinition(ctx)
	if err != nil {
		return err
	}
	account, err := d.Account(ctx)
	if err != nil {
		return err
	}
	role := "arn:aws:iam::" + account + ":role/" + d.Names.MigrationRole
	d.logf("migrate: %s migrate up as a one-off task of %s", d.Names.Service, arn)
	run, err := d.ECS.RunTask(ctx, &ecs.RunTaskInput{
		Cluster:              aws.String(d.Names.Cluster),
		TaskDefinition:       aws.String(arn),
		LaunchType:           ecstypes.LaunchTypeFargate,
		NetworkConfiguration: svc.NetworkConfiguration,
		StartedBy:            aws.String("deploy-migrate-" + d.Tag),
		Overrides: &ecstypes.TaskOverride{
			TaskRoleArn: aws.String(role),
			ContainerOverrides: []ecstypes.ContainerOverride{{
				Name:        aws.String(d.Names.Service),
				Command:     []string{"migrate", "up"},
				Environment: []ecstypes.KeyValuePair{{Name: aws.String("DATABASE_USER"), Value: aws.String(MigrationDBUser)}},
			}},
		},
	})
	if err != nil {
		return fmt.Errorf("start the migration task: %w", err)
	}
	if len(run.Tasks) == 0 {
		return fmt.Errorf("start the migration task: none started (%d failures)", len(run.Failures))
	}
	task := aws.ToString(run.Tasks[0].TaskArn)
	var exit *int32
	err = d.poll(ctx, "the migration task "+task+" to stop", func() (bool, error) {
		out, err := d.ECS.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(d.Names.Cluster), Tasks: []string{task}})
		if err != nil {
			return false, fmt.Errorf("describe %s: %w", task, err)
		}
		if len(out.Tasks) == 0 || aws.ToString(out.Tasks[0].LastStatus) != "STOPPED" {
			return false, nil
		}
		for _, c := range out.Tasks[0].Containers {
			if aws.ToString(c.Name) == d.Names.Service {
				exit = c.ExitCode
			}
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	if exit == nil || *exit != 0 {
		code := "none"
		if exit != nil {
			code = strconv.Itoa(int(*exit))
		}
		return fmt.Errorf("migration task %s exited with '%s': not rolling out (see its logs; the database is left for migrate force/down)", task, code)
	}
	d.logf("migrations done")
	return nil
}

// Rollout points the ECS service at this revision's task definition, or publishes the
// uploaded Lambda package as a new version. It does not wait (Wait does).
func (d *Deployer) Rollout(ctx context.Context) error {
	if d.lambdaKind() {
		return d.publish(ctx, d.Names.ArtifactsBucket, d.PackageKey())
	}
	arn, _, err := d.TaskDefinition(ctx)
	if err != nil {
		return err
	}
	return d.point(ctx, arn)
}

// point updates the ECS service to the task definition arn.
func (d *Deployer) point(ctx context.Context, arn string) error {
	d.logf("roll out %s with %s", d.Names.ECSService, arn)
	_, err := d.ECS.UpdateService(ctx, &ecs.UpdateServiceInput{
		Cluster: aws.String(d.Names.Cluster), Service: aws.String(d.Names.ECSService), TaskDefinition: aws.String(arn),
	})
	if err != nil {
		return fmt.Errorf("update %s: %w", d.Names.ECSService, err)
	}
	return nil
}

// Wait waits until the ECS service is stable (one deployment, all its tasks running) or the
// Lambda function's last update succeeded; a deployment the circuit breaker failed, or a
// failed update, is an error at once.
func (d *Deployer) Wait(ctx context.Context) error {
	if d.lambdaKind() {
		return d.waitFunction(ctx)
	}
	return d.poll(ctx, d.Names.ECSService+" to be stable", func() (bool, error) {
		svc, err := d.currentService(ctx)
		if err != nil {
			return false, err
		}
		if svc == nil {
			return false, d.errNoService()
		}
		for _, dep := range svc.Deployments {
			if dep.RolloutState == ecstypes.DeploymentRolloutStateFailed {
				return false, fmt.Errorf("deployment %s of %s failed: %s", aws.ToString(dep.Id), d.Names.ECSService, aws.ToString(dep.RolloutStateReason))
			}
		}
		stable := len(svc.Deployments) == 1 && svc.RunningCount == svc.DesiredCount
		if stable {
			d.logf("%s is stable: %d of %d tasks running %s", d.Names.ECSService, svc.RunningCount, svc.DesiredCount, aws.ToString(svc.TaskDefinition))
		}
		return stable, nil
	})
}

// poll calls done every Poll until it returns true or an error, or Timeout passes.
func (d *Deployer) poll(ctx context.Context, what string, done func() (bool, error)) error {
	d.logf("waiting for %s", what)
	var waited time.Duration
	for {
		ok, err := done()
		if err != nil || ok {
			return err
		}
		if waited += d.Poll; waited > d.Timeout {
			return fmt.Errorf("gave up waiting for %s after %s", what, d.Timeout)
		}
		if err := d.Sleep(ctx, d.Poll); err != nil {
			return fmt.Errorf("waiting for %s: %w", what, err)
		}
	}
}

// PublishBootstrapTag gives this revision's image the tag BootstrapTag too, unless the
// repository has one: the first deploy of an environment, before the service's stack exists.
func (d *Deployer) PublishBootstrapTag(ctx context.Context) error {
	ok, err := d.tagExists(ctx, BootstrapTag)
	if err != nil {
		return err
	}
	if ok {
		d.logf("%s holds the %s tag already", d.Names.Repository, BootstrapTag)
		return nil
	}
	return d.tag(ctx, BootstrapTag)
}

// Deploy runs every step in order: publish the revision unless it is published (check,
// build, push), then migrate, roll out and wait. Before the service's stack exists it
// publishes the image, tags it BootstrapTag and stops, saying what to do next.
func (d *Deployer) Deploy(ctx context.Context) error {
	exists, err := d.Exists(ctx)
	if err != nil {
		return err
	}
	if exists {
		d.logf("revision %s is published already: build and push skipped", d.Tag)
	} else {
		if err := d.Build(ctx); err != nil {
			return err
		}
	}
	if err := d.Push(ctx); err != nil {
		return err
	}
	if !d.lambdaKind() {
		svc, err := d.currentService(ctx)
		if err != nil {
			return err
		}
		if svc == nil {
			if err := d.PublishBootstrapTag(ctx); err != nil {
				return err
			}
			d.logf("first deploy of %s in %s: the image is published as %s and %s; apply the stack (make apply ENV=%s STACK=%s), then run make deploy SERVICE=%s ENV=%s again to migrate and roll out",
				d.Names.Service, d.Env, d.Tag, BootstrapTag, d.Env, d.Names.Stack, d.Names.Service, d.Env)
			return nil
		}
	}
	for _, step := range []func(context.Context) error{d.Migrate, d.Rollout, d.Wait} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	d.logf("%s %s is live in %s", d.Names.Service, d.Tag, d.Env)
	return nil
}

// Rollback returns the service to what ran before: the ECS service to the newest active
// revision of its family older than the one it runs, or the Lambda function to the code of
// its previous published version (republished as a new version); then waits. Migrations are
// not reversed: they are additive (the todos table is a contract), so the previous code runs
// on the newer schema.
func (d *Deployer) Rollback(ctx context.Context) error {
	if d.lambdaKind() {
		return d.rollbackFunction(ctx)
	}
	svc, err := d.currentService(ctx)
	if err != nil {
		return err
	}
	if svc == nil {
		return d.errNoService()
	}
	current := aws.ToString(svc.TaskDefinition)
	family, revision, err := splitRevision(current)
	if err != nil {
		return err
	}
	previous, err := d.previousRevision(ctx, family, revision)
	if err != nil {
		return err
	}
	d.logf("roll back %s from %s to %s", d.Names.ECSService, current, previous)
	if err := d.point(ctx, previous); err != nil {
		return err
	}
	return d.Wait(ctx)
}

// previousRevision returns the ARN of the newest ACTIVE revision of family below revision.
func (d *Deployer) previousRevision(ctx context.Context, family string, revision int) (string, error) {
	type rev struct {
		arn string
		n   int
	}
	var older []rev
	var token *string
	for {
		out, err := d.ECS.ListTaskDefinitions(ctx, &ecs.ListTaskDefinitionsInput{
			FamilyPrefix: aws.String(family), Status: ecstypes.TaskDefinitionStatusActive,
			Sort: ecstypes.SortOrderDesc, NextToken: token,
		})
		if err != nil {
			return "", fmt.Errorf("list the revisions of %s: %w", family, err)
		}
		for _, arn := range out.TaskDefinitionArns {
			f, n, err := splitRevision(arn)
			if err == nil && f == family && n < revision {
				older = append(older, rev{arn, n})
			}
		}
		if token = out.NextToken; token == nil || len(older) > 0 {
			break
		}
	}
	if len(older) == 0 {
		return "", fmt.Errorf("%s:%d is the oldest active revision of %s: nothing to roll back to", family, revision, family)
	}
	sort.Slice(older, func(i, j int) bool { return older[i].n > older[j].n })
	return older[0].arn, nil
}

// splitRevision splits a task definition ARN (or family:revision) into family and revision.
func splitRevision(arn string) (string, int, error) {
	s := arn[strings.LastIndex(arn, "/")+1:]
	family, rev, ok := strings.Cut(s, ":")
	n, err := strconv.Atoi(rev)
	if !ok || err != nil || family == "" {
		return "", 0, fmt.Errorf("task definition %q is not family:revision", arn)
	}
	return family, n, nil
}
