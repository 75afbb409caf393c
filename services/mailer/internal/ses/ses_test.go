package ses_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/testenv"
	"github.com/tsumiki-dev/tsumiki/libs/mailer"
	"github.com/tsumiki-dev/tsumiki/libs/mailer/mailertest"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/delivery"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/ses"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/sestest"
)

func message(to string) delivery.Message {
	return delivery.Message{
		ID: "test:ses", Template: "welcome", From: "Tsumiki <no-reply@tsumiki.dev>",
		To: []string{to}, Cc: []string{"cc-" + to}, ReplyTo: []string{"support@tsumiki.dev"},
		Content: mailer.Content{Subject: "Welcome", HTML: "<p>Hello</p>", Text: "Hello"},
	}
}

func TestSender_Send(t *testing.T) {
	cfg := mailertest.AWSConfig(t, "AWS_ENDPOINT_URL_SESV2")
	endpoint := testenv.Require(t, "AWS_ENDPOINT_URL_SESV2")
	to := mailertest.UniqueName("ses") + "@example.com"

	id, err := ses.New(sesv2.NewFromConfig(cfg), "").Send(context.Background(), message(to))
	require.NoError(t, err)
	require.NotEmpty(t, id)

	got := sestest.SentTo(t, endpoint, to)
	require.Len(t, got, 1)
	require.Equal(t, id, got[0].MessageID)
	require.Equal(t, "Welcome", got[0].Subject)
	require.Equal(t, "<p>Hello</p>", got[0].Body.HTML)
	require.Equal(t, "Hello", got[0].Body.Text)
	require.Equal(t, []string{"cc-" + to}, got[0].Destination.Cc)
}

// TestSender_Send_Errors checks how real SES error responses, parsed by the real SDK, are
// classified. The local stand-in never rejects or throttles, so a test server plays SES.
func TestSender_Send_Errors(t *testing.T) {
	tests := []struct {
		name          string
		status        int
		errorType     string
		wantPermanent bool
	}{
		{name: "Rejected", status: 400, errorType: "MessageRejected", wantPermanent: true},
		{name: "MailFromNotVerified", status: 400, errorType: "MailFromDomainNotVerifiedException", wantPermanent: true},
		{name: "BadRequest", status: 400, errorType: "BadRequestException", wantPermanent: true},
		{name: "Throttled", status: 429, errorType: "TooManyRequestsException"},
		{name: "QuotaExceeded", status: 429, errorType: "LimitExceededException"},
		{name: "SendingPaused", status: 400, errorType: "SendingPausedException"},
		{name: "ServerError", status: 500, errorType: "InternalFailure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("X-Amzn-ErrorType", tt.errorType)
				w.WriteHeader(tt.status)
				// SES's sandbox message quotes the refused addresses.
				_, _ = w.Write([]byte(`{"message":"Email address is not verified. The following identities failed the check in region AP-NORTHEAST-1: a@example.com"}`))
			}))
			defer srv.Close()
			client := sesv2.New(sesv2.Options{
				Region: "ap-northeast-1", BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
				Credentials: aws.AnonymousCredentials{},
			})
			_, err := ses.New(client, "tsumiki-test").Send(context.Background(), message("a@example.com"))
			require.Error(t, err)
			require.ErrorContains(t, err, tt.errorType)
			require.Equal(t, tt.wantPermanent, errors.Is(err, delivery.ErrPermanent))
			require.ErrorContains(t, err, "failed the check in region AP-NORTHEAST-1: <address>", "the address is redacted, the rest kept")
			var apiErr smithy.APIError
			require.ErrorAs(t, err, &apiErr, "the SDK's error is still in the chain")
		})
	}
}

// capturingSES records the request instead of sending it.
type capturingSES struct{ in *sesv2.SendEmailInput }

func (c *capturingSES) SendEmail(_ context.Context, in *sesv2.SendEmailInput, _ ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error) {
	c.in = in
	return &sesv2.SendEmailOutput{MessageId: aws.String("m-1")}, nil
}

func TestSender_Send_Request(t *testing.T) {
	api := &capturingSES{}
	m := message("a@example.com")
	m.ID = "todo-batch:due-reminder:0193a1f0:2026-12-01T09:00:00.000Z/x@y"
	_, err := ses.New(api, "tsumiki-stg-mail").Send(context.Background(), m)
	require.NoError(t, err)
	require.Equal(t, "tsumiki-stg-mail", aws.ToString(api.in.ConfigurationSetName))
	require.Equal(t, "Tsumiki <no-reply@tsumiki.dev>", aws.ToString(api.in.FromEmailAddress))
	require.Equal(t, []string{"support@tsumiki.dev"}, api.in.ReplyToAddresses)
	tags := map[string]string{}
	for _, tag := range api.in.EmailTags {
		tags[aws.ToString(tag.Name)] = aws.ToString(tag.Value)
	}
	require.Equal(t, map[string]string{
		"template": "welcome",
		// Only letters, digits, '_' and '-' are allowed in a tag value.
		"mail_id": "todo-batch_due-reminder_0193a1f0_2026-12-01T09_00_00_000Z_x_y",
	}, tags)

	_, err = ses.New(api, "").Send(context.Background(), m)
	require.NoError(t, err)
	require.Nil(t, api.in.ConfigurationSetName, "no configuration set when none is configured")
}
