// Package ses sends rendered mail through Amazon SES v2 and sorts its errors into permanent
// ones (the message is rejected; retrying cannot help) and transient ones (throttling, quota,
// 5xx, timeouts; the mail is retried).
package ses

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
	"github.com/aws/smithy-go"

	"github.com/tsumiki-dev/tsumiki/libs/kit/logging"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/delivery"
)

// SESAPI is the part of the SES v2 client the sender uses; *sesv2.Client implements it.
type SESAPI interface {
	SendEmail(ctx context.Context, in *sesv2.SendEmailInput, optFns ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error)
}

// Sender implements delivery.Sender with SES v2 SendEmail.
type Sender struct {
	client           SESAPI
	configurationSet string
}

// New returns a sender. configurationSet names the SES configuration set that every mail
// uses (event publishing, suppression); empty sends without one.
func New(client SESAPI, configurationSet string) *Sender {
	return &Sender{client: client, configurationSet: configurationSet}
}

var _ delivery.Sender = (*Sender)(nil)

// permanentCodes are the SES error codes that retrying the same mail cannot fix.
var permanentCodes = map[string]bool{
	"MessageRejected":                    true,
	"MailFromDomainNotVerifiedException": true,
	"BadRequestException":                true,
}

// tagValue matches what SES does not allow in a message tag value (only ASCII letters,
// digits, '_' and '-'); a tag outside that set makes SES reject the whole send.
var tagValue = regexp.MustCompile(`[^A-Za-z0-9_-]`)

// Send sends m and returns the SES message id. Errors wrap delivery.ErrPermanent when SES
// rejected the mail for good; all others (throttling, sending quota, paused sending, 5xx,
// network errors, timeouts) are transient. Their text never carries an e-mail address.
func (s *Sender) Send(ctx context.Context, m delivery.Message) (string, error) {
	in := &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(m.From),
		Destination:      &types.Destination{ToAddresses: m.To, CcAddresses: m.Cc, BccAddresses: m.Bcc},
		ReplyToAddresses: m.ReplyTo,
		Content: &types.EmailContent{Simple: &types.Message{
			Subject: &types.Content{Data: aws.String(m.Content.Subject), Charset: aws.String("UTF-8")},
			Body: &types.Body{
				Html: &types.Content{Data: aws.String(m.Content.HTML), Charset: aws.String("UTF-8")},
				Text: &types.Content{Data: aws.String(m.Content.Text), Charset: aws.String("UTF-8")},
			},
		}},
		EmailTags: []types.MessageTag{
			{Name: aws.String("template"), Value: aws.String(tagValue.ReplaceAllString(m.Template, "_"))},
			{Name: aws.String("mail_id"), Value: aws.String(truncate(tagValue.ReplaceAllString(m.ID, "_"), 256))},
		},
	}
	if s.configurationSet != "" {
		in.ConfigurationSetName = aws.String(s.configurationSet)
	}
	out, err := s.client.SendEmail(ctx, in)
	if err != nil {
		// SES quotes addresses in some messages (the sandbox's "identities failed the check:
		// a@example.com"); the error's text reaches logs and dead-letter reasons.
		err = redacted{err}
		var apiErr smithy.APIError
		if errors.As(err, &apiErr) && permanentCodes[apiErr.ErrorCode()] {
			return "", fmt.Errorf("ses send email: %w: %w", delivery.ErrPermanent, err)
		}
		return "", fmt.Errorf("ses send email: %w", err)
	}
	return aws.ToString(out.MessageId), nil
}

// redacted is an error whose text has its e-mail addresses replaced; errors.Is and errors.As
// still see the original.
type redacted struct{ err error }

func (r redacted) Error() string { return logging.RedactAddresses(r.err.Error()) }
func (r redacted) Unwrap() error { return r.err }

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
