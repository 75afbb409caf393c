// Package mailer is the client every Tsumiki service uses to send templated mail: it validates
// a mail, wraps it in a versioned envelope and enqueues it on the mail queue (SQS), from which
// the mailer service (services/mailer) renders it and sends it through SES v2, at most once per
// idempotency key.
//
// # Sending
//
//	cfg, err := mailer.ConfigFromEnv(ctx, getenv) // MAIL_QUEUE_URL, MAIL_SENDERS, AWS_*
//	client, err := mailer.New(cfg)
//	res, err := client.Send(ctx, mailer.Mail{
//		To: []string{"Aiko <aiko@example.com>"},
//		Template: mailer.TodoDueReminder{
//			RecipientName: "Aiko",
//			TimeZone:      "Asia/Tokyo",
//			Todos:         []mailer.DueTodo{{ID: id, Title: "Renew the passport", DueAt: due}},
//		},
//		IdempotencyKey: "todo-batch:due-reminder:" + userID + ":" + day,
//	})
//
// SendBatch takes many mails and enqueues them with SendMessageBatch (10 per call), retrying only
// the entries SQS reports as failed; it returns one Result per mail, in order, and an error
// joining the failures. An invalid mail is reported in its Result and does not stop the others.
//
// # Templates
//
// Templates live in this package, embedded: each has a subject, an HTML part and a text part,
// rendered inside a shared layout. A template and its data are one typed value implementing
// Template (Welcome, TodoDueReminder), so a missing field is a compile error or a Validate error
// at enqueue time, never a blank in a sent mail. Render renders one; Sample returns sample data
// for previews (`make mailer/preview TEMPLATE=todo_due_reminder`).
//
// # Errors
//
// Validation errors match errors.Is(err, ErrInvalidMail) and errors.As into *ValidationError,
// which names the field at fault: no recipients, an invalid address, more than MaxRecipients
// recipients, an unknown sender (Mail.From must be one of the configured identities), an invalid
// idempotency key, missing template data, or an envelope over MaxEnvelopeBytes (256 KiB).
//
// # Idempotency
//
// The envelope id is Mail.IdempotencyKey, or a random UUIDv7 when it is empty. The consumer
// sends at most one mail per id, so duplicate queue deliveries never double-send. Only a
// caller-chosen key makes a retried Send safe: with a generated key, calling Send twice sends
// two mails.
//
// # Envelope
//
// The queued message is the JSON form of Envelope, schema version SchemaVersion; ParseEnvelope
// and Envelope.DecodeTemplate read it on the consumer side. design-docs/mailer.md documents the
// schema.
package mailer
