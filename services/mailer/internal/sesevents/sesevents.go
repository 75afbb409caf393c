// Package sesevents handles the SES sending events of the mailer's configuration set: SES
// publishes Bounce, Complaint and Reject events to an SNS topic, SNS delivers each to the
// events queue (raw message delivery off, so the SQS body is SNS's JSON envelope whose Message
// is the event), and the same Lambda reads that queue through a second event source mapping.
//
// A Permanent bounce puts every bounced recipient on the suppression list (reason BOUNCE), a
// complaint every complained recipient (reason COMPLAINT); transient and undetermined bounces
// and rejects (SES found a virus; no address to blame) are only logged. Addresses are never
// logged.
//
// The event format is SES's, "Contents of event data that Amazon SES publishes to Amazon SNS"
// (https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html):
// top-level eventType (with event publishing; notificationType is the identity notifications'
// older format, not used here), mail, and bounce / complaint / reject. The SNS envelope is
// SNS's "HTTP/HTTPS notification JSON format" that an SQS subscription without raw delivery
// receives (https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html).
package sesevents

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"

	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/suppression"
)

// SNSEnvelope is the SQS body of an SNS notification delivered without raw message delivery.
// Only the fields the handler reads are decoded.
type SNSEnvelope struct {
	// Type is "Notification" for a published message.
	Type string `json:"Type"`
	// MessageID is SNS's id of the notification.
	MessageID string `json:"MessageId"`
	// TopicArn is the topic the event was published to.
	TopicArn string `json:"TopicArn"`
	// Message is the SES event, JSON in a string.
	Message string `json:"Message"`
}

// Event types of SES event publishing that the configuration set's destination sends here
// (terraform: matching_event_types BOUNCE, COMPLAINT, REJECT).
const (
	EventBounce    = "Bounce"
	EventComplaint = "Complaint"
	EventReject    = "Reject"
)

// BouncePermanent is the bounceType of a hard bounce: SES's docs say to remove the address
// from the mailing list. The others are Transient and Undetermined.
const BouncePermanent = "Permanent"

// Event is an SES sending event as published to SNS; fields the handler does not read are
// left out (SES may add fields, which the decoder ignores).
type Event struct {
	// EventType is Bounce, Complaint, Delivery, Send, Reject, Open, Click, ...
	EventType string `json:"eventType"`
	// Mail describes the mail that caused the event.
	Mail struct {
		// MessageID is the SES message id that SendEmail returned.
		MessageID string `json:"messageId"`
		// Tags are the mail's message tags; the mailer sets mail_id and template.
		Tags map[string][]string `json:"tags"`
	} `json:"mail"`
	// Bounce is set for a Bounce event.
	Bounce *struct {
		BounceType        string `json:"bounceType"`
		BounceSubType     string `json:"bounceSubType"`
		BouncedRecipients []struct {
			EmailAddress string `json:"emailAddress"`
		} `json:"bouncedRecipients"`
		FeedbackID string `json:"feedbackId"`
	} `json:"bounce"`
	// Complaint is set for a Complaint event.
	Complaint *struct {
		ComplainedRecipients []struct {
			EmailAddress string `json:"emailAddress"`
		} `json:"complainedRecipients"`
		ComplaintFeedbackType string `json:"complaintFeedbackType"`
		FeedbackID            string `json:"feedbackId"`
	} `json:"complaint"`
	// Reject is set for a Reject event.
	Reject *struct {
		Reason string `json:"reason"`
	} `json:"reject"`
}

// ErrMalformed marks a record that is not an SNS notification carrying an SES event.
var ErrMalformed = errors.New("malformed ses event record")

// Parse decodes an SQS body: the SNS envelope, then the SES event in its Message.
func Parse(body []byte) (SNSEnvelope, Event, error) {
	var env SNSEnvelope
	if err := json.Unmarshal(body, &env); err != nil {
		return SNSEnvelope{}, Event{}, fmt.Errorf("%w: decode sns envelope: %w", ErrMalformed, err)
	}
	if env.Type != "Notification" {
		return env, Event{}, fmt.Errorf("%w: sns message type %q, want Notification", ErrMalformed, env.Type)
	}
	var ev Event
	if err := json.Unmarshal([]byte(env.Message), &ev); err != nil {
		return env, Event{}, fmt.Errorf("%w: decode ses event in sns message %s: %w", ErrMalformed, env.MessageID, err)
	}
	switch {
	case ev.EventType == "":
		return env, Event{}, fmt.Errorf("%w: sns message %s has no eventType (identity notifications are not handled here)", ErrMalformed, env.MessageID)
	case ev.EventType == EventBounce && ev.Bounce == nil,
		ev.EventType == EventComplaint && ev.Complaint == nil:
		return env, Event{}, fmt.Errorf("%w: %s event without its %s object", ErrMalformed, ev.EventType, ev.EventType)
	}
	return env, ev, nil
}

// Suppressions returns the addresses ev puts on the suppression list, with the reason: the
// bounced recipients of a Permanent bounce, the complained recipients of a complaint, and
// nothing for any other event.
func Suppressions(ev Event) ([]string, suppression.Reason) {
	var out []string
	switch {
	case ev.EventType == EventBounce && ev.Bounce != nil && ev.Bounce.BounceType == BouncePermanent:
		for _, r := range ev.Bounce.BouncedRecipients {
			out = append(out, r.EmailAddress)
		}
		return out, suppression.Bounce
	case ev.EventType == EventComplaint && ev.Complaint != nil:
		for _, r := range ev.Complaint.ComplainedRecipients {
			out = append(out, r.EmailAddress)
		}
		return out, suppression.Complaint
	}
	return nil, ""
}

// Handler handles batches from the events queue.
type Handler struct {
	// List is where suppressed addresses go. Required.
	List suppression.List
	// Logger receives one line per event. Required.
	Logger *slog.Logger
}

// Handle processes each record and reports those to retry (ReportBatchItemFailures): a record
// whose suppression could not be written, and a malformed one, which after the queue's
// maxReceiveCount lands in the events dead-letter queue for a person to read.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	resp := events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{}}
	for i, rec := range ev.Records {
		if err := h.handleRecord(ctx, rec); err != nil {
			if rec.MessageId == "" {
				return events.SQSEventResponse{}, fmt.Errorf("record %d must be retried but has no message id; failing the whole batch", i)
			}
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: rec.MessageId})
		}
	}
	return resp, nil
}

func (h *Handler) handleRecord(ctx context.Context, rec events.SQSMessage) error {
	log := h.Logger.With(slog.String("message_id", rec.MessageId))
	env, ev, err := Parse([]byte(rec.Body))
	if err != nil {
		// The error names types and ids only; the body (which holds addresses) is not logged.
		log.ErrorContext(ctx, "ses event not understood", slog.Any("error", err))
		return err
	}
	attrs := []any{
		slog.String("sns_message_id", env.MessageID),
		slog.String("event_type", ev.EventType),
		slog.String("ses_message_id", ev.Mail.MessageID),
	}
	if ids := ev.Mail.Tags["mail_id"]; len(ids) > 0 {
		attrs = append(attrs, slog.String("mail_id", ids[0]))
	}
	switch ev.EventType {
	case EventBounce:
		attrs = append(attrs, slog.String("bounce_type", ev.Bounce.BounceType), slog.String("bounce_sub_type", ev.Bounce.BounceSubType))
	case EventComplaint:
		attrs = append(attrs, slog.String("complaint_feedback_type", ev.Complaint.ComplaintFeedbackType))
	case EventReject:
		if ev.Reject != nil {
			attrs = append(attrs, slog.String("reject_reason", ev.Reject.Reason))
		}
	}
	log = log.With(attrs...)
	addrs, reason := Suppressions(ev)
	for _, a := range addrs {
		if err := h.List.Suppress(ctx, a, reason); err != nil {
			log.ErrorContext(ctx, "suppress recipient", slog.Any("error", err))
			return err
		}
	}
	if len(addrs) > 0 {
		log.WarnContext(ctx, "recipients suppressed", slog.String("reason", string(reason)), slog.Int("suppressed", len(addrs)))
		return nil
	}
	log.InfoContext(ctx, "ses event recorded, nothing to suppress")
	return nil
}

// HandlerFunc is the Lambda handler's signature for SQS events with partial batch responses.
type HandlerFunc func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error)

// Route sends a batch from the events queue (eventsQueueARN, the records' EventSourceARN) to
// sesEvents and any other batch to mail. An event source mapping delivers batches of one queue,
// so a batch mixing both is a wiring error and fails. An empty eventsQueueARN routes everything
// to mail.
func Route(eventsQueueARN string, sesEvents, mail HandlerFunc) HandlerFunc {
	return func(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
		if eventsQueueARN == "" || len(ev.Records) == 0 {
			return mail(ctx, ev)
		}
		n := 0
		for _, r := range ev.Records {
			if r.EventSourceARN == eventsQueueARN {
				n++
			}
		}
		switch n {
		case 0:
			return mail(ctx, ev)
		case len(ev.Records):
			return sesEvents(ctx, ev)
		}
		return events.SQSEventResponse{}, fmt.Errorf("batch mixes %d records of the events queue with %d of another queue", n, len(ev.Records)-n)
	}
}
