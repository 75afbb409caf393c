package postgres

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/stretchr/testify/require"
)

// writeTestCA writes a throwaway self-signed CA certificate, generated here, standing in for
// the RDS global bundle (which cannot be downloaded on this machine).
func writeTestCA(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "tsumiki test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "ca bundle.pem") // a space: the path must stay one value
	require.NoError(t, os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	return path
}

type staticCreds struct{}

func (staticCreds) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: "AKIDTEST", SecretAccessKey: "secret"}, nil
}

func TestConfig_PoolConfigIAM(t *testing.T) {
	t.Parallel()
	cfg := Config{
		Host: "db.example.rds.amazonaws.com", Port: 5432, Name: "tsumiki", User: "todo_app",
		Region: "ap-northeast-1", CAFile: writeTestCA(t), Credentials: staticCreds{},
	}
	pc, err := cfg.poolConfig(context.Background(), PoolOptions{MaxConns: 7, ApplicationName: "kit-test"})
	require.NoError(t, err)
	cc := pc.ConnConfig
	require.Equal(t, "db.example.rds.amazonaws.com", cc.Host)
	require.Equal(t, "todo_app", cc.User)
	require.Equal(t, "tsumiki", cc.Database)
	require.Empty(t, cc.Password, "no password is configured: each connection signs one")
	require.EqualValues(t, 7, pc.MaxConns)
	require.Equal(t, "kit-test", cc.RuntimeParams["application_name"])

	// sslmode=verify-full: TLS is required (no plain-text fallback), the chain is checked
	// against the bundle only, and the host name must match.
	require.NotNil(t, cc.TLSConfig)
	require.False(t, cc.TLSConfig.InsecureSkipVerify)
	require.Equal(t, "db.example.rds.amazonaws.com", cc.TLSConfig.ServerName)
	require.NotNil(t, cc.TLSConfig.RootCAs)
	require.Empty(t, cc.Fallbacks, "verify-full has no non-TLS fallback")

	require.NotNil(t, pc.BeforeConnect, "the pool signs a token before every new connection")
	conn := cc.Copy()
	require.NoError(t, pc.BeforeConnect(context.Background(), conn))
	u, err := url.Parse("https://" + conn.Password)
	require.NoError(t, err)
	require.Equal(t, "todo_app", u.Query().Get("DBUser"))
	require.Equal(t, "db.example.rds.amazonaws.com:5432", u.Host)
}

func TestConfig_PoolConfigURLHasNoHook(t *testing.T) {
	t.Parallel()
	pc, err := Config{URL: "pgx5://u:p@127.0.0.1:5432/db?sslmode=disable&pool_max_conns=3"}.poolConfig(context.Background(), PoolOptions{})
	require.NoError(t, err)
	require.Nil(t, pc.BeforeConnect)
	require.Equal(t, "p", pc.ConnConfig.Password)
	require.EqualValues(t, 3, pc.MaxConns, "pool settings in the URL still apply")
}

func TestConfig_PoolConfigMissingCABundle(t *testing.T) {
	t.Parallel()
	cfg := Config{Host: "db.example", Port: 5432, Name: "tsumiki", User: "todo_app", Region: "ap-northeast-1",
		CAFile: filepath.Join(t.TempDir(), "missing.pem"), Credentials: staticCreds{}}
	_, err := cfg.poolConfig(context.Background(), PoolOptions{})
	require.ErrorContains(t, err, "database configuration for todo_app@db.example:5432/tsumiki (CA bundle ")
	require.ErrorContains(t, err, "missing.pem")
}
