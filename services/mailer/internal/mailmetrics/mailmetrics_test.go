package mailmetrics_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
	"github.com/tsumiki-dev/tsumiki/libs/kit/syncbuf"
	"github.com/tsumiki-dev/tsumiki/libs/mailer"
	"github.com/tsumiki-dev/tsumiki/libs/mailer/mailertest"
	mailersvc "github.com/tsumiki-dev/tsumiki/services/mailer"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/deadletter"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/delivery"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/idempotency"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/mailmetrics"
)

// ses stands in for SES (the layer below the handler, tested against the local SES in
// package ses): it fails the mails listed, transiently or for good.
type ses struct{ transient, permanent string }

func (s ses) Send(_ context.Context, m delivery.Message) (string, error) {
	switch m.ID {
	case s.transient:
		return "", errors.New("ses send email: TooManyRequestsException: throttled")
	case s.permanent:
		return "", fmt.Errorf("ses send email: %w: MessageRejected", delivery.ErrPermanent)
	}
	return "ses-" + m.ID, nil
}

// suppressionList is the suppression list; its lookups of one address fail.
type suppressionList struct{ broken string }

func (l suppressionList) Suppressed(_ context.Context, address string) (bool, error) {
	if address == l.broken {
		return false, errors.New("sesv2 get suppressed destination: throttled")
	}
	return false, nil
}

func envelope(t *testing.T, id string) string {
	t.Helper()
	c, err := mailer.New(mailer.Config{QueueURL: "unused", Senders: []string{"no-reply@tsumiki.dev"}})
	require.NoError(t, err)
	_, body, err := c.Envelope(mailer.Mail{To: []string{id + "@example.com"}, IdempotencyKey: id,
		Template: mailer.Welcome{RecipientName: "Aiko", SignInURL: "https://app.tsumiki.dev/"}})
	require.NoError(t, err)
	return string(body)
}

// TestMetrics_Delivery proves the delivery alarm family's metrics (the SLO's MailsHandled
// and MailsUndelivered; MailsSent, MailsFailed, MailsDeadLettered and QueueLag) are emitted
// as observability.yaml defines them, by the real handler wired as cmd/mailer wires it, with
// the real idempotency store (local DynamoDB) and dead-letter queue (local SQS).
func TestMetrics_Delivery(t *testing.T) {
	cfg := mailertest.AWSConfig(t, "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_DYNAMODB")
	ddb := dynamodb.NewFromConfig(cfg)
	table := mailertest.UniqueName("test-mailer-metrics")
	require.NoError(t, idempotency.CreateTable(context.Background(), ddb, table))
	t.Cleanup(func() {
		_, err := ddb.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: &table})
		assert.NoError(t, err)
	})
	sqsClient := sqs.NewFromConfig(cfg)
	queues := mailertest.NewQueues(t, sqsClient, time.Minute, 3)

	logs := &syncbuf.Buffer{}
	log := slog.New(slog.NewJSONHandler(logs, nil))
	now := time.Now()
	m, err := mailmetrics.New(log, "local", func() time.Time { return now })
	require.NoError(t, err)
	require.Empty(t, m.Unrecorded(), "every metric of observability.yaml is recorded by the code")
	h, err := delivery.NewHandler(m.Wrap(delivery.Options{
		Store:        idempotency.New(ddb, table, 14*24*time.Hour),
		Sender:       ses{transient: "throttled", permanent: "rejected"},
		DeadLetters:  deadletter.New(sqsClient, queues.DLQURL),
		Suppressions: suppressionList{broken: "unchecked@example.com"},
		Logger:       log,
	}))
	require.NoError(t, err)
	handle := m.Handle(h.Handle)

	sentAt := strconv.FormatInt(now.Add(-90*time.Second).UnixMilli(), 10)
	var ev events.SQSEvent
	for _, id := range []string{"ok-1", "ok-2", "throttled", "rejected", "unchecked"} {
		ev.Records = append(ev.Records, events.SQSMessage{MessageId: "m-" + id, Body: envelope(t, id),
			Attributes: map[string]string{mailmetrics.AttrSentTimestamp: sentAt}})
	}
	ev.Records = append(ev.Records, events.SQSMessage{MessageId: "m-garbage", Body: `{"template":"<script>"`})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	resp, err := handle(ctx, ev)
	require.NoError(t, err)
	require.Equal(t, []events.SQSBatchItemFailure{{ItemIdentifier: "m-throttled"}, {ItemIdentifier: "m-unchecked"}}, resp.BatchItemFailures)
	require.Len(t, mailertest.Drain(t, sqsClient, queues.DLQURL), 2)

	// Handle wrote the invocation's records before returning.
	recs, err := metrics.ParseRecords([]byte(logs.String()))
	require.NoError(t, err)
	spec := mailersvc.Observability()
	slo, ok := spec.SLO("delivery")
	require.True(t, ok)
	base := map[string]string{"Environment": "local", "Service": "mailer"}
	welcome := map[string]string{"Template": "welcome"}
	unknown := map[string]string{"Template": mailmetrics.UnknownTemplate}
	require.NoError(t, metrics.CheckEmitted(spec, recs, slo.Total, base, 6))
	require.NoError(t, metrics.CheckEmitted(spec, recs, slo.Bad, base, 4))
	require.NoError(t, metrics.CheckEmitted(spec, recs, "MailsSent", welcome, 2))
	require.NoError(t, metrics.CheckEmitted(spec, recs, "MailsFailed", welcome, 1))
	require.NoError(t, metrics.CheckEmitted(spec, recs, "MailsFailed", unknown, 1), "the failed suppression check")
	require.NoError(t, metrics.CheckEmitted(spec, recs, "MailsDeadLettered", welcome, 1))
	require.NoError(t, metrics.CheckEmitted(spec, recs, "MailsDeadLettered", unknown, 1), "untrusted template names are not dimension values")
	require.NoError(t, metrics.CheckEmitted(spec, recs, "QueueLag", base, 0))
	require.Equal(t, 6.0, metrics.Sum(recs, slo.Total, base))
	require.Equal(t, 4.0, metrics.Sum(recs, slo.Bad, base), "failed plus dead-lettered")
	require.Equal(t, []float64{90_000, 90_000, 90_000, 90_000, 90_000}, metrics.Samples(recs, "QueueLag", base), "records without SentTimestamp have no lag")
}
