package deploy_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/tsumiki-dev/tsumiki/tools/deploy"
)

// world is a fake AWS account and local machine: every call is recorded in calls, in order.
type world struct {
	calls []string

	// ECR: tag -> manifest.
	tags map[string]string
	// ECS: the service (nil: the stack is not applied), the family's revisions (newest last)
	// and the exit code of migration tasks.
	service    *ecstypes.Service
	revisions  []ecstypes.TaskDefinition
	migrateRC  int32
	unstable   int // looks after an update before the service turns stable
	failRoll   bool
	immutable  bool // the repository refuses to move a tag
	registered []*ecs.RegisterTaskDefinitionInput
	runs       []*ecs.RunTaskInput
	updates    []string
	// Lambda and S3.
	objects  map[string]bool
	versions []lambdatypes.FunctionConfiguration
	latest   string
	// Local commands: "name args..." and the stdin they were given.
	stdin []string
}

func (w *world) call(format string, args ...any) {
	w.calls = append(w.calls, fmt.Sprintf(format, args...))
}

const account = "123456789012"

func newWorld() *world {
	return &world{
		tags:    map[string]string{},
		objects: map[string]bool{},
		service: &ecstypes.Service{
			ServiceName: aws.String("tsumiki-stg-todo-api-service"), Status: aws.String("ACTIVE"),
			TaskDefinition: aws.String("arn:aws:ecs:ap-northeast-1:" + account + ":task-definition/tsumiki-stg-todo-api-service:2"),
			NetworkConfiguration: &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{
				Subnets: []string{"subnet-1"}, SecurityGroups: []string{"sg-1"},
			}},
			Deployments:  []ecstypes.Deployment{{Id: aws.String("ecs-svc/1"), RolloutState: ecstypes.DeploymentRolloutStateCompleted}},
			DesiredCount: 2, RunningCount: 2,
		},
		revisions: []ecstypes.TaskDefinition{td(1, "old:0"), td(2, "old:1")},
	}
}

// td is revision n of the service's family running image, with a sidecar.
func td(n int, image string) ecstypes.TaskDefinition {
	return ecstypes.TaskDefinition{
		TaskDefinitionArn: aws.String("arn:aws:ecs:ap-northeast-1:" + account + ":task-definition/tsumiki-stg-todo-api-service:" + strconv.Itoa(n)),
		Family:            aws.String("tsumiki-stg-todo-api-service"), Revision: int32(n),
		Cpu: aws.String("256"), Memory: aws.String("512"),
		TaskRoleArn:             aws.String("arn:aws:iam::" + account + ":role/task"),
		RequiresCompatibilities: []ecstypes.Compatibility{ecstypes.CompatibilityFargate},
		RuntimePlatform:         &ecstypes.RuntimePlatform{CpuArchitecture: ecstypes.CPUArchitectureArm64},
		ContainerDefinitions: []ecstypes.ContainerDefinition{
			{Name: aws.String("todo-api"), Image: aws.String(image)},
			{Name: aws.String("sidecar"), Image: aws.String("sidecar:1")},
		},
	}
}

// deployer returns a Deployer of todo-api in stg (or of the mailer when lambda) on w.
func (w *world) deployer(lambdaKind bool) (*deploy.Deployer, *bytes.Buffer) {
	log := &bytes.Buffer{}
	names := deploy.Names{
		Service: "todo-api", Kind: "http", Stack: "todo-api",
		Cluster: "tsumiki-stg-platform-cluster", Repository: "tsumiki-stg-todo-api-images",
		ECSService: "tsumiki-stg-todo-api-service", MigrationRole: "tsumiki-stg-todo-api-service-migration",
	}
	if lambdaKind {
		names = deploy.Names{Service: "mailer", Kind: "lambda", Stack: "mailer",
			Function: "tsumiki-stg-mailer-function", ArtifactsBucket: "tsumiki-stg-platform-artifacts"}
	}
	return &deploy.Deployer{
		Names: names, Env: "stg", Tag: "0123456789ab", Region: "ap-northeast-1",
		Platform: "linux/arm64", Root: "/repo", PackageDir: "/repo/dist/lambda/mailer",
		ECS: (*fakeECS)(w), ECR: (*fakeECR)(w), Lambda: (*fakeLambda)(w), S3: (*fakeS3)(w), STS: (*fakeSTS)(w),
		Cmd: (*fakeCmds)(w),
		Open: func(p string) (io.ReadCloser, error) {
			w.call("open %s", p)
			return io.NopCloser(strings.NewReader("zip")), nil
		},
		Log: log, Poll: time.Second, Timeout: 10 * time.Second,
		Sleep: func(context.Context, time.Duration) error { w.call("sleep"); return nil },
	}, log
}

type fakeSTS world

func (f *fakeSTS) GetCallerIdentity(context.Context, *sts.GetCallerIdentityInput, ...func(*sts.Options)) (*sts.GetCallerIdentityOutput, error) {
	(*world)(f).call("sts GetCallerIdentity")
	return &sts.GetCallerIdentityOutput{Account: aws.String(account)}, nil
}

type fakeECR world

func (f *fakeECR) DescribeImages(_ context.Context, in *ecr.DescribeImagesInput, _ ...func(*ecr.Options)) (*ecr.DescribeImagesOutput, error) {
	w := (*world)(f)
	tag := aws.ToString(in.ImageIds[0].ImageTag)
	w.call("ecr DescribeImages %s:%s", aws.ToString(in.RepositoryName), tag)
	if _, ok := w.tags[tag]; !ok {
		return nil, &ecrtypes.ImageNotFoundException{Message: aws.String("not found")}
	}
	return &ecr.DescribeImagesOutput{ImageDetails: []ecrtypes.ImageDetail{{}}}, nil
}

func (f *fakeECR) BatchGetImage(_ context.Context, in *ecr.BatchGetImageInput, _ ...func(*ecr.Options)) (*ecr.BatchGetImageOutput, error) {
	w := (*world)(f)
	tag := aws.ToString(in.ImageIds[0].ImageTag)
	w.call("ecr BatchGetImage %s", tag)
	m, ok := w.tags[tag]
	if !ok {
		return &ecr.BatchGetImageOutput{}, nil
	}
	return &ecr.BatchGetImageOutput{Images: []ecrtypes.Image{{ImageManifest: aws.String(m)}}}, nil
}

func (f *fakeECR) PutImage(_ context.Context, in *ecr.PutImageInput, _ ...func(*ecr.Options)) (*ecr.PutImageOutput, error) {
	w := (*world)(f)
	tag := aws.ToString(in.ImageTag)
	w.call("ecr PutImage %s %s", tag, aws.ToString(in.ImageManifest))
	if w.tags[tag] == aws.ToString(in.ImageManifest) {
		return nil, &ecrtypes.ImageAlreadyExistsException{Message: aws.String("exists")}
	}
	if _, ok := w.tags[tag]; ok && w.immutable {
		return nil, &ecrtypes.ImageTagAlreadyExistsException{Message: aws.String("immutable")}
	}
	w.tags[tag] = aws.ToString(in.ImageManifest)
	return &ecr.PutImageOutput{}, nil
}

func (f *fakeECR) GetAuthorizationToken(context.Context, *ecr.GetAuthorizationTokenInput, ...func(*ecr.Options)) (*ecr.GetAuthorizationTokenOutput, error) {
	(*world)(f).call("ecr GetAuthorizationToken")
	return &ecr.GetAuthorizationTokenOutput{AuthorizationData: []ecrtypes.AuthorizationData{{
		AuthorizationToken: aws.String(base64.StdEncoding.EncodeToString([]byte("AWS:s3cret"))),
	}}}, nil
}

type fakeECS world

func (f *fakeECS) DescribeServices(context.Context, *ecs.DescribeServicesInput, ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error) {
	w := (*world)(f)
	w.call("ecs DescribeServices")
	if w.service == nil {
		return &ecs.DescribeServicesOutput{Failures: []ecstypes.Failure{{Reason: aws.String("MISSING")}}}, nil
	}
	s := *w.service
	if w.failRoll {
		s.Deployments = []ecstypes.Deployment{{Id: aws.String("ecs-svc/2"), RolloutState: ecstypes.DeploymentRolloutStateFailed, RolloutStateReason: aws.String("circuit breaker")}}
	} else if w.unstable > 0 && len(w.updates) > 0 {
		w.unstable--
		s.RunningCount = 1
		s.Deployments = append(s.Deployments, ecstypes.Deployment{Id: aws.String("ecs-svc/2")})
	}
	return &ecs.DescribeServicesOutput{Services: []ecstypes.Service{s}}, nil
}

func (f *fakeECS) DescribeTaskDefinition(_ context.Context, in *ecs.DescribeTaskDefinitionInput, _ ...func(*ecs.Options)) (*ecs.DescribeTaskDefinitionOutput, error) {
	w := (*world)(f)
	w.call("ecs DescribeTaskDefinition %s", aws.ToString(in.TaskDefinition))
	newest := w.revisions[len(w.revisions)-1]
	return &ecs.DescribeTaskDefinitionOutput{TaskDefinition: &newest, Tags: []ecstypes.Tag{{Key: aws.String("Service"), Value: aws.String("todo-api")}}}, nil
}

func (f *fakeECS) RegisterTaskDefinition(_ context.Context, in *ecs.RegisterTaskDefinitionInput, _ ...func(*ecs.Options)) (*ecs.RegisterTaskDefinitionOutput, error) {
	w := (*world)(f)
	w.call("ecs RegisterTaskDefinition")
	w.registered = append(w.registered, in)
	n := len(w.revisions) + 1
	next := td(n, "")
	next.ContainerDefinitions = in.ContainerDefinitions
	w.revisions = append(w.revisions, next)
	return &ecs.RegisterTaskDefinitionOutput{TaskDefinition: &next}, nil
}

func (f *fakeECS) ListTaskDefinitions(_ context.Context, in *ecs.ListTaskDefinitionsInput, _ ...func(*ecs.Options)) (*ecs.ListTaskDefinitionsOutput, error) {
	w := (*world)(f)
	w.call("ecs ListTaskDefinitions %s", aws.ToString(in.FamilyPrefix))
	var arns []string
	for i := len(w.revisions) - 1; i >= 0; i-- {
		arns = append(arns, aws.ToString(w.revisions[i].TaskDefinitionArn))
	}
	return &ecs.ListTaskDefinitionsOutput{TaskDefinitionArns: arns}, nil
}

func (f *fakeECS) RunTask(_ context.Context, in *ecs.RunTaskInput, _ ...func(*ecs.Options)) (*ecs.RunTaskOutput, error) {
	w := (*world)(f)
	w.call("ecs RunTask %s", aws.ToString(in.TaskDefinition))
	w.runs = append(w.runs, in)
	return &ecs.RunTaskOutput{Tasks: []ecstypes.Task{{TaskArn: aws.String("arn:aws:ecs:ap-northeast-1:" + account + ":task/c/migrate1")}}}, nil
}

func (f *fakeECS) DescribeTasks(context.Context, *ecs.DescribeTasksInput, ...func(*ecs.Options)) (*ecs.DescribeTasksOutput, error) {
	w := (*world)(f)
	w.call("ecs DescribeTasks")
	return &ecs.DescribeTasksOutput{Tasks: []ecstypes.Task{{LastStatus: aws.String("STOPPED"),
		Containers: []ecstypes.Container{{Name: aws.String("todo-api"), ExitCode: aws.Int32(w.migrateRC)}}}}}, nil
}

func (f *fakeECS) UpdateService(_ context.Context, in *ecs.UpdateServiceInput, _ ...func(*ecs.Options)) (*ecs.UpdateServiceOutput, error) {
	w := (*world)(f)
	w.call("ecs UpdateService %s", aws.ToString(in.TaskDefinition))
	w.updates = append(w.updates, aws.ToString(in.TaskDefinition))
	w.service.TaskDefinition = in.TaskDefinition
	return &ecs.UpdateServiceOutput{}, nil
}

type fakeS3 world

func (f *fakeS3) HeadObject(_ context.Context, in *s3.HeadObjectInput, _ ...func(*s3.Options)) (*s3.HeadObjectOutput, error) {
	w := (*world)(f)
	w.call("s3 HeadObject %s", aws.ToString(in.Key))
	if !w.objects[aws.ToString(in.Key)] {
		return nil, &s3types.NotFound{}
	}
	return &s3.HeadObjectOutput{}, nil
}

func (f *fakeS3) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	w := (*world)(f)
	w.call("s3 PutObject %s/%s", aws.ToString(in.Bucket), aws.ToString(in.Key))
	w.objects[aws.ToString(in.Key)] = true
	return &s3.PutObjectOutput{}, nil
}

type fakeLambda world

func (f *fakeLambda) GetFunctionConfiguration(context.Context, *lambda.GetFunctionConfigurationInput, ...func(*lambda.Options)) (*lambda.GetFunctionConfigurationOutput, error) {
	w := (*world)(f)
	w.call("lambda GetFunctionConfiguration")
	return &lambda.GetFunctionConfigurationOutput{State: lambdatypes.StateActive, LastUpdateStatus: lambdatypes.LastUpdateStatusSuccessful, CodeSha256: aws.String(w.latest)}, nil
}

func (f *fakeLambda) UpdateFunctionCode(_ context.Context, in *lambda.UpdateFunctionCodeInput, _ ...func(*lambda.Options)) (*lambda.UpdateFunctionCodeOutput, error) {
	w := (*world)(f)
	w.call("lambda UpdateFunctionCode %s/%s", aws.ToString(in.S3Bucket), aws.ToString(in.S3Key))
	w.latest = "sha-" + aws.ToString(in.S3Key)
	return &lambda.UpdateFunctionCodeOutput{CodeSha256: aws.String(w.latest)}, nil
}

func (f *fakeLambda) PublishVersion(_ context.Context, in *lambda.PublishVersionInput, _ ...func(*lambda.Options)) (*lambda.PublishVersionOutput, error) {
	w := (*world)(f)
	w.call("lambda PublishVersion %s %q", aws.ToString(in.CodeSha256), aws.ToString(in.Description))
	v := strconv.Itoa(len(w.versions) + 1)
	w.versions = append(w.versions, lambdatypes.FunctionConfiguration{Version: aws.String(v), CodeSha256: in.CodeSha256, Description: in.Description})
	return &lambda.PublishVersionOutput{Version: aws.String(v)}, nil
}

func (f *fakeLambda) ListVersionsByFunction(context.Context, *lambda.ListVersionsByFunctionInput, ...func(*lambda.Options)) (*lambda.ListVersionsByFunctionOutput, error) {
	w := (*world)(f)
	w.call("lambda ListVersionsByFunction")
	out := append([]lambdatypes.FunctionConfiguration{{Version: aws.String("$LATEST"), CodeSha256: aws.String(w.latest)}}, w.versions...)
	return &lambda.ListVersionsByFunctionOutput{Versions: out}, nil
}

type fakeCmds world

func (f *fakeCmds) Run(_ context.Context, stdin io.Reader, name string, args ...string) error {
	w := (*world)(f)
	w.call("%s %s", name, strings.Join(args, " "))
	if stdin != nil {
		b, _ := io.ReadAll(stdin)
		w.stdin = append(w.stdin, string(b))
	}
	if name == "docker" && args[0] == "push" {
		w.tags["0123456789ab"] = `{"schemaVersion":2}`
	}
	return nil
}
