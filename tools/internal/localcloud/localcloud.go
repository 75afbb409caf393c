// Package localcloud creates the cloud resources the services need on the local platform
// (`make deps/up`): the mail queue with its dead-letter queue and redrive policy, the queue and
// dead-letter queue of every other SQS-fed Lambda service, the mail idempotency table with its
// TTL attribute, and the export bucket.
//
// It talks to the local emulators through the real AWS SDK (the AWS_ENDPOINT_URL_<SERVICE>
// variables point the clients at them), and names every resource with the Go port of
// modules/naming, so local names differ from the cloud ones only by environment. Every step is
// idempotent: Ensure on resources that already exist leaves them as they are and returns the
// same Outputs.
package localcloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
	"github.com/aws/smithy-go"

	"github.com/tsumiki-dev/tsumiki/tools/internal/naming"
)

// MailService is the service whose queue is the mail queue (MailQueue): the other services
// send mail by enqueueing into it (libs/mailer), so it exists whatever Names is given.
const MailService = "mailer"

// Queue is an SQS-fed Lambda service's queue and the dead-letter queue it redrives into.
type Queue struct {
	// Service is the Lambda service that consumes the queue.
	Service string
	// Name is the queue's name.
	Name string
	// DLQ is the dead-letter queue's name.
	DLQ string
}

// Resources describes what Ensure creates. Names come from Names; the other fields follow
// terraform/stacks, except where a local run needs shorter waits (VisibilityTimeout).
type Resources struct {
	// MailQueue is the mail queue's name.
	MailQueue string
	// MailDLQ is the mail dead-letter queue's name.
	MailDLQ string
	// Queues are the queues of the other SQS-fed Lambda services (make new/service
	// KIND=lambda), in the order Names was given them.
	Queues []Queue
	// VisibilityTimeout is every queue's visibility timeout: 60 s locally, so a failed
	// message comes back within a minute (AWS uses 6 × the Lambda timeout). It stays well
	// above the local runners' long-poll wait and batch timeout (local-aws-sqs returns a
	// message again when its visibility timeout is shorter than the wait).
	VisibilityTimeout time.Duration
	// MaxReceiveCount is how many receives a message gets before SQS moves it to its queue's
	// dead-letter queue.
	MaxReceiveCount int
	// IdempotencyTable is the mailer's idempotency table's name.
	IdempotencyTable string
	// IdempotencyKey is the table's string partition key attribute (services/mailer/internal/idempotency).
	IdempotencyKey string
	// IdempotencyTTLAttribute is the numeric attribute (epoch seconds) DynamoDB expires items by.
	IdempotencyTTLAttribute string
	// ExportBucket is the todo-batch export bucket's name.
	ExportBucket string
}

// Names returns the resources for env (local for `make deps/up`) and project (empty means
// naming.DefaultProject; tests pass their own to stay isolated), with the settings the mailer
// and todo-batch expect, and a queue for each of lambdas (the SQS-fed Lambda services; the
// mailer's is MailQueue, so MailService among them adds nothing).
func Names(project, env string, lambdas ...string) (Resources, error) {
	var errs []error
	name := func(service, component string, attributes []string, maxLength int) string {
		n, err := naming.New(naming.Input{Project: project, Environment: env, Service: service, Component: component, Attributes: attributes, MaxLength: maxLength})
		if err != nil {
			errs = append(errs, fmt.Errorf("name %s %s: %w", service, component, err))
		}
		return n.ID
	}
	// The same naming inputs as terraform/stacks: modules/sqs-queue (component "queue", its
	// dead-letter queue the attribute "dlq", max_length 80), modules/dynamodb-table and
	// modules/s3-bucket, called by the mailer, todo-batch and the Lambda stacks.
	queue := func(service string) Queue {
		return Queue{Service: service, Name: name(service, "queue", nil, 80), DLQ: name(service, "queue", []string{"dlq"}, 80)}
	}
	mail := queue(MailService)
	r := Resources{
		MailQueue:               mail.Name,
		MailDLQ:                 mail.DLQ,
		VisibilityTimeout:       60 * time.Second,
		MaxReceiveCount:         5,
		IdempotencyTable:        name(MailService, "idempotency", nil, 255),
		IdempotencyKey:          "id",
		IdempotencyTTLAttribute: "ttl",
		ExportBucket:            name("todo-batch", "exports", nil, 63),
	}
	for _, l := range lambdas {
		if l != MailService {
			r.Queues = append(r.Queues, queue(l))
		}
	}
	return r, errors.Join(errs...)
}

// Clients are the AWS SDK clients Ensure uses, pointed at the local emulators.
type Clients struct {
	SQS      *sqs.Client
	DynamoDB *dynamodb.Client
	S3       *s3.Client
}

// Endpoints are the emulators' URLs, as in the AWS_ENDPOINT_URL_<SERVICE> variables. An empty
// one leaves the SDK's own resolution (including those variables) in charge.
type Endpoints struct {
	SQS      string
	DynamoDB string
	S3       string
}

// NewClients builds the clients from cfg and e. S3 uses path-style addressing, which the local
// S3 stand-in needs (its endpoint is an IP address, with no per-bucket host names).
func NewClients(cfg aws.Config, e Endpoints) Clients {
	return Clients{
		SQS: sqs.NewFromConfig(cfg, func(o *sqs.Options) {
			if e.SQS != "" {
				o.BaseEndpoint = aws.String(e.SQS)
			}
		}),
		DynamoDB: dynamodb.NewFromConfig(cfg, func(o *dynamodb.Options) {
			if e.DynamoDB != "" {
				o.BaseEndpoint = aws.String(e.DynamoDB)
			}
		}),
		S3: s3.NewFromConfig(cfg, func(o *s3.Options) {
			if e.S3 != "" {
				o.BaseEndpoint = aws.String(e.S3)
			}
			o.UsePathStyle = true
		}),
	}
}

// QueueURLs are the URLs of one service's queue and dead-letter queue.
type QueueURLs struct {
	// Service is the Lambda service that consumes the queue.
	Service string
	// URL is the queue's URL.
	URL string
	// DLQURL is the dead-letter queue's URL.
	DLQURL string
}

// Outputs are the values the services need to reach the resources Ensure created.
type Outputs struct {
	// MailQueueURL is the mail queue's URL.
	MailQueueURL string
	// MailDLQURL is the mail dead-letter queue's URL.
	MailDLQURL string
	// Queues are the URLs of Resources.Queues, in their order.
	Queues []QueueURLs
	// IdempotencyTable is the idempotency table's name.
	IdempotencyTable string
	// ExportBucket is the export bucket's name.
	ExportBucket string
	// Notes are things the local platform does differently from AWS, for the caller to show.
	Notes []string
}

// Ensure creates whatever of r is missing and returns the outputs. Errors name the resource at
// fault.
func Ensure(ctx context.Context, c Clients, r Resources) (Outputs, error) {
	var out Outputs
	var err error
	if out.MailQueueURL, out.MailDLQURL, err = ensureQueuePair(ctx, c.SQS, r, r.MailQueue, r.MailDLQ); err != nil {
		return Outputs{}, err
	}
	for _, q := range r.Queues {
		urls := QueueURLs{Service: q.Service}
		if urls.URL, urls.DLQURL, err = ensureQueuePair(ctx, c.SQS, r, q.Name, q.DLQ); err != nil {
			return Outputs{}, err
		}
		out.Queues = append(out.Queues, urls)
	}

	note, err := ensureTable(ctx, c.DynamoDB, r)
	if err != nil {
		return Outputs{}, err
	}
	if note != "" {
		out.Notes = append(out.Notes, note)
	}
	out.IdempotencyTable = r.IdempotencyTable

	if err := ensureBucket(ctx, c.S3, r.ExportBucket); err != nil {
		return Outputs{}, err
	}
	out.ExportBucket = r.ExportBucket
	return out, nil
}

// ensureQueuePair creates the dead-letter queue dlq and the queue name that redrives into it
// after r.MaxReceiveCount receives, and returns their URLs. The dead-letter queue comes first:
// local-aws-sqs, like SQS, needs the redrive target to exist.
func ensureQueuePair(ctx context.Context, c *sqs.Client, r Resources, name, dlq string) (queueURL, dlqURL string, err error) {
	if dlqURL, err = ensureQueue(ctx, c, dlq, map[string]string{
		// Dead letters are kept as long as SQS allows, so a developer can inspect them.
		string(sqstypes.QueueAttributeNameMessageRetentionPeriod): "1209600",
	}); err != nil {
		return "", "", err
	}
	dlqArn, err := queueARN(ctx, c, dlqURL)
	if err != nil {
		return "", "", err
	}
	redrive, err := json.Marshal(map[string]string{
		"deadLetterTargetArn": dlqArn,
		"maxReceiveCount":     strconv.Itoa(r.MaxReceiveCount),
	})
	if err != nil {
		return "", "", fmt.Errorf("encode redrive policy of queue %s: %w", name, err)
	}
	if queueURL, err = ensureQueue(ctx, c, name, map[string]string{
		string(sqstypes.QueueAttributeNameVisibilityTimeout): strconv.Itoa(int(r.VisibilityTimeout.Seconds())),
		string(sqstypes.QueueAttributeNameRedrivePolicy):     string(redrive),
	}); err != nil {
		return "", "", err
	}
	return queueURL, dlqURL, nil
}

// ensureQueue returns the URL of queue name, creating it with attrs if it does not exist, and
// otherwise setting attrs on it so a queue left over from an earlier run matches the wanted
// configuration.
func ensureQueue(ctx context.Context, c *sqs.Client, name string, attrs map[string]string) (string, error) {
	got, err := c.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(name)})
	var missing *sqstypes.QueueDoesNotExist
	switch {
	case err == nil:
		if _, err := c.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: got.QueueUrl, Attributes: attrs}); err != nil {
			return "", fmt.Errorf("set attributes of queue %s: %w", name, err)
		}
		return aws.ToString(got.QueueUrl), nil
	case !errors.As(err, &missing):
		return "", fmt.Errorf("look up queue %s: %w", name, err)
	}
	created, err := c.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name), Attributes: attrs})
	if err != nil {
		return "", fmt.Errorf("create queue %s: %w", name, err)
	}
	return aws.ToString(created.QueueUrl), nil
}

func queueARN(ctx context.Context, c *sqs.Client, url string) (string, error) {
	got, err := c.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{
		QueueUrl:       aws.String(url),
		AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn},
	})
	if err != nil {
		return "", fmt.Errorf("get arn of queue %s: %w", url, err)
	}
	arn := got.Attributes[string(sqstypes.QueueAttributeNameQueueArn)]
	if arn == "" {
		return "", fmt.Errorf("get arn of queue %s: the answer has no QueueArn", url)
	}
	return arn, nil
}

// ensureTable creates the idempotency table if it is missing, waits until it is active and
// turns on TTL. dynalite does not implement UpdateTimeToLive; that is not an error locally
// (items simply never expire) and is returned as a note.
func ensureTable(ctx context.Context, c *dynamodb.Client, r Resources) (note string, err error) {
	_, err = c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(r.IdempotencyTable)})
	var missing *ddbtypes.ResourceNotFoundException
	switch {
	case err == nil:
	case errors.As(err, &missing):
		_, err = c.CreateTable(ctx, &dynamodb.CreateTableInput{
			TableName:            aws.String(r.IdempotencyTable),
			BillingMode:          ddbtypes.BillingModePayPerRequest,
			AttributeDefinitions: []ddbtypes.AttributeDefinition{{AttributeName: aws.String(r.IdempotencyKey), AttributeType: ddbtypes.ScalarAttributeTypeS}},
			KeySchema:            []ddbtypes.KeySchemaElement{{AttributeName: aws.String(r.IdempotencyKey), KeyType: ddbtypes.KeyTypeHash}},
		})
		var inUse *ddbtypes.ResourceInUseException
		if err != nil && !errors.As(err, &inUse) {
			return "", fmt.Errorf("create table %s: %w", r.IdempotencyTable, err)
		}
	default:
		return "", fmt.Errorf("describe table %s: %w", r.IdempotencyTable, err)
	}
	waiter := dynamodb.NewTableExistsWaiter(c, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 100*time.Millisecond, time.Second
	})
	if err := waiter.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(r.IdempotencyTable)}, 30*time.Second); err != nil {
		return "", fmt.Errorf("wait for table %s to become active: %w", r.IdempotencyTable, err)
	}

	_, err = c.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
		TableName: aws.String(r.IdempotencyTable),
		TimeToLiveSpecification: &ddbtypes.TimeToLiveSpecification{
			AttributeName: aws.String(r.IdempotencyTTLAttribute),
			Enabled:       aws.Bool(true),
		},
	})
	if err == nil {
		return "", nil
	}
	if unsupported(err) {
		return fmt.Sprintf("table %s: TTL on %s not enabled: the local DynamoDB (dynalite) has no UpdateTimeToLive, so items never expire locally", r.IdempotencyTable, r.IdempotencyTTLAttribute), nil
	}
	var ae smithy.APIError
	if errors.As(err, &ae) && ae.ErrorCode() == "ValidationException" && ae.ErrorMessage() == "TimeToLive is already enabled" {
		return "", nil
	}
	return "", fmt.Errorf("enable ttl on table %s: %w", r.IdempotencyTable, err)
}

// unsupported reports whether err says the emulator does not implement the operation.
func unsupported(err error) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	switch ae.ErrorCode() {
	case "UnknownOperationException", "UnknownOperation", "NotImplemented", "InvalidAction":
		return true
	}
	return false
}

func ensureBucket(ctx context.Context, c *s3.Client, name string) error {
	_, err := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(name)})
	if err == nil {
		return nil
	}
	var notFound *s3types.NotFound
	if !errors.As(err, &notFound) {
		return fmt.Errorf("look up bucket %s: %w", name, err)
	}
	_, err = c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)})
	var owned *s3types.BucketAlreadyOwnedByYou
	if err != nil && !errors.As(err, &owned) {
		return fmt.Errorf("create bucket %s: %w", name, err)
	}
	return nil
}
