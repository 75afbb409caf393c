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
