package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/tools/deploy"
	"github.com/tsumiki-dev/tsumiki/tools/internal/cli"
	"github.com/tsumiki-dev/tsumiki/tools/internal/svcdef"
)

// refuse is a connector that fails the test: bad input must stop before any AWS client.
func refuse(t *testing.T) connector {
	return func(context.Context, *deploy.Deployer, io.Writer) error {
		t.Error("connected to AWS on bad input")
		return errors.New("no AWS here")
	}
}

func TestRun_BadUsage(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	env := func(string) string { return "" }
	services, err := svcdef.Load(root)
	require.NoError(t, err)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-root", root, "ship", "todo-api", "stg"}, "unknown STEP 'ship'; one of: check build push migrate rollout wait all rollback"},
		{[]string{"-root", root, "push", "nope", "stg"}, "unknown SERVICE 'nope'; one of: " + strings.Join(svcdef.Names(services), " ")},
		{[]string{"-root", root, "rollback", "todo-api", "dev"}, "unknown ENV 'dev'; one of: stg prd"},
		{[]string{"-root", root, "push"}, "usage: deploy [-root DIR] STEP SERVICE ENV"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			err := run(context.Background(), tt.args, env, &bytes.Buffer{}, refuse(t))
			var ue cli.UsageError
			require.ErrorAs(t, err, &ue)
			require.ErrorContains(t, err, tt.want)
		})
	}
}

// TestRun_Resolves: a good command line reaches the connector with terraform's names, the
// platform from the task definition and IMAGE_TAG as the revision.
func TestRun_Resolves(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	env := map[string]string{"IMAGE_TAG": "v42"}
	var got *deploy.Deployer
	stop := errors.New("stop here")
	err := run(context.Background(), []string{"-root", root, "check", "todo-batch", "stg"}, func(k string) string { return env[k] }, &bytes.Buffer{},
		func(_ context.Context, d *deploy.Deployer, _ io.Writer) error { got = d; return stop })
	require.ErrorIs(t, err, stop)
	require.Equal(t, "v42", got.Tag)
	require.Equal(t, "linux/arm64", got.Platform)
	require.Equal(t, DefaultRegion, got.Region)
	require.Equal(t, "tsumiki-stg-todo-batch-images", got.Names.Repository)
}

func TestNeedsCleanTree(t *testing.T) {
	for _, a := range actions {
		require.False(t, needsCleanTree(a, "stg"), "stg deploys from any tree (%s)", a)
	}
	for _, a := range []string{"all", "build", "push", "migrate", "rollout"} {
		require.True(t, needsCleanTree(a, "prd"), "prd %s needs a clean tree", a)
	}
	for _, a := range []string{"check", "wait", "rollback"} {
		require.False(t, needsCleanTree(a, "prd"), "prd %s changes nothing a commit decides", a)
	}
}
