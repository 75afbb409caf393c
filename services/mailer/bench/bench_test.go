package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/mailer"
	"github.com/tsumiki-dev/tsumiki/libs/mailer/mailertest"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/deadletter"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/delivery"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/idempotency"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/localrunner"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/ses"
)

// countingTransport counts the HTTP requests the SDK makes, i.e. the API calls including the
// SDK's own retries.
type countingTransport struct {
	next  http.RoundTripper
	calls atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.calls.Add(1)
	return c.next.RoundTrip(r)
}

func countedConfig(cfg aws.Config) (aws.Config, *countingTransport) {
	ct := &countingTransport{next: http.DefaultTransport}
	cfg = cfg.Copy()
	cfg.HTTPClient = &http.Client{Transport: ct}
	return cfg, ct
}

func reminderMail(prefix string, i int) mailer.Mail {
	return mailer.Mail{
		To: []string{fmt.Sprintf("%s-%d@example.com", prefix, i)},
		Template: mailer.TodoDueReminder{RecipientName: "Aiko", TimeZone: "Asia/Tokyo", Todos: []mailer.DueTodo{
			{ID: "t1-" + strconv.Itoa(i), Title: "Renew the passport", DueAt: time.Now().Add(time.Hour)},
			{ID: "t2-" + strconv.Itoa(i), Title: "Book the dentist", DueAt: time.Now().Add(2 * time.Hour)},
		}},
		IdempotencyKey: prefix + ":" + strconv.Itoa(i),
	}
}

// BenchmarkEnqueue enqueues 1,000 mails with Send and with SendBatch and prints messages per
// second and SQS API calls per 1,000 mails for each.
func BenchmarkEnqueue(b *testing.B) {
	const n = 1000
	base := mailertest.AWSConfig(b, "AWS_ENDPOINT_URL_SQS")
	for range b.N {
		plain := sqs.NewFromConfig(base)
		prefix := mailertest.UniqueName("bench")

		qSend := mailertest.NewQueues(b, plain, time.Minute, 3)
		cfg, ct := countedConfig(base)
		c, err := mailer.New(mailer.Config{AWS: cfg, QueueURL: qSend.URL, Senders: []string{"no-reply@tsumiki.dev"}})
		require.NoError(b, err)
		start := time.Now()
		for i := range n {
			_, err := c.Send(context.Background(), reminderMail(prefix+"s", i))
			require.NoError(b, err)
		}
		sendDur, sendCalls := time.Since(start), ct.calls.Load()

		qBatch := mailertest.NewQueues(b, plain, time.Minute, 3)
		cfg, ct = countedConfig(base)
		c, err = mailer.New(mailer.Config{AWS: cfg, QueueURL: qBatch.URL, Senders: []string{"no-reply@tsumiki.dev"}})
		require.NoError(b, err)
		mails := make([]mailer.Mail, n)
		for i := range mails {
			mails[i] = reminderMail(prefix+"b", i)
		}
		start = time.Now()
		_, err = c.SendBatch(context.Background(), mails)
		require.NoError(b, err)
		batchDur, batchCalls := time.Since(start), ct.calls.Load()

		ratio := float64(sendCalls) / float64(batchCalls)
		fmt.Printf("\nenqueue %d mails (local SQS)\n", n)
		fmt.Printf("  %-10s %10.0f msgs/s %8d queue calls per 1,000 mails\n", "Send", n/sendDur.Seconds(), sendCalls*1000/n)
		fmt.Printf("  %-10s %10.0f msgs/s %8d queue calls per 1,000 mails\n", "SendBatch", n/batchDur.Seconds(), batchCalls*1000/n)
		fmt.Printf("  SendBatch needs %.1fx fewer queue calls\n", ratio)
		b.ReportMetric(n/sendDur.Seconds(), "send_msgs/s")
		b.ReportMetric(n/batchDur.Seconds(), "batch_msgs/s")
		b.ReportMetric(ratio, "call_ratio")
		require.GreaterOrEqual(b, ratio, 9.0, "the batch path must need at least 9x fewer queue calls")
	}
}

// BenchmarkEndToEnd enqueues 500 mails with SendBatch and delivers them through the local
// runner, the real handler, the local DynamoDB store and the local SES; it prints mails per
// second from the first poll to the last mail sent. The send-rate limit is off: the figure is
// the pipeline's own ceiling on this machine.
func BenchmarkEndToEnd(b *testing.B) {
	const n = 500
	cfg := mailertest.AWSConfig(b, "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SESV2")
	for range b.N {
		client := sqs.NewFromConfig(cfg)
		q := mailertest.NewQueues(b, client, time.Minute, 3)
		ddb := dynamodb.NewFromConfig(cfg)
		table := mailertest.UniqueName("bench-mailer-idempotency")
		require.NoError(b, idempotency.CreateTable(context.Background(), ddb, table))
		b.Cleanup(func() { _, _ = ddb.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: &table}) })

		mc, err := mailer.New(mailer.Config{AWS: cfg, QueueURL: q.URL, Senders: []string{"no-reply@tsumiki.dev"}})
		require.NoError(b, err)
		prefix := mailertest.UniqueName("bench-e2e")
		mails := make([]mailer.Mail, n)
		for i := range mails {
			mails[i] = reminderMail(prefix, i)
		}
		_, err = mc.SendBatch(context.Background(), mails)
		require.NoError(b, err)

		logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
		h, err := delivery.NewHandler(delivery.Options{
			Store:       idempotency.New(ddb, table, time.Hour),
			Sender:      ses.New(sesv2.NewFromConfig(cfg), ""),
			DeadLetters: deadletter.New(client, q.DLQURL),
			Logger:      logger,
		})
		require.NoError(b, err)
		r := &localrunner.Runner{Client: client, QueueURL: q.URL, QueueARN: q.ARN, Handler: h.Handle, Logger: logger, WaitTime: time.Second}
		start := time.Now()
		sent, polls := 0, 0
		for sent < n {
			res, err := r.Poll(context.Background())
			require.NoError(b, err)
			require.Zero(b, res.Failed)
			require.NotZero(b, res.Received, "queue ran dry after %d of %d mails", sent, n)
			sent += res.Deleted
			polls++
		}
		dur := time.Since(start)
		fmt.Printf("\nend to end: %d mails, local SQS -> runner -> handler (DynamoDB claim, SES v2 send)\n", n)
		fmt.Printf("  %.0f mails/s, %d polls, %.1f ms per mail\n", n/dur.Seconds(), polls, dur.Seconds()*1000/n)
		b.ReportMetric(n/dur.Seconds(), "mails/s")
	}
}

// BenchmarkRender renders each template with its sample data and prints the time per mail.
func BenchmarkRender(b *testing.B) {
	const n = 5000
	fmt.Printf("\nrender (subject, HTML and text in the shared layout)\n")
	for _, name := range mailer.TemplateNames() {
		tpl, err := mailer.Sample(name)
		require.NoError(b, err)
		for range b.N {
			start := time.Now()
			for range n {
				_, err := mailer.Render(tpl)
				require.NoError(b, err)
			}
			per := time.Since(start) / n
			fmt.Printf("  %-18s %8.1f µs per mail\n", name, float64(per.Nanoseconds())/1000)
			b.ReportMetric(float64(per.Nanoseconds())/1000, name+"_us/mail")
		}
	}
}
