package namestability_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/namestability"
	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchdir"
)

var update = flag.Bool("update", false, "rewrite testdata/names.golden from the terraform tree")

const golden = "testdata/names.golden"

// TestRender_Golden is the name-stability test: the names every stack gives its resources
// must equal the committed golden file. A rename shows up as a diff in review; after an
// intended change, rerun with -update (make tf/names-update) and commit the file.
func TestRender_Golden(t *testing.T) {
	r, err := namestability.Render(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	require.NotEmpty(t, r.Entries, "no stack rendered any name: is terraform/ there?")
	var got bytes.Buffer
	require.NoError(t, namestability.Write(&got, r.Entries))
	if *update {
		require.NoError(t, os.WriteFile(golden, got.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "missing golden file: run make tf/names-update")
	require.Equal(t, string(want), got.String(),
		"cloud-side names changed: if intended, run make tf/names-update and commit %s with a migration note", golden)
}

// TestRender_NamingInputsValid fails when a stack calls the naming module with inputs its
// validation rejects: terraform plan would fail there.
func TestRender_NamingInputsValid(t *testing.T) {
	r, err := namestability.Render(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	require.Empty(t, r.Problems)
}

func TestRender(t *testing.T) {
	root := scratchdir.New(t, map[string]string{
		"modules/naming/main.tf": "variable \"environment\" {\n  type = string\n}\n",
		"modules/queue/main.tf": `
variable "environment" {
  type = string
}
variable "service" {
  type = string
}
variable "max_length" {
  type    = number
  default = 80
}
module "name" {
  source      = "../naming"
  environment = var.environment
  service     = var.service
  component   = "queue"
  max_length  = var.max_length
}
locals {
  base = module.name.id
  dlq  = "${local.base}-dlq"
}
resource "aws_sqs_queue" "this" {
  name = local.base
}
resource "aws_sqs_queue" "dead_letter" {
  name = local.dlq
}
resource "aws_sqs_queue_policy" "this" {
  queue_url = aws_sqs_queue.this.id
  name      = aws_sqs_queue.this.name
}
output "name" {
  value = aws_sqs_queue.this.name
}
`,
		"terraform/stg/env/main.tf": "output \"environment\" {\n  value = \"stg\"\n}\noutput \"services\" {\n  value = [\"mailer\", \"todo-batch\"]\n}\n",
		"terraform/stg/app/main.tf": `
module "env" {
  source = "../env"
}
module "queues" {
  source      = "../../../modules/queue"
  for_each    = toset(module.env.services)
  environment = module.env.environment
  service     = each.key
}
module "bad" {
  source      = "../../../modules/naming"
  environment = "dev"
  service     = "x"
  component   = "y"
}
data "terraform_remote_state" "shared" {
  backend = "s3"
}
resource "aws_iam_role" "worker" {
  count = 2
  name  = "tsumiki-${module.env.environment}-worker-${count.index}"
}
resource "aws_s3_bucket" "remote" {
  bucket = "${data.terraform_remote_state.shared.outputs.prefix}-remote"
}
`,
		"terraform/bootstrap/main.tf": `
variable "environment" {
  type = string
}
module "name" {
  source      = "../../modules/naming"
  environment = var.environment
  service     = "platform"
  component   = "tfstate"
}
resource "aws_s3_bucket" "state" {
  bucket = module.name.id
}
`,
		"terraform/bootstrap/env/stg.tfvars": "environment = \"stg\"\n",
		"terraform/bootstrap/env/prd.tfvars": "environment = \"prd\"\n",
	})
	r, err := namestability.Render(root)
	require.NoError(t, err)
	var got bytes.Buffer
	require.NoError(t, namestability.Write(&got, r.Entries))
	require.Equal(t, `# Cloud-side names of every resource, per root stack (and so per environment), rendered
# statically from terraform/ and modules/naming by tools/internal/namestability.
# A diff here is a rename: the resource is destroyed and recreated unless it can be renamed in place.
# Regenerate after an intended change: make tf/names-update
terraform/bootstrap:env/prd.tfvars aws_s3_bucket.state bucket = tsumiki-prd-platform-tfstate
terraform/bootstrap:env/stg.tfvars aws_s3_bucket.state bucket = tsumiki-stg-platform-tfstate
terraform/stg/app aws_iam_role.worker[0] name = tsumiki-stg-worker-0
terraform/stg/app aws_iam_role.worker[1] name = tsumiki-stg-worker-1
terraform/stg/app aws_s3_bucket.remote bucket = (known after apply)
terraform/stg/app module.queues["mailer"].aws_sqs_queue.dead_letter name = tsumiki-stg-mailer-queue-dlq
terraform/stg/app module.queues["mailer"].aws_sqs_queue.this name = tsumiki-stg-mailer-queue
terraform/stg/app module.queues["todo-batch"].aws_sqs_queue.dead_letter name = tsumiki-stg-todo-batch-queue-dlq
terraform/stg/app module.queues["todo-batch"].aws_sqs_queue.this name = tsumiki-stg-todo-batch-queue
`, got.String())
	require.Len(t, r.Problems, 1)
	require.Contains(t, r.Problems[0], "terraform/stg/app: module.bad: naming inputs invalid")
}

// TestRender_ReadsDefinitions is a stack that takes its for_each from YAML files the way
// terraform/stacks/shared reads services/*/service.yaml: fileset, file and yamldecode are
// evaluated, so the names stay known.
func TestRender_ReadsDefinitions(t *testing.T) {
	root := scratchdir.New(t, map[string]string{
		"modules/naming/main.tf":     "variable \"environment\" {\n  type = string\n}\n",
		"services/api/service.yaml":  "name: api\nkind: http\n",
		"services/jobs/service.yaml": "name: jobs\nkind: worker\nreads: [a, b]\n",
		"services/mail/service.yaml": "name: mail\nkind: lambda\n",
		"services/notes.txt":         "not a definition",
		"terraform/stg/app/main.tf": `
locals {
  dir      = "${path.module}/../../../services"
  services = [for f in sort(fileset(local.dir, "*/service.yaml")) : yamldecode(file("${local.dir}/${f}"))]
  images   = toset([for s in local.services : s.name if s.kind != "lambda"])
}
resource "aws_ecr_repository" "this" {
  for_each = local.images
  name     = "tsumiki-stg-${each.key}-images"
}
`,
	})
	r, err := namestability.Render(root)
	require.NoError(t, err)
	var got bytes.Buffer
	require.NoError(t, namestability.Write(&got, r.Entries))
	require.Contains(t, got.String(), "terraform/stg/app aws_ecr_repository.this[\"api\"] name = tsumiki-stg-api-images\n"+
		"terraform/stg/app aws_ecr_repository.this[\"jobs\"] name = tsumiki-stg-jobs-images\n")
	require.NotContains(t, got.String(), "mail")
	require.NotContains(t, got.String(), namestability.Unknown)
}
