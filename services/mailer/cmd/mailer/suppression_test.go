package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/testenv"
	"github.com/tsumiki-dev/tsumiki/libs/mailer"
	"github.com/tsumiki-dev/tsumiki/libs/mailer/mailertest"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/config"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/idempotency"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/localrunner"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/sestest"
)

// TestRouter_BounceAndComplaintSuppress is issue 14's must-show on the local platform: SES
// events in SES's format, delivered as SNS delivers them to SQS (the envelope, raw delivery
// off), reach the function's handler through the events queue; after a hard bounce or a
// complaint, no mail to that address reaches the local SES, while a soft bounce and a reject
// change nothing. The handler is the one the Lambda serves (newRouter, from the configuration),
// fed by the local runner as the event source mappings feed it.
func TestRouter_BounceAndComplaintSuppress(t *testing.T) {
	awsCfg := mailertest.AWSConfig(t, "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SESV2")
	sesEndpoint := testenv.Require(t, "AWS_ENDPOINT_URL_SESV2")
	ctx := context.Background()
	sqsClient := sqs.NewFromConfig(awsCfg)
	mailQ := mailertest.NewQueues(t, sqsClient, time.Minute, 5)
	eventsQ := mailertest.NewQueues(t, sqsClient, time.Minute, 5)
	ddb := dynamodb.NewFromConfig(awsCfg)
	table := mailertest.UniqueName("test-mailer-suppression")
	require.NoError(t, idempotency.CreateTable(ctx, ddb, table))
	t.Cleanup(func() {
		_, err := ddb.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: &table})
		assert.NoError(t, err)
	})

	cfg, err := config.Load(ctx, localEnv(map[string]string{
		"MAIL_DLQ_URL": mailQ.DLQURL, "MAIL_IDEMPOTENCY_TABLE": table, "MAIL_SUPPRESSION_TABLE": table,
		"MAIL_EVENTS_QUEUE_ARN": eventsQ.ARN, "MAIL_SENDERS": "no-reply@tsumiki.dev",
	}), config.Requirement{DLQ: true, Table: true})
	require.NoError(t, err)
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	handle, err := newRouter(cfg, logger)
	require.NoError(t, err)

	prefix := mailertest.UniqueName("supp")
	hard, complained, soft, rejected, other := prefix+"-hard@example.com", prefix+"-complaint@example.com",
		prefix+"-soft@example.com", prefix+"-reject@example.com", prefix+"-other@example.com"

	// SES → SNS → SQS: one notification per event on the events queue.
	topic := "arn:aws:sns:" + awsCfg.Region + ":111111111111:tsumiki-local-mailer-ses-events"
	for name, to := range map[string]string{"bounce-permanent": hard, "complaint": complained, "bounce-transient": soft, "reject": rejected} {
		event, err := sestest.Event(name, to)
		require.NoError(t, err)
		body, err := sestest.SNSNotification(topic, event)
		require.NoError(t, err)
		_, err = sqsClient.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(eventsQ.URL), MessageBody: aws.String(body)})
		require.NoError(t, err)
	}
	drain(t, &localrunner.Runner{Client: sqsClient, QueueURL: eventsQ.URL, QueueARN: eventsQ.ARN, Region: awsCfg.Region,
		Handler: localrunner.HandlerFunc(handle), Logger: logger, WaitTime: time.Second}, 4)

	// Then mail to each, and one mail to a suppressed address with a healthy one in Cc.
	client, err := mailer.New(mailer.Config{AWS: awsCfg, QueueURL: mailQ.URL, Senders: []string{"no-reply@tsumiki.dev"}})
	require.NoError(t, err)
	welcome := mailer.Welcome{RecipientName: "Aiko", SignInURL: "https://app.tsumiki.dev/"}
	for _, to := range []string{hard, complained, soft, rejected} {
		_, err := client.Send(ctx, mailer.Mail{To: []string{to}, Template: welcome})
		require.NoError(t, err)
	}
	_, err = client.Send(ctx, mailer.Mail{To: []string{strings.ToUpper(hard)}, Cc: []string{other}, Template: welcome})
	require.NoError(t, err)
	drain(t, &localrunner.Runner{Client: sqsClient, QueueURL: mailQ.URL, QueueARN: mailQ.ARN, Region: awsCfg.Region,
		Handler: localrunner.HandlerFunc(handle), Logger: logger, WaitTime: time.Second}, 5)

	require.Empty(t, sestest.SentTo(t, sesEndpoint, hard), "hard bounce: no further mail")
	require.Empty(t, sestest.SentTo(t, sesEndpoint, strings.ToUpper(hard)), "hard bounce, other case: no further mail")
	require.Empty(t, sestest.SentTo(t, sesEndpoint, complained), "complaint: no further mail")
	require.Len(t, sestest.SentTo(t, sesEndpoint, soft), 1, "a transient bounce suppresses nothing")
	require.Len(t, sestest.SentTo(t, sesEndpoint, rejected), 1, "a reject names no recipient to blame")
	require.Len(t, sestest.SentTo(t, sesEndpoint, other), 1, "the healthy Cc still gets its mail")
	require.Empty(t, mailertest.Drain(t, sqsClient, mailQ.DLQURL), "nothing dead-lettered")

	out := logs.String()
	require.Contains(t, out, `"msg":"recipients suppressed"`)
	require.Contains(t, out, `"msg":"every recipient is suppressed, mail not sent"`)
	for _, addr := range []string{hard, complained, soft, rejected, other} {
		require.NotContains(t, strings.ToLower(out), addr, "no e-mail address in the logs")
	}
}

// drain polls r until it has deleted want messages, failing on any reported failure.
func drain(t *testing.T, r *localrunner.Runner, want int) {
	t.Helper()
	deleted := 0
	for deadline := time.Now().Add(30 * time.Second); deleted < want; {
		require.True(t, time.Now().Before(deadline), "handled %d of %d messages in 30 s", deleted, want)
		res, err := r.Poll(context.Background())
		require.NoError(t, err)
		require.Zero(t, res.Failed, "no record may fail")
		deleted += res.Deleted
	}
}
