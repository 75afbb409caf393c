package mailer_test

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/mailer"
	"github.com/tsumiki-dev/tsumiki/libs/mailer/mailertest"
)

// flakySQS records every batch call and reports chosen entries as Failed on their first try,
// without passing them on. Entries it passes go to next (the real queue), or succeed locally
// when next is nil.
type flakySQS struct {
	t    *testing.T
	next mailer.SQSAPI
	// failOnce says, by entry body, whether the first try fails; senderFault marks it permanent.
	failOnce    func(body string) bool
	senderFault bool

	mu      sync.Mutex
	tried   map[string]int
	calls   []batchCall
	singles int
}

type batchCall struct{ entries, bytes int }

func (f *flakySQS) SendMessage(ctx context.Context, in *sqs.SendMessageInput, opts ...func(*sqs.Options)) (*sqs.SendMessageOutput, error) {
	f.mu.Lock()
	f.singles++
	f.mu.Unlock()
	if f.next == nil {
		f.t.Errorf("unexpected SendMessage call")
		return &sqs.SendMessageOutput{MessageId: aws.String("m")}, nil
	}
	return f.next.SendMessage(ctx, in, opts...)
}

func (f *flakySQS) SendMessageBatch(ctx context.Context, in *sqs.SendMessageBatchInput, opts ...func(*sqs.Options)) (*sqs.SendMessageBatchOutput, error) {
	f.mu.Lock()
	if f.tried == nil {
		f.tried = map[string]int{}
	}
	size := 0
	for _, e := range in.Entries {
		size += len(aws.ToString(e.MessageBody))
	}
	f.calls = append(f.calls, batchCall{entries: len(in.Entries), bytes: size})
	out := &sqs.SendMessageBatchOutput{}
	pass := *in
	pass.Entries = nil
	for _, e := range in.Entries {
		body := aws.ToString(e.MessageBody)
		f.tried[body]++
		if f.failOnce != nil && f.failOnce(body) && f.tried[body] == 1 {
			out.Failed = append(out.Failed, types.BatchResultErrorEntry{Id: e.Id, Code: aws.String("InternalError"), Message: aws.String("injected"), SenderFault: f.senderFault})
			continue
		}
		pass.Entries = append(pass.Entries, e)
	}
	f.mu.Unlock()
	if len(pass.Entries) == 0 {
		return out, nil
	}
	if f.next == nil {
		for _, e := range pass.Entries {
			out.Successful = append(out.Successful, types.SendMessageBatchResultEntry{Id: e.Id, MessageId: aws.String("m-" + aws.ToString(e.Id))})
		}
		return out, nil
	}
	got, err := f.next.SendMessageBatch(ctx, &pass, opts...)
	if err != nil {
		return nil, err
	}
	out.Successful = append(out.Successful, got.Successful...)
	out.Failed = append(out.Failed, got.Failed...)
	return out, nil
}

// mixedMails returns n mails for SendBatch: every fifth is about 200 KiB, every seventh is
// invalid (no recipients). Keys are "batch:<i>".
func mixedMails(n int) []mailer.Mail {
	mails := make([]mailer.Mail, n)
	for i := range mails {
		tpl := validReminder()
		if i%5 == 0 {
			tpl.Todos = bigTodos(100, 2000) // ~200 KiB of titles
		}
		mails[i] = mailer.Mail{To: []string{fmt.Sprintf("user%d@example.com", i)}, Template: tpl, IdempotencyKey: "batch:" + strconv.Itoa(i)}
		if i%7 == 6 {
			mails[i].To = nil
		}
	}
	return mails
}

func checkCallsWithinLimits(t *testing.T, calls []batchCall) {
	t.Helper()
	for i, c := range calls {
		require.LessOrEqual(t, c.entries, 10, "call %d entries", i)
		require.LessOrEqual(t, c.bytes, mailer.MaxEnvelopeBytes, "call %d bytes", i)
	}
}

func TestClient_SendBatch(t *testing.T) {
	tests := []struct {
		name        string
		senderFault bool
		wantFailed  func(i int) bool
	}{
		// Retryable entry failures are sent again: only invalid mails fail.
		{name: "RetriesFailedEntries", wantFailed: func(i int) bool { return i%7 == 6 }},
		// A sender fault is not retried: those mails fail along with the invalid ones.
		{name: "SenderFaultNotRetried", senderFault: true, wantFailed: func(i int) bool { return i%7 == 6 || i%3 == 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mails := mixedMails(25)
			api := &flakySQS{t: t, senderFault: tt.senderFault, failOnce: func(body string) bool {
				env, err := mailer.ParseEnvelope([]byte(body))
				require.NoError(t, err)
				i, _ := strconv.Atoi(env.ID[len("batch:"):])
				return i%3 == 1
			}}
			c := newTestClient(t, api)
			results, err := c.SendBatch(context.Background(), mails)
			require.Len(t, results, len(mails))
			require.Error(t, err)
			for i, r := range results {
				if tt.wantFailed(i) {
					require.Error(t, r.Err, "mail %d", i)
					require.ErrorContains(t, err, fmt.Sprintf("mail %d:", i))
					continue
				}
				require.NoError(t, r.Err, "mail %d", i)
				require.Equal(t, "batch:"+strconv.Itoa(i), r.ID)
				require.NotEmpty(t, r.MessageID)
			}
			checkCallsWithinLimits(t, api.calls)
			for body, n := range api.tried {
				if tt.senderFault {
					require.Equal(t, 1, n, "an entry is tried once: %.60s", body)
				} else {
					require.LessOrEqual(t, n, 2, "an entry is retried only after failing: %.60s", body)
				}
			}
		})
	}
}

// TestClient_SendBatch_Queue sends 25 mails, some about 200 KiB, through the real local SQS with
// injected per-entry failures, and checks that every valid mail is on the queue exactly once.
func TestClient_SendBatch_Queue(t *testing.T) {
	awsCfg := mailertest.AWSConfig(t, "AWS_ENDPOINT_URL_SQS")
	client := sqs.NewFromConfig(awsCfg)
	q := mailertest.NewQueues(t, client, time.Minute, 3)

	api := &flakySQS{t: t, next: client, failOnce: func(body string) bool { return len(body)%2 == 0 }}
	c, err := mailer.New(mailer.Config{QueueURL: q.URL, Senders: []string{"no-reply@tsumiki.dev"}, SQS: api})
	require.NoError(t, err)
	mails := mixedMails(25)
	results, err := c.SendBatch(context.Background(), mails)
	require.Error(t, err, "the invalid mails are reported")

	want := map[string]bool{}
	for i, r := range results {
		if i%7 == 6 {
			require.ErrorIs(t, r.Err, mailer.ErrInvalidMail)
			continue
		}
		require.NoError(t, r.Err)
		want[r.ID] = true
	}
	checkCallsWithinLimits(t, api.calls)

	got := map[string]int{}
	for _, m := range mailertest.Drain(t, client, q.URL) {
		env, err := mailer.ParseEnvelope([]byte(aws.ToString(m.Body)))
		require.NoError(t, err)
		got[env.ID]++
	}
	require.Len(t, got, len(want), "every valid mail is on the queue")
	for id, n := range got {
		require.True(t, want[id], "unexpected mail %s", id)
		require.Equal(t, 1, n, "mail %s enqueued once", id)
	}
}

func TestClient_Send_Queue(t *testing.T) {
	awsCfg := mailertest.AWSConfig(t, "AWS_ENDPOINT_URL_SQS")
	client := sqs.NewFromConfig(awsCfg)
	q := mailertest.NewQueues(t, client, time.Minute, 3)
	c, err := mailer.New(mailer.Config{AWS: awsCfg, QueueURL: q.URL, Senders: []string{"Tsumiki <no-reply@tsumiki.dev>"}})
	require.NoError(t, err)

	res, err := c.Send(context.Background(), mailer.Mail{To: []string{"aiko@example.com"}, Template: validReminder(), IdempotencyKey: "test:send"})
	require.NoError(t, err)
	require.Equal(t, "test:send", res.ID)
	require.NotEmpty(t, res.MessageID)

	msgs := mailertest.Drain(t, client, q.URL)
	require.Len(t, msgs, 1)
	env, err := mailer.ParseEnvelope([]byte(aws.ToString(msgs[0].Body)))
	require.NoError(t, err)
	require.Equal(t, "todo_due_reminder", env.Template)
	require.Equal(t, "Tsumiki <no-reply@tsumiki.dev>", env.From)
	require.Equal(t, []string{"aiko@example.com"}, env.To)
	tpl, err := env.DecodeTemplate()
	require.NoError(t, err)
	require.Equal(t, validReminder().Todos[0].DueAt, tpl.(mailer.TodoDueReminder).Todos[0].DueAt)
}
