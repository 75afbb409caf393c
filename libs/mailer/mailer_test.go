package mailer_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/mailer"
)

func validReminder() mailer.TodoDueReminder {
	return mailer.TodoDueReminder{
		RecipientName: "Aiko",
		Todos:         []mailer.DueTodo{{ID: "t1", Title: "Renew the passport", DueAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}},
	}
}

func newTestClient(t *testing.T, api mailer.SQSAPI) *mailer.Client {
	t.Helper()
	c, err := mailer.New(mailer.Config{
		QueueURL: "http://127.0.0.1:1/000000000000/test",
		Senders:  []string{"Tsumiki <no-reply@tsumiki.dev>", "alerts@tsumiki.dev"},
		SQS:      api,
	})
	require.NoError(t, err)
	return c
}

func addresses(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "user" + strings.Repeat("x", i%3) + "@example.com"
	}
	return out
}

func TestNew(t *testing.T) {
	tests := []struct {
		name    string
		cfg     mailer.Config
		wantErr []string
	}{
		{name: "Empty", cfg: mailer.Config{}, wantErr: []string{"queue URL is required", "at least one sender identity is required"}},
		{name: "BadSender", cfg: mailer.Config{QueueURL: "q", Senders: []string{"not an address"}}, wantErr: []string{`sender 0 "not an address" is not a valid address`}},
		{name: "Valid", cfg: mailer.Config{QueueURL: "q", Senders: []string{"Tsumiki <no-reply@tsumiki.dev>"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := mailer.New(tt.cfg)
			if len(tt.wantErr) == 0 {
				require.NoError(t, err)
				require.NotNil(t, c)
				return
			}
			for _, want := range tt.wantErr {
				require.ErrorContains(t, err, want)
			}
		})
	}
}

func TestClient_Envelope(t *testing.T) {
	c := newTestClient(t, nil)
	tests := []struct {
		name      string
		mail      mailer.Mail
		wantField string
		wantErr   string
	}{
		{name: "NoRecipients", mail: mailer.Mail{Template: validReminder()}, wantField: "to", wantErr: "no recipients"},
		{name: "InvalidTo", mail: mailer.Mail{To: []string{"aiko@"}, Template: validReminder()}, wantField: "to[0]", wantErr: "to[0] is not a valid address"},
		{name: "InvalidCc", mail: mailer.Mail{To: []string{"a@example.com"}, Cc: []string{"ok@example.com", "bad"}, Template: validReminder()}, wantField: "cc[1]", wantErr: "not a valid address"},
		{name: "InvalidBcc", mail: mailer.Mail{Bcc: []string{"x\r\nBcc: evil@example.com"}, Template: validReminder()}, wantField: "bcc[0]", wantErr: "not a valid address"},
		{name: "InvalidReplyTo", mail: mailer.Mail{To: []string{"a@example.com"}, ReplyTo: []string{"@@"}, Template: validReminder()}, wantField: "reply_to[0]", wantErr: "not a valid address"},
		{name: "TooManyRecipients", mail: mailer.Mail{To: addresses(30), Cc: addresses(20), Bcc: addresses(1), Template: validReminder()}, wantField: "to", wantErr: "51 recipients in To, Cc and Bcc, at most 50"},
		{name: "UnknownSender", mail: mailer.Mail{From: "ceo@tsumiki.dev", To: []string{"a@example.com"}, Template: validReminder()}, wantField: "from", wantErr: "from is an unknown sender, not one of the configured identities (MAIL_SENDERS)"},
		{name: "NoTemplate", mail: mailer.Mail{To: []string{"a@example.com"}}, wantField: "template", wantErr: "is required"},
		{name: "MissingTemplateField", mail: mailer.Mail{To: []string{"a@example.com"}, Template: mailer.Welcome{RecipientName: "Aiko"}}, wantField: "welcome.sign_in_url", wantErr: "is required"},
		{name: "NoTodos", mail: mailer.Mail{To: []string{"a@example.com"}, Template: mailer.TodoDueReminder{RecipientName: "Aiko"}}, wantField: "todo_due_reminder.todos", wantErr: "at least one todo is required"},
		{name: "TodoWithoutDueAt", mail: mailer.Mail{To: []string{"a@example.com"}, Template: mailer.TodoDueReminder{RecipientName: "Aiko", Todos: []mailer.DueTodo{{ID: "1", Title: "x"}}}}, wantField: "todo_due_reminder.todos[0].due_at", wantErr: "is required"},
		{name: "UnknownTimeZone", mail: mailer.Mail{To: []string{"a@example.com"}, Template: func() mailer.TodoDueReminder { r := validReminder(); r.TimeZone = "Mars/Olympus"; return r }()}, wantField: "todo_due_reminder.time_zone", wantErr: `unknown time zone "Mars/Olympus"`},
		{name: "BadIdempotencyKey", mail: mailer.Mail{To: []string{"a@example.com"}, Template: validReminder(), IdempotencyKey: "has space"}, wantField: "idempotency_key", wantErr: "printable ASCII"},
		{name: "LongIdempotencyKey", mail: mailer.Mail{To: []string{"a@example.com"}, Template: validReminder(), IdempotencyKey: strings.Repeat("k", 201)}, wantField: "idempotency_key", wantErr: "is 201 bytes, at most 200"},
		{name: "OverSizeLimit", mail: mailer.Mail{To: []string{"a@example.com"}, Template: mailer.TodoDueReminder{RecipientName: "Aiko", Todos: bigTodos(100, 3000)}}, wantField: "envelope", wantErr: "over the queue limit of 262144 bytes"},
		{name: "Valid", mail: mailer.Mail{From: "ALERTS@tsumiki.dev", To: []string{"Aiko <a@example.com>"}, Template: validReminder(), IdempotencyKey: "test:1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, body, err := c.Envelope(tt.mail)
			if tt.wantErr == "" {
				require.NoError(t, err)
				require.Equal(t, "test:1", env.ID)
				require.Equal(t, "alerts@tsumiki.dev", env.From)
				parsed, err := mailer.ParseEnvelope(body)
				require.NoError(t, err)
				tpl, err := parsed.DecodeTemplate()
				require.NoError(t, err)
				require.Equal(t, tt.mail.Template, tpl)
				return
			}
			require.ErrorIs(t, err, mailer.ErrInvalidMail)
			require.ErrorContains(t, err, tt.wantErr)
			var fields []string
			for _, e := range flatten(err) {
				var ve *mailer.ValidationError
				if errors.As(e, &ve) {
					fields = append(fields, ve.Field)
				}
			}
			require.Contains(t, fields, tt.wantField)
		})
	}
}

// flatten unwraps joined errors into their leaves.
func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

func bigTodos(n, titleLen int) []mailer.DueTodo {
	todos := make([]mailer.DueTodo, n)
	for i := range todos {
		todos[i] = mailer.DueTodo{ID: "t", Title: strings.Repeat("t", titleLen), DueAt: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	}
	return todos
}

func TestClient_Envelope_GeneratesKey(t *testing.T) {
	c := newTestClient(t, nil)
	m := mailer.Mail{To: []string{"a@example.com"}, Template: validReminder()}
	a, _, err := c.Envelope(m)
	require.NoError(t, err)
	b, _, err := c.Envelope(m)
	require.NoError(t, err)
	require.NotEmpty(t, a.ID)
	require.NotEqual(t, a.ID, b.ID, "a generated key is new for every call")
	require.Equal(t, "Tsumiki <no-reply@tsumiki.dev>", a.From, "empty From selects the first identity")
	require.Equal(t, mailer.SchemaVersion, a.SchemaVersion)
}

func TestRender(t *testing.T) {
	for _, name := range mailer.TemplateNames() {
		t.Run(name, func(t *testing.T) {
			tpl, err := mailer.Sample(name)
			require.NoError(t, err)
			got, err := mailer.Render(tpl)
			require.NoError(t, err)
			require.NotEmpty(t, got.Subject)
			require.NotContains(t, got.Subject, "\n")
			require.Contains(t, got.HTML, "<!DOCTYPE html>")
			require.Contains(t, got.HTML, "Aiko")
			require.Contains(t, got.Text, "Aiko")
			require.Contains(t, got.Text, "You receive this mail because", "the shared layout wraps the text part")
		})
	}
}

func TestRender_TodoDueReminder(t *testing.T) {
	tpl, err := mailer.Sample("todo_due_reminder")
	require.NoError(t, err)
	got, err := mailer.Render(tpl)
	require.NoError(t, err)
	require.Equal(t, "3 todos are due", got.Subject)
	require.Contains(t, got.HTML, "Send the &lt;quarterly&gt; report &amp; slides", "HTML escapes user data")
	require.Contains(t, got.Text, "- Send the <quarterly> report & slides (due Wed 2 Dec 2026 20:00 JST)")
	require.Contains(t, got.HTML, `href="https://app.tsumiki.dev/todos/0193a1f0-0000-7000-8000-000000000001"`)

	one := validReminder()
	got, err = mailer.Render(one)
	require.NoError(t, err)
	require.Equal(t, "1 todo is due", got.Subject)
	require.Contains(t, got.Text, "(due Tue 1 Dec 2026 09:00 UTC)")

	_, err = mailer.Render(mailer.TodoDueReminder{})
	require.ErrorIs(t, err, mailer.ErrInvalidMail)
}

func TestSample_Unknown(t *testing.T) {
	_, err := mailer.Sample("nope")
	require.ErrorIs(t, err, mailer.ErrUnknownTemplate)
	require.ErrorContains(t, err, "todo_due_reminder")
}

func TestParseEnvelope(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		wantErr error
		wantMsg string
	}{
		{name: "NotJSON", body: "hello", wantErr: mailer.ErrMalformedEnvelope, wantMsg: "decode json"},
		{name: "WrongVersion", body: `{"schema_version":2,"id":"x","template":"welcome","from":"a@b.c","to":["a@b.c"]}`, wantErr: mailer.ErrMalformedEnvelope, wantMsg: "schema_version 2"},
		{name: "NoID", body: `{"schema_version":1,"template":"welcome","from":"a@b.c","to":["a@b.c"]}`, wantErr: mailer.ErrMalformedEnvelope, wantMsg: "id is required"},
		{name: "NoRecipients", body: `{"schema_version":1,"id":"x","template":"welcome","from":"a@b.c"}`, wantErr: mailer.ErrMalformedEnvelope, wantMsg: "no recipients"},
		{name: "BadFrom", body: `{"schema_version":1,"id":"x","template":"welcome","from":"nobody","to":["a@b.c"]}`, wantErr: mailer.ErrMalformedEnvelope, wantMsg: "from"},
		{name: "Valid", body: `{"schema_version":1,"id":"x","template":"welcome","data":{},"from":"a@b.c","to":["a@b.c"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := mailer.ParseEnvelope([]byte(tt.body))
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				require.ErrorContains(t, err, tt.wantMsg)
				return
			}
			require.NoError(t, err)
			require.Equal(t, "x", env.ID)
		})
	}
}

func TestEnvelope_DecodeTemplate(t *testing.T) {
	tests := []struct {
		name     string
		template string
		data     string
		wantErr  error
	}{
		{name: "Unknown", template: "newsletter", data: `{}`, wantErr: mailer.ErrUnknownTemplate},
		{name: "BadData", template: "welcome", data: `[1]`, wantErr: mailer.ErrMalformedEnvelope},
		{name: "MissingField", template: "welcome", data: `{"recipient_name":"Aiko"}`, wantErr: mailer.ErrMalformedEnvelope},
		{name: "Valid", template: "welcome", data: `{"recipient_name":"Aiko","sign_in_url":"https://x.example/"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl, err := mailer.Envelope{Template: tt.template, Data: []byte(tt.data)}.DecodeTemplate()
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, mailer.Welcome{RecipientName: "Aiko", SignInURL: "https://x.example/"}, tpl)
		})
	}
}

func TestClient_Send_Invalid(t *testing.T) {
	c := newTestClient(t, &flakySQS{t: t}) // flakySQS fails the test if any call reaches it
	res, err := c.Send(context.Background(), mailer.Mail{Template: validReminder()})
	require.ErrorIs(t, err, mailer.ErrInvalidMail)
	require.Equal(t, err, res.Err)
}

func TestConfigFromEnv(t *testing.T) {
	tests := []struct {
		name        string
		env         map[string]string
		wantSenders []string
		wantErr     []string
	}{
		{name: "Missing", env: map[string]string{}, wantErr: []string{"MAIL_QUEUE_URL is required", "MAIL_SENDERS is required", "AWS_REGION is required"}},
		{
			name:        "Valid",
			env:         map[string]string{"MAIL_QUEUE_URL": "http://q", "MAIL_SENDERS": "Tsumiki <no-reply@tsumiki.dev>, alerts@tsumiki.dev", "AWS_REGION": "ap-northeast-1"},
			wantSenders: []string{"Tsumiki <no-reply@tsumiki.dev>", "alerts@tsumiki.dev"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := mailer.ConfigFromEnv(context.Background(), func(k string) string { return tt.env[k] })
			if len(tt.wantErr) > 0 {
				for _, want := range tt.wantErr {
					require.ErrorContains(t, err, want)
				}
				return
			}
			require.NoError(t, err)
			require.Equal(t, "http://q", cfg.QueueURL)
			require.Equal(t, tt.wantSenders, cfg.Senders)
		})
	}
}
