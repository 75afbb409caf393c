package deadletter_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/mailer/mailertest"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/deadletter"
)

func TestQueue_ListAndRedrive(t *testing.T) {
	cfg := mailertest.AWSConfig(t, "AWS_ENDPOINT_URL_SQS")
	client := sqs.NewFromConfig(cfg)
	q := mailertest.NewQueues(t, client, time.Minute, 3)
	ctx := context.Background()
	dlq := deadletter.New(client, q.DLQURL)

	require.NoError(t, dlq.DeadLetter(ctx, `{"not":"an envelope"}`, "src-1", "malformed envelope: schema_version 0"))
	require.NoError(t, dlq.DeadLetter(ctx, "plain text", "src-2", strings.Repeat("r", 5000)))
	// A message SQS moved after maxReceiveCount has no reason attribute.
	_, err := client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &q.DLQURL, MessageBody: aws.String("moved")})
	require.NoError(t, err)

	letters, err := dlq.List(ctx)
	require.NoError(t, err)
	require.Len(t, letters, 3)
	byBody := map[string]deadletter.Letter{}
	for _, l := range letters {
		byBody[l.Body] = l
	}
	require.Equal(t, "malformed envelope: schema_version 0", byBody[`{"not":"an envelope"}`].Reason)
	require.NotEmpty(t, byBody[`{"not":"an envelope"}`].FailedAt)
	require.Len(t, byBody["plain text"].Reason, 2048, "long reasons are cut")
	require.Equal(t, deadletter.RedrivenReason, byBody["moved"].Reason)

	again, err := dlq.List(ctx)
	require.NoError(t, err)
	require.Len(t, again, 3, "listing leaves the dead letters in place")

	n, err := dlq.Redrive(ctx, q.URL)
	require.NoError(t, err)
	require.Equal(t, 3, n)
	require.Empty(t, mailertest.Drain(t, client, q.DLQURL))
	moved := mailertest.Drain(t, client, q.URL)
	require.Len(t, moved, 3)
	for _, m := range moved {
		require.Contains(t, byBody, aws.ToString(m.Body))
		require.NotContains(t, m.MessageAttributes, deadletter.AttrReason, "redriven mail starts clean")
	}
}
