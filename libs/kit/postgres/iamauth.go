package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/feature/rds/auth"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/jackc/pgx/v5"
)

// IAMBeforeConnect returns a pgx BeforeConnect hook (pgxpool.Config.BeforeConnect,
// stdlib.OptionBeforeConnect) that sets the password of every new connection to a fresh RDS
// IAM authentication token for the connection's host, port and user, signed for region with
// creds. A token is valid for 15 minutes and checked only when a connection opens
// (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html; the SDK signs
// it with X-Amz-Expires=900), so signing one per connection means no connection, however late
// the pool opens it, ever presents an expired one.
//
// The hook fails when the credentials cannot be retrieved (the error wraps the provider's).
func IAMBeforeConnect(region string, creds aws.CredentialsProvider) func(context.Context, *pgx.ConnConfig) error {
	return func(ctx context.Context, cc *pgx.ConnConfig) error {
		endpoint := net.JoinHostPort(cc.Host, strconv.Itoa(int(cc.Port)))
		token, err := auth.BuildAuthToken(ctx, endpoint, region, cc.User, creds)
		if err != nil {
			return fmt.Errorf("sign iam auth token for %s at %s: %w", cc.User, endpoint, err)
		}
		cc.Password = token
		return nil
	}
}

// SecretGetter is the part of the Secrets Manager client SecretPasswordBeforeConnect uses.
type SecretGetter interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, optFns ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// SecretPasswordBeforeConnect returns a pgx BeforeConnect hook that sets the password of
// every new connection from the secret secretARN, read at that moment: a JSON object with a
// "password" key, as RDS keeps its managed master user secret
// (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html). A password that
// RDS rotated is therefore picked up by the next connection. It fails when the secret cannot
// be read or has no password; the error never contains the secret's value.
func SecretPasswordBeforeConnect(client SecretGetter, secretARN string) func(context.Context, *pgx.ConnConfig) error {
	return func(ctx context.Context, cc *pgx.ConnConfig) error {
		out, err := client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(secretARN)})
		if err != nil {
			return fmt.Errorf("read database password secret %s: %w", secretARN, err)
		}
		var v struct {
			Password string `json:"password"`
		}
		if out.SecretString == nil || json.Unmarshal([]byte(*out.SecretString), &v) != nil || v.Password == "" {
			return fmt.Errorf("database password secret %s: want a JSON object with a password", secretARN)
		}
		cc.Password = v.Password
		return nil
	}
}

// beforeConnect returns the hook for c: nil for a URL, else SecretPasswordBeforeConnect or
// IAMBeforeConnect with c's credentials, or the default chain's (loaded once, cached and
// refreshed by the SDK).
func (c Config) beforeConnect(ctx context.Context) (func(context.Context, *pgx.ConnConfig) error, error) {
	if c.URL != "" {
		return nil, nil
	}
	if c.Region == "" {
		return nil, errors.New("database authentication through AWS needs a region (AWS_REGION)")
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion(c.Region))
	if err != nil {
		return nil, fmt.Errorf("load aws configuration for database authentication: %w", err)
	}
	if c.Credentials != nil {
		cfg.Credentials = c.Credentials
	}
	if c.PasswordSecretARN != "" {
		return SecretPasswordBeforeConnect(secretsmanager.NewFromConfig(cfg), c.PasswordSecretARN), nil
	}
	return IAMBeforeConnect(c.Region, cfg.Credentials), nil
}
