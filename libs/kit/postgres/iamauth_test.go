package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/postgres"
)

// countingCredentials stands in for the task role: every Retrieve returns new temporary
// credentials, as a refreshed role session would, and counts the calls.
type countingCredentials struct{ calls atomic.Int32 }

func (c *countingCredentials) Retrieve(context.Context) (aws.Credentials, error) {
	n := c.calls.Add(1)
	return aws.Credentials{
		AccessKeyID:     fmt.Sprintf("ASIATESTKEY%04d", n),
		SecretAccessKey: "test-secret",
		SessionToken:    fmt.Sprintf("session-%d", n),
		Source:          "test",
	}, nil
}

type failingCredentials struct{}

func (failingCredentials) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials{}, errors.New("no task role here")
}

// parseToken reads an RDS auth token: a presigned URL without its scheme.
func parseToken(t *testing.T, token string) *url.URL {
	t.Helper()
	require.False(t, strings.HasPrefix(token, "https://"), "the token is the URL without its scheme")
	u, err := url.Parse("https://" + token)
	require.NoError(t, err)
	return u
}

func TestIAMBeforeConnect(t *testing.T) {
	t.Parallel()
	creds := &countingCredentials{}
	hook := postgres.IAMBeforeConnect("ap-northeast-1", creds)

	connect := func() *url.URL {
		cc := &pgx.ConnConfig{}
		cc.Host, cc.Port, cc.User, cc.Database = "tsumiki-stg-todo-api-db.abc.ap-northeast-1.rds.amazonaws.com", 5432, "todo_app", "tsumiki"
		require.NoError(t, hook(context.Background(), cc))
		require.NotEmpty(t, cc.Password)
		return parseToken(t, cc.Password)
	}
	first, second := connect(), connect()

	for _, u := range []*url.URL{first, second} {
		require.Equal(t, "tsumiki-stg-todo-api-db.abc.ap-northeast-1.rds.amazonaws.com:5432", u.Host)
		q := u.Query()
		require.Equal(t, "connect", q.Get("Action"))
		require.Equal(t, "todo_app", q.Get("DBUser"))
		require.Equal(t, "900", q.Get("X-Amz-Expires"), "tokens live 15 minutes")
		require.Contains(t, q.Get("X-Amz-Credential"), "/ap-northeast-1/rds-db/aws4_request")
		require.NotEmpty(t, q.Get("X-Amz-Signature"))
	}
	require.EqualValues(t, 2, creds.calls.Load(), "each new connection signs its own token")
	require.NotEqual(t, first.String(), second.String(), "two connections, two tokens")
	require.Equal(t, "session-1", first.Query().Get("X-Amz-Security-Token"))
	require.Equal(t, "session-2", second.Query().Get("X-Amz-Security-Token"))
}

func TestIAMBeforeConnect_CredentialsFail(t *testing.T) {
	t.Parallel()
	hook := postgres.IAMBeforeConnect("ap-northeast-1", failingCredentials{})
	cc := &pgx.ConnConfig{}
	cc.Host, cc.Port, cc.User = "db.example", 5432, "todo_app"
	err := hook(context.Background(), cc)
	require.ErrorContains(t, err, "sign iam auth token for todo_app at db.example:5432")
	require.ErrorContains(t, err, "no task role here")
	require.Empty(t, cc.Password)
}

// rotatingSecret stands in for Secrets Manager: each read returns the next password, as if
// RDS had rotated it in between.
type rotatingSecret struct {
	reads atomic.Int32
	value func(n int32) string
}

func (s *rotatingSecret) GetSecretValue(_ context.Context, in *secretsmanager.GetSecretValueInput, _ ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error) {
	if aws.ToString(in.SecretId) != "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!db-1" {
		return nil, errors.New("ResourceNotFoundException")
	}
	n := s.reads.Add(1)
	return &secretsmanager.GetSecretValueOutput{SecretString: aws.String(s.value(n))}, nil
}

func TestSecretPasswordBeforeConnect(t *testing.T) {
	t.Parallel()
	const arn = "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:rds!db-1"
	secret := &rotatingSecret{value: func(n int32) string {
		return fmt.Sprintf(`{"username":"tsumiki_admin","password":"pw-%d"}`, n)
	}}
	hook := postgres.SecretPasswordBeforeConnect(secret, arn)
	for _, want := range []string{"pw-1", "pw-2"} {
		cc := &pgx.ConnConfig{}
		require.NoError(t, hook(context.Background(), cc))
		require.Equal(t, want, cc.Password, "each new connection reads the current password")
	}

	t.Run("NoPassword", func(t *testing.T) {
		bad := &rotatingSecret{value: func(int32) string { return `{"username":"tsumiki_admin","pass":"leak-me"}` }}
		err := postgres.SecretPasswordBeforeConnect(bad, arn)(context.Background(), &pgx.ConnConfig{})
		require.ErrorContains(t, err, "want a JSON object with a password")
		require.NotContains(t, err.Error(), "leak-me")
	})
	t.Run("ReadFails", func(t *testing.T) {
		err := postgres.SecretPasswordBeforeConnect(secret, "arn:other")(context.Background(), &pgx.ConnConfig{})
		require.ErrorContains(t, err, "read database password secret arn:other: ResourceNotFoundException")
	})
}
