package sesevents_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/sesevents"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/sestest"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/suppression"
)

const topic = "arn:aws:sns:ap-northeast-1:111111111111:tsumiki-stg-mailer-ses-events"

func notification(t *testing.T, name, to string) string {
	t.Helper()
	ev, err := sestest.Event(name, to)
	require.NoError(t, err)
	body, err := sestest.SNSNotification(topic, ev)
	require.NoError(t, err)
	return body
}

func TestParse_Suppressions(t *testing.T) {
	for _, tc := range []struct {
		event, eventType string
		want             []string
		reason           suppression.Reason
	}{
		{"bounce-permanent", sesevents.EventBounce, []string{"a@example.jp"}, suppression.Bounce},
		{"complaint", sesevents.EventComplaint, []string{"a@example.jp"}, suppression.Complaint},
		{"bounce-transient", sesevents.EventBounce, nil, ""},
		{"reject", sesevents.EventReject, nil, ""},
	} {
		t.Run(tc.event, func(t *testing.T) {
			env, ev, err := sesevents.Parse([]byte(notification(t, tc.event, "a@example.jp")))
			require.NoError(t, err)
			require.Equal(t, topic, env.TopicArn)
			require.Equal(t, tc.eventType, ev.EventType)
			require.Equal(t, []string{"welcome-42"}, ev.Mail.Tags["mail_id"])
			got, reason := sesevents.Suppressions(ev)
			require.Equal(t, tc.want, got)
			require.Equal(t, tc.reason, reason)
		})
	}
}

func TestParse_Malformed(t *testing.T) {
	raw, err := sestest.Event("bounce-permanent", "a@example.jp")
	require.NoError(t, err)
	for name, body := range map[string]string{
		"NotJSON":              "{",
		"RawDelivery":          raw, // raw message delivery must stay off
		"Confirmation":         `{"Type":"SubscriptionConfirmation","MessageId":"m"}`,
		"MessageNotJSON":       `{"Type":"Notification","MessageId":"m","Message":"nope"}`,
		"IdentityNotification": `{"Type":"Notification","MessageId":"m","Message":"{\"notificationType\":\"Bounce\"}"}`,
		"BounceWithoutObject":  `{"Type":"Notification","MessageId":"m","Message":"{\"eventType\":\"Bounce\"}"}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, _, err := sesevents.Parse([]byte(body))
			require.ErrorIs(t, err, sesevents.ErrMalformed)
			require.NotContains(t, err.Error(), "a@example.jp")
		})
	}
}

type memList struct {
	got  map[string]suppression.Reason
	fail bool
}

func (m *memList) Suppress(_ context.Context, a string, r suppression.Reason) error {
	if m.fail {
		return errors.New("list down")
	}
	m.got[a] = r
	return nil
}

func (m *memList) Suppressed(_ context.Context, a string) (bool, error) {
	_, ok := m.got[a]
	return ok, nil
}

func TestHandler_Handle(t *testing.T) {
	list := &memList{got: map[string]suppression.Reason{}}
	var logs bytes.Buffer
	h := &sesevents.Handler{List: list, Logger: slog.New(slog.NewJSONHandler(&logs, nil))}
	resp, err := h.Handle(context.Background(), events.SQSEvent{Records: []events.SQSMessage{
		{MessageId: "1", Body: notification(t, "bounce-permanent", "hard@example.jp")},
		{MessageId: "2", Body: notification(t, "complaint", "spam@example.jp")},
		{MessageId: "3", Body: notification(t, "bounce-transient", "soft@example.jp")},
		{MessageId: "4", Body: "{"},
	}})
	require.NoError(t, err)
	require.Equal(t, []events.SQSBatchItemFailure{{ItemIdentifier: "4"}}, resp.BatchItemFailures)
	require.Equal(t, map[string]suppression.Reason{"hard@example.jp": suppression.Bounce, "spam@example.jp": suppression.Complaint}, list.got)
	require.NotContains(t, logs.String(), "@example.jp")

	list.fail = true
	resp, err = h.Handle(context.Background(), events.SQSEvent{Records: []events.SQSMessage{
		{MessageId: "5", Body: notification(t, "complaint", "spam@example.jp")},
	}})
	require.NoError(t, err)
	require.Equal(t, []events.SQSBatchItemFailure{{ItemIdentifier: "5"}}, resp.BatchItemFailures, "a failed write is retried")
}

func TestRoute(t *testing.T) {
	var called string
	handler := func(name string) sesevents.HandlerFunc {
		return func(context.Context, events.SQSEvent) (events.SQSEventResponse, error) {
			called = name
			return events.SQSEventResponse{}, nil
		}
	}
	const evARN, mailARN = "arn:aws:sqs:ap-northeast-1:1:events", "arn:aws:sqs:ap-northeast-1:1:mail"
	route := sesevents.Route(evARN, handler("events"), handler("mail"))
	batch := func(arns ...string) events.SQSEvent {
		var ev events.SQSEvent
		for _, a := range arns {
			ev.Records = append(ev.Records, events.SQSMessage{EventSourceARN: a})
		}
		return ev
	}
	_, err := route(context.Background(), batch(evARN, evARN))
	require.NoError(t, err)
	require.Equal(t, "events", called)
	_, err = route(context.Background(), batch(mailARN))
	require.NoError(t, err)
	require.Equal(t, "mail", called)
	_, err = route(context.Background(), batch(evARN, mailARN))
	require.ErrorContains(t, err, "batch mixes")
	_, err = sesevents.Route("", handler("events"), handler("mail"))(context.Background(), batch(evARN))
	require.NoError(t, err)
	require.Equal(t, "mail", called, "no events queue configured: everything is mail")
}
