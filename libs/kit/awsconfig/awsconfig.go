// Package awsconfig loads the AWS SDK configuration from environment variables, the same way in
// every service, on a laptop and in AWS.
//
// It is a thin layer over config.LoadDefaultConfig. What it adds is that the variables come from
// a getenv function (the service's run function receives one, and tests pass their own), and that
// a missing AWS_REGION is a clear error instead of a failure at the first call. The SDK's
// service-specific endpoint variables (AWS_ENDPOINT_URL_SQS, AWS_ENDPOINT_URL_SESV2,
// AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_S3, ...) and the global AWS_ENDPOINT_URL point the
// clients at the local emulators; in AWS they are unset and the clients use the real endpoints.
package awsconfig

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Load returns the AWS configuration described by the variables that getenv returns:
// AWS_REGION (required), AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (optional; without them the
// SDK's default chain applies, such as the Lambda or ECS task role), AWS_ENDPOINT_URL and
// AWS_ENDPOINT_URL_<SERVICE> (optional endpoint overrides). It returns an error naming every
// missing or invalid variable.
func Load(ctx context.Context, getenv func(string) string) (aws.Config, error) {
	var errs []error
	region := getenv("AWS_REGION")
	if region == "" {
		errs = append(errs, errors.New("AWS_REGION is required"))
	}
	keyID, secret := getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY")
	if (keyID == "") != (secret == "") {
		errs = append(errs, errors.New("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together"))
	}
	if err := errors.Join(errs...); err != nil {
		return aws.Config{}, fmt.Errorf("aws configuration: %w", err)
	}

	opts := []func(*config.LoadOptions) error{config.WithRegion(region)}
	if keyID != "" {
		opts = append(opts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(keyID, secret, getenv("AWS_SESSION_TOKEN"))))
	}
	if base := getenv("AWS_ENDPOINT_URL"); base != "" {
		opts = append(opts, config.WithBaseEndpoint(base))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("load aws configuration: %w", err)
	}
	// The SDK asks each configuration source in turn for a service's endpoint; putting ours first
	// makes getenv's AWS_ENDPOINT_URL_<SERVICE> win, exactly as the process environment would.
	cfg.ConfigSources = append([]any{serviceEndpoints(getenv)}, cfg.ConfigSources...)
	return cfg, nil
}

// serviceEndpoints resolves AWS_ENDPOINT_URL_<SERVICE> through a getenv function. It satisfies
// the SDK's service base endpoint provider interface (the one its EnvConfig implements).
type serviceEndpoints func(string) string

// GetServiceBaseEndpoint returns the endpoint for the service with the given SDK ID ("SQS",
// "SESv2", "DynamoDB", "S3"), using the SDK's own naming: upper case, spaces as underscores.
func (getenv serviceEndpoints) GetServiceBaseEndpoint(_ context.Context, sdkID string) (string, bool, error) {
	name := "AWS_ENDPOINT_URL_" + strings.ReplaceAll(strings.ToUpper(sdkID), " ", "_")
	if v := getenv(name); v != "" {
		return v, true, nil
	}
	return "", false, nil
}
