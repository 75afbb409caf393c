package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"golang.org/x/time/rate"

	"github.com/tsumiki-dev/tsumiki/libs/kit/logging"
	"github.com/tsumiki-dev/tsumiki/libs/mailer"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/config"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/deadletter"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/delivery"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/idempotency"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/localrunner"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/mailmetrics"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/ses"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/sesevents"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/suppression"
)

const usage = `usage: mailer [command]

Without a command, in AWS Lambda (AWS_LAMBDA_RUNTIME_API set): serve SQS events.

commands:
  run-local                 poll MAIL_QUEUE_URL and feed batches to the same handler
  dlq list                  list dead letters on MAIL_DLQ_URL with their reasons
  dlq redrive               move dead letters back to MAIL_QUEUE_URL
  preview TEMPLATE [DIR]    render TEMPLATE with sample data to DIR (default .local/mail-preview)
  help                      show this text

environment: AWS_REGION, AWS_ENDPOINT_URL_{SQS,SESV2,DYNAMODB}, MAIL_QUEUE_URL, MAIL_DLQ_URL,
MAIL_IDEMPOTENCY_TABLE, MAIL_IDEMPOTENCY_RETENTION, MAIL_SES_CONFIGURATION_SET,
MAIL_EVENTS_QUEUE_ARN, MAIL_SUPPRESSION_TABLE,
MAIL_SEND_RATE_PER_SECOND, MAIL_SENDERS, MAIL_DEADLINE_MARGIN, MAIL_LOCAL_WAIT,
MAIL_LOCAL_TIMEOUT, LOG_LEVEL (see design-docs/mailer.md)
`

// run is the whole program: main only wires signals and exit codes.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := ""
	if len(args) > 0 {
		cmd = args[0]
	}
	switch cmd {
	case "":
		if !config.InLambda(getenv) {
			fmt.Fprint(stderr, usage)
			return errors.New("no command given and not running in AWS Lambda (AWS_LAMBDA_RUNTIME_API is unset)")
		}
		return runLambda(ctx, getenv, stdout)
	case "run-local":
		return runLocal(ctx, getenv, stdout)
	case "dlq":
		return runDLQ(ctx, args[1:], getenv, stdout)
	case "preview":
		return runPreview(args[1:], stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// newSuppressionList is SES's account-level suppression list, or the DynamoDB table that
// stands in for it when MAIL_SUPPRESSION_TABLE is set (the local platform).
func newSuppressionList(cfg config.Config) suppression.List {
	if cfg.SuppressionTable != "" {
		return suppression.NewTable(dynamodb.NewFromConfig(cfg.AWS), cfg.SuppressionTable)
	}
	return suppression.NewSESAccount(sesv2.NewFromConfig(cfg.AWS))
}

// newRouter builds the function's whole handler: batches from the SES events queue
// (MAIL_EVENTS_QUEUE_ARN) go to the event handler, which suppresses bounced and complaining
// addresses; all others to the mail handler, which refuses suppressed addresses. Both share
// one suppression list.
func newRouter(cfg config.Config, logger *slog.Logger) (sesevents.HandlerFunc, error) {
	list := newSuppressionList(cfg)
	h, err := newHandler(cfg, logger, list)
	if err != nil {
		return nil, err
	}
	ev := &sesevents.Handler{List: list, Logger: logger}
	return sesevents.Route(cfg.EventsQueueARN, ev.Handle, sesevents.HandlerFunc(h)), nil
}

// newHandler builds the production mail handler from the configuration, with its CloudWatch
// metrics (mailmetrics).
func newHandler(cfg config.Config, logger *slog.Logger, list delivery.Suppressions) (mailmetrics.HandleFunc, error) {
	m, err := mailmetrics.New(logger, cfg.Environment, nil)
	if err != nil {
		return nil, err
	}
	h, err := delivery.NewHandler(m.Wrap(delivery.Options{
		Suppressions:   list,
		Store:          idempotency.New(dynamodb.NewFromConfig(cfg.AWS), cfg.IdempotencyTable, cfg.IdempotencyRetention),
		Sender:         ses.New(sesv2.NewFromConfig(cfg.AWS), cfg.ConfigurationSet),
		DeadLetters:    deadletter.New(sqs.NewFromConfig(cfg.AWS), cfg.DLQURL),
		Logger:         logger,
		Limiter:        rate.NewLimiter(rate.Limit(cfg.SendRate), 1),
		Senders:        cfg.Senders,
		DeadlineMargin: cfg.DeadlineMargin,
	}))
	if err != nil {
		return nil, err
	}
	return m.Handle(h.Handle), nil
}

func runLambda(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	cfg, err := config.Load(ctx, getenv, config.Requirement{DLQ: true, Table: true})
	if err != nil {
		return err
	}
	handle, err := newRouter(cfg, logging.New(stdout, config.Service, cfg.LogLevel))
	if err != nil {
		return err
	}
	// StartWithOptions serves invocations until the runtime shuts the sandbox down.
	lambda.StartWithOptions(handle, lambda.WithContext(ctx))
	return nil
}

func runLocal(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	cfg, err := config.Load(ctx, getenv, config.Requirement{Queue: true, DLQ: true, Table: true})
	if err != nil {
		return err
	}
	logger := logging.New(stdout, config.Service, cfg.LogLevel)
	handle, err := newRouter(cfg, logger)
	if err != nil {
		return err
	}
	client := sqs.NewFromConfig(cfg.AWS)
	arn, err := queueARN(ctx, client, cfg.QueueURL)
	if err != nil {
		return err
	}
	r := &localrunner.Runner{
		Client: client, QueueURL: cfg.QueueURL, QueueARN: arn, Region: cfg.AWS.Region,
		Handler: localrunner.HandlerFunc(handle), Logger: logger, WaitTime: cfg.LocalWait, Timeout: cfg.LocalTimeout,
	}
	logger.InfoContext(ctx, "local runner polling", slog.String("queue_url", cfg.QueueURL))
	return r.Run(ctx)
}

func queueARN(ctx context.Context, client *sqs.Client, url string) (string, error) {
	out, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: &url, AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameQueueArn},
	})
	if err != nil {
		return "", fmt.Errorf("read queue %s: %w", url, err)
	}
	return out.Attributes[string(types.QueueAttributeNameQueueArn)], nil
}

func runDLQ(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) != 1 || (args[0] != "list" && args[0] != "redrive") {
		return fmt.Errorf("usage: mailer dlq list|redrive")
	}
	cfg, err := config.Load(ctx, getenv, config.Requirement{DLQ: true, Queue: args[0] == "redrive"})
	if err != nil {
		return err
	}
	q := deadletter.New(sqs.NewFromConfig(cfg.AWS), cfg.DLQURL)
	if args[0] == "redrive" {
		n, err := q.Redrive(ctx, cfg.QueueURL)
		fmt.Fprintf(stdout, "moved %d dead letter(s) back to %s\n", n, cfg.QueueURL)
		return err
	}
	letters, err := q.List(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d dead letter(s) on %s\n", len(letters), cfg.DLQURL)
	for _, l := range letters {
		id, tpl := "-", "-"
		if env, err := mailer.ParseEnvelope([]byte(l.Body)); err == nil {
			id, tpl = env.ID, env.Template
		}
		fmt.Fprintf(stdout, "\nmessage_id: %s\nmail_id:    %s\ntemplate:   %s\nreceives:   %d\nfailed_at:  %s\nreason:     %s\n",
			l.MessageID, id, tpl, l.ReceiveCount, orDash(l.FailedAt), l.Reason)
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func runPreview(args []string, stdout io.Writer) error {
	if len(args) < 1 || len(args) > 2 {
		return fmt.Errorf("usage: mailer preview TEMPLATE [DIR]; templates: %s", strings.Join(mailer.TemplateNames(), ", "))
	}
	tpl, err := mailer.Sample(args[0])
	if err != nil {
		return err
	}
	dir := filepath.Join(".local", "mail-preview")
	if len(args) == 2 {
		dir = args[1]
	}
	content, err := mailer.Render(tpl)
	if err != nil {
		return fmt.Errorf("render %s: %w", args[0], err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create preview directory: %w", err)
	}
	htmlPath := filepath.Join(dir, args[0]+".html")
	textPath := filepath.Join(dir, args[0]+".txt")
	if err := os.WriteFile(htmlPath, []byte(content.HTML), 0o644); err != nil {
		return fmt.Errorf("write html preview: %w", err)
	}
	if err := os.WriteFile(textPath, []byte("Subject: "+content.Subject+"\n\n"+content.Text), 0o644); err != nil {
		return fmt.Errorf("write text preview: %w", err)
	}
	fmt.Fprintf(stdout, "%s\n%s\n", htmlPath, textPath)
	return nil
}
