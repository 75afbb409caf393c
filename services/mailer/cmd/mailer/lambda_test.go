package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tsumiki-dev/tsumiki/libs/kit/metrics"
	"github.com/tsumiki-dev/tsumiki/libs/kit/syncbuf"

	"github.com/tsumiki-dev/tsumiki/libs/kit/testenv"
	"github.com/tsumiki-dev/tsumiki/libs/mailer"
	"github.com/tsumiki-dev/tsumiki/libs/mailer/mailertest"
	mailersvc "github.com/tsumiki-dev/tsumiki/services/mailer"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/idempotency"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/sestest"
)

// TestMain doubles as the Lambda process of TestRun_Lambda: started again with
// MAILER_LAMBDA_PROCESS=1, the test binary runs the mailer in Lambda mode, whose runtime loop
// never returns.
func TestMain(m *testing.M) {
	if os.Getenv("MAILER_LAMBDA_PROCESS") == "1" {
		err := run(context.Background(), nil, os.Getenv, os.Stdout, os.Stderr)
		fmt.Fprintf(os.Stderr, "run returned: %v\n", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// TestRun_Lambda runs the binary's Lambda mode against a stand-in of the Lambda Runtime API: it
// serves one SQS event (a valid mail and a malformed message) and checks the invocation's
// response, the mail in the local SES and the dead letter.
func TestRun_Lambda(t *testing.T) {
	awsCfg := mailertest.AWSConfig(t, "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SESV2")
	sesEndpoint := testenv.Require(t, "AWS_ENDPOINT_URL_SESV2")
	sqsClient := sqs.NewFromConfig(awsCfg)
	q := mailertest.NewQueues(t, sqsClient, time.Minute, 5)
	ddb := dynamodb.NewFromConfig(awsCfg)
	table := mailertest.UniqueName("test-mailer-idempotency")
	require.NoError(t, idempotency.CreateTable(context.Background(), ddb, table))
	t.Cleanup(func() {
		_, err := ddb.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: &table})
		assert.NoError(t, err)
	})

	client, err := mailer.New(mailer.Config{QueueURL: q.URL, Senders: []string{"no-reply@tsumiki.dev"}})
	require.NoError(t, err)
	to := mailertest.UniqueName("lambda") + "@example.com"
	_, body, err := client.Envelope(mailer.Mail{To: []string{to}, Template: mailer.Welcome{RecipientName: "Aiko", SignInURL: "https://app.tsumiki.dev/"}})
	require.NoError(t, err)
	event, err := json.Marshal(events.SQSEvent{Records: []events.SQSMessage{
		{MessageId: "m-good", Body: string(body), EventSource: "aws:sqs"},
		{MessageId: "m-bad", Body: "{", EventSource: "aws:sqs"},
	}})
	require.NoError(t, err)

	// The Runtime API: one invocation, then /next blocks until the test ends.
	responses := make(chan string, 1)
	var served atomic.Bool
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/runtime/invocation/next"):
			if served.Swap(true) {
				<-r.Context().Done()
				return
			}
			w.Header().Set("Lambda-Runtime-Aws-Request-Id", "req-1")
			w.Header().Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(time.Now().Add(30*time.Second).UnixMilli(), 10))
			w.Header().Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:ap-northeast-1:123456789012:function:tsumiki-test-mailer-function")
			_, _ = w.Write(event)
		case r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/runtime/invocation/req-1/response"):
			b, _ := io.ReadAll(r.Body)
			responses <- string(b)
			w.WriteHeader(http.StatusAccepted)
		default:
			b, _ := io.ReadAll(r.Body)
			responses <- "unexpected " + r.Method + " " + r.URL.Path + ": " + string(b)
			w.WriteHeader(http.StatusAccepted)
		}
	}))
	defer api.Close()

	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(),
		"MAILER_LAMBDA_PROCESS=1",
		"AWS_LAMBDA_RUNTIME_API="+strings.TrimPrefix(api.URL, "http://"),
		"MAIL_DLQ_URL="+q.DLQURL,
		"MAIL_IDEMPOTENCY_TABLE="+table,
		// The local SES has no suppression API: the table stands in for SES's list.
		"MAIL_SUPPRESSION_TABLE="+table,
	)
	for _, k := range []string{"AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_SESV2"} {
		cmd.Env = append(cmd.Env, k+"="+testenv.Lookup(k))
	}
	out := &syncbuf.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	require.NoError(t, cmd.Start())
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()

	var resp string
	select {
	case resp = <-responses:
	case <-time.After(2 * time.Minute): // hang guard only
		t.Fatalf("no invocation response; process output:\n%s", out.String())
	}
	require.JSONEq(t, `{"batchItemFailures":[]}`, resp, "process output:\n%s", out.String())
	require.Len(t, sestest.SentTo(t, sesEndpoint, to), 1)
	dead := mailertest.Drain(t, sqsClient, q.DLQURL)
	require.Len(t, dead, 1)
	require.Equal(t, "{", aws.ToString(dead[0].Body))

	// The invocation wrote its CloudWatch metrics (embedded metric format) to standard
	// output before answering; the pipe may still be copying them.
	spec := mailersvc.Observability()
	require.Eventually(t, func() bool {
		recs, err := metrics.ParseRecords([]byte(out.String()))
		return err == nil &&
			metrics.CheckEmitted(spec, recs, "MailsSent", map[string]string{"Template": "welcome"}, 1) == nil &&
			metrics.CheckEmitted(spec, recs, "MailsDeadLettered", map[string]string{"Environment": "local", "Service": "mailer"}, 1) == nil
	}, 10*time.Second, 50*time.Millisecond, "process output:\n%s", out.String())
}
