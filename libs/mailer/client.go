package mailer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/google/uuid"

	"github.com/tsumiki-dev/tsumiki/libs/kit/awsconfig"
)

// SQSAPI is the part of the SQS client the mail client uses; *sqs.Client implements it.
type SQSAPI interface {
	SendMessage(ctx context.Context, in *sqs.SendMessageInput, optFns ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
	SendMessageBatch(ctx context.Context, in *sqs.SendMessageBatchInput, optFns ...func(*sqs.Options)) (*sqs.SendMessageBatchOutput, error)
}

// Config configures a Client.
type Config struct {
	// AWS is the AWS configuration the SQS client is built from (region, credentials, and for
	// local runs the AWS_ENDPOINT_URL_SQS endpoint; see libs/kit/awsconfig). Ignored when SQS
	// is set.
	AWS aws.Config
	// QueueURL is the mail queue's URL. Required.
	QueueURL string
	// Senders are the sender identities callers may send from, as "no-reply@tsumiki.dev" or
	// "Tsumiki <no-reply@tsumiki.dev>". The first is the default. At least one is required.
	Senders []string
	// SQS replaces the SQS client built from AWS, e.g. to instrument calls. Optional.
	SQS SQSAPI
	// MaxAttempts bounds how often SendBatch sends an entry that SQS reported in Failed
	// (without sender fault). Zero means 5.
	MaxAttempts int
	// Now returns the current time for CreatedAt. Nil means time.Now.
	Now func() time.Time
}

// ConfigFromEnv reads MAIL_QUEUE_URL (required) and MAIL_SENDERS (required, comma-separated
// sender identities, the first being the default) and loads the AWS configuration with
// awsconfig.Load. It reports every missing or invalid variable at once.
func ConfigFromEnv(ctx context.Context, getenv func(string) string) (Config, error) {
	var errs []error
	cfg := Config{QueueURL: getenv("MAIL_QUEUE_URL")}
	if cfg.QueueURL == "" {
		errs = append(errs, errors.New("MAIL_QUEUE_URL is required"))
	}
	for s := range strings.SplitSeq(getenv("MAIL_SENDERS"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			cfg.Senders = append(cfg.Senders, s)
		}
	}
	if len(cfg.Senders) == 0 {
		errs = append(errs, errors.New("MAIL_SENDERS is required (comma-separated sender identities)"))
	}
	awsCfg, err := awsconfig.Load(ctx, getenv)
	if err != nil {
		errs = append(errs, err)
	}
	cfg.AWS = awsCfg
	if err := errors.Join(errs...); err != nil {
		return Config{}, fmt.Errorf("mailer configuration: %w", err)
	}
	return cfg, nil
}

// Client enqueues mail. It is safe for concurrent use.
type Client struct {
	queueURL    string
	senders     map[string]string // bare lower-case address -> identity as configured
	defaultFrom string
	sqs         SQSAPI
	maxAttempts int
	now         func() time.Time
}

// New returns a client for cfg. It returns an error naming each missing or invalid setting.
func New(cfg Config) (*Client, error) {
	var errs []error
	if cfg.QueueURL == "" {
		errs = append(errs, errors.New("queue URL is required"))
	}
	if len(cfg.Senders) == 0 {
		errs = append(errs, errors.New("at least one sender identity is required"))
	}
	c := &Client{queueURL: cfg.QueueURL, senders: map[string]string{}, sqs: cfg.SQS, maxAttempts: cfg.MaxAttempts, now: cfg.Now}
	for i, s := range cfg.Senders {
		addr, err := addressOf(s)
		if err != nil {
			errs = append(errs, fmt.Errorf("sender %d %q is not a valid address: %w", i, s, err))
			continue
		}
		c.senders[addr] = s
		if i == 0 {
			c.defaultFrom = s
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("mailer client: %w", err)
	}
	if c.sqs == nil {
		c.sqs = sqs.NewFromConfig(cfg.AWS)
	}
	if c.maxAttempts <= 0 {
		c.maxAttempts = 5
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c, nil
}

// Result is the outcome of enqueuing one mail.
type Result struct {
	// ID is the envelope id: the mail's idempotency key, generated when the caller gave none.
	ID string
	// MessageID is the SQS message id; empty when Err is set.
	MessageID string
	// Err is why the mail was not enqueued: a validation error (ErrInvalidMail) or the queue's.
	// Nil means the mail is on the queue.
	Err error
}

// Envelope validates m and returns the envelope that Send would enqueue, serialized. Errors
// wrap ErrInvalidMail and name each field at fault.
func (c *Client) Envelope(m Mail) (Envelope, []byte, error) {
	var errs []error
	from := c.defaultFrom
	if m.From != "" {
		addr, err := addressOf(m.From)
		identity, ok := c.senders[addr]
		if err != nil || !ok {
			errs = append(errs, &ValidationError{Field: "from", Problem: "is an unknown sender, not one of the configured identities (MAIL_SENDERS)"})
		}
		from = identity
	}
	errs = append(errs, validateRecipients(m.To, m.Cc, m.Bcc, m.ReplyTo)...)
	if m.IdempotencyKey != "" {
		errs = append(errs, validateKey(m.IdempotencyKey))
	}
	var data []byte
	if m.Template == nil {
		errs = append(errs, &ValidationError{Field: "template", Problem: "is required"})
	} else if err := m.Template.Validate(); err != nil {
		errs = append(errs, err)
	} else if data, err = json.Marshal(m.Template); err != nil {
		errs = append(errs, fmt.Errorf("encode %s data: %w", m.Template.TemplateName(), err))
	}
	if err := errors.Join(errs...); err != nil {
		return Envelope{}, nil, err
	}
	id := m.IdempotencyKey
	if id == "" {
		id = uuid.Must(uuid.NewV7()).String()
	}
	env := Envelope{
		SchemaVersion: SchemaVersion,
		ID:            id,
		Template:      m.Template.TemplateName(),
		Data:          data,
		From:          from,
		To:            m.To, Cc: m.Cc, Bcc: m.Bcc, ReplyTo: m.ReplyTo,
		CreatedAt: c.now().UTC(),
	}
	body, err := json.Marshal(env)
	if err != nil {
		return Envelope{}, nil, fmt.Errorf("encode envelope: %w", err)
	}
	if len(body) > MaxEnvelopeBytes {
		return Envelope{}, nil, &ValidationError{Field: "envelope", Problem: fmt.Sprintf("is %d bytes, over the queue limit of %d bytes", len(body), MaxEnvelopeBytes)}
	}
	return env, body, nil
}

// Send validates m and enqueues it with one SendMessage call. Errors wrap ErrInvalidMail for
// bad input (nothing was enqueued) or are the queue's; after a queue error the mail may or may
// not be on the queue, and calling Send again is safe only with a caller-chosen IdempotencyKey.
func (c *Client) Send(ctx context.Context, m Mail) (Result, error) {
	env, body, err := c.Envelope(m)
	if err != nil {
		return Result{Err: err}, err
	}
	out, err := c.sqs.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: &c.queueURL, MessageBody: aws.String(string(body))})
	if err != nil {
		err = fmt.Errorf("enqueue mail %s: %w", env.ID, err)
		return Result{ID: env.ID, Err: err}, err
	}
	return Result{ID: env.ID, MessageID: aws.ToString(out.MessageId)}, nil
}

// SendBatch validates every mail and enqueues the valid ones with SendMessageBatch, in calls of
// at most 10 entries and MaxEnvelopeBytes in total. Entries that SQS reports in Failed are sent
// again (only those; at most MaxAttempts times, unless SQS blames the sender); entries it
// accepted are never sent twice. It returns one Result per mail, in order, and an error joining
// every mail's error (nil when all were enqueued). An invalid mail does not stop the others.
func (c *Client) SendBatch(ctx context.Context, mails []Mail) ([]Result, error) {
	results := make([]Result, len(mails))
	var pending []batchEntry
	for i, m := range mails {
		env, body, err := c.Envelope(m)
		results[i] = Result{ID: env.ID, Err: err}
		if err == nil {
			pending = append(pending, batchEntry{index: i, body: string(body)})
		}
	}
	for attempt := 1; len(pending) > 0; attempt++ {
		var retry []batchEntry
		for _, chunk := range chunkEntries(pending) {
			retry = append(retry, c.sendChunk(ctx, chunk, results, attempt)...)
		}
		pending = retry
		if len(pending) > 0 {
			if err := sleep(ctx, backoff(attempt)); err != nil {
				for _, e := range pending {
					results[e.index].Err = fmt.Errorf("enqueue mail %s: %w", results[e.index].ID, err)
				}
				break
			}
		}
	}
	var errs []error
	for i, r := range results {
		if r.Err != nil {
			errs = append(errs, fmt.Errorf("mail %d: %w", i, r.Err))
		}
	}
	return results, errors.Join(errs...)
}

// batchEntry is a validated mail waiting to be enqueued by SendBatch.
type batchEntry struct {
	index int // position in the caller's slice, also the batch entry id
	body  string
}

// chunkEntries splits entries into SendMessageBatch calls within SQS's limits.
func chunkEntries(entries []batchEntry) [][]batchEntry {
	const maxEntries = 10
	var chunks [][]batchEntry
	var cur []batchEntry
	size := 0
	for _, e := range entries {
		if len(cur) == maxEntries || (len(cur) > 0 && size+len(e.body) > MaxEnvelopeBytes) {
			chunks = append(chunks, cur)
			cur, size = nil, 0
		}
		cur = append(cur, e)
		size += len(e.body)
	}
	if len(cur) > 0 {
		chunks = append(chunks, cur)
	}
	return chunks
}

// sendChunk sends one SendMessageBatch call, records each entry's outcome in results and
// returns the entries to try again.
func (c *Client) sendChunk(ctx context.Context, chunk []batchEntry, results []Result, attempt int) []batchEntry {
	in := &sqs.SendMessageBatchInput{QueueUrl: &c.queueURL}
	byID := make(map[string]batchEntry, len(chunk))
	for _, e := range chunk {
		id := strconv.Itoa(e.index)
		byID[id] = e
		in.Entries = append(in.Entries, types.SendMessageBatchRequestEntry{Id: aws.String(id), MessageBody: aws.String(e.body)})
	}
	out, err := c.sqs.SendMessageBatch(ctx, in)
	if err != nil {
		// The SDK has already retried what it considers transient. Whether SQS stored any entry
		// is unknown; the consumer's idempotency makes a caller's retry safe with its own keys.
		for _, e := range chunk {
			results[e.index].Err = fmt.Errorf("enqueue mail %s: %w", results[e.index].ID, err)
		}
		return nil
	}
	for _, s := range out.Successful {
		if e, ok := byID[aws.ToString(s.Id)]; ok {
			results[e.index].MessageID = aws.ToString(s.MessageId)
			results[e.index].Err = nil
			delete(byID, aws.ToString(s.Id))
		}
	}
	var retry []batchEntry
	for _, f := range out.Failed {
		e, ok := byID[aws.ToString(f.Id)]
		if !ok {
			continue
		}
		delete(byID, aws.ToString(f.Id))
		err := fmt.Errorf("enqueue mail %s: sqs entry failed: %s: %s", results[e.index].ID, aws.ToString(f.Code), aws.ToString(f.Message))
		results[e.index].Err = err
		if !f.SenderFault && attempt < c.maxAttempts {
			retry = append(retry, e)
		}
	}
	// An entry SQS mentioned in neither list has an unknown fate: report it rather than
	// resending it blindly.
	for _, e := range byID {
		results[e.index].Err = fmt.Errorf("enqueue mail %s: sqs returned no result for the entry", results[e.index].ID)
	}
	return retry
}

// backoff is the wait before retry attempt+1: 50 ms doubling, at most 1 s.
func backoff(attempt int) time.Duration {
	return min(50*time.Millisecond<<(attempt-1), time.Second)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
