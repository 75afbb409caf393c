package tfconfig_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchdir"
	"github.com/tsumiki-dev/tsumiki/tools/internal/tfconfig"
)

func TestLoadTree(t *testing.T) {
	root := scratchdir.New(t, map[string]string{
		"terraform/stg/app/main.tf": `
terraform {
  backend "s3" {}
}
variable "env" {
  type    = string
  default = "stg"
}
locals {
  name = "x-${var.env}"
}
module "queue" {
  source   = "../../../modules/queue"
  for_each = toset(["a"])
  name     = local.name
}
resource "aws_s3_bucket" "this" {
  count  = 1
  bucket = "${module.queue["a"].name}-b"
}
data "aws_region" "current" {}
moved {
  from = aws_s3_bucket.old[0]
  to   = module.queue["a"].aws_s3_bucket.this
}
removed {
  from = aws_iam_role.gone
  lifecycle {
    destroy = false
  }
}
output "bucket" {
  value = aws_s3_bucket.this[0].bucket
}
`,
		"terraform/stg/app/.terraform/modules/x/main.tf": "this is not HCL {",
		"modules/queue/main.tf":                          "variable \"name\" {\n  type = string\n}\n",
		"modules/queue/README.md":                        "# queue\n",
	})
	tree, err := tfconfig.LoadTree(root, "terraform", "modules", "missing")
	require.NoError(t, err)
	require.Equal(t, []string{"modules/queue", "terraform/stg/app"}, tree.Dirs(), ".terraform and directories without .tf files are skipped")

	m := tree["terraform/stg/app"]
	assert.True(t, m.Backend)
	assert.Equal(t, map[string]bool{"env": true}, m.Variables)
	assert.Contains(t, m.Defaults, "env")
	assert.Equal(t, `"x-${var.env}"`, m.Locals["name"].Text)
	assert.Equal(t, []string{"var.env"}, m.Locals["name"].Refs)

	c := m.Calls["module.queue"]
	require.NotNil(t, c)
	assert.Equal(t, "../../../modules/queue", c.Source)
	assert.True(t, c.ForEach)
	assert.Equal(t, "modules/queue", tfconfig.LocalSource(m.Dir, c.Source))
	assert.NotContains(t, c.Args, "source")
	assert.NotContains(t, c.Args, "for_each")

	r := m.Resources["aws_s3_bucket.this"]
	require.NotNil(t, r)
	assert.True(t, r.Count)
	assert.Equal(t, []string{"module.queue"}, r.Attrs["bucket"].Refs)
	assert.Equal(t, "terraform/stg/app/main.tf:17", r.Pos)
	assert.True(t, m.Resources["data.aws_region.current"].Data)

	assert.Equal(t, []tfconfig.Moved{{From: "aws_s3_bucket.old[0]", To: `module.queue["a"].aws_s3_bucket.this`, Pos: "terraform/stg/app/main.tf:22"}}, m.Moved)
	assert.Equal(t, []string{"aws_iam_role.gone"}, m.Removed)
	assert.Equal(t, "aws_s3_bucket.this[0].bucket", m.Outputs["bucket"].Text)
}

func TestLoadTree_Errors(t *testing.T) {
	root := scratchdir.New(t, map[string]string{
		"modules/a/main.tf": "resource \"x\" \"y\" {\n  name = \n}\n",
		"modules/b/main.tf": "moved {\n  from = \"not an address\"\n  to = x.y\n}\n",
	})
	_, err := tfconfig.LoadTree(root, "modules")
	require.ErrorContains(t, err, "parse modules/a/main.tf")
	require.ErrorContains(t, err, `modules/b/main.tf:1: "from" is not an address`)
}

func TestStripKeys(t *testing.T) {
	tests := []struct {
		name string
		addr string
		want string
	}{
		{name: "NoKeys", addr: "aws_s3_bucket.this", want: "aws_s3_bucket.this"},
		{name: "CountIndex", addr: "aws_s3_bucket.this[0]", want: "aws_s3_bucket.this"},
		{name: "NestedForEach", addr: `module.a["x"].module.b[1].aws_s3_bucket.this["k"]`, want: "module.a.module.b.aws_s3_bucket.this"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, tfconfig.StripKeys(tt.addr))
		})
	}
}

func TestLocalSource(t *testing.T) {
	tests := []struct {
		name   string
		dir    string
		source string
		want   string
	}{
		{name: "Relative", dir: "terraform/stg/app", source: "../../stacks/app", want: "terraform/stacks/app"},
		{name: "ExampleOfItsModule", dir: "modules/naming/examples/basic", source: "../..", want: "modules/naming"},
		{name: "DotSlash", dir: "terraform/stg/app", source: "./sub", want: "terraform/stg/app/sub"},
		{name: "Registry", dir: "terraform/stg/app", source: "terraform-aws-modules/vpc/aws", want: ""},
		{name: "Git", dir: "terraform/stg/app", source: "git::https://example.com/x.git", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, tfconfig.LocalSource(tt.dir, tt.source))
		})
	}
}
