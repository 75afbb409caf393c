package renameguard_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/gitrepo"
	"github.com/tsumiki-dev/tsumiki/tools/internal/renameguard"
	"github.com/tsumiki-dev/tsumiki/tools/internal/scratchgit"
	"github.com/tsumiki-dev/tsumiki/tools/internal/tfconfig"
)

// naming is a cut-down modules/naming: every input determines the name.
const naming = `
variable "environment" {
  type = string
}
variable "service" {
  type = string
}
variable "component" {
  type = string
}
output "id" {
  value = "tsumiki-${var.environment}-${var.service}-${var.component}"
}
`

// queueModule is a module whose resource name comes from naming through a local.
const queueModule = `
variable "environment" {
  type = string
}
variable "component" {
  type = string
}
variable "visibility_timeout_seconds" {
  type = number
}
module "name" {
  source      = "../naming"
  environment = var.environment
  service     = "mailer"
  component   = var.component
}
locals {
  queue_name = module.name.id
}
resource "aws_sqs_queue" "this" {
  name                       = local.queue_name
  visibility_timeout_seconds = var.visibility_timeout_seconds
}
`

const stack = `
terraform {
  backend "s3" {}
}
module "queue" {
  source                     = "../../../modules/queue"
  environment                = "stg"
  component                  = "queue"
  visibility_timeout_seconds = 30
}
module "bucket_name" {
  source      = "../../../modules/naming"
  environment = "stg"
  service     = "todo"
  component   = "exports"
}
resource "aws_s3_bucket" "exports" {
  bucket = module.bucket_name.id
}
resource "aws_iam_role" "task" {
  name = "tsumiki-stg-todo-task"
}
resource "aws_db_instance" "this" {
  identifier = "tsumiki-stg-todo-db"
}
resource "aws_subnet" "private" {
  count      = 2
  cidr_block = "10.0.${count.index}.0/24"
}
data "aws_caller_identity" "current" {}
module "env" {
  source = "../env"
}
module "data_name" {
  source      = "../../../modules/naming"
  environment = "stg"
  service     = module.env.service
  component   = "data"
  max_length  = 63
}
resource "aws_s3_bucket" "data" {
  bucket = module.data_name.id
}
`

func baseFiles() map[string]string {
	return map[string]string{
		"modules/naming/main.tf":    naming,
		"modules/queue/main.tf":     queueModule,
		"terraform/stg/app/main.tf": stack,
		"terraform/stg/env/main.tf": "output \"service\" {\n  value = \"todo\"\n}\n",
		"README.md":                 "# scratch\n",
	}
}

// compare commits the base files, applies change to the working tree (uncommitted) and runs
// the guard the way tfguard does: base exported from git, head read from disk.
func compare(t *testing.T, change func(r *scratchgit.Repo)) []renameguard.Finding {
	t.Helper()
	r := scratchgit.New(t)
	r.Write(baseFiles())
	r.Commit("base")
	change(r)
	ctx := context.Background()
	repo, err := gitrepo.Open(ctx, r.Dir)
	require.NoError(t, err)
	rev, err := repo.Base(ctx, "")
	require.NoError(t, err)
	tmp := t.TempDir()
	require.NoError(t, repo.Export(ctx, rev, tmp, "terraform", "modules"))
	base, err := tfconfig.LoadTree(tmp, "terraform", "modules")
	require.NoError(t, err)
	require.Len(t, base, 4, "base tree should hold naming, queue, env and the stack")
	findings, err := renameguard.Check(tmp, r.Dir, "terraform", "modules")
	require.NoError(t, err)
	return findings
}

// edit replaces old with new in the working tree's copy of file (which must contain old).
func edit(t *testing.T, file, old, new string) func(r *scratchgit.Repo) {
	return func(r *scratchgit.Repo) {
		content := baseFiles()[file]
		require.Contains(t, content, old)
		r.Write(map[string]string{file: strings.Replace(content, old, new, 1)})
	}
}

func both(fs ...func(r *scratchgit.Repo)) func(r *scratchgit.Repo) {
	return func(r *scratchgit.Repo) {
		for _, f := range fs {
			f(r)
		}
	}
}

// withFile applies change to file cumulatively (edit and appendTo start from the base).
func withFile(t *testing.T, file string, change func(string) string) func(r *scratchgit.Repo) {
	return func(r *scratchgit.Repo) {
		r.Write(map[string]string{file: change(baseFiles()[file])})
	}
}

const stackFile = "terraform/stg/app/main.tf"

func TestCompare(t *testing.T) {
	replace := func(old, new string) func(string) string {
		return func(s string) string {
			require.Contains(t, s, old)
			return strings.Replace(s, old, new, 1)
		}
	}
	chain := func(fs ...func(string) string) func(string) string {
		return func(s string) string {
			for _, f := range fs {
				s = f(s)
			}
			return s
		}
	}
	add := func(text string) func(string) string { return func(s string) string { return s + text } }

	tests := []struct {
		name        string
		change      func(r *scratchgit.Repo)
		wantKinds   []renameguard.Kind
		wantAddrs   []string
		wantFix     string
		wantDetails string
	}{
		{
			name:   "NoChange",
			change: func(*scratchgit.Repo) {},
		},
		{
			name: "CleanChangeAddsResourceAndEditsOtherArguments",
			change: withFile(t, stackFile, chain(
				replace("visibility_timeout_seconds = 30", "visibility_timeout_seconds = 60"),
				add("resource \"aws_sqs_queue\" \"extra\" {\n  name = \"tsumiki-stg-todo-extra\"\n}\n"),
			)),
		},
		{
			name:   "ReformatIsNotANameChange",
			change: edit(t, stackFile, `name = "tsumiki-stg-todo-task"`, "name   =   \"tsumiki-stg-todo-task\""),
		},
		{
			name:      "RenameWithoutMoved",
			change:    edit(t, stackFile, `resource "aws_iam_role" "task"`, `resource "aws_iam_role" "task_execution"`),
			wantKinds: []renameguard.Kind{renameguard.KindAddressRemoved},
			wantAddrs: []string{"aws_iam_role.task"},
			wantFix:   "moved {\n  from = aws_iam_role.task\n  to   = aws_iam_role.task_execution\n}",
		},
		{
			name: "RenameWithMoved",
			change: both(
				edit(t, stackFile, `resource "aws_iam_role" "task"`, `resource "aws_iam_role" "task_execution"`),
				func(r *scratchgit.Repo) {
					r.Write(map[string]string{"terraform/stg/app/migrations.tf": "moved {\n  from = aws_iam_role.task\n  to   = aws_iam_role.task_execution\n}\n"})
				},
			),
		},
		{
			name:      "ModuleRenameWithoutMoved",
			change:    edit(t, stackFile, `module "queue"`, `module "mail_queue"`),
			wantKinds: []renameguard.Kind{renameguard.KindAddressRemoved},
			wantAddrs: []string{"module.queue"},
			wantFix:   "moved {\n  from = module.queue\n  to   = module.mail_queue\n}",
		},
		{
			name: "ModuleRenameWithMoved",
			change: withFile(t, stackFile, chain(
				replace(`module "queue"`, `module "mail_queue"`),
				add("moved {\n  from = module.queue\n  to   = module.mail_queue\n}\n"),
			)),
		},
		{
			name:      "CountToForEachWithoutMoved",
			change:    edit(t, stackFile, "count      = 2\n  cidr_block = \"10.0.${count.index}.0/24\"", "for_each   = toset([\"a\", \"c\"])\n  cidr_block = each.key"),
			wantKinds: []renameguard.Kind{renameguard.KindRepetition},
			wantAddrs: []string{"aws_subnet.private"},
			wantFix:   "moved {\n  from = aws_subnet.private[0]\n  to   = aws_subnet.private[\"<key>\"]\n}",
		},
		{
			name: "CountToForEachWithMoved",
			change: withFile(t, stackFile, chain(
				replace("count      = 2\n  cidr_block = \"10.0.${count.index}.0/24\"", "for_each   = toset([\"a\", \"c\"])\n  cidr_block = each.key"),
				add("moved {\n  from = aws_subnet.private[0]\n  to   = aws_subnet.private[\"a\"]\n}\nmoved {\n  from = aws_subnet.private[1]\n  to   = aws_subnet.private[\"c\"]\n}\n"),
			)),
		},
		{
			name:   "NoRepetitionToCountIsMovedByTerraform",
			change: edit(t, stackFile, "resource \"aws_iam_role\" \"task\" {\n", "resource \"aws_iam_role\" \"task\" {\n  count = 1\n"),
		},
		{
			name:      "RemovedResourceWithoutRemovedBlock",
			change:    edit(t, stackFile, "resource \"aws_iam_role\" \"task\" {\n  name = \"tsumiki-stg-todo-task\"\n}\n", ""),
			wantKinds: []renameguard.Kind{renameguard.KindAddressRemoved},
			wantAddrs: []string{"aws_iam_role.task"},
			wantFix:   "removed {\n  from = aws_iam_role.task",
		},
		{
			name: "RemovedResourceWithRemovedBlock",
			change: withFile(t, stackFile, chain(
				replace("resource \"aws_iam_role\" \"task\" {\n  name = \"tsumiki-stg-todo-task\"\n}\n", ""),
				add("removed {\n  from = aws_iam_role.task\n  lifecycle {\n    destroy = false\n  }\n}\n"),
			)),
		},
		{
			name:        "NameLiteralChange",
			change:      edit(t, stackFile, `name = "tsumiki-stg-todo-task"`, `name = "tsumiki-stg-todo-worker"`),
			wantKinds:   []renameguard.Kind{renameguard.KindNameChange},
			wantAddrs:   []string{"aws_iam_role.task"},
			wantDetails: "aws_iam_role.task (name)",
		},
		{
			name:        "NamingInputChangeReachesBucket",
			change:      edit(t, stackFile, `component   = "exports"`, `component   = "export"`),
			wantKinds:   []renameguard.Kind{renameguard.KindNameChange},
			wantAddrs:   []string{"aws_s3_bucket.exports"},
			wantDetails: "aws_s3_bucket.exports (bucket)",
		},
		{
			name:        "ModuleInputThatFeedsNamingInsideModule",
			change:      edit(t, stackFile, `component                  = "queue"`, `component                  = "mail"`),
			wantKinds:   []renameguard.Kind{renameguard.KindModuleInput},
			wantAddrs:   []string{"module.queue"},
			wantDetails: "input component of module.queue determines the cloud-side names of aws_sqs_queue.this in modules/queue",
		},
		{
			name:        "NamingChangeInsideModuleThroughLocal",
			change:      edit(t, "modules/queue/main.tf", `service     = "mailer"`, `service     = "mail"`),
			wantKinds:   []renameguard.Kind{renameguard.KindNameChange},
			wantAddrs:   []string{"aws_sqs_queue.this"},
			wantDetails: "aws_sqs_queue.this (name)",
		},
		{
			name: "EnvironmentDataChangeSeenOnlyByRendering",
			change: func(r *scratchgit.Repo) {
				r.Write(map[string]string{"terraform/stg/env/main.tf": "output \"service\" {\n  value = \"todos\"\n}\n"})
			},
			wantKinds:   []renameguard.Kind{renameguard.KindNameChange},
			wantAddrs:   []string{"aws_s3_bucket.data"},
			wantDetails: `changes from "tsumiki-stg-todo-data" to "tsumiki-stg-todos-data"`,
		},
		{
			name:   "NamingInputChangeThatRendersTheSameName",
			change: edit(t, stackFile, "max_length  = 63", "max_length  = 40"),
		},
		{
			name:   "InPlaceRenamableIdentifier",
			change: edit(t, stackFile, `identifier = "tsumiki-stg-todo-db"`, `identifier = "tsumiki-stg-todo-database"`),
		},
		{
			name: "RootStackDirectoryRemoved",
			change: func(r *scratchgit.Repo) {
				r.Remove("terraform/stg/app")
			},
			wantKinds: []renameguard.Kind{
				renameguard.KindAddressRemoved, renameguard.KindAddressRemoved, renameguard.KindAddressRemoved,
				renameguard.KindAddressRemoved, renameguard.KindAddressRemoved, renameguard.KindAddressRemoved,
				renameguard.KindAddressRemoved, renameguard.KindAddressRemoved, renameguard.KindAddressRemoved,
			},
			wantAddrs: []string{"aws_db_instance.this", "aws_iam_role.task", "aws_s3_bucket.data", "aws_s3_bucket.exports", "aws_subnet.private",
				"module.bucket_name", "module.data_name", "module.env", "module.queue"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := compare(t, tt.change)
			var kinds []renameguard.Kind
			var addrs []string
			for _, f := range got {
				kinds = append(kinds, f.Kind)
				addrs = append(addrs, f.Address)
			}
			require.Equal(t, tt.wantKinds, kinds, "findings: %+v", got)
			require.Equal(t, tt.wantAddrs, addrs)
			if tt.wantFix != "" {
				require.Contains(t, got[0].Fix, tt.wantFix)
			}
			if tt.wantDetails != "" {
				require.Contains(t, got[0].Detail, tt.wantDetails)
			}
		})
	}
}

func TestAcknowledge(t *testing.T) {
	findings := compare(t, edit(t, stackFile, `name = "tsumiki-stg-todo-task"`, `name = "tsumiki-stg-todo-worker"`))
	require.Len(t, findings, 1)

	acks, err := renameguard.ParseAcks(strings.NewReader(`# intended replacements
terraform/stg/app aws_iam_role.task the task role is recreated under its new name (PR 42)
terraform/stg/app aws_s3_bucket.stale left over from an earlier change
`))
	require.NoError(t, err)
	open := renameguard.Acknowledge(findings, acks)
	require.Empty(t, open)
	require.NotNil(t, findings[0].Ack)
	require.Equal(t, "the task role is recreated under its new name (PR 42)", findings[0].Ack.Reason)
	require.True(t, acks[0].Used)
	require.False(t, acks[1].Used, "an ack for another address must not be used")

	var out strings.Builder
	require.NoError(t, renameguard.Write(&out, findings))
	require.Contains(t, out.String(), "ACKNOWLEDGED [name-changed] terraform/stg/app")
}

func TestAcknowledge_OtherDirectoryDoesNotMatch(t *testing.T) {
	findings := compare(t, edit(t, stackFile, `name = "tsumiki-stg-todo-task"`, `name = "tsumiki-stg-todo-worker"`))
	acks, err := renameguard.ParseAcks(strings.NewReader("terraform/prd/app aws_iam_role.task wrong stack\n"))
	require.NoError(t, err)
	require.Len(t, renameguard.Acknowledge(findings, acks), 1)
}

func TestParseAcks(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    int
		wantErr string
	}{
		{name: "Empty", input: "", want: 0},
		{name: "CommentsAndBlankLines", input: "# a\n\n  # b\n", want: 0},
		{name: "Valid", input: "terraform/stg/app aws_iam_role.task because\n", want: 1},
		{name: "MissingReason", input: "terraform/stg/app aws_iam_role.task\n", wantErr: `line 1: want "<dir> <address> <reason>"`},
		{name: "ReportsEveryBadLine", input: "a b\nok x y\nc\n", wantErr: "line 1: want \"<dir> <address> <reason>\", got \"a b\"; line 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := renameguard.ParseAcks(strings.NewReader(tt.input))
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Len(t, got, tt.want)
		})
	}
}
