package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/internal/awsschema"
)

// fixturePackage is a trimmed copy of @cdktn/provider-aws 24.1.0 (generated public bindings):
// three types and the provider, JSDoc comments and source maps removed, the provider's
// endpoints block cut to two endpoints.
const fixturePackage = "testdata/package"

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
}

// fixtureRoot is a repository root whose terraform uses the fixture package's types.
func fixtureRoot(t *testing.T, extra string) string {
	t.Helper()
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "modules", "bucket", "main.tf"), `
resource "aws_s3_bucket_versioning" "this" {
  bucket = "b"
  versioning_configuration {
    status = "Enabled"
  }
}

resource "random_id" "not_aws" {
  byte_length = 4
}
`)
	writeFile(t, filepath.Join(root, "terraform", "stg", "app", "main.tf"), `
data "aws_iam_policy_document" "this" {}
`)
	writeFile(t, filepath.Join(root, "terraform", "stg", "app", ".terraform", "modules", "x", "main.tf"), `
resource "aws_not_scanned" "this" {}
`)
	writeFile(t, filepath.Join(root, "tools", "internal", "awsschema", "extra_types.txt"), extra)
	return root
}

func runTool(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, &stdout, &stderr)
	return stdout.String() + stderr.String(), err
}

func readSchema(t *testing.T, path string) *awsschema.Schema {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	s, err := awsschema.Parse(data)
	require.NoError(t, err)
	return s
}

func TestRun_Derive(t *testing.T) {
	root := fixtureRoot(t, "# comment\nresource aws_api_gateway_account\n")
	out, err := runTool(t, "-root", root, "-package", fixturePackage, "-want-package", "@cdktn/provider-aws@24.1.0")
	require.NoError(t, err, out)
	assert.Contains(t, out, "2 resource types, 1 data sources")
	s := readSchema(t, filepath.Join(root, "tools", "internal", "awsschema", "aws.json"))

	assert.Equal(t, awsschema.Source{Package: "@cdktn/provider-aws", PackageVersion: "24.1.0", ProviderVersion: "6.45.0"}, s.Source)
	require.Len(t, s.Resources, 2)
	require.Len(t, s.DataSources, 1)

	v := s.Resources["aws_s3_bucket_versioning"].Block
	assert.True(t, v.Attributes["bucket"].Required)
	assert.True(t, v.Attributes["expected_bucket_owner"].Optional)
	vc := v.BlockTypes["versioning_configuration"]
	assert.Equal(t, "list", vc.NestingMode)
	assert.Equal(t, int64(1), vc.MinItems)
	assert.Equal(t, int64(1), vc.MaxItems)
	assert.True(t, vc.Block.Attributes["status"].Required)

	acct := s.Resources["aws_api_gateway_account"].Block
	assert.Equal(t, awsschema.Attribute{Type: json.RawMessage(`["list",["object",{"burst_limit":"number","rate_limit":"number"}]]`), Computed: true}, acct.Attributes["throttle_settings"])
	assert.Equal(t, awsschema.Attribute{Type: json.RawMessage(`["set","string"]`), Computed: true}, acct.Attributes["features"])
	assert.Equal(t, awsschema.Attribute{Type: json.RawMessage(`"string"`), Optional: true}, acct.Attributes["cloudwatch_role_arn"])

	doc := s.DataSources["aws_iam_policy_document"].Block
	assert.True(t, doc.Attributes["json"].Computed)
	st := doc.BlockTypes["statement"]
	assert.Equal(t, "list", st.NestingMode)
	assert.Zero(t, st.MaxItems)
	assert.Equal(t, "set", st.Block.BlockTypes["principals"].NestingMode)
	assert.JSONEq(t, `["list","string"]`, string(st.Block.BlockTypes["condition"].Block.Attributes["values"].Type))

	p := s.Provider
	assert.JSONEq(t, `["set","string"]`, string(p.Attributes["allowed_account_ids"].Type))
	assert.Equal(t, int64(1), p.BlockTypes["default_tags"].MaxItems)
	assert.Zero(t, p.BlockTypes["assume_role"].MaxItems)
	assert.Len(t, p.BlockTypes["endpoints"].Block.Attributes, 2)
}

func TestRun_DeriveFromTarball(t *testing.T) {
	root := fixtureRoot(t, "")
	fromDir := filepath.Join(t.TempDir(), "dir.json")
	out, err := runTool(t, "-root", root, "-package", fixturePackage, "-out", fromDir)
	require.NoError(t, err, out)

	tgz := filepath.Join(t.TempDir(), "pkg.tgz")
	writeTarball(t, fixturePackage, tgz)
	fromTgz := filepath.Join(t.TempDir(), "tgz.json")
	out, err = runTool(t, "-root", root, "-package", tgz, "-out", fromTgz)
	require.NoError(t, err, out)

	a, err := os.ReadFile(fromDir)
	require.NoError(t, err)
	b, err := os.ReadFile(fromTgz)
	require.NoError(t, err)
	require.Equal(t, string(a), string(b))
}

// writeTarball packs dir as `npm pack` does: a gzipped tar with entries under package/.
func writeTarball(t *testing.T, dir, dst string) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if err := tw.WriteHeader(&tar.Header{Name: "package/" + filepath.ToSlash(rel), Mode: 0o644, Size: int64(len(data))}); err != nil {
			return err
		}
		_, err = tw.Write(data)
		return err
	}))
	require.NoError(t, tw.Close())
	require.NoError(t, zw.Close())
	require.NoError(t, os.WriteFile(dst, buf.Bytes(), 0o644))
}

func TestRun_DeriveErrors(t *testing.T) {
	tests := []struct {
		name    string
		extra   string
		args    []string
		wantErr string
	}{
		{name: "TypeNotInPackage", extra: "resource aws_sqs_queue\n", wantErr: `resource aws_sqs_queue: read lib/sqs-queue/index.js`},
		{name: "BadExtraLine", extra: "aws_sqs_queue\n", wantErr: "extra_types.txt:1: want `resource aws_<type>`"},
		{name: "WrongPackageVersion", args: []string{"-want-package", "@cdktn/provider-aws@25.5.0"}, wantErr: "package is @cdktn/provider-aws@24.1.0, want @cdktn/provider-aws@25.5.0"},
		{name: "NoPackage", args: []string{"-package", ""}, wantErr: "name the package with -package"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := fixtureRoot(t, tt.extra)
			args := append([]string{"-root", root, "-package", fixturePackage}, tt.args...)
			_, err := runTool(t, args...)
			require.ErrorContains(t, err, tt.wantErr)
			assert.NoFileExists(t, filepath.Join(root, "tools", "internal", "awsschema", "aws.json"))
		})
	}
}

// smallSchema has aws_s3_bucket_versioning and no data sources.
const smallSchema = `{
  "source": {"package": "@cdktn/provider-aws", "package_version": "24.1.0", "provider_version": "6.45.0"},
  "provider": {},
  "resource_schemas": {"aws_s3_bucket_versioning": {"version": 0, "block": {}}},
  "data_source_schemas": {}
}`

func TestRun_Check(t *testing.T) {
	root := fixtureRoot(t, "")
	schema := filepath.Join(t.TempDir(), "aws.json")
	writeFile(t, schema, smallSchema)

	out, err := runTool(t, "-check", "-root", root, "-schema", schema)
	require.ErrorIs(t, err, errMissing)
	require.ErrorContains(t, err, "run make tf/schema")
	assert.Contains(t, out, `terraform/stg/app/main.tf: data "aws_iam_policy_document" is not in the committed schema`)
	assert.NotContains(t, out, "aws_s3_bucket_versioning")
	assert.NotContains(t, out, "aws_not_scanned")
	assert.NotContains(t, out, "random_id")

	out, err = runTool(t, "-check", "-root", root, "-schema", schema, "-want-package", "@cdktn/provider-aws@25.5.0")
	require.ErrorIs(t, err, errMissing)
	assert.Contains(t, out, "schema comes from @cdktn/provider-aws@24.1.0 but mk/tf.mk pins @cdktn/provider-aws@25.5.0")

	writeFile(t, filepath.Join(root, "terraform", "stg", "app", "main.tf"), "locals {}\n")
	out, err = runTool(t, "-check", "-root", root, "-schema", schema, "-want-package", "@cdktn/provider-aws@24.1.0")
	require.NoError(t, err, out)
	assert.Contains(t, out, "covers all 1 aws types")
}

func TestRun_CheckEmbedded(t *testing.T) {
	// The committed schema covers the repository's own terraform (what make tf/schema-check runs).
	out, err := runTool(t, "-check", "-root", "../../..", "-want-package", "@cdktn/provider-aws@24.1.0")
	require.NoError(t, err, out)
}

func TestStorageType(t *testing.T) {
	tests := []struct {
		name, kind, storage string
		want                string
		wantErr             string
	}{
		{name: "String", kind: "simple", storage: "string", want: `"string"`},
		{name: "Bool", kind: "simple", storage: "boolean", want: `"bool"`},
		{name: "Dynamic", kind: "simple", storage: "any", want: `"dynamic"`},
		{name: "StringSet", kind: "set", storage: "stringList", want: `["set","string"]`},
		{name: "NumberList", kind: "list", storage: "numberList", want: `["list","number"]`},
		{name: "StringMap", kind: "map", storage: "stringMap", want: `["map","string"]`},
		{name: "ListOfLists", kind: "list", storage: "stringListList", want: `["list",["list","string"]]`},
		{name: "MapOfLists", kind: "map", storage: "stringListMap", want: `["map",["list","string"]]`},
		{name: "Unknown", kind: "simple", storage: "widget", wantErr: `unknown storage class type "widget"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := storageType(tt.kind, tt.storage)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.JSONEq(t, tt.want, got)
		})
	}
}

func TestMarkSensitive(t *testing.T) {
	t.Run("Marks", func(t *testing.T) {
		s := &awsschema.Schema{Resources: map[string]awsschema.Resource{
			"aws_sesv2_email_identity": {Block: awsschema.Block{BlockTypes: map[string]awsschema.NestedBlock{
				"dkim_signing_attributes": {NestingMode: "list", Block: awsschema.Block{Attributes: map[string]awsschema.Attribute{
					"domain_signing_private_key": {Type: json.RawMessage(`"string"`), Optional: true},
				}}},
			}}},
		}}
		require.NoError(t, markSensitive(s))
		assert.True(t, s.Resources["aws_sesv2_email_identity"].Block.BlockTypes["dkim_signing_attributes"].Block.Attributes["domain_signing_private_key"].Sensitive)
	})
	t.Run("GoneAttributeFails", func(t *testing.T) {
		s := &awsschema.Schema{Resources: map[string]awsschema.Resource{
			"aws_acm_certificate": {Block: awsschema.Block{Attributes: map[string]awsschema.Attribute{}}},
		}}
		require.ErrorContains(t, markSensitive(s), "sensitive aws_acm_certificate.private_key: no attribute private_key")
	})
}
