package rehearse

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestLockedVersion(t *testing.T) {
	t.Parallel()

	v, err := LockedVersion("../../../terraform/stg/network")
	require.NoError(t, err)
	require.Regexp(t, `^6\.[0-9]+\.[0-9]+$`, v, "the committed lock file pins hashicorp/aws")

	v, err = LockedVersion(t.TempDir())
	require.NoError(t, err)
	require.Empty(t, v, "no lock file, no version")
}

func TestWriteMirror(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "terraform-provider-aws")
	require.NoError(t, os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755))

	rc, err := WriteMirror(bin, dir, []string{"6.57.1"})

	require.NoError(t, err)
	info, err := os.Stat(filepath.Join(dir, "mirror", "registry.terraform.io", "hashicorp", "aws", "6.57.1", Platform(), "terraform-provider-aws_v6.57.1"))
	require.NoError(t, err)
	require.NotZero(t, info.Mode()&0o100, "the provider stays executable")
	text, err := os.ReadFile(rc)
	require.NoError(t, err)
	require.Contains(t, string(text), `path    = "`+filepath.Join(dir, "mirror")+`"`)
	require.Contains(t, string(text), `exclude = ["registry.terraform.io/hashicorp/aws"]`)

	_, err = WriteMirror(bin, dir, nil)
	require.ErrorContains(t, err, "no root pins a hashicorp/aws version")
}

func TestTrustHash(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	lock := filepath.Join(dir, ".terraform.lock.hcl")
	committed := `provider "registry.terraform.io/hashicorp/aws" {
  version     = "6.57.1"
  constraints = "~> 6.57.0"
  hashes = [
    "h1:real=",
    "zh:real",
  ]
}
`
	require.NoError(t, os.WriteFile(lock, []byte(committed), 0o644))

	require.NoError(t, TrustHash(lock, "h1:offline="))
	require.NoError(t, TrustHash(lock, "h1:offline="), "a second call adds nothing")

	b, err := os.ReadFile(lock)
	require.NoError(t, err)
	require.Equal(t, `provider "registry.terraform.io/hashicorp/aws" {
  version     = "6.57.1"
  constraints = "~> 6.57.0"
  hashes = [
    "h1:offline=", # the offline provider (tfrehearse)
    "h1:real=",
    "zh:real",
  ]
}
`, string(b))

	require.NoError(t, os.WriteFile(lock, []byte("# empty\n"), 0o644))
	require.ErrorContains(t, TrustHash(lock, "h1:offline="), "has no hashes list for registry.terraform.io/hashicorp/aws")
}

func TestPackageHash(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "terraform-provider-aws_v6.57.1"), []byte("binary"), 0o755))

	h, err := PackageHash(dir)

	require.NoError(t, err)
	require.Regexp(t, `^h1:[A-Za-z0-9+/]{43}=$`, h)
}
