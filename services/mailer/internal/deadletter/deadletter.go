// Package deadletter keeps mail that can never be sent in the mail dead-letter queue (SQS):
// the handler puts a message there at once with the reason as a message attribute; a person
// lists the dead letters with their reasons and, once the cause is fixed, moves them back to
// the mail queue (redrive).
package deadletter

import (
	"context"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/delivery"
)

// Message attributes set on a dead letter by the handler.
const (
	// AttrReason is why the message can never be sent.
	AttrReason = "mailer_failure_reason"
	// AttrFailedAt is when it was dead-lettered, RFC 3339.
	AttrFailedAt = "mailer_failed_at"
	// AttrSourceMessageID is the message's id on the mail queue.
	AttrSourceMessageID = "mailer_source_message_id"
	// maxReasonBytes bounds the reason attribute; the body is kept whole.
	maxReasonBytes = 2048
)

// RedrivenReason is shown for a dead letter without a reason attribute: SQS moved it after
// maxReceiveCount receives, so every attempt failed transiently.
const RedrivenReason = "moved by SQS after maxReceiveCount receives (transient failures)"

// SQSAPI is the part of the SQS client this package uses; *sqs.Client implements it.
type SQSAPI interface {
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, optFns ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
	ReceiveMessage(ctx context.Context, in *sqs.ReceiveMessageInput, optFns ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error)
	DeleteMessage(ctx context.Context, in *sqs.DeleteMessageInput, optFns ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error)
	ChangeMessageVisibility(ctx context.Context, in *sqs.ChangeMessageVisibilityInput, optFns ...func(*sqs.Options)) (*sqs.ChangeMessageVisibilityOutput, error)
}

// Queue is the dead-letter queue.
type Queue struct {
	client SQSAPI
	url    string
	now    func() time.Time
}

// New returns the dead-letter queue at url.
func New(client SQSAPI, url string) *Queue {
	return &Queue{client: client, url: url, now: time.Now}
}

var _ delivery.DeadLetters = (*Queue)(nil)

// DeadLetter puts body on the dead-letter queue with the reason and source message id as
// message attributes.
func (q *Queue) DeadLetter(ctx context.Context, body, sourceMessageID, reason string) error {
	attrs := map[string]types.MessageAttributeValue{
		AttrReason:   {DataType: aws.String("String"), StringValue: aws.String(truncate(reason, maxReasonBytes))},
		AttrFailedAt: {DataType: aws.String("String"), StringValue: aws.String(q.now().UTC().Format(time.RFC3339))},
	}
	if sourceMessageID != "" {
		attrs[AttrSourceMessageID] = types.MessageAttributeValue{DataType: aws.String("String"), StringValue: aws.String(sourceMessageID)}
	}
	if _, err := q.client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &q.url, MessageBody: &body, MessageAttributes: attrs}); err != nil {
		return fmt.Errorf("send to dead-letter queue: %w", err)
	}
	return nil
}

// Letter is one dead-lettered message.
type Letter struct {
	// MessageID is the message's id on the dead-letter queue.
	MessageID string
	// Reason is why it was dead-lettered (RedrivenReason when SQS moved it).
	Reason string
	// FailedAt is when the handler dead-lettered it, empty when SQS moved it.
	FailedAt string
	// ReceiveCount is how often it was received, from SQS's ApproximateReceiveCount.
	ReceiveCount int
	// Body is the message body: the envelope, or whatever malformed text arrived.
	Body string

	receiptHandle string
}

// receiveAll receives every message on the queue, hiding each for hide, until a receive
// returns nothing new.
func (q *Queue) receiveAll(ctx context.Context, hide time.Duration) ([]Letter, error) {
	seen := map[string]bool{}
	var letters []Letter
	for {
		out, err := q.client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: &q.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0,
			VisibilityTimeout:           int32(hide.Seconds()),
			MessageAttributeNames:       []string{"All"},
			MessageSystemAttributeNames: []types.MessageSystemAttributeName{types.MessageSystemAttributeNameAll},
			// Also the deprecated AttributeNames, because local-aws-sqs ignores
			// MessageSystemAttributeNames.
			AttributeNames: []types.QueueAttributeName{"All"}, //nolint:staticcheck // see above
		})
		if err != nil {
			return letters, fmt.Errorf("receive from dead-letter queue: %w", err)
		}
		fresh := 0
		for _, m := range out.Messages {
			id := aws.ToString(m.MessageId)
			if seen[id] {
				continue
			}
			seen[id] = true
			fresh++
			l := Letter{MessageID: id, Body: aws.ToString(m.Body), Reason: RedrivenReason, receiptHandle: aws.ToString(m.ReceiptHandle)}
			if v, ok := m.MessageAttributes[AttrReason]; ok {
				l.Reason = aws.ToString(v.StringValue)
			}
			if v, ok := m.MessageAttributes[AttrFailedAt]; ok {
				l.FailedAt = aws.ToString(v.StringValue)
			}
			l.ReceiveCount, _ = strconv.Atoi(m.Attributes[string(types.MessageSystemAttributeNameApproximateReceiveCount)])
			letters = append(letters, l)
		}
		if fresh == 0 {
			return letters, nil
		}
	}
}

// List returns the dead letters with their reasons. It receives them, so they are hidden for a
// moment, and then makes them visible again at once.
func (q *Queue) List(ctx context.Context) ([]Letter, error) {
	letters, err := q.receiveAll(ctx, 30*time.Second)
	for _, l := range letters {
		if _, verr := q.client.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{
			QueueUrl: &q.url, ReceiptHandle: &l.receiptHandle, VisibilityTimeout: 0,
		}); verr != nil && err == nil {
			err = fmt.Errorf("make dead letter %s visible again: %w", l.MessageID, verr)
		}
	}
	return letters, err
}

// Redrive moves every dead letter back to the queue at queueURL, without the dead-letter
// attributes, and returns how many it moved. Each is deleted from the dead-letter queue only
// after it is on the mail queue, so a failure leaves a copy behind, never nothing; a copy sent
// twice is harmless because the mailer sends at most once per envelope id.
func (q *Queue) Redrive(ctx context.Context, queueURL string) (int, error) {
	letters, err := q.receiveAll(ctx, 5*time.Minute)
	moved := 0
	for _, l := range letters {
		if _, err := q.client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &queueURL, MessageBody: aws.String(l.Body)}); err != nil {
			return moved, fmt.Errorf("redrive %s: %w", l.MessageID, err)
		}
		if _, err := q.client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: &q.url, ReceiptHandle: &l.receiptHandle}); err != nil {
			return moved, fmt.Errorf("delete redriven %s: %w", l.MessageID, err)
		}
		moved++
	}
	return moved, err
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
