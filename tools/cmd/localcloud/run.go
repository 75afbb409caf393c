package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/tsumiki-dev/tsumiki/tools/internal/localcloud"
)

// requiredEnv are the variables localcloud cannot work without; `make deps/up` writes them.
var requiredEnv = []string{
	"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
	"AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_S3",
}

// run creates the resources and writes KEY=value lines to stdout; notes about local gaps go to
// stderr.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("localcloud", flag.ContinueOnError)
	fs.SetOutput(stderr)
	env := fs.String("env", "local", "environment part of the resource names")
	project := fs.String("project", "", "project part of the resource names (default tsumiki)")
	timeout := fs.Duration("timeout", 60*time.Second, "give up after this long")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("parse arguments: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q; usage: localcloud [-env local] [-project NAME]", fs.Args())
	}
	var errs []error
	for _, name := range requiredEnv {
		if getenv(name) == "" {
			errs = append(errs, fmt.Errorf("%s is not set (run `make deps/up`, which writes it to .local/env)", name))
		}
	}
	res, err := localcloud.Names(*project, *env)
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return err
	}

	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	// Only what getenv returns counts, so a developer's own AWS profile can never be used here.
	cfg, err := config.LoadDefaultConfig(ctx,
		config.WithRegion(getenv("AWS_REGION")),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(getenv("AWS_ACCESS_KEY_ID"), getenv("AWS_SECRET_ACCESS_KEY"), "")),
	)
	if err != nil {
		return fmt.Errorf("load aws configuration: %w", err)
	}
	clients := localcloud.NewClients(cfg, localcloud.Endpoints{
		SQS:      getenv("AWS_ENDPOINT_URL_SQS"),
		DynamoDB: getenv("AWS_ENDPOINT_URL_DYNAMODB"),
		S3:       getenv("AWS_ENDPOINT_URL_S3"),
	})
	out, err := localcloud.Ensure(ctx, clients, res)
	if err != nil {
		return err
	}
	for _, note := range out.Notes {
		fmt.Fprintf(stderr, "localcloud: note: %s\n", note)
	}
	_, err = fmt.Fprintf(stdout, "MAIL_QUEUE_URL=%s\nMAIL_DLQ_URL=%s\nMAIL_IDEMPOTENCY_TABLE=%s\nEXPORT_BUCKET=%s\n",
		out.MailQueueURL, out.MailDLQURL, out.IdempotencyTable, out.ExportBucket)
	if err != nil {
		return fmt.Errorf("write outputs: %w", err)
	}
	return nil
}
