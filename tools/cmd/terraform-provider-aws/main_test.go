package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// offline is a built provider with a CLI configuration that installs it by dev_overrides.
type offline struct {
	cliConfig string
}

// buildOffline builds this command into a temporary directory as terraform-provider-aws and
// writes the CLI configuration that makes terraform use it for hashicorp/aws.
func buildOffline(t *testing.T) offline {
	t.Helper()
	if testing.Short() {
		t.Skip("skipped under -short: builds the provider and runs terraform; make test runs it")
	}
	_, err := exec.LookPath("terraform")
	require.NoError(t, err, "terraform must be on PATH")
	dir := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-aws"), ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))
	cfg := filepath.Join(dir, "offline.tfrc")
	require.NoError(t, os.WriteFile(cfg, []byte(`provider_installation {
  dev_overrides {
    "hashicorp/aws" = "`+dir+`"
  }
  direct {}
}
`), 0o644))
	return offline{cliConfig: cfg}
}

// root is a scratch terraform root directory with its own simulated account.
type root struct {
	t       *testing.T
	dir     string
	env     []string
	offline offline
}

func (o offline) newRoot(t *testing.T, mainTF string) *root {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(mainTF), 0o644))
	return &root{t: t, dir: dir, offline: o, env: append(os.Environ(),
		"TF_CLI_CONFIG_FILE="+o.cliConfig,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"TSUMIKI_OFFLINE_AWS_STATE_DIR="+filepath.Join(dir, "account"),
		"TSUMIKI_OFFLINE_AWS_ACCOUNT_ID=123456789012",
	)}
}

// terraform runs terraform with args in the root and returns its exit code and combined output.
func (r *root) terraform(args ...string) (int, string) {
	r.t.Helper()
	cmd := exec.Command("terraform", append(args, "-no-color")...)
	cmd.Dir = r.dir
	cmd.Env = r.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); ok {
		return exit.ExitCode(), out.String()
	}
	require.NoError(r.t, err)
	return 0, out.String()
}

const header = `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.57.0"
    }
  }
}

provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["123456789012"]

  default_tags {
    tags = { env = "stg" }
  }
}
`

func TestTerraform_ValidatePlanApplyPlanAgain(t *testing.T) {
	o := buildOffline(t)
	r := o.newRoot(t, header+`
data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "send" {
  statement {
    sid       = "Send"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.mail.arn]
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sqs_queue" "mail" {
  name = "tsumiki-stg-mail"
  tags = { service = "mailer" }
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "sender" {
  name               = "tsumiki-stg-mail-sender"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_iam_role_policy" "send" {
  name   = "send"
  role   = aws_iam_role.sender.id
  policy = data.aws_iam_policy_document.send.json
}

output "queue_arn" { value = aws_sqs_queue.mail.arn }
output "queue_url" { value = aws_sqs_queue.mail.url }
output "tags_all" { value = aws_sqs_queue.mail.tags_all }
output "caller" { value = data.aws_caller_identity.current.arn }
output "role_arn" { value = aws_iam_role.sender.arn }
output "policy" { value = data.aws_iam_policy_document.send.minified_json }
`)
	code, out := r.terraform("validate")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "The configuration is valid")

	code, out = r.terraform("plan", "-detailed-exitcode")
	require.Equal(t, 2, code, out)
	require.Contains(t, out, "Plan: 3 to add, 0 to change, 0 to destroy.")

	code, out = r.terraform("apply", "-auto-approve")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "Apply complete! Resources: 3 added, 0 changed, 0 destroyed.")

	code, out = r.terraform("plan", "-detailed-exitcode")
	require.Equal(t, 0, code, "the second plan must be empty:\n"+out)
	require.Contains(t, out, "No changes.")

	code, out = r.terraform("output", "-json")
	require.Equal(t, 0, code, out)
	var outputs map[string]struct {
		Value any `json:"value"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &outputs))
	assert.Equal(t, "arn:aws:sqs:eu-west-1:123456789012:tsumiki-stg-mail", outputs["queue_arn"].Value)
	assert.Equal(t, "https://sqs.eu-west-1.amazonaws.com/123456789012/tsumiki-stg-mail", outputs["queue_url"].Value)
	assert.Equal(t, map[string]any{"env": "stg", "service": "mailer"}, outputs["tags_all"].Value)
	assert.Equal(t, "arn:aws:iam::123456789012:user/offline", outputs["caller"].Value)
	assert.Equal(t, "arn:aws:iam::123456789012:role/tsumiki-stg-mail-sender", outputs["role_arn"].Value)
	assert.Equal(t, `{"Version":"2012-10-17","Statement":[{"Sid":"Send","Effect":"Allow","Action":"sqs:SendMessage",`+
		`"Resource":"arn:aws:sqs:eu-west-1:123456789012:tsumiki-stg-mail",`+
		`"Condition":{"StringEquals":{"aws:PrincipalAccount":"123456789012"}}}]}`,
		outputs["policy"].Value)

	// A rename of the queue replaces it.
	require.NoError(t, os.WriteFile(filepath.Join(r.dir, "main.tf"), []byte(strings.Replace(
		mustRead(t, filepath.Join(r.dir, "main.tf")), `"tsumiki-stg-mail"`, `"tsumiki-stg-mail-v2"`, 1)), 0o644))
	code, out = r.terraform("plan", "-detailed-exitcode")
	require.Equal(t, 2, code, out)
	assert.Contains(t, out, "# aws_sqs_queue.mail must be replaced")
	assert.Contains(t, out, "# forces replacement")

	code, out = r.terraform("destroy", "-auto-approve")
	require.Equal(t, 0, code, out)
	require.Contains(t, out, "Destroy complete! Resources: 3 destroyed.")
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// Mistakes terraform or the provider must reject at validate, each with its own message.
func TestTerraform_ValidateRejects(t *testing.T) {
	o := buildOffline(t)
	tests := []struct {
		name    string
		config  string
		wantErr []string
	}{
		{name: "UnknownArgument", config: `resource "aws_sqs_queue" "x" {
  nam = "tsumiki-stg-mail"
}`, wantErr: []string{"Error: Unsupported argument", `An argument named "nam" is not expected here. Did you mean "name"?`}},
		{name: "WrongAttributeReference", config: `resource "aws_sqs_queue" "x" {
  name = "tsumiki-stg-mail"
}

output "arn" {
  value = aws_sqs_queue.x.arnn
}`, wantErr: []string{"Error: Unsupported attribute", `This object has no argument, nested block, or exported attribute named
"arnn". Did you mean "arn"?`}},
		{name: "BlockAsAttribute", config: `resource "aws_lb_target_group" "x" {
  name         = "tsumiki-stg-api"
  health_check = { path = "/healthz" }
}`, wantErr: []string{"Error: Unsupported argument", `a block of type "health_check"?`}},
		{name: "MissingRequiredArgument", config: `resource "aws_iam_role" "x" {
  name = "tsumiki-stg-api"
}`, wantErr: []string{"Error: Missing required argument", `The argument "assume_role_policy" is required, but no definition was found.`}},
		{name: "TargetGroupName33", config: `resource "aws_lb_target_group" "x" {
  name = "tsumiki-stg-todo-api-target-group"
}`, wantErr: []string{`Error: "name" cannot be longer than 32 characters`, `with aws_lb_target_group.x`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := o.newRoot(t, header+tt.config)
			code, out := r.terraform("validate")
			require.Equal(t, 1, code, out)
			for _, want := range tt.wantErr {
				assert.Contains(t, out, want)
			}
		})
	}
}

// A Lambda function created from an S3 object nothing uploaded fails at apply like CreateFunction.
func TestTerraform_ApplyFreshAccount(t *testing.T) {
	o := buildOffline(t)
	r := o.newRoot(t, header+`
resource "aws_s3_bucket" "artifacts" {
  bucket = "tsumiki-stg-artifacts"
}

resource "aws_lambda_function" "mailer" {
  function_name = "tsumiki-stg-mailer"
  role          = "arn:aws:iam::123456789012:role/mailer"
  s3_bucket     = aws_s3_bucket.artifacts.bucket
  s3_key        = "mailer/bootstrap.zip"
}
`)
	code, out := r.terraform("apply", "-auto-approve")
	require.Equal(t, 1, code, out)
	assert.Contains(t, out, "Error: creating aws_lambda_function")
	assert.Contains(t, out, "S3 Error Code: NoSuchKey")
}

// The account guard of the provider block.
func TestTerraform_AccountNotAllowed(t *testing.T) {
	o := buildOffline(t)
	r := o.newRoot(t, strings.Replace(header, `["123456789012"]`, `["210987654321"]`, 1)+`
data "aws_caller_identity" "current" {}
`)
	code, out := r.terraform("plan")
	require.Equal(t, 1, code, out)
	assert.Contains(t, out, "Error: AWS account ID not allowed: 123456789012")
}

// What a root needs besides the CLI configuration (documented in the command's doc): local
// modules need `terraform get`; a backend needs `terraform init`, which under dev_overrides
// initialises the backend and then fails on the provider, after which plan works.
func TestTerraform_GetAndInitUnderDevOverrides(t *testing.T) {
	o := buildOffline(t)
	r := o.newRoot(t, strings.Replace(header, "terraform {\n", "terraform {\n  backend \"local\" {}\n", 1)+`
module "queue" {
  source = "./queue"
}
`)
	require.NoError(t, os.MkdirAll(filepath.Join(r.dir, "queue"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(r.dir, "queue", "main.tf"), []byte(`resource "aws_sqs_queue" "this" {
  name = "tsumiki-stg-mail"
}
`), 0o644))

	code, out := r.terraform("validate")
	require.Equal(t, 1, code, out)
	assert.Contains(t, out, "Module not installed")

	code, out = r.terraform("get")
	require.Equal(t, 0, code, out)
	code, out = r.terraform("validate")
	require.Equal(t, 0, code, out)

	code, out = r.terraform("plan")
	require.Equal(t, 1, code, out)
	assert.Contains(t, out, "Backend initialization required")

	code, out = r.terraform("init")
	require.Equal(t, 1, code, "init cannot install hashicorp/aws from the registry:\n"+out)
	assert.Contains(t, out, "Skip terraform init when using provider development overrides")

	code, out = r.terraform("plan")
	require.Equal(t, 0, code, out)
	assert.Contains(t, out, "Plan: 1 to add, 0 to change, 0 to destroy.")
}

// A replacement that creates before it destroys fails with a fixed name, as in AWS, and goes
// through with name_prefix (issue 12, item 7).
func TestTerraform_CreateBeforeDestroyNeedsAGeneratedName(t *testing.T) {
	o := buildOffline(t)
	group := func(naming, family string) string {
		return header + `
resource "aws_db_parameter_group" "this" {
  ` + naming + `
  family = "` + family + `"

  lifecycle {
    create_before_destroy = true
  }
}
`
	}
	for _, tt := range []struct {
		name    string
		naming  string
		wantErr string
	}{
		{name: "FixedName", naming: `name = "tsumiki-stg-db"`, wantErr: "DBParameterGroupAlreadyExists: Parameter group tsumiki-stg-db already exists"},
		{name: "NamePrefix", naming: `name_prefix = "tsumiki-stg-db-"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := o.newRoot(t, group(tt.naming, "postgres15"))
			code, out := r.terraform("apply", "-auto-approve")
			require.Equal(t, 0, code, out)
			require.NoError(t, os.WriteFile(filepath.Join(r.dir, "main.tf"), []byte(group(tt.naming, "postgres16")), 0o644))
			code, out = r.terraform("apply", "-auto-approve")
			if tt.wantErr == "" {
				require.Equal(t, 0, code, out)
				assert.Contains(t, out, "Apply complete! Resources: 1 added, 0 changed, 1 destroyed.")
				return
			}
			require.Equal(t, 1, code, out)
			assert.Contains(t, out, tt.wantErr)
		})
	}
}
