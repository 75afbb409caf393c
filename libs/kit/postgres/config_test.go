package postgres_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/envconfig"
	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
)

func TestReadConfig(t *testing.T) {
	t.Parallel()
	iam := map[string]string{
		"DATABASE_HOST": "db.example", "DATABASE_NAME": "tsumiki", "DATABASE_USER": "todo_app",
		"AWS_REGION": "ap-northeast-1", "DATABASE_CA_FILE": "/etc/ssl/certs/rds-global-bundle.pem",
	}
	with := func(base map[string]string, kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name    string
		env     map[string]string
		want    postgres.Config
		wantErr []string
	}{
		{
			name: "URL",
			env:  map[string]string{"DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db", "AWS_REGION": "ap-northeast-1"},
			want: postgres.Config{URL: "postgres://u:p@127.0.0.1:5432/db", Port: 5432, Region: "ap-northeast-1"},
		},
		{
			name: "IAM",
			env:  with(iam, "DATABASE_PORT", "6543"),
			want: postgres.Config{Host: "db.example", Port: 6543, Name: "tsumiki", User: "todo_app", Region: "ap-northeast-1", CAFile: "/etc/ssl/certs/rds-global-bundle.pem"},
		},
		{
			name: "IAMDefaultPort",
			env:  iam,
			want: postgres.Config{Host: "db.example", Port: 5432, Name: "tsumiki", User: "todo_app", Region: "ap-northeast-1", CAFile: "/etc/ssl/certs/rds-global-bundle.pem"},
		},
		{
			name: "MasterPasswordSecret",
			env:  with(iam, "DATABASE_USER", "tsumiki_admin", "DATABASE_PASSWORD_SECRET_ARN", "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!db-1"),
			want: postgres.Config{Host: "db.example", Port: 5432, Name: "tsumiki", User: "tsumiki_admin", Region: "ap-northeast-1", CAFile: "/etc/ssl/certs/rds-global-bundle.pem",
				PasswordSecretARN: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!db-1"},
		},
		{name: "Nothing", env: map[string]string{}, wantErr: []string{"DATABASE_URL: is required, or DATABASE_HOST, DATABASE_NAME and DATABASE_USER"}},
		{
			name:    "IAMEveryMissingVariableAtOnce",
			env:     map[string]string{"DATABASE_HOST": "db.example", "DATABASE_PORT": "0"},
			wantErr: []string{"DATABASE_PORT: 0 is out of range", "DATABASE_NAME: is required for IAM", "DATABASE_USER: is required for IAM", "AWS_REGION: is required for IAM", "DATABASE_CA_FILE: is required for IAM"},
		},
		{
			name:    "BothWays",
			env:     with(iam, "DATABASE_URL", "postgres://u:secret@h/db", "DATABASE_PASSWORD_SECRET_ARN", "arn:x"),
			wantErr: []string{"DATABASE_HOST: must not be set together with DATABASE_URL", "DATABASE_NAME: must not be set together", "DATABASE_USER: must not be set together", "DATABASE_CA_FILE: must not be set together", "DATABASE_PASSWORD_SECRET_ARN: must not be set together"},
		},
		{name: "BadScheme", env: map[string]string{"DATABASE_URL": "mysql://u:secret@h/db"}, wantErr: []string{`DATABASE_URL: scheme "mysql": want postgres://`}},
		{name: "Unparsable", env: map[string]string{"DATABASE_URL": "postgres://u:secret@h:99999999999/%zz"}, wantErr: []string{"DATABASE_URL: invalid connection string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := envconfig.New(func(k string) string { return tt.env[k] })
			got := postgres.ReadConfig(r)
			err := r.Err()
			if len(tt.wantErr) == 0 {
				require.NoError(t, err)
				require.Equal(t, tt.want, got)
				return
			}
			require.Error(t, err)
			for _, want := range tt.wantErr {
				require.Contains(t, err.Error(), want)
			}
			require.Len(t, strings.Split(err.Error(), "\n"), len(tt.wantErr), "one line per problem: %v", err)
			require.NotContains(t, err.Error(), "secret", "errors never echo the password")
		})
	}
}

func TestFromEnv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		env      map[string]string
		wantPool postgres.PoolOptions
		wantErr  string
	}{
		{name: "Default", env: map[string]string{"DATABASE_URL": "postgres://u@h/db"}, wantPool: postgres.PoolOptions{MaxConns: 10, ApplicationName: "svc", StatementTimeout: postgres.DefaultStatementTimeout, IdleInTransactionTimeout: postgres.DefaultIdleInTransactionTimeout}},
		{name: "Set", env: map[string]string{"DATABASE_URL": "postgres://u@h/db", "DATABASE_MAX_CONNS": "3"}, wantPool: postgres.PoolOptions{MaxConns: 3, ApplicationName: "svc", StatementTimeout: postgres.DefaultStatementTimeout, IdleInTransactionTimeout: postgres.DefaultIdleInTransactionTimeout}},
		{name: "OutOfRange", env: map[string]string{"DATABASE_URL": "postgres://u@h/db", "DATABASE_MAX_CONNS": "0"}, wantErr: "DATABASE_MAX_CONNS: 0 is out of range [1, 1000]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := envconfig.New(func(k string) string { return tt.env[k] })
			db, pool := postgres.FromEnv(r, "svc", 10)
			if tt.wantErr != "" {
				require.EqualError(t, r.Err(), tt.wantErr)
				return
			}
			require.NoError(t, r.Err())
			require.Equal(t, "postgres://u@h/db", db.URL)
			require.Equal(t, tt.wantPool, pool)
		})
	}
}
