// Package suppression is the mailer's suppression list: the addresses that bounced for good or
// complained, to which nothing is sent again. Two implementations share one interface:
//
//   - SESAccount, in AWS: SES v2's account-level suppression list (PutSuppressedDestination,
//     GetSuppressedDestination). SES itself also drops mail to an address on that list when
//     the account's suppression attributes name the reason (terraform sets BOUNCE and
//     COMPLAINT), so the list the mailer checks is the one SES enforces.
//   - Table, on the local platform: one DynamoDB item per address, keyed by a SHA-256 of the
//     address (no address is stored). aws-ses-v2-local, the local SES stand-in, implements no
//     suppression API (it has no /v2/email/suppression routes), so locally the same handler code
//     runs against this table on dynalite instead.
//
// The event handler (package sesevents) writes with Suppress; the delivery handler reads with
// Suppressed before each send.
package suppression

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	sestypes "github.com/aws/aws-sdk-go-v2/service/sesv2/types"

	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/delivery"
)

// Reason is why an address is suppressed: SES v2's SuppressionListReason values.
type Reason string

const (
	// Bounce is a hard (Permanent) bounce.
	Bounce Reason = Reason(sestypes.SuppressionListReasonBounce)
	// Complaint is a recipient's complaint (feedback loop or "this is spam").
	Complaint Reason = Reason(sestypes.SuppressionListReasonComplaint)
)

// List is a suppression list: the event handler adds to it, the delivery handler reads it.
type List interface {
	delivery.Suppressions
	// Suppress adds address with reason. Adding an address twice is not an error.
	Suppress(ctx context.Context, address string, reason Reason) error
}

// Normalize returns the bare, lower-cased address inside s ("Aiko <A@x.jp>" → "a@x.jp"), the
// form the lists compare. An unparsable s is trimmed and lower-cased.
func Normalize(s string) string {
	if a, err := mail.ParseAddress(s); err == nil {
		return strings.ToLower(a.Address)
	}
	return strings.ToLower(strings.TrimSpace(s))
}

// SESAPI is the part of the SES v2 client SESAccount uses; *sesv2.Client implements it.
type SESAPI interface {
	PutSuppressedDestination(ctx context.Context, in *sesv2.PutSuppressedDestinationInput, optFns ...func(*sesv2.Options)) (*sesv2.PutSuppressedDestinationOutput, error)
	GetSuppressedDestination(ctx context.Context, in *sesv2.GetSuppressedDestinationInput, optFns ...func(*sesv2.Options)) (*sesv2.GetSuppressedDestinationOutput, error)
}

// SESAccount is SES v2's account-level suppression list. It asks SES on every check (a
// suppression written by another Lambda instance counts at once) and remembers only the
// addresses it found suppressed, since an address leaves the list only when a person removes
// it (then a cold start forgets it).
type SESAccount struct {
	client SESAPI
	known  sync.Map // normalized address → struct{}: found suppressed
}

// NewSESAccount returns the account-level list through client.
func NewSESAccount(client SESAPI) *SESAccount { return &SESAccount{client: client} }

var _ List = (*SESAccount)(nil)

// Suppress puts address on the account's suppression list (PutSuppressedDestination, which
// overwrites an existing entry's reason).
func (s *SESAccount) Suppress(ctx context.Context, address string, reason Reason) error {
	addr := Normalize(address)
	if _, err := s.client.PutSuppressedDestination(ctx, &sesv2.PutSuppressedDestinationInput{
		EmailAddress: aws.String(addr),
		Reason:       sestypes.SuppressionListReason(reason),
	}); err != nil {
		return fmt.Errorf("ses put suppressed destination: %w", err)
	}
	s.known.Store(addr, struct{}{})
	return nil
}

// Suppressed asks SES whether address is on the list; NotFoundException means it is not.
func (s *SESAccount) Suppressed(ctx context.Context, address string) (bool, error) {
	addr := Normalize(address)
	if _, ok := s.known.Load(addr); ok {
		return true, nil
	}
	_, err := s.client.GetSuppressedDestination(ctx, &sesv2.GetSuppressedDestinationInput{EmailAddress: aws.String(addr)})
	var notFound *sestypes.NotFoundException
	switch {
	case errors.As(err, &notFound):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("ses get suppressed destination: %w", err)
	}
	s.known.Store(addr, struct{}{})
	return true, nil
}

// DynamoDBAPI is the part of the DynamoDB client Table uses; *dynamodb.Client implements it.
type DynamoDBAPI interface {
	PutItem(ctx context.Context, in *dynamodb.PutItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, optFns ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
}

// KeyAttribute is the table's string partition key. It is the idempotency table's key, so the
// local platform keeps both in that one table (MAIL_SUPPRESSION_TABLE = MAIL_IDEMPOTENCY_TABLE);
// TestTable_OnIdempotencyTable fails when the two drift apart.
const KeyAttribute = "id"

// keyPrefix separates suppression items from idempotency items in a shared table.
const keyPrefix = "suppressed#"

// Table is a suppression list in a DynamoDB table, for the local platform. Items hold the
// SHA-256 of the normalized address (never the address), the reason and the time; they have no
// TTL attribute and stay until deleted.
type Table struct {
	client DynamoDBAPI
	table  string
	now    func() time.Time
}

// NewTable returns the list kept in table (partition key KeyAttribute, a string).
func NewTable(client DynamoDBAPI, table string) *Table {
	return &Table{client: client, table: table, now: time.Now}
}

var _ List = (*Table)(nil)

// Key is the item key of address: keyPrefix and the hex SHA-256 of its normalized form.
func Key(address string) string {
	sum := sha256.Sum256([]byte(Normalize(address)))
	return keyPrefix + hex.EncodeToString(sum[:])
}

// Suppress writes address's item (overwriting an earlier reason, as SES does).
func (t *Table) Suppress(ctx context.Context, address string, reason Reason) error {
	_, err := t.client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(t.table),
		Item: map[string]ddbtypes.AttributeValue{
			KeyAttribute:    &ddbtypes.AttributeValueMemberS{Value: Key(address)},
			"reason":        &ddbtypes.AttributeValueMemberS{Value: string(reason)},
			"suppressed_at": &ddbtypes.AttributeValueMemberS{Value: t.now().UTC().Format(time.RFC3339)},
		},
	})
	if err != nil {
		return fmt.Errorf("put suppression item in %s: %w", t.table, err)
	}
	return nil
}

// Suppressed reads address's item with a consistent read.
func (t *Table) Suppressed(ctx context.Context, address string) (bool, error) {
	out, err := t.client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(t.table),
		Key:            map[string]ddbtypes.AttributeValue{KeyAttribute: &ddbtypes.AttributeValueMemberS{Value: Key(address)}},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return false, fmt.Errorf("get suppression item from %s: %w", t.table, err)
	}
	return len(out.Item) > 0, nil
}
