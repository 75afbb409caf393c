package e2e_test

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/pgtest"
	"github.com/tsumiki-dev/tsumiki/libs/kit/testenv"
	"github.com/tsumiki-dev/tsumiki/tools/internal/localcloud"
)

// Looks (pollEvery apart) the pipeline test allows for each thing it waits for: generous,
// because the machines are shared, yet bounded, so a broken pipeline fails.
const (
	looksForStart = 240 // 60 s: a service becoming ready
	looksForMail  = 480 // 120 s: a reminder going through worker, queue, runner and SES
)

// platform is one isolated copy of the local platform for a test: its own database, queues,
// table and bucket on the shared local servers, and the services run from binDir.
type platform struct {
	// owner is the top-level test: the services live until it ends.
	owner  *testing.T
	env    []string
	apiURL string
	sesURL string
	cloud  localcloud.Outputs
	sqs    *sqs.Client
	api    *process
	worker *process
	mailer *process
	nonce  string
}

// newPlatform migrates a fresh database, creates uniquely named cloud resources and starts
// todo-api. The worker and the mail runner are started by the test (startWorker, startMailer).
func newPlatform(t *testing.T) *platform {
	t.Helper()
	// TSUMIKI_ENV=local (.local/env): the services run as on the local platform, where serve
	// does not refuse the fixture tokens and the metrics carry Environment=local.
	names := []string{"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
		"AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_SESV2", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_S3",
		"TSUMIKI_ENV"}
	vars := map[string]string{}
	for _, name := range names {
		vars[name] = testenv.Require(t, name)
	}
	p := &platform{owner: t, nonce: fmt.Sprintf("%d", time.Now().UnixNano()%1_000_000_000), sesURL: vars["AWS_ENDPOINT_URL_SESV2"]}

	ctx := t.Context()
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(vars["AWS_REGION"]),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(vars["AWS_ACCESS_KEY_ID"], vars["AWS_SECRET_ACCESS_KEY"], "")))
	require.NoError(t, err)
	clients := localcloud.NewClients(cfg, localcloud.Endpoints{
		SQS: vars["AWS_ENDPOINT_URL_SQS"], DynamoDB: vars["AWS_ENDPOINT_URL_DYNAMODB"], S3: vars["AWS_ENDPOINT_URL_S3"],
	})
	p.sqs = clients.SQS
	res, err := localcloud.Names("e2e"+p.nonce, "local")
	require.NoError(t, err)
	p.cloud, err = localcloud.Ensure(ctx, clients, res)
	require.NoError(t, err)

	port := freePort(t)
	p.apiURL = fmt.Sprintf("http://127.0.0.1:%d", port)
	vars["DATABASE_URL"] = pgtest.NewDatabase(t)
	vars["HTTP_ADDR"] = fmt.Sprintf("127.0.0.1:%d", port)
	vars["MAIL_QUEUE_URL"] = p.cloud.MailQueueURL
	vars["MAIL_DLQ_URL"] = p.cloud.MailDLQURL
	vars["MAIL_IDEMPOTENCY_TABLE"] = p.cloud.IdempotencyTable
	vars["MAIL_SUPPRESSION_TABLE"] = p.cloud.IdempotencyTable // no suppression API in the local SES
	vars["MAIL_SENDERS"] = testenv.Require(t, "MAIL_SENDERS") // .local/env: one place
	vars["MAIL_LOCAL_WAIT"] = "1s"
	vars["EXPORT_BUCKET"] = p.cloud.ExportBucket
	vars["SHUTDOWN_TIMEOUT"] = "10s"
	vars["SOFT_STOP_TIMEOUT"] = "5s"
	vars["LOG_LEVEL"] = "info"
	p.env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range vars {
		p.env = append(p.env, k+"="+v)
	}

	runCmd(t, p.env, "todo-api", "migrate", "up")
	runCmd(t, p.env, "todo-batch", "migrate", "up")
	p.api = start(t, t, p.env, "todo-api", "serve")
	waitFor(t, looksForStart, "todo-api /readyz", func() bool { return httpOK(t.Context(), p.apiURL+"/readyz") })
	return p
}

func (p *platform) startWorker(t *testing.T) {
	t.Helper()
	p.worker = start(t, p.owner, p.env, "todo-batch", "worker")
	p.worker.waitOutput(t, looksForStart, `"msg":"worker started"`)
}

func (p *platform) startMailer(t *testing.T) {
	t.Helper()
	p.mailer = start(t, p.owner, p.env, "mailer", "run-local")
	p.mailer.waitOutput(t, looksForStart, `"msg":"local runner polling"`)
}

// newUser mints a token for a new user and returns the user's address and token.
func (p *platform) newUser(t *testing.T, name string) (email, token string) {
	t.Helper()
	email = fmt.Sprintf("e2e-%s-%s@example.com", name, p.nonce)
	out := strings.TrimSpace(runCmd(t, p.env, "todo-api", "token", "--email", email, "--name", "E2E "+name))
	lines := strings.Split(out, "\n")
	token = strings.TrimSpace(lines[len(lines)-1])
	require.NotEmpty(t, token, "todo-api token printed no token: %q", out)
	return email, token
}

// createTodo creates a todo through the API, as a client would.
func (p *platform) createTodo(t *testing.T, token, title string, due time.Time) {
	t.Helper()
	var created struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	status := doJSON(t, http.MethodPost, p.apiURL+"/v1/todos", token,
		map[string]string{"title": title, "due_at": due.UTC().Format(time.RFC3339)}, &created)
	require.Equal(t, http.StatusCreated, status)
	require.Equal(t, title, created.Title)
	require.NotEmpty(t, created.ID)
}

// queueDrained reports whether the mail queue holds no message, visible or in flight.
func (p *platform) queueDrained(t *testing.T) bool {
	t.Helper()
	got, err := p.sqs.GetQueueAttributes(t.Context(), &sqs.GetQueueAttributesInput{
		QueueUrl: aws.String(p.cloud.MailQueueURL),
		AttributeNames: []sqstypes.QueueAttributeName{
			sqstypes.QueueAttributeNameApproximateNumberOfMessages,
			sqstypes.QueueAttributeNameApproximateNumberOfMessagesNotVisible,
		},
	})
	require.NoError(t, err)
	return got.Attributes["ApproximateNumberOfMessages"] == "0" && got.Attributes["ApproximateNumberOfMessagesNotVisible"] == "0"
}

// TestReminderPipeline is issue 6's end-to-end test: API call in, exactly one reminder mail out.
func TestReminderPipeline(t *testing.T) {
	requireOptIn(t)
	p := newPlatform(t)

	email, token := p.newUser(t, "aiko")
	title := "Renew the passport " + p.nonce
	// Due in ten minutes: inside todo-batch's reminder window (REMINDER_WINDOW, 1 h by default).
	p.createTodo(t, token, title, time.Now().Add(10*time.Minute))

	// The worker's leader runs due_reminders as soon as it starts (and every minute after).
	p.startWorker(t)
	p.startMailer(t)

	var mails []sesMail
	waitFor(t, looksForMail, "the reminder mail in the local SES", func() bool {
		mails = mailsTo(t, p.sesURL, email)
		return len(mails) > 0
	})
	require.Len(t, mails, 1, "exactly one reminder")
	require.Contains(t, mails[0].Body.Text, title, "the reminder's text names the todo")
	require.Contains(t, mails[0].Body.HTML, title, "the reminder's HTML names the todo")

	t.Run("StillOneAfterRestarts", func(t *testing.T) {
		p.worker.stop(t)
		p.mailer.stop(t)
		p.startWorker(t)
		p.startMailer(t)
		// A one-shot run of the same job, on top of the restarted worker's own run on start:
		// the todo was reminded, so nothing may be sent again.
		runCmd(t, p.env, "todo-batch", "run", "due_reminders")
		waitFor(t, looksForMail, "the mail queue to drain", func() bool { return p.queueDrained(t) })
		require.Len(t, mailsTo(t, p.sesURL, email), 1, "still exactly one reminder after restarting the worker and the mail runner")
	})

	t.Run("MalformedMessageGoesToDLQ", func(t *testing.T) {
		body := `{"not":"a mail envelope","nonce":"` + p.nonce + `"}`
		_, err := p.sqs.SendMessage(t.Context(), &sqs.SendMessageInput{QueueUrl: aws.String(p.cloud.MailQueueURL), MessageBody: aws.String(body)})
		require.NoError(t, err)

		var reason string
		waitFor(t, looksForMail, "the malformed message in the dead-letter queue", func() bool {
			got, err := p.sqs.ReceiveMessage(t.Context(), &sqs.ReceiveMessageInput{
				QueueUrl:              aws.String(p.cloud.MailDLQURL),
				MaxNumberOfMessages:   1,
				MessageAttributeNames: []string{"All"},
			})
			require.NoError(t, err)
			for _, m := range got.Messages {
				if aws.ToString(m.Body) == body {
					if a, ok := m.MessageAttributes["mailer_failure_reason"]; ok {
						reason = aws.ToString(a.StringValue)
					}
					return true
				}
			}
			return false
		})
		require.NotEmpty(t, reason, "a dead letter carries the reason (mailer_failure_reason)")
		t.Logf("dead-letter reason: %s", reason)

		// Other mails keep flowing: a second user's reminder goes through.
		email2, token2 := p.newUser(t, "ben")
		title2 := "Water the plants " + p.nonce
		p.createTodo(t, token2, title2, time.Now().Add(20*time.Minute))
		runCmd(t, p.env, "todo-batch", "run", "due_reminders")
		var mails2 []sesMail
		waitFor(t, looksForMail, "the second user's reminder", func() bool {
			mails2 = mailsTo(t, p.sesURL, email2)
			return len(mails2) > 0
		})
		require.Len(t, mails2, 1)
		require.Contains(t, mails2[0].Body.Text, title2)
		require.Len(t, mailsTo(t, p.sesURL, email), 1, "the first user still has exactly one reminder")
	})

	t.Run("MailPageShowsReminder", func(t *testing.T) {
		dom := chromiumDOM(t, strings.TrimSuffix(p.sesURL, "/")+"/", 5*time.Second)
		require.Contains(t, dom, `class="email"`, "the mail page lists mails")
		require.Contains(t, dom, email, "the mail page shows the reminder's recipient")
		require.Contains(t, dom, title, "the mail page shows the reminder naming the todo")
	})

	// Incidents seen as the metrics their alarms watch (metrics_test.go).
	t.Run("LateReminderIsMetric", p.lateReminderIsMetric)
	t.Run("DeadLetterIsMetric", p.deadLetterIsMetric)
	t.Run("ServerErrorBurstIsMetric", p.serverErrorBurstIsMetric)

	p.worker.stop(t)
	p.mailer.stop(t)
	p.api.stop(t)
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	return port
}
