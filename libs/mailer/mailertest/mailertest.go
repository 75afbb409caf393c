// Package mailertest gives integration tests of mail producers and consumers the local AWS
// configuration and their own uniquely named SQS queues, created through the real SDK against
// the local stand-ins that `make deps/up` starts, and deleted when the test ends.
package mailertest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/tsumiki-dev/tsumiki/libs/kit/awsconfig"
	"github.com/tsumiki-dev/tsumiki/libs/kit/testenv"
)

// AWSConfig returns the AWS configuration of the local platform for a test that needs the
// services named by the endpoint variables it lists ("AWS_ENDPOINT_URL_SQS", ...). Under
// -short the test is skipped; a missing variable fails it (see testenv.Require).
func AWSConfig(t testing.TB, endpointVars ...string) aws.Config {
	t.Helper()
	for _, v := range append([]string{"AWS_REGION"}, endpointVars...) {
		testenv.Require(t, v)
	}
	cfg, err := awsconfig.Load(context.Background(), testenv.Lookup)
	if err != nil {
		t.Fatalf("load local aws configuration: %v", err)
	}
	return cfg
}

// UniqueName returns prefix followed by a random suffix, for a test's own queue or table.
func UniqueName(prefix string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return prefix + "-" + hex.EncodeToString(b[:])
}

// Queues are a test's mail queue and its dead-letter queue.
type Queues struct {
	// URL and DLQURL are the queue URLs; ARN and DLQARN their ARNs.
	URL, DLQURL, ARN, DLQARN string
}

// NewQueues creates a dead-letter queue and a queue that redrives into it after
// maxReceiveCount receives, with the given visibility timeout, both deleted after the test.
func NewQueues(t testing.TB, client *sqs.Client, visibility time.Duration, maxReceiveCount int) Queues {
	t.Helper()
	ctx := context.Background()
	name := UniqueName("test-mailer")
	var q Queues
	// The dead-letter queue must exist before the queue that redrives into it.
	q.DLQURL, q.DLQARN = createQueue(t, ctx, client, name+"-dlq", nil)
	policy, _ := json.Marshal(map[string]any{"deadLetterTargetArn": q.DLQARN, "maxReceiveCount": maxReceiveCount})
	q.URL, q.ARN = createQueue(t, ctx, client, name+"-queue", map[string]string{
		string(types.QueueAttributeNameVisibilityTimeout): strconv.Itoa(int(visibility.Seconds())),
		string(types.QueueAttributeNameRedrivePolicy):     string(policy),
	})
	return q
}

func createQueue(t testing.TB, ctx context.Context, client *sqs.Client, name string, attrs map[string]string) (url, arn string) {
	t.Helper()
	out, err := client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: &name, Attributes: attrs})
	if err != nil {
		t.Fatalf("create queue %s: %v", name, err)
	}
	url = aws.ToString(out.QueueUrl)
	t.Cleanup(func() {
		if _, err := client.DeleteQueue(context.Background(), &sqs.DeleteQueueInput{QueueUrl: &url}); err != nil {
			t.Errorf("delete queue %s: %v", name, err)
		}
	})
	got, err := client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl: &url, AttributeNames: []types.QueueAttributeName{types.QueueAttributeNameQueueArn},
	})
	if err != nil {
		t.Fatalf("get arn of queue %s: %v", name, err)
	}
	return url, got.Attributes[string(types.QueueAttributeNameQueueArn)]
}

// Drain receives every message currently on the queue (short polls until one returns nothing),
// deletes them and returns them. It is meant for checking what a producer enqueued.
func Drain(t testing.TB, client *sqs.Client, url string) []types.Message {
	t.Helper()
	ctx := context.Background()
	var all []types.Message
	for {
		out, err := client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
			QueueUrl: &url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 60,
			MessageAttributeNames: []string{"All"},
		})
		if err != nil {
			t.Fatalf("receive from %s: %v", url, err)
		}
		if len(out.Messages) == 0 {
			return all
		}
		for _, m := range out.Messages {
			if _, err := client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: m.ReceiptHandle}); err != nil {
				t.Fatalf("delete message %s: %v", aws.ToString(m.MessageId), err)
			}
		}
		all = append(all, out.Messages...)
	}
}
