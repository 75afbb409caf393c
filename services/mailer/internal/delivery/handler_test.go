package delivery_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/mailer"
	"github.com/tsumiki-dev/tsumiki/libs/mailer/mailertest"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/deadletter"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/delivery"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/idempotency"
)

// fakeSender stands in for SES (the layer below the handler); the SES adapter itself is tested
// against the local SES in package ses. fail decides, per mail id and attempt, the error.
type fakeSender struct {
	mu       sync.Mutex
	sent     map[string]int // successful sends per mail id
	attempts map[string]int
	fail     func(ctx context.Context, id string, attempt int) error
}

func (f *fakeSender) Send(ctx context.Context, m delivery.Message) (string, error) {
	f.mu.Lock()
	if f.sent == nil {
		f.sent, f.attempts = map[string]int{}, map[string]int{}
	}
	f.attempts[m.ID]++
	attempt := f.attempts[m.ID]
	f.mu.Unlock()
	if f.fail != nil {
		if err := f.fail(ctx, m.ID, attempt); err != nil {
			return "", err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent[m.ID]++
	return "ses-" + m.ID + "-" + strconv.Itoa(attempt), nil
}

func (f *fakeSender) sends(id string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sent[id]
}

func (f *fakeSender) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, v := range f.sent {
		n += v
	}
	return n
}

var errThrottled = errors.New("ses send email: TooManyRequestsException: throttled")

// env is one test's handler with the real idempotency store (local DynamoDB) and dead-letter
// queue (local SQS).
type env struct {
	sender  *fakeSender
	handler *delivery.Handler
	store   *idempotency.Store
	sqs     *sqs.Client
	queues  mailertest.Queues
	clock   *atomic.Int64
	logs    *lockedWriter
}

func newEnv(t *testing.T, sender *fakeSender, mutate ...func(*delivery.Options)) *env {
	t.Helper()
	cfg := mailertest.AWSConfig(t, "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_DYNAMODB")
	ddb := dynamodb.NewFromConfig(cfg)
	table := mailertest.UniqueName("test-mailer-idempotency")
	require.NoError(t, idempotency.CreateTable(context.Background(), ddb, table))
	t.Cleanup(func() {
		_, err := ddb.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: &table})
		assert.NoError(t, err)
	})
	e := &env{sender: sender, sqs: sqs.NewFromConfig(cfg), clock: &atomic.Int64{}, logs: &lockedWriter{w: &bytes.Buffer{}}}
	e.clock.Store(time.Now().UnixNano())
	now := func() time.Time { return time.Unix(0, e.clock.Load()) }
	e.queues = mailertest.NewQueues(t, e.sqs, time.Minute, 3)
	e.store = idempotency.New(ddb, table, 14*24*time.Hour).WithClock(now)
	opts := delivery.Options{
		Store: e.store, Sender: sender, DeadLetters: deadletter.New(e.sqs, e.queues.DLQURL),
		Logger: slog.New(slog.NewJSONHandler(e.logs, nil)), Now: now,
	}
	for _, m := range mutate {
		m(&opts)
	}
	h, err := delivery.NewHandler(opts)
	require.NoError(t, err)
	e.handler = h
	return e
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// record builds an SQS record holding a valid envelope with the given id.
func record(t *testing.T, id string) events.SQSMessage {
	t.Helper()
	c, err := mailer.New(mailer.Config{QueueURL: "unused", Senders: []string{"Tsumiki <no-reply@tsumiki.dev>"}})
	require.NoError(t, err)
	_, body, err := c.Envelope(mailer.Mail{
		To: []string{id + "@example.com"}, IdempotencyKey: id,
		Template: mailer.Welcome{RecipientName: "Aiko", SignInURL: "https://app.tsumiki.dev/sign-in"},
	})
	require.NoError(t, err)
	return events.SQSMessage{MessageId: "msg-" + id, Body: string(body)}
}

func failures(resp events.SQSEventResponse) []string {
	ids := []string{}
	for _, f := range resp.BatchItemFailures {
		ids = append(ids, f.ItemIdentifier)
	}
	return ids
}

func invocation(timeout time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), timeout)
}

func TestHandler_Handle_SendsOnce(t *testing.T) {
	e := newEnv(t, &fakeSender{})
	ctx, cancel := invocation(time.Minute)
	defer cancel()
	rec := record(t, "once")

	resp, err := e.handler.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{rec}})
	require.NoError(t, err)
	require.Empty(t, resp.BatchItemFailures)
	// SQS delivers the same message again (at-least-once): acknowledged, not sent.
	resp, err = e.handler.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{rec, rec}})
	require.NoError(t, err)
	require.Empty(t, resp.BatchItemFailures)
	require.Equal(t, 1, e.sender.sends("once"))
}

func TestHandler_Handle_Concurrent(t *testing.T) {
	// The sender is slow enough that the two invocations overlap.
	release := make(chan struct{})
	e := newEnv(t, &fakeSender{fail: func(ctx context.Context, id string, attempt int) error {
		<-release
		return nil
	}})
	ctx, cancel := invocation(time.Minute)
	defer cancel()
	rec := record(t, "concurrent")

	var wg sync.WaitGroup
	resps := make([]events.SQSEventResponse, 2)
	for i := range resps {
		wg.Go(func() {
			r, err := e.handler.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{rec}})
			assert.NoError(t, err)
			resps[i] = r
		})
	}
	// One invocation holds the claim and waits in Send; the other finds it in progress.
	// Let the sender go once one invocation has returned.
	for {
		e.sender.mu.Lock()
		started := e.sender.attempts["concurrent"]
		e.sender.mu.Unlock()
		if started == 1 && bytes.Contains(lockedBytes(e), []byte("being sent by another invocation")) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(release)
	wg.Wait()

	retried := len(resps[0].BatchItemFailures) + len(resps[1].BatchItemFailures)
	require.Equal(t, 1, retried, "the loser is retried later")
	require.Equal(t, 1, e.sender.sends("concurrent"))

	// The retry finds the mail completed.
	resp, err := e.handler.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{rec}})
	require.NoError(t, err)
	require.Empty(t, resp.BatchItemFailures)
	require.Equal(t, 1, e.sender.sends("concurrent"))
}

func lockedBytes(e *env) []byte {
	e.logs.mu.Lock()
	defer e.logs.mu.Unlock()
	return append([]byte(nil), e.logs.w.Bytes()...)
}

func TestHandler_Handle_ThrottledAndRejected(t *testing.T) {
	e := newEnv(t, &fakeSender{fail: func(_ context.Context, id string, _ int) error {
		switch id {
		case "b2", "b5", "b8":
			return errThrottled
		case "b6":
			return fmt.Errorf("ses send email: %w: MessageRejected: address on suppression list", delivery.ErrPermanent)
		}
		return nil
	}})
	ctx, cancel := invocation(time.Minute)
	defer cancel()
	var ev events.SQSEvent
	for i := range 10 {
		ev.Records = append(ev.Records, record(t, "b"+strconv.Itoa(i)))
	}

	resp, err := e.handler.Handle(ctx, ev)
	require.NoError(t, err)
	require.ElementsMatch(t, []string{"msg-b2", "msg-b5", "msg-b8"}, failures(resp), "exactly the throttled ones are retried")
	require.Equal(t, 6, e.sender.total())

	dead := mailertest.Drain(t, e.sqs, e.queues.DLQURL)
	require.Len(t, dead, 1, "the rejected one is dead-lettered")
	require.Equal(t, ev.Records[6].Body, aws.ToString(dead[0].Body))
	reason := aws.ToString(dead[0].MessageAttributes[deadletter.AttrReason].StringValue)
	require.Contains(t, reason, "MessageRejected")
	require.Equal(t, "msg-b6", aws.ToString(dead[0].MessageAttributes[deadletter.AttrSourceMessageID].StringValue))

	// The throttled claims were released: their retry sends.
	retry := events.SQSEvent{Records: []events.SQSMessage{ev.Records[2], ev.Records[5], ev.Records[8]}}
	e.sender.fail = nil
	resp, err = e.handler.Handle(ctx, retry)
	require.NoError(t, err)
	require.Empty(t, resp.BatchItemFailures)
	for _, id := range []string{"b2", "b5", "b8"} {
		require.Equal(t, 1, e.sender.sends(id))
	}
}

func TestHandler_Handle_Permanent(t *testing.T) {
	e := newEnv(t, &fakeSender{}, func(o *delivery.Options) { o.Senders = []string{"no-reply@tsumiki.dev"} })
	good := record(t, "good")
	var env mailer.Envelope
	require.NoError(t, json.Unmarshal([]byte(good.Body), &env))
	withTemplate := func(name string) string {
		env := env
		env.Template = name
		b, _ := json.Marshal(env)
		return string(b)
	}
	fromOther := func() string {
		env := env
		env.From = "intruder@example.com"
		b, _ := json.Marshal(env)
		return string(b)
	}
	tests := []struct {
		name       string
		body       string
		wantReason string
	}{
		{name: "NotJSON", body: "hello", wantReason: "malformed envelope: decode json"},
		{name: "UnknownTemplate", body: withTemplate("newsletter"), wantReason: `unknown template: "newsletter"`},
		{name: "BadData", body: strings.Replace(good.Body, `"recipient_name":"Aiko"`, `"recipient_name":""`, 1), wantReason: "welcome.recipient_name is required"},
		{name: "UnknownSender", body: fromOther(), wantReason: `sender "intruder@example.com" is not an allowed identity`},
	}
	ctx, cancel := invocation(time.Minute)
	defer cancel()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := e.handler.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{{MessageId: "m-" + tt.name, Body: tt.body}}})
			require.NoError(t, err)
			require.Empty(t, resp.BatchItemFailures, "a permanent failure is not retried")
			dead := mailertest.Drain(t, e.sqs, e.queues.DLQURL)
			require.Len(t, dead, 1)
			require.Equal(t, tt.body, aws.ToString(dead[0].Body))
			require.Contains(t, aws.ToString(dead[0].MessageAttributes[deadletter.AttrReason].StringValue), tt.wantReason)
		})
	}
	require.Zero(t, e.sender.total())
}

func TestHandler_Handle_Deadline(t *testing.T) {
	// The third send hangs until the handler's work deadline; the handler must report it and
	// the rest as failures and return before the invocation deadline.
	e := newEnv(t, &fakeSender{fail: func(ctx context.Context, id string, attempt int) error {
		if id == "d2" && attempt == 1 {
			<-ctx.Done()
			return ctx.Err()
		}
		return nil
	}}, func(o *delivery.Options) { o.DeadlineMargin = 2 * time.Second })
	var ev events.SQSEvent
	for i := range 6 {
		ev.Records = append(ev.Records, record(t, "d"+strconv.Itoa(i)))
	}
	ctx, cancel := invocation(4 * time.Second)
	defer cancel()

	resp, err := e.handler.Handle(ctx, ev)
	require.NoError(t, err)
	require.NoError(t, ctx.Err(), "the handler returned before the invocation deadline")
	require.Equal(t, []string{"msg-d2", "msg-d3", "msg-d4", "msg-d5"}, failures(resp))
	require.Equal(t, 2, e.sender.total())
	require.Zero(t, e.sender.attempts["d3"], "no new record is started after the work deadline")

	// The claim of the interrupted send was released: the next invocation sends it.
	ctx2, cancel2 := invocation(time.Minute)
	defer cancel2()
	resp, err = e.handler.Handle(ctx2, events.SQSEvent{Records: ev.Records[2:]})
	require.NoError(t, err)
	require.Empty(t, resp.BatchItemFailures)
	require.Equal(t, 6, e.sender.total())
}

func TestHandler_Handle_PastDeadline(t *testing.T) {
	e := newEnv(t, &fakeSender{}, func(o *delivery.Options) { o.DeadlineMargin = 3 * time.Second })
	ev := events.SQSEvent{Records: []events.SQSMessage{record(t, "p0"), record(t, "p1")}}
	ctx, cancel := invocation(time.Second) // already inside the margin
	defer cancel()
	resp, err := e.handler.Handle(ctx, ev)
	require.NoError(t, err)
	require.Equal(t, []string{"msg-p0", "msg-p1"}, failures(resp))
	require.Zero(t, e.sender.total())
}

func TestHandler_Handle_CrashedClaim(t *testing.T) {
	e := newEnv(t, &fakeSender{})
	rec := record(t, "crashed")
	// An invocation claimed the id and died before sending or releasing.
	now := time.Unix(0, e.clock.Load())
	_, err := e.store.Claim(context.Background(), "crashed", now.Add(30*time.Second))
	require.NoError(t, err)

	ctx, cancel := invocation(time.Minute)
	defer cancel()
	resp, err := e.handler.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{rec}})
	require.NoError(t, err)
	require.Equal(t, []string{"msg-crashed"}, failures(resp), "not sent before the claim expires")
	require.Zero(t, e.sender.sends("crashed"))

	e.clock.Add(int64(31 * time.Second))
	resp, err = e.handler.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{rec}})
	require.NoError(t, err)
	require.Empty(t, resp.BatchItemFailures)
	resp, err = e.handler.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{rec}})
	require.NoError(t, err)
	require.Empty(t, resp.BatchItemFailures)
	require.Equal(t, 1, e.sender.sends("crashed"), "sent exactly once after expiry")
}

func TestHandler_Handle_EmptyMessageID(t *testing.T) {
	e := newEnv(t, &fakeSender{fail: func(context.Context, string, int) error { return errThrottled }})
	rec := record(t, "noid")
	rec.MessageId = ""
	ctx, cancel := invocation(time.Minute)
	defer cancel()
	_, err := e.handler.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{rec}})
	require.ErrorContains(t, err, "has no message id", "never an empty item identifier: fail the batch instead")
}

// countingLimiter records how often the handler waited for a send slot.
type countingLimiter struct{ waits atomic.Int32 }

func (l *countingLimiter) Wait(ctx context.Context) error { l.waits.Add(1); return ctx.Err() }

func TestHandler_Handle_RateLimited(t *testing.T) {
	lim := &countingLimiter{}
	e := newEnv(t, &fakeSender{}, func(o *delivery.Options) { o.Limiter = lim })
	ctx, cancel := invocation(time.Minute)
	defer cancel()
	rec := record(t, "r0")
	_, err := e.handler.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{rec, record(t, "r1"), rec}})
	require.NoError(t, err)
	require.Equal(t, int32(2), lim.waits.Load(), "one wait per send, none for a duplicate")
}

func TestNewHandler(t *testing.T) {
	_, err := delivery.NewHandler(delivery.Options{})
	require.ErrorContains(t, err, "store is required")
	require.ErrorContains(t, err, "sender is required")
	require.ErrorContains(t, err, "dead letters are required")
	require.ErrorContains(t, err, "logger is required")
}

// failingComplete is the real store whose Complete always fails, as when DynamoDB becomes
// unreachable right after SES accepted the mail.
type failingComplete struct{ delivery.Store }

func (failingComplete) Complete(context.Context, string, string, string) error {
	return errors.New("dynamodb: connection reset")
}

func TestHandler_Handle_CompleteFails(t *testing.T) {
	e := newEnv(t, &fakeSender{})
	h, err := delivery.NewHandler(delivery.Options{
		Store: failingComplete{e.store}, Sender: e.sender, DeadLetters: deadletter.New(e.sqs, e.queues.DLQURL),
		Logger: slog.New(slog.NewJSONHandler(e.logs, nil)),
	})
	require.NoError(t, err)
	ctx, cancel := invocation(time.Minute)
	defer cancel()
	rec := record(t, "unrecorded")

	resp, err := h.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{rec}})
	require.NoError(t, err)
	require.Empty(t, resp.BatchItemFailures, "the mail is sent: retrying it would send it again")
	require.Contains(t, string(lockedBytes(e)), "mail sent but not recorded as completed")
	// A duplicate delivery while the claim is live is still held back.
	resp, err = h.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{rec}})
	require.NoError(t, err)
	require.Equal(t, []string{"msg-unrecorded"}, failures(resp))
	require.Equal(t, 1, e.sender.sends("unrecorded"))
}

// brokenDLQ cannot take dead letters.
type brokenDLQ struct{}

func (brokenDLQ) DeadLetter(context.Context, string, string, string) error {
	return errors.New("sqs: service unavailable")
}

func TestHandler_Handle_DeadLetterFails(t *testing.T) {
	e := newEnv(t, &fakeSender{}, func(o *delivery.Options) { o.DeadLetters = brokenDLQ{} })
	ctx, cancel := invocation(time.Minute)
	defer cancel()
	resp, err := e.handler.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{{MessageId: "m-bad", Body: "not json"}}})
	require.NoError(t, err)
	require.Equal(t, []string{"m-bad"}, failures(resp), "a message that cannot be dead-lettered is retried, not lost")
}

// fakeSuppressions is a suppression list: the addresses in it are suppressed; err fails every
// lookup.
type fakeSuppressions struct {
	list map[string]bool
	err  error
}

func (f fakeSuppressions) Suppressed(_ context.Context, addr string) (bool, error) {
	return f.list[addr], f.err
}

// TestHandler_Handle_Suppressed: a mail to a suppressed address is acknowledged and never
// sent, nor claimed; a lookup that fails retries the record without sending.
func TestHandler_Handle_Suppressed(t *testing.T) {
	list := fakeSuppressions{list: map[string]bool{"gone@example.com": true}}
	e := newEnv(t, &fakeSender{}, func(o *delivery.Options) { o.Suppressions = list })
	ctx, cancel := invocation(time.Minute)
	defer cancel()

	resp, err := e.handler.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{record(t, "gone"), record(t, "here")}})
	require.NoError(t, err)
	require.Empty(t, resp.BatchItemFailures)
	require.Equal(t, 0, e.sender.sends("gone"))
	require.Equal(t, 1, e.sender.sends("here"))
	require.Contains(t, string(lockedBytes(e)), `"msg":"every recipient is suppressed, mail not sent"`)
	require.NotContains(t, string(lockedBytes(e)), "gone@example.com")

	broken := newEnv(t, &fakeSender{}, func(o *delivery.Options) { o.Suppressions = fakeSuppressions{err: errThrottled} })
	resp, err = broken.handler.Handle(ctx, events.SQSEvent{Records: []events.SQSMessage{record(t, "later")}})
	require.NoError(t, err)
	require.Equal(t, []string{"msg-later"}, failures(resp))
	require.Equal(t, 0, broken.sender.total())
}
