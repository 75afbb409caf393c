package localcloud_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/testenv"
	"github.com/tsumiki-dev/tsumiki/tools/internal/localcloud"
)

func TestNames(t *testing.T) {
	tests := []struct {
		name    string
		project string
		env     string
		lambdas []string
		want    localcloud.Resources
		wantErr string
	}{
		{
			name: "Local",
			env:  "local",
			want: localcloud.Resources{
				MailQueue:               "tsumiki-local-mailer-queue",
				MailDLQ:                 "tsumiki-local-mailer-queue-dlq",
				VisibilityTimeout:       60 * time.Second,
				MaxReceiveCount:         5,
				IdempotencyTable:        "tsumiki-local-mailer-idempotency",
				IdempotencyKey:          "id",
				IdempotencyTTLAttribute: "ttl",
				ExportBucket:            "tsumiki-local-todo-batch-exports",
			},
		},
		{
			// A scaffolded Lambda gets its queue by modules/sqs-queue's rule, as the mailer's;
			// the mailer among the Lambda services is the mail queue already.
			name:    "Lambdas",
			env:     "stg",
			lambdas: []string{"mailer", "billing-events"},
			want: localcloud.Resources{
				MailQueue: "tsumiki-stg-mailer-queue",
				MailDLQ:   "tsumiki-stg-mailer-queue-dlq",
				Queues: []localcloud.Queue{
					{Service: "billing-events", Name: "tsumiki-stg-billing-events-queue", DLQ: "tsumiki-stg-billing-events-queue-dlq"},
				},
				VisibilityTimeout:       60 * time.Second,
				MaxReceiveCount:         5,
				IdempotencyTable:        "tsumiki-stg-mailer-idempotency",
				IdempotencyKey:          "id",
				IdempotencyTTLAttribute: "ttl",
				ExportBucket:            "tsumiki-stg-todo-batch-exports",
			},
		},
		{name: "BadLambdaName", env: "local", lambdas: []string{"Billing"}, wantErr: `name Billing queue`},
		{name: "UnknownEnvironment", env: "dev", wantErr: `environment "dev": must be one of local, stg, prd`},
		{name: "BadProject", project: "My_Project", env: "local", wantErr: `project "My_Project"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := localcloud.Names(tt.project, tt.env, tt.lambdas...)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

// TestEnsure creates the resources under a unique project name on the local emulators, twice,
// and checks what exists afterwards through the same SDK calls a service would make.
func TestEnsure(t *testing.T) {
	for _, v := range []string{"AWS_ENDPOINT_URL_SQS", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_S3", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} {
		t.Setenv(v, testenv.Require(t, v))
	}
	ctx := t.Context()
	cfg, err := config.LoadDefaultConfig(ctx)
	require.NoError(t, err)
	clients := localcloud.NewClients(cfg, localcloud.Endpoints{})

	project := fmt.Sprintf("lc%d", time.Now().UnixNano()%1_000_000_000)
	res, err := localcloud.Names(project, "local", localcloud.MailService, "fn")
	require.NoError(t, err)

	first, err := localcloud.Ensure(ctx, clients, res)
	require.NoError(t, err)
	second, err := localcloud.Ensure(ctx, clients, res)
	require.NoError(t, err, "a second Ensure must be a no-op")
	require.Equal(t, first, second)

	t.Run("Queues", func(t *testing.T) {
		attrs, err := clients.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
			QueueUrl:       aws.String(first.MailQueueURL),
			AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll},
		})
		require.NoError(t, err)
		require.Equal(t, "60", attrs.Attributes["VisibilityTimeout"])
		var redrive struct {
			DeadLetterTargetArn string `json:"deadLetterTargetArn"`
			MaxReceiveCount     any    `json:"maxReceiveCount"`
		}
		require.NoError(t, json.Unmarshal([]byte(attrs.Attributes["RedrivePolicy"]), &redrive))
		require.Contains(t, redrive.DeadLetterTargetArn, project+"-local-mailer-queue-dlq")
		require.Equal(t, "5", fmt.Sprint(redrive.MaxReceiveCount))
	})

	t.Run("LambdaQueue", func(t *testing.T) {
		require.Len(t, first.Queues, 1, "the mailer's queue is the mail queue; fn gets its own")
		require.Equal(t, "fn", first.Queues[0].Service)
		attrs, err := clients.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
			QueueUrl:       aws.String(first.Queues[0].URL),
			AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll},
		})
		require.NoError(t, err)
		require.Equal(t, "60", attrs.Attributes["VisibilityTimeout"])
		require.Contains(t, attrs.Attributes["RedrivePolicy"], project+"-local-fn-queue-dlq")
		_, err = clients.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(first.Queues[0].DLQURL)})
		require.NoError(t, err, "the dead-letter queue exists")
	})

	t.Run("RedriveMovesPoisonMessage", func(t *testing.T) {
		// A message received MaxReceiveCount times without being deleted lands in the DLQ.
		_, err := clients.SQS.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(first.MailQueueURL), MessageBody: aws.String("poison")})
		require.NoError(t, err)
		requireEventually(ctx, t, func() bool {
			got, err := clients.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(first.MailQueueURL)})
			require.NoError(t, err)
			for _, m := range got.Messages {
				// Hand it back at once instead of waiting out the visibility timeout.
				_, err := clients.SQS.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{
					QueueUrl: aws.String(first.MailQueueURL), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0,
				})
				require.NoError(t, err)
			}
			dead, err := clients.SQS.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(first.MailDLQURL)})
			require.NoError(t, err)
			return len(dead.Messages) == 1 && aws.ToString(dead.Messages[0].Body) == "poison"
		})
	})

	t.Run("Table", func(t *testing.T) {
		got, err := clients.DynamoDB.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(first.IdempotencyTable)})
		require.NoError(t, err)
		require.Equal(t, ddbtypes.TableStatusActive, got.Table.TableStatus)
		require.Equal(t, "id", aws.ToString(got.Table.KeySchema[0].AttributeName))
		// dynalite cannot enable TTL; Ensure must say so instead of failing.
		require.Len(t, first.Notes, 1)
		require.Contains(t, first.Notes[0], "UpdateTimeToLive")
	})

	t.Run("Bucket", func(t *testing.T) {
		_, err := clients.S3.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(first.ExportBucket), Key: aws.String("probe"), Body: nil})
		require.NoError(t, err)
		require.Equal(t, project+"-local-todo-batch-exports", first.ExportBucket)
	})
}

func requireEventually(ctx context.Context, t *testing.T, cond func() bool) {
	t.Helper()
	const tries = 50
	for range tries {
		if cond() {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatal(ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
	t.Fatalf("condition not met after %d tries", tries)
}
