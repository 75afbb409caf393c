package localrunner_test

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/logtest"
	"github.com/tsumiki-dev/tsumiki/libs/kit/testenv"
	"github.com/tsumiki-dev/tsumiki/libs/mailer"
	"github.com/tsumiki-dev/tsumiki/libs/mailer/mailertest"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/deadletter"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/delivery"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/idempotency"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/localrunner"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/ses"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/sestest"
)

type platform struct {
	awsCfg aws.Config
	sqs    *sqs.Client
	queues mailertest.Queues
	table  string
	logs   *logtest.Sink
}

func newPlatform(t *testing.T, visibility time.Duration, maxReceiveCount int) *platform {
	t.Helper()
	cfg := mailertest.AWSConfig(t, "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SESV2")
	p := &platform{awsCfg: cfg, sqs: sqs.NewFromConfig(cfg), logs: logtest.New(t)}
	p.queues = mailertest.NewQueues(t, p.sqs, visibility, maxReceiveCount)
	ddb := dynamodb.NewFromConfig(cfg)
	p.table = mailertest.UniqueName("test-mailer-idempotency")
	require.NoError(t, idempotency.CreateTable(context.Background(), ddb, p.table))
	t.Cleanup(func() {
		_, err := ddb.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: &p.table})
		assert.NoError(t, err)
	})
	return p
}

func (p *platform) handler(t *testing.T, sender delivery.Sender) *delivery.Handler {
	t.Helper()
	h, err := delivery.NewHandler(delivery.Options{
		Store:       idempotency.New(dynamodb.NewFromConfig(p.awsCfg), p.table, time.Hour),
		Sender:      sender,
		DeadLetters: deadletter.New(p.sqs, p.queues.DLQURL),
		Logger:      slog.New(slog.NewJSONHandler(p.logs, nil)),
	})
	require.NoError(t, err)
	return h
}

func (p *platform) runner(h *delivery.Handler) *localrunner.Runner {
	return &localrunner.Runner{
		Client: p.sqs, QueueURL: p.queues.URL, QueueARN: p.queues.ARN, Region: p.awsCfg.Region,
		Handler: h.Handle, Logger: slog.New(slog.NewJSONHandler(p.logs, nil)), WaitTime: time.Second,
	}
}

// TestRunner_Poll_EndToEnd enqueues with the mail client and delivers through the runner, the
// real handler and the local SES: every mail arrives once, duplicates included.
func TestRunner_Poll_EndToEnd(t *testing.T) {
	p := newPlatform(t, time.Minute, 3)
	sesEndpoint := testenv.Require(t, "AWS_ENDPOINT_URL_SESV2")
	client, err := mailer.New(mailer.Config{AWS: p.awsCfg, QueueURL: p.queues.URL, Senders: []string{"Tsumiki <no-reply@tsumiki.dev>"}})
	require.NoError(t, err)

	prefix := mailertest.UniqueName("e2e")
	var mails []mailer.Mail
	for i := range 12 {
		mails = append(mails, mailer.Mail{
			To:             []string{prefix + "-" + strconv.Itoa(i) + "@example.com"},
			Template:       mailer.TodoDueReminder{RecipientName: "Aiko", Todos: []mailer.DueTodo{{ID: "t" + strconv.Itoa(i), Title: "Todo " + strconv.Itoa(i), DueAt: time.Now()}}},
			IdempotencyKey: prefix + ":" + strconv.Itoa(i),
		})
	}
	_, err = client.SendBatch(context.Background(), mails)
	require.NoError(t, err)
	// The same mail enqueued again (a retried producer) must not be sent twice.
	_, err = client.Send(context.Background(), mails[3])
	require.NoError(t, err)

	r := p.runner(p.handler(t, ses.New(sesv2.NewFromConfig(p.awsCfg), "")))
	handled := 0
	for handled < 13 {
		res, err := r.Poll(context.Background())
		require.NoError(t, err)
		require.Zero(t, res.Failed, "logs: %s", p.logs)
		require.LessOrEqual(t, res.Received, 10)
		require.NotZero(t, res.Received, "the queue ran dry after %d of 13 messages", handled)
		handled += res.Deleted
	}
	for i := range 12 {
		got := sestest.SentTo(t, sesEndpoint, prefix+"-"+strconv.Itoa(i)+"@example.com")
		require.Len(t, got, 1, "mail %d", i)
		require.Equal(t, "1 todo is due", got[0].Subject)
		require.Contains(t, got[0].Body.Text, "Todo "+strconv.Itoa(i))
		require.Equal(t, `"Tsumiki" <no-reply@tsumiki.dev>`, got[0].From, "SES gets the identity re-formatted by net/mail")
	}
	require.Empty(t, mailertest.Drain(t, p.sqs, p.queues.URL))
}

type alwaysThrottled struct{}

func (alwaysThrottled) Send(context.Context, delivery.Message) (string, error) {
	return "", errors.New("ses send email: TooManyRequestsException: throttled")
}

// TestRunner_Poll_MaxReceiveCount checks that a mail whose sends always fail transiently is
// left on the queue each time and reaches the dead-letter queue through SQS's redrive policy
// after maxReceiveCount receives.
func TestRunner_Poll_MaxReceiveCount(t *testing.T) {
	const maxReceiveCount = 2
	// The visibility timeout stays above the runner's 1 s long poll (see DESIGN.md).
	p := newPlatform(t, 2*time.Second, maxReceiveCount)
	client, err := mailer.New(mailer.Config{AWS: p.awsCfg, QueueURL: p.queues.URL, Senders: []string{"no-reply@tsumiki.dev"}})
	require.NoError(t, err)
	res, err := client.Send(context.Background(), mailer.Mail{
		To: []string{"throttled@example.com"}, Template: mailer.Welcome{RecipientName: "A", SignInURL: "https://x.example/"},
	})
	require.NoError(t, err)

	r := p.runner(p.handler(t, alwaysThrottled{}))
	receives := 0
	var dead []deadletter.Letter
	// Each failed receive hides the message for the visibility timeout; poll until SQS moves
	// it. A bound on polls (not on time) keeps a broken redrive from looping forever.
	for poll := 0; poll < 20 && len(dead) == 0; poll++ {
		got, err := r.Poll(context.Background())
		require.NoError(t, err)
		require.Zero(t, got.Deleted, "a failing mail is never deleted")
		receives += got.Received
		dead, err = deadletter.New(p.sqs, p.queues.DLQURL).List(context.Background())
		require.NoError(t, err)
	}
	require.Len(t, dead, 1, "the mail reached the dead-letter queue")
	require.Equal(t, maxReceiveCount, receives, "after exactly maxReceiveCount receives")
	require.Equal(t, deadletter.RedrivenReason, dead[0].Reason)
	env, err := mailer.ParseEnvelope([]byte(dead[0].Body))
	require.NoError(t, err)
	require.Equal(t, res.ID, env.ID)
}

func TestRunner_Poll_HandlerError(t *testing.T) {
	p := newPlatform(t, time.Minute, 3)
	_, err := p.sqs.SendMessage(context.Background(), &sqs.SendMessageInput{QueueUrl: &p.queues.URL, MessageBody: aws.String("x")})
	require.NoError(t, err)
	var got events.SQSEvent
	r := p.runner(nil)
	r.Handler = func(_ context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		got = ev
		return events.SQSEventResponse{}, errors.New("boom")
	}
	res, err := r.Poll(context.Background())
	require.NoError(t, err)
	require.Equal(t, localrunner.BatchResult{Received: 1, Failed: 1}, res, "a handler error leaves the whole batch")
	require.Len(t, got.Records, 1)
	rec := got.Records[0]
	require.Equal(t, "x", rec.Body)
	require.Equal(t, "aws:sqs", rec.EventSource)
	require.Equal(t, p.queues.ARN, rec.EventSourceARN)
	require.Equal(t, "1", rec.Attributes["ApproximateReceiveCount"])
	require.NotEmpty(t, rec.ReceiptHandle)
}
