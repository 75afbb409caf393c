package offlineaws

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/offlineaws/account"
)

var freshCfg = providerConfig{region: "eu-west-1", accountID: "123456789012"}

func TestCheckLambdaCode(t *testing.T) {
	fn := map[string]any{"s3_bucket": "artifacts", "s3_key": "mailer/bootstrap.zip"}
	t.Run("NoBucket", func(t *testing.T) {
		err := checkLambdaCode(fn, &account.Account{}, freshCfg)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "InvalidParameterValueException")
		assert.Contains(t, err.Error(), "S3 Error Code: NoSuchBucket")
	})
	t.Run("NoObject", func(t *testing.T) {
		a := &account.Account{}
		a.PutResource("aws_s3_bucket", "artifacts", map[string]any{"bucket": "artifacts"})
		err := checkLambdaCode(fn, a, freshCfg)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "S3 Error Code: NoSuchKey")
	})
	t.Run("Seeded", func(t *testing.T) {
		a := &account.Account{}
		a.PutObject("artifacts", "mailer/bootstrap.zip")
		require.NoError(t, checkLambdaCode(fn, a, freshCfg))
	})
	t.Run("ObjectResource", func(t *testing.T) {
		a := &account.Account{}
		a.PutResource("aws_s3_object", "mailer/bootstrap.zip", map[string]any{"bucket": "artifacts", "key": "mailer/bootstrap.zip"})
		require.NoError(t, checkLambdaCode(fn, a, freshCfg))
	})
	t.Run("ZipFile", func(t *testing.T) {
		require.NoError(t, checkLambdaCode(map[string]any{"filename": "x.zip"}, &account.Account{}, freshCfg))
	})
}

func TestCheckServiceImages(t *testing.T) {
	image := "123456789012.dkr.ecr.eu-west-1.amazonaws.com/todo-api:bootstrap"
	containers, _ := json.Marshal([]map[string]any{{"name": "app", "image": image}})
	newAccount := func() *account.Account {
		a := &account.Account{}
		a.PutResource("aws_ecs_task_definition", "todo-api", map[string]any{
			"family": "todo-api", "revision": json.Number("3"),
			"arn":                   "arn:aws:ecs:eu-west-1:123456789012:task-definition/todo-api:3",
			"container_definitions": string(containers),
		})
		return a
	}
	service := func(count string) map[string]any {
		return map[string]any{"name": "todo-api", "desired_count": json.Number(count),
			"task_definition": "arn:aws:ecs:eu-west-1:123456789012:task-definition/todo-api:3"}
	}
	t.Run("NotPushed", func(t *testing.T) {
		err := checkServiceImages(service("2"), newAccount(), freshCfg)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "CannotPullContainerError")
		assert.Contains(t, err.Error(), `no image tagged "bootstrap" was pushed to ECR repository "todo-api"`)
	})
	t.Run("Pushed", func(t *testing.T) {
		a := newAccount()
		a.PushImage("todo-api", "bootstrap")
		require.NoError(t, checkServiceImages(service("2"), a, freshCfg))
	})
	t.Run("NoTasks", func(t *testing.T) {
		require.NoError(t, checkServiceImages(service("0"), newAccount(), freshCfg))
	})
	t.Run("FamilyReference", func(t *testing.T) {
		s := service("1")
		s["task_definition"] = "todo-api"
		require.Error(t, checkServiceImages(s, newAccount(), freshCfg))
	})
	t.Run("OtherAccountImage", func(t *testing.T) {
		other := freshCfg
		other.accountID = "210987654321"
		require.NoError(t, checkServiceImages(service("1"), newAccount(), other))
	})
}

func TestCheckListenerCertificate(t *testing.T) {
	arn := "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
	listener := map[string]any{"certificate_arn": arn}
	t.Run("Missing", func(t *testing.T) {
		err := checkListenerCertificate(listener, &account.Account{}, freshCfg)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "CertificateNotFound")
	})
	t.Run("Pending", func(t *testing.T) {
		a := &account.Account{}
		a.PutResource("aws_acm_certificate", arn, map[string]any{"status": account.CertificatePendingValidation})
		err := checkListenerCertificate(listener, a, freshCfg)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "UnsupportedCertificate")
	})
	t.Run("SeededIssued", func(t *testing.T) {
		a := &account.Account{}
		a.SetCertificateStatus(arn, account.CertificateIssued)
		require.NoError(t, checkListenerCertificate(listener, a, freshCfg))
	})
	t.Run("HTTP", func(t *testing.T) {
		require.NoError(t, checkListenerCertificate(map[string]any{}, &account.Account{}, freshCfg))
	})
}

func TestCheckCertificateValidation(t *testing.T) {
	arn := "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
	newAccount := func() *account.Account {
		a := &account.Account{}
		a.PutResource("aws_acm_certificate", arn, map[string]any{
			"status": account.CertificatePendingValidation,
			"domain_validation_options": []any{map[string]any{
				"domain_name": "api.example.com", "resource_record_name": "_x.api.example.com.",
				"resource_record_type": "CNAME", "resource_record_value": "_y.acm-validations.aws.",
			}},
		})
		return a
	}
	validation := map[string]any{"certificate_arn": arn}
	t.Run("NoRecords", func(t *testing.T) {
		err := checkCertificateValidation(validation, newAccount(), freshCfg)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "timeout while waiting for state to become 'ISSUED'")
	})
	t.Run("Records", func(t *testing.T) {
		a := newAccount()
		a.PutResource("aws_route53_record", "Z1__x.api.example.com_CNAME", map[string]any{
			"name": "_x.api.example.com", "type": "CNAME", "records": []any{"_y.acm-validations.aws."},
		})
		require.NoError(t, checkCertificateValidation(validation, a, freshCfg))
		afterApply("aws_acm_certificate_validation", validation, a)
		status, _ := certificateStatus(a, arn)
		assert.Equal(t, account.CertificateIssued, status, "a completed validation issues the certificate")
	})
}

func TestCheckHostedZone(t *testing.T) {
	record := map[string]any{"zone_id": "Z123"}
	require.ErrorContains(t, checkHostedZone(record, &account.Account{}, freshCfg), "NoSuchHostedZone")
	a := &account.Account{}
	a.AddHostedZone("Z123", "example.com")
	require.NoError(t, checkHostedZone(record, a, freshCfg))
}

// The checks run at apply through the server: a Lambda from an object nobody uploaded fails.
func TestServer_ApplyResourceChange_FreshAccount(t *testing.T) {
	s := testServer(t)
	create(t, s, "aws_s3_bucket", map[string]any{"bucket": "artifacts"})
	cfg := map[string]any{"function_name": "mailer", "role": "arn:aws:iam::123456789012:role/mailer",
		"s3_bucket": "artifacts", "s3_key": "mailer/bootstrap.zip"}
	planned, _ := planCreate(t, s, "aws_lambda_function", cfg)
	_, diags := apply(t, s, "aws_lambda_function", nil, planned)
	require.Len(t, diags, 1)
	assert.Contains(t, diags[0].Summary, "creating aws_lambda_function: operation error Lambda: CreateFunction")
	assert.Contains(t, diags[0].Summary, "S3 Error Code: NoSuchKey")

	create(t, s, "aws_s3_object", map[string]any{"bucket": "artifacts", "key": "mailer/bootstrap.zip"})
	state := create(t, s, "aws_lambda_function", cfg)
	assert.Equal(t, "arn:aws:lambda:eu-west-1:123456789012:function:mailer", state["arn"])
}

func TestCheckFreshAccount_Update(t *testing.T) {
	a := &account.Account{}
	a.PutObject("artifacts", "mailer/v1.zip")
	prior := map[string]any{"s3_bucket": "artifacts", "s3_key": "mailer/v1.zip", "memory_size": json.Number("128")}
	same := map[string]any{"s3_bucket": "artifacts", "s3_key": "mailer/v1.zip", "memory_size": json.Number("256")}
	require.NoError(t, checkFreshAccount("aws_lambda_function", prior, same, a, freshCfg), "the code did not change")
	moved := map[string]any{"s3_bucket": "artifacts", "s3_key": "mailer/v2.zip"}
	require.ErrorContains(t, checkFreshAccount("aws_lambda_function", prior, moved, a, freshCfg), "NoSuchKey",
		"UpdateFunctionCode fails on a key nothing uploaded")
	require.NoError(t, checkFreshAccount("aws_sqs_queue", nil, map[string]any{}, a, freshCfg), "no check")
}

// A second resource with a name AWS keeps unique fails, as a create_before_destroy replacement
// with a fixed name does in AWS.
func TestServer_ApplyResourceChange_NameTaken(t *testing.T) {
	s := testServer(t)
	create(t, s, "aws_db_parameter_group", map[string]any{"name": "todo-pg", "family": "postgres15"})
	planned, _ := planCreate(t, s, "aws_db_parameter_group", map[string]any{"name": "todo-pg", "family": "postgres16"})
	_, diags := apply(t, s, "aws_db_parameter_group", nil, planned)
	require.Len(t, diags, 1)
	assert.Contains(t, diags[0].Summary, "DBParameterGroupAlreadyExists: Parameter group todo-pg already exists")

	// A generated name never collides, even for resources alike in every argument.
	first := create(t, s, "aws_db_parameter_group", map[string]any{"name_prefix": "todo-pg-", "family": "postgres15"})
	second := create(t, s, "aws_db_parameter_group", map[string]any{"name_prefix": "todo-pg-", "family": "postgres15"})
	assert.NotEqual(t, first["name"], second["name"])
}
