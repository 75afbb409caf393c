package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// standInAWS is an aws CLI stand-in: get-caller-identity prints FAKE_ACCOUNT's identity, or
// fails like the real CLI without credentials when FAKE_ACCOUNT is empty.
const standInAWS = `#!/bin/sh
FAKE_ACCOUNT=__ACCOUNT__
[ "$1 $2" = "sts get-caller-identity" ] || { echo "unexpected: $*" >&2; exit 2; }
if [ -z "$FAKE_ACCOUNT" ]; then
  echo "" >&2
  echo "Unable to locate credentials. You can configure credentials by running \"aws configure\"." >&2
  exit 255
fi
printf '{"UserId":"AROAEXAMPLE:alice","Account":"%s","Arn":"arn:aws:sts::%s:assumed-role/tsumiki-stg-platform-engineer/alice"}\n' "$FAKE_ACCOUNT" "$FAKE_ACCOUNT"
`

// repo writes a minimal repository: stg's env data, a network root and bootstrap's tfvars.
func repo(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"terraform/stg/env/main.tf":          "locals {\n  environment = \"stg\"\n  account_id  = \"111111111111\"\n}\n",
		"terraform/stg/network/main.tf":      "# root\n",
		"terraform/bootstrap/env/stg.tfvars": "environment = \"stg\"\naccount_id  = \"111111111111\"\n",
		"terraform/bootstrap/env/prd.tfvars": "environment = \"prd\"\naccount_id  = \"222222222222\"\n",
	}
	for p, content := range files {
		require.NoError(t, os.MkdirAll(filepath.Join(root, filepath.Dir(p)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, p), []byte(content), 0o644))
	}
	return root
}

// standIn writes an aws CLI stand-in whose credentials are for account ("" = no credentials).
func standIn(t *testing.T, account string) string {
	t.Helper()
	aws := filepath.Join(t.TempDir(), "aws")
	require.NoError(t, os.WriteFile(aws, []byte(strings.ReplaceAll(standInAWS, "__ACCOUNT__", account)), 0o755))
	return aws
}

func TestRun(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		wantErr    error
		wantErrMsg string
		wantOut    string
	}{
		{name: "RightAccount", args: []string{"-env", "stg", "-stack", "network"}, env: map[string]string{"FAKE_ACCOUNT": "111111111111"},
			wantOut: "tf/whoami: ok: arn:aws:sts::111111111111:assumed-role/tsumiki-stg-platform-engineer/alice is in account 111111111111, the one stg/network allows"},
		{name: "WrongAccount", args: []string{"-env", "stg", "-stack", "network"}, env: map[string]string{"FAKE_ACCOUNT": "222222222222"},
			wantErr: errWrongAccount, wantErrMsg: "stg/network may only run in account 111111111111 (terraform/stg/env/main.tf), but the current credentials (arn:aws:sts::222222222222:assumed-role/tsumiki-stg-platform-engineer/alice) are for account 222222222222: switch to the environment's profile, e.g. AWS_PROFILE=tsumiki-stg"},
		{name: "BootstrapReadsTfvars", args: []string{"-env", "prd", "-stack", "bootstrap"}, env: map[string]string{"FAKE_ACCOUNT": "111111111111"},
			wantErr: errWrongAccount, wantErrMsg: "prd/bootstrap may only run in account 222222222222 (terraform/bootstrap/env/prd.tfvars)"},
		{name: "NoCredentialsSkips", args: []string{"-env", "stg", "-stack", "network"}, env: map[string]string{"FAKE_ACCOUNT": ""},
			wantOut: "tf/whoami: skipped: no AWS credentials (aws sts get-caller-identity: Unable to locate credentials."},
		{name: "NoCLISkips", args: []string{"-env", "stg", "-stack", "network"}, env: map[string]string{"AWS_CLI": "/nonexistent/aws"},
			wantOut: "tf/whoami: skipped: no aws CLI"},
		{name: "OfflineProviderAccount", args: []string{"-env", "stg", "-stack", "network"}, env: map[string]string{"TSUMIKI_OFFLINE_AWS_ACCOUNT_ID": "123456789012", "FAKE_ACCOUNT": "111111111111"},
			wantErr: errWrongAccount, wantErrMsg: "are for account 123456789012"},
		{name: "UnknownStack", args: []string{"-env", "stg", "-stack", "nope"}, env: map[string]string{"FAKE_ACCOUNT": ""}, wantErrMsg: "no stack terraform/stg/nope"},
		{name: "MissingFlags", args: []string{"-env", "stg"}, wantErrMsg: "-env and -stack are required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := repo(t)
			env := map[string]string{}
			for k, v := range tt.env {
				env[k] = v
			}
			if account, ok := tt.env["FAKE_ACCOUNT"]; ok {
				env["AWS_CLI"] = standIn(t, account)
			}
			getenv := func(k string) string { return env[k] }
			var stdout, stderr bytes.Buffer

			err := run(context.Background(), append(tt.args, "-root", root), getenv, &stdout, &stderr)

			switch {
			case tt.wantErr != nil:
				require.ErrorIs(t, err, tt.wantErr)
				require.ErrorContains(t, err, tt.wantErrMsg)
			case tt.wantErrMsg != "":
				require.ErrorContains(t, err, tt.wantErrMsg)
				require.NotErrorIs(t, err, errWrongAccount)
			default:
				require.NoError(t, err)
			}
			require.Contains(t, stdout.String(), tt.wantOut)
		})
	}
}
