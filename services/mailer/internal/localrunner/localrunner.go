// Package localrunner feeds the mail handler from an SQS queue the way the Lambda event source
// mapping does, for local runs: it long-polls the queue, hands batches of up to 10 messages to
// the same handler under a synthetic invocation deadline, deletes what succeeded and leaves the
// reported failures to reappear after the visibility timeout.
package localrunner

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// SQSAPI is the part of the SQS client the runner uses; *sqs.Client implements it.
type SQSAPI interface {
	ReceiveMessage(ctx context.Context, in *sqs.ReceiveMessageInput, optFns ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error)
	DeleteMessageBatch(ctx context.Context, in *sqs.DeleteMessageBatchInput, optFns ...func(*sqs.Options)) (*sqs.DeleteMessageBatchOutput, error)
}

// HandlerFunc is the Lambda handler's signature for SQS events with partial batch responses.
type HandlerFunc func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error)

// Runner polls one queue and calls one handler. It is not safe for concurrent use: run one
// Runner per poller.
type Runner struct {
	// Client is the SQS client. Required.
	Client SQSAPI
	// QueueURL is the queue to poll. Required.
	QueueURL string
	// QueueARN is put in each record's EventSourceARN, as the event source mapping does.
	QueueARN string
	// Region is put in each record's AWSRegion.
	Region string
	// Handler is called with each batch. Required.
	Handler HandlerFunc
	// Logger receives one line per batch. Required.
	Logger *slog.Logger
	// BatchSize is the most messages per batch, 1 to 10. Defaults to 10.
	BatchSize int32
	// WaitTime is the long-poll wait, whole seconds up to 20. Defaults to 5 s. Keep the
	// queue's visibility timeout well above it (local-aws-sqs redelivers otherwise). Stopping
	// the runner waits for the current poll, so this also bounds the shutdown.
	WaitTime time.Duration
	// Timeout is the synthetic invocation deadline for each batch, like the Lambda's timeout.
	// Defaults to 30 s.
	Timeout time.Duration

	busy bool // the last batch was full
}

// BatchResult is what one poll did.
type BatchResult struct {
	// Received, Deleted and Failed count the batch's messages.
	Received, Deleted, Failed int
}

// Run polls until ctx is cancelled, then returns nil after finishing the current poll.
func (r *Runner) Run(ctx context.Context) error {
	for ctx.Err() == nil {
		if _, err := r.Poll(ctx); err != nil {
			if ctx.Err() != nil {
				break
			}
			// A local emulator restarting is no reason to stop; wait a little and poll again.
			r.Logger.ErrorContext(ctx, "poll mail queue", slog.Any("error", err))
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}
	return nil
}

// Poll receives one batch (waiting up to WaitTime), hands it to the handler and deletes the
// messages it did not report as failures. A handler error leaves the whole batch.
func (r *Runner) Poll(ctx context.Context) (BatchResult, error) {
	batch := r.BatchSize
	if batch <= 0 || batch > 10 {
		batch = 10
	}
	wait := r.WaitTime
	if wait <= 0 {
		wait = 5 * time.Second
	}
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	// The receive is not cancelled with ctx: a long poll abandoned by the client can still take
	// messages on the server side, hiding them for a whole visibility timeout. Stopping waits
	// for the poll to end instead (at most WaitTime).
	waitSeconds := int32(min(wait, 20*time.Second) / time.Second)
	if r.busy {
		// The last batch was full, so more is probably waiting: ask without waiting, as the
		// event source mapping polls harder under load (local-aws-sqs would otherwise hold a
		// receive for the whole wait even with messages ready).
		waitSeconds = 0
	}
	out, err := r.Client.ReceiveMessage(context.WithoutCancel(ctx), &sqs.ReceiveMessageInput{
		QueueUrl: &r.QueueURL, MaxNumberOfMessages: batch, WaitTimeSeconds: waitSeconds,
		MessageAttributeNames:       []string{"All"},
		MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
		// Also the deprecated AttributeNames, because local-aws-sqs ignores
		// MessageSystemAttributeNames.
		AttributeNames: []types.QueueAttributeName{"All"}, //nolint:staticcheck // see above
	})
	if err != nil {
		return BatchResult{}, fmt.Errorf("receive mail batch: %w", err)
	}
	r.busy = len(out.Messages) == int(batch)
	if len(out.Messages) == 0 {
		return BatchResult{}, nil
	}
	ev := events.SQSEvent{Records: make([]events.SQSMessage, 0, len(out.Messages))}
	receipts := map[string]string{}
	for _, m := range out.Messages {
		ev.Records = append(ev.Records, r.record(m))
		receipts[aws.ToString(m.MessageId)] = aws.ToString(m.ReceiptHandle)
	}

	// The handler gets its own context with a deadline, like an invocation; the runner's own
	// cancellation (Ctrl-C) still reaches it.
	invokeCtx, cancel := context.WithTimeout(ctx, timeout)
	resp, err := r.Handler(invokeCtx, ev)
	cancel()
	res := BatchResult{Received: len(out.Messages)}
	if err != nil {
		res.Failed = res.Received
		r.Logger.ErrorContext(ctx, "handler failed the whole batch", slog.Int("received", res.Received), slog.Any("error", err))
		return res, nil
	}
	for _, f := range resp.BatchItemFailures {
		if _, ok := receipts[f.ItemIdentifier]; ok {
			delete(receipts, f.ItemIdentifier)
			res.Failed++
		}
	}
	res.Deleted, err = r.delete(ctx, receipts)
	r.Logger.InfoContext(ctx, "mail batch handled", slog.Int("received", res.Received), slog.Int("deleted", res.Deleted), slog.Int("failed", res.Failed))
	return res, err
}

// delete removes the handled messages; a message whose delete fails comes back and is
// acknowledged as a duplicate by the idempotency store.
func (r *Runner) delete(ctx context.Context, receipts map[string]string) (int, error) {
	if len(receipts) == 0 {
		return 0, nil
	}
	in := &sqs.DeleteMessageBatchInput{QueueUrl: &r.QueueURL}
	for id, rh := range receipts {
		in.Entries = append(in.Entries, types.DeleteMessageBatchRequestEntry{Id: aws.String(id), ReceiptHandle: aws.String(rh)})
	}
	out, err := r.Client.DeleteMessageBatch(ctx, in)
	if err != nil {
		return 0, fmt.Errorf("delete handled messages: %w", err)
	}
	var errs []error
	for _, f := range out.Failed {
		errs = append(errs, fmt.Errorf("delete message %s: %s: %s", aws.ToString(f.Id), aws.ToString(f.Code), aws.ToString(f.Message)))
	}
	return len(out.Successful), errors.Join(errs...)
}

// record converts a received message into the Lambda event record the event source mapping
// would deliver.
func (r *Runner) record(m types.Message) events.SQSMessage {
	rec := events.SQSMessage{
		MessageId:              aws.ToString(m.MessageId),
		ReceiptHandle:          aws.ToString(m.ReceiptHandle),
		Body:                   aws.ToString(m.Body),
		Md5OfBody:              aws.ToString(m.MD5OfBody),
		Md5OfMessageAttributes: aws.ToString(m.MD5OfMessageAttributes),
		Attributes:             m.Attributes,
		MessageAttributes:      map[string]events.SQSMessageAttribute{},
		EventSource:            "aws:sqs",
		EventSourceARN:         r.QueueARN,
		AWSRegion:              r.Region,
	}
	for k, v := range m.MessageAttributes {
		rec.MessageAttributes[k] = events.SQSMessageAttribute{
			StringValue: v.StringValue, BinaryValue: v.BinaryValue, DataType: aws.ToString(v.DataType),
		}
	}
	return rec
}
