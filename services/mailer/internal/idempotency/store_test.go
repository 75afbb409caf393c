package idempotency_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/mailer/mailertest"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/delivery"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/idempotency"
)

// clock is a settable time source shared by a test and its stores.
type clock struct{ ns atomic.Int64 }

func newClock() *clock               { c := &clock{}; c.ns.Store(time.Now().UnixNano()); return c }
func (c *clock) Now() time.Time      { return time.Unix(0, c.ns.Load()) }
func (c *clock) Add(d time.Duration) { c.ns.Add(int64(d)) }

// newTestStore creates a uniquely named table on the local DynamoDB, deleted after the test.
func newTestStore(t *testing.T) (*idempotency.Store, *dynamodb.Client, string, *clock) {
	t.Helper()
	cfg := mailertest.AWSConfig(t, "AWS_ENDPOINT_URL_DYNAMODB")
	client := dynamodb.NewFromConfig(cfg)
	table := mailertest.UniqueName("test-mailer-idempotency")
	require.NoError(t, idempotency.CreateTable(context.Background(), client, table))
	t.Cleanup(func() {
		_, err := client.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: &table})
		require.NoError(t, err)
	})
	c := newClock()
	return idempotency.New(client, table, 14*24*time.Hour).WithClock(c.Now), client, table, c
}

func TestStore_Claim(t *testing.T) {
	s, client, table, clk := newTestStore(t)
	ctx := context.Background()
	expires := clk.Now().Add(time.Minute)

	first, err := s.Claim(ctx, "mail-1", expires)
	require.NoError(t, err)
	require.Equal(t, delivery.Claimed, first.State)
	require.NotEmpty(t, first.Token)

	again, err := s.Claim(ctx, "mail-1", expires)
	require.NoError(t, err)
	require.Equal(t, delivery.InProgress, again.State, "a live claim blocks others")

	require.NoError(t, s.Complete(ctx, "mail-1", first.Token, "ses-123"))
	done, err := s.Claim(ctx, "mail-1", expires)
	require.NoError(t, err)
	require.Equal(t, delivery.Completed, done.State)
	require.Equal(t, "ses-123", done.SESMessageID)

	clk.Add(time.Hour)
	done, err = s.Claim(ctx, "mail-1", clk.Now().Add(time.Minute))
	require.NoError(t, err)
	require.Equal(t, delivery.Completed, done.State, "a completed id stays completed after any claim expiry")

	item, err := client.GetItem(ctx, &dynamodb.GetItemInput{TableName: &table, Key: map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: "mail-1"}}})
	require.NoError(t, err)
	require.Contains(t, item.Item, "ttl", "every item carries the TTL attribute")
	require.NotContains(t, item.Item, "claim_expires_at")
}

func TestStore_Release(t *testing.T) {
	s, _, _, clk := newTestStore(t)
	ctx := context.Background()
	c, err := s.Claim(ctx, "mail-2", clk.Now().Add(time.Minute))
	require.NoError(t, err)

	require.ErrorIs(t, s.Release(ctx, "mail-2", "someone-else"), idempotency.ErrClaimLost)
	require.NoError(t, s.Release(ctx, "mail-2", c.Token))
	next, err := s.Claim(ctx, "mail-2", clk.Now().Add(time.Minute))
	require.NoError(t, err)
	require.Equal(t, delivery.Claimed, next.State, "a released id can be claimed again")
}

func TestStore_Claim_Expired(t *testing.T) {
	s, _, _, clk := newTestStore(t)
	ctx := context.Background()
	crashed, err := s.Claim(ctx, "mail-3", clk.Now().Add(30*time.Second))
	require.NoError(t, err)

	clk.Add(29 * time.Second)
	c, err := s.Claim(ctx, "mail-3", clk.Now().Add(30*time.Second))
	require.NoError(t, err)
	require.Equal(t, delivery.InProgress, c.State, "not before the claim expires")

	clk.Add(2 * time.Second)
	c, err = s.Claim(ctx, "mail-3", clk.Now().Add(30*time.Second))
	require.NoError(t, err)
	require.Equal(t, delivery.Claimed, c.State, "an expired claim is taken over")

	require.ErrorIs(t, s.Complete(ctx, "mail-3", crashed.Token, "late"), idempotency.ErrClaimLost, "the old claim cannot complete")
	require.NoError(t, s.Complete(ctx, "mail-3", c.Token, "ses-3"))
}

func TestStore_Claim_Concurrent(t *testing.T) {
	s, _, _, clk := newTestStore(t)
	var claimed, inProgress atomic.Int32
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			c, err := s.Claim(context.Background(), "mail-4", clk.Now().Add(time.Minute))
			assert.NoError(t, err)
			switch c.State {
			case delivery.Claimed:
				claimed.Add(1)
			case delivery.InProgress:
				inProgress.Add(1)
			}
		})
	}
	wg.Wait()
	require.Equal(t, int32(1), claimed.Load())
	require.Equal(t, int32(9), inProgress.Load())
}
