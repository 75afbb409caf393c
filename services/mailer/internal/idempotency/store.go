// Package idempotency is the mailer's idempotency store on DynamoDB: one item per envelope id,
// claimed with a conditional write before a send and marked completed after it, so that a mail
// is sent at most once however often SQS delivers its message.
//
// Item: id (partition key, S), status ("IN_PROGRESS" or "COMPLETED"), claim_token (S),
// claim_expires_at (N, Unix milliseconds; when an in-progress claim may be taken over), ses_message_id
// (S, once completed), ttl (N, Unix seconds; DynamoDB's TTL attribute, on every item).
package idempotency

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/delivery"
)

// Item statuses.
const (
	statusInProgress = "IN_PROGRESS"
	statusCompleted  = "COMPLETED"
)

// ErrClaimLost is returned by Complete and Release when the claim is no longer this caller's
// (it expired and another invocation took it over, or it was released).
var ErrClaimLost = errors.New("idempotency claim lost")

// DynamoDBAPI is the part of the DynamoDB client the store uses; *dynamodb.Client implements it.
type DynamoDBAPI interface {
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
	DeleteItem(ctx context.Context, in *dynamodb.DeleteItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.DeleteItemOutput, error)
}

// Store implements delivery.Store on a DynamoDB table whose partition key is the string "id".
type Store struct {
	client    DynamoDBAPI
	table     string
	retention time.Duration
	now       func() time.Time
}

// New returns a store on table. Items expire (DynamoDB TTL) retention after they were last
// written; retention must outlast the queues' message retention, or a redelivery after it
// could send again.
func New(client DynamoDBAPI, table string, retention time.Duration) *Store {
	return &Store{client: client, table: table, retention: retention, now: time.Now}
}

// WithClock returns a copy of the store that reads the time from now, for tests.
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

var _ delivery.Store = (*Store)(nil)

// Claim takes id for the caller until expiresAt, unless it is completed or held by a claim that
// has not expired. A conflict is resolved with a consistent read of the item.
func (s *Store) Claim(ctx context.Context, id string, expiresAt time.Time) (delivery.Claim, error) {
	token, err := newToken()
	if err != nil {
		return delivery.Claim{}, err
	}
	now := s.now()
	// Two tries: the item may be released between a failed condition and the read.
	for range 2 {
		_, err = s.client.PutItem(ctx, &dynamodb.PutItemInput{
			TableName: &s.table,
			Item: map[string]types.AttributeValue{
				"id":               &types.AttributeValueMemberS{Value: id},
				"status":           &types.AttributeValueMemberS{Value: statusInProgress},
				"claim_token":      &types.AttributeValueMemberS{Value: token},
				"claim_expires_at": number(expiresAt.UnixMilli()),
				"ttl":              number(expiresAt.Add(s.retention).Unix()),
			},
			ConditionExpression:      aws.String("attribute_not_exists(id) OR (#status = :in_progress AND claim_expires_at < :now)"),
			ExpressionAttributeNames: map[string]string{"#status": "status"},
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":in_progress": &types.AttributeValueMemberS{Value: statusInProgress},
				":now":         number(now.UnixMilli()),
			},
		})
		if err == nil {
			return delivery.Claim{State: delivery.Claimed, Token: token}, nil
		}
		var ccf *types.ConditionalCheckFailedException
		if !errors.As(err, &ccf) {
			return delivery.Claim{}, fmt.Errorf("claim %s: %w", id, err)
		}
		got, err := s.client.GetItem(ctx, &dynamodb.GetItemInput{
			TableName: &s.table, ConsistentRead: aws.Bool(true),
			Key: map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: id}},
		})
		if err != nil {
			return delivery.Claim{}, fmt.Errorf("read claim %s: %w", id, err)
		}
		if got.Item == nil {
			continue
		}
		if stringAttr(got.Item, "status") == statusCompleted {
			return delivery.Claim{State: delivery.Completed, SESMessageID: stringAttr(got.Item, "ses_message_id")}, nil
		}
		return delivery.Claim{State: delivery.InProgress}, nil
	}
	return delivery.Claim{State: delivery.InProgress}, nil
}

// Complete marks the claimed id as sent. It returns ErrClaimLost if the claim is not the
// caller's any more.
func (s *Store) Complete(ctx context.Context, id, token, sesMessageID string) error {
	now := s.now()
	_, err := s.client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                &s.table,
		Key:                      map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: id}},
		UpdateExpression:         aws.String("SET #status = :completed, ses_message_id = :ses_id, completed_at = :now, #ttl = :ttl REMOVE claim_expires_at"),
		ConditionExpression:      aws.String("claim_token = :token AND #status = :in_progress"),
		ExpressionAttributeNames: map[string]string{"#status": "status", "#ttl": "ttl"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":completed":   &types.AttributeValueMemberS{Value: statusCompleted},
			":in_progress": &types.AttributeValueMemberS{Value: statusInProgress},
			":ses_id":      &types.AttributeValueMemberS{Value: sesMessageID},
			":now":         &types.AttributeValueMemberS{Value: now.UTC().Format(time.RFC3339Nano)},
			":ttl":         number(now.Add(s.retention).Unix()),
			":token":       &types.AttributeValueMemberS{Value: token},
		},
	})
	if err != nil {
		var ccf *types.ConditionalCheckFailedException
		if errors.As(err, &ccf) {
			return fmt.Errorf("complete %s: %w", id, ErrClaimLost)
		}
		return fmt.Errorf("complete %s: %w", id, err)
	}
	return nil
}

// Release deletes the caller's in-progress claim so that a retry can send. It returns
// ErrClaimLost if the claim is not the caller's any more.
func (s *Store) Release(ctx context.Context, id, token string) error {
	_, err := s.client.DeleteItem(ctx, &dynamodb.DeleteItemInput{
		TableName:                &s.table,
		Key:                      map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: id}},
		ConditionExpression:      aws.String("claim_token = :token AND #status = :in_progress"),
		ExpressionAttributeNames: map[string]string{"#status": "status"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":in_progress": &types.AttributeValueMemberS{Value: statusInProgress},
			":token":       &types.AttributeValueMemberS{Value: token},
		},
	})
	if err != nil {
		var ccf *types.ConditionalCheckFailedException
		if errors.As(err, &ccf) {
			return fmt.Errorf("release %s: %w", id, ErrClaimLost)
		}
		return fmt.Errorf("release %s: %w", id, err)
	}
	return nil
}

// CreateTable creates the store's table (on-demand, partition key "id") if it does not exist
// and waits until it is active. Terraform owns the table in AWS; this is for local runs and
// tests, where the TTL setting is not available either (dynalite has no UpdateTimeToLive).
func CreateTable(ctx context.Context, client *dynamodb.Client, table string) error {
	_, err := client.CreateTable(ctx, &dynamodb.CreateTableInput{
		TableName:            &table,
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}},
	})
	var inUse *types.ResourceInUseException
	if err != nil && !errors.As(err, &inUse) {
		return fmt.Errorf("create table %s: %w", table, err)
	}
	w := dynamodb.NewTableExistsWaiter(client, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay, o.MaxDelay = 50*time.Millisecond, time.Second
	})
	if err := w.Wait(ctx, &dynamodb.DescribeTableInput{TableName: &table}, time.Minute); err != nil {
		return fmt.Errorf("wait for table %s: %w", table, err)
	}
	return nil
}

func number(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}

func stringAttr(item map[string]types.AttributeValue, name string) string {
	if v, ok := item[name].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

func newToken() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("claim token: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}
