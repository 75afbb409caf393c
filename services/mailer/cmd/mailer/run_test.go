package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/logtest"
	"github.com/tsumiki-dev/tsumiki/libs/kit/testenv"
	"github.com/tsumiki-dev/tsumiki/libs/mailer"
	"github.com/tsumiki-dev/tsumiki/libs/mailer/mailertest"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/deadletter"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/idempotency"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/sestest"
)

func envFrom(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestRun_Errors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr []string
	}{
		{name: "NoCommandOutsideLambda", args: nil, wantErr: []string{"not running in AWS Lambda"}},
		{name: "UnknownCommand", args: []string{"serve"}, wantErr: []string{`unknown command "serve"`}},
		{name: "DLQUsage", args: []string{"dlq", "purge"}, wantErr: []string{"usage: mailer dlq list|redrive"}},
		{name: "PreviewUsage", args: []string{"preview"}, wantErr: []string{"templates: todo_due_reminder, welcome"}},
		{name: "PreviewUnknown", args: []string{"preview", "newsletter", t.TempDir()}, wantErr: []string{`unknown template: "newsletter"`}},
		{
			name: "RunLocalConfig", args: []string{"run-local"},
			env: map[string]string{"MAIL_SEND_RATE_PER_SECOND": "fast", "MAIL_LOCAL_WAIT": "30s", "LOG_LEVEL": "loud"},
			wantErr: []string{
				"MAIL_QUEUE_URL: is required", "MAIL_DLQ_URL: is required", "MAIL_IDEMPOTENCY_TABLE: is required",
				`MAIL_SEND_RATE_PER_SECOND: want a positive number of sends per second, got "fast"`,
				"MAIL_LOCAL_WAIT: want between 1s and 20s", "LOG_LEVEL", "AWS_REGION is required",
			},
		},
		{name: "LambdaConfig", env: map[string]string{"AWS_LAMBDA_RUNTIME_API": "127.0.0.1:1", "AWS_REGION": "ap-northeast-1"}, wantErr: []string{"MAIL_DLQ_URL: is required", "MAIL_IDEMPOTENCY_TABLE: is required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, envFrom(tt.env), &stdout, &stderr)
			require.Error(t, err)
			for _, want := range tt.wantErr {
				require.ErrorContains(t, err, want)
			}
		})
	}
}

func TestRun_Help(t *testing.T) {
	var stdout bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"help"}, envFrom(nil), &stdout, &bytes.Buffer{}))
	require.Contains(t, stdout.String(), "run-local")
}

func TestRun_Preview(t *testing.T) {
	for _, name := range mailer.TemplateNames() {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			var stdout bytes.Buffer
			require.NoError(t, run(context.Background(), []string{"preview", name, dir}, envFrom(nil), &stdout, &bytes.Buffer{}))
			paths := strings.Fields(stdout.String())
			require.Equal(t, []string{filepath.Join(dir, name+".html"), filepath.Join(dir, name+".txt")}, paths)
			html, err := os.ReadFile(paths[0])
			require.NoError(t, err)
			require.Contains(t, string(html), "<!DOCTYPE html>")
			text, err := os.ReadFile(paths[1])
			require.NoError(t, err)
			require.True(t, strings.HasPrefix(string(text), "Subject: "))
		})
	}
}

// localEnv is the local platform's settings (testenv) overlaid with vars.
func localEnv(vars map[string]string) func(string) string {
	return func(k string) string {
		if v, ok := vars[k]; ok {
			return v
		}
		return testenv.Lookup(k)
	}
}

// TestRun_RunLocal runs the real binary's run-local against the local platform: a mail
// enqueued with the client arrives in the local SES once, and a malformed message lands in
// the dead-letter queue, which `dlq list` shows and `dlq redrive` empties.
func TestRun_RunLocal(t *testing.T) {
	awsCfg := mailertest.AWSConfig(t, "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SESV2")
	sesEndpoint := testenv.Require(t, "AWS_ENDPOINT_URL_SESV2")
	prefix := mailertest.UniqueName("test-mailer-run")
	// The queues and table as make deps/up creates them (tools/internal/localcloud), under
	// this test's own names.
	sqsClient := sqs.NewFromConfig(awsCfg)
	q := mailertest.NewQueues(t, sqsClient, 60*time.Second, 5)
	table := prefix + "-idempotency"
	require.NoError(t, idempotency.CreateTable(context.Background(), dynamodb.NewFromConfig(awsCfg), table))
	t.Cleanup(func() {
		_, err := dynamodb.NewFromConfig(awsCfg).DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: aws.String(table)})
		assert.NoError(t, err)
	})
	vars := map[string]string{"MAIL_LOCAL_WAIT": "1s", "MAIL_SENDERS": "no-reply@tsumiki.dev",
		"MAIL_QUEUE_URL": q.URL, "MAIL_DLQ_URL": q.DLQURL, "MAIL_IDEMPOTENCY_TABLE": table}
	getenv := localEnv(vars)

	client, err := mailer.New(mailer.Config{AWS: awsCfg, QueueURL: vars["MAIL_QUEUE_URL"], Senders: []string{"no-reply@tsumiki.dev"}})
	require.NoError(t, err)
	to := prefix + "@example.com"
	_, err = client.Send(context.Background(), mailer.Mail{To: []string{to}, Template: mailer.Welcome{RecipientName: "Aiko", SignInURL: "https://app.tsumiki.dev/"}})
	require.NoError(t, err)
	_, err = sqsClient.SendMessage(context.Background(), &sqs.SendMessageInput{QueueUrl: aws.String(vars["MAIL_QUEUE_URL"]), MessageBody: aws.String("not an envelope")})
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	logs := logtest.New(t)
	go func() { done <- run(ctx, []string{"run-local"}, getenv, logs, logs) }()
	// Wait for both messages to be handled; the bound only keeps a broken runner from hanging
	// the test run, it asserts nothing about speed.
	var dead []deadletter.Letter
	for i := 0; i < 600 && (len(sestest.SentTo(t, sesEndpoint, to)) == 0 || len(dead) == 0); i++ {
		time.Sleep(100 * time.Millisecond)
		dead, err = deadletter.New(sqsClient, vars["MAIL_DLQ_URL"]).List(context.Background())
		require.NoError(t, err)
	}
	cancel()
	require.NoError(t, <-done, "run-local stops cleanly when its context ends")
	require.Len(t, sestest.SentTo(t, sesEndpoint, to), 1)

	var out bytes.Buffer
	require.NoError(t, run(context.Background(), []string{"dlq", "list"}, getenv, &out, &bytes.Buffer{}))
	require.Contains(t, out.String(), "1 dead letter(s)")
	require.Contains(t, out.String(), "reason:     malformed envelope: decode json")

	out.Reset()
	require.NoError(t, run(context.Background(), []string{"dlq", "redrive"}, getenv, &out, &bytes.Buffer{}))
	require.Contains(t, out.String(), "moved 1 dead letter(s)")
	require.Len(t, mailertest.Drain(t, sqsClient, vars["MAIL_QUEUE_URL"]), 1)
}

// TestMakefile_Templates keeps the TEMPLATE values that make mailer/preview accepts equal to the
// templates the library ships.
func TestMakefile_Templates(t *testing.T) {
	mk, err := os.ReadFile(filepath.Join("..", "..", "Makefile"))
	require.NoError(t, err)
	var listed []string
	for line := range strings.SplitSeq(string(mk), "\n") {
		if v, ok := strings.CutPrefix(line, "MAILER_TEMPLATES := "); ok {
			listed = strings.Fields(v)
		}
	}
	require.Equal(t, mailer.TemplateNames(), listed)
}
