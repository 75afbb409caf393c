package postgres

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/feature/rds/auth"
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

// beforeConnect returns the hook for c: nil for a URL, else IAMBeforeConnect with c's
// credentials, or the default chain's (loaded once, cached and refreshed by the SDK).
func (c Config) beforeConnect(ctx context.Context) (func(context.Context, *pgx.ConnConfig) error, error) {
	if !c.IAM() {
		return nil, nil
	}
	if c.Region == "" {
		return nil, errors.New("iam database authentication needs a region (AWS_REGION)")
	}
	creds := c.Credentials
	if creds == nil {
		cfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion(c.Region))
		if err != nil {
			return nil, fmt.Errorf("load aws credentials for iam database authentication: %w", err)
		}
		creds = cfg.Credentials
	}
	return IAMBeforeConnect(c.Region, creds), nil
}
