package suppression_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/mailer/mailertest"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/idempotency"
	"github.com/tsumiki-dev/tsumiki/services/mailer/internal/suppression"
)

func TestNormalize(t *testing.T) {
	require.Equal(t, "aiko@example.jp", suppression.Normalize("Aiko <Aiko@Example.JP>"))
	require.Equal(t, "aiko@example.jp", suppression.Normalize(" AIKO@example.jp "))
	require.Equal(t, suppression.Key("Aiko <aiko@example.jp>"), suppression.Key("AIKO@EXAMPLE.JP"))
	require.NotContains(t, suppression.Key("aiko@example.jp"), "aiko", "the key holds no address")
}

// TestTable_OnIdempotencyTable keeps the suppression list in a table made exactly like the
// idempotency table, as the local platform does: it fails if the key attributes drift apart.
func TestTable_OnIdempotencyTable(t *testing.T) {
	cfg := mailertest.AWSConfig(t, "AWS_ENDPOINT_URL_DYNAMODB")
	ddb := dynamodb.NewFromConfig(cfg)
	table := mailertest.UniqueName("test-mailer-suppression")
	require.NoError(t, idempotency.CreateTable(context.Background(), ddb, table))
	t.Cleanup(func() {
		_, err := ddb.DeleteTable(context.Background(), &dynamodb.DeleteTableInput{TableName: &table})
		assert.NoError(t, err)
	})
	list := suppression.NewTable(ddb, table)
	ctx := context.Background()

	got, err := list.Suppressed(ctx, "aiko@example.jp")
	require.NoError(t, err)
	require.False(t, got)
	require.NoError(t, list.Suppress(ctx, "Aiko <AIKO@example.jp>", suppression.Bounce))
	require.NoError(t, list.Suppress(ctx, "aiko@example.jp", suppression.Complaint), "twice is no error")
	got, err = list.Suppressed(ctx, "aiko@example.jp")
	require.NoError(t, err)
	require.True(t, got)
	got, err = list.Suppressed(ctx, "ren@example.jp")
	require.NoError(t, err)
	require.False(t, got)
}

// fakeSES answers SES v2's suppression routes as the API reference describes them:
// PUT /v2/email/suppression/addresses and GET /v2/email/suppression/addresses/{EmailAddress},
// NotFoundException (404) for an address not on the list.
type fakeSES struct {
	mu     sync.Mutex
	list   map[string]string
	gets   atomic.Int32
	broken bool
}

func (f *fakeSES) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	const prefix = "/v2/email/suppression/addresses"
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if f.broken {
		w.Header().Set("X-Amzn-Errortype", "TooManyRequestsException")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"message":"Too many requests"}`))
		return
	}
	switch {
	case r.Method == http.MethodPut && r.URL.Path == prefix:
		var in struct{ EmailAddress, Reason string }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		f.list[in.EmailAddress] = in.Reason
		_, _ = w.Write([]byte(`{}`))
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, prefix+"/"):
		f.gets.Add(1)
		addr, _ := url.PathUnescape(strings.TrimPrefix(r.URL.EscapedPath(), prefix+"/"))
		reason, ok := f.list[addr]
		if !ok {
			w.Header().Set("X-Amzn-Errortype", "NotFoundException")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"message":"Email address is not on the suppression list"}`))
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"SuppressedDestination": map[string]any{
			"EmailAddress": addr, "Reason": reason, "LastUpdateTime": 1.7e9,
		}})
	default:
		w.WriteHeader(http.StatusNotImplemented)
	}
}

// TestSESAccount runs the SES implementation through the real SDK client against SES's wire
// format: a put is found by a get, an unknown address is not suppressed, a found address is
// remembered, and an SES error is an error (the mail is retried, not sent).
func TestSESAccount(t *testing.T) {
	fake := &fakeSES{list: map[string]string{}}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	client := sesv2.New(sesv2.Options{
		Region: "ap-northeast-1", BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
		Credentials: aws.AnonymousCredentials{},
	})
	list := suppression.NewSESAccount(client)
	ctx := context.Background()

	got, err := list.Suppressed(ctx, "ren@example.jp")
	require.NoError(t, err)
	require.False(t, got)
	require.NoError(t, list.Suppress(ctx, "Aiko <AIKO@example.jp>", suppression.Complaint))
	require.Equal(t, map[string]string{"aiko@example.jp": "COMPLAINT"}, fake.list)

	fresh := suppression.NewSESAccount(client) // another Lambda instance
	got, err = fresh.Suppressed(ctx, "aiko@example.jp")
	require.NoError(t, err)
	require.True(t, got)
	before := fake.gets.Load()
	got, err = fresh.Suppressed(ctx, "AIKO@example.jp")
	require.NoError(t, err)
	require.True(t, got)
	require.Equal(t, before, fake.gets.Load(), "a suppressed address is remembered")

	fake.mu.Lock()
	fake.broken = true
	fake.mu.Unlock()
	_, err = fresh.Suppressed(ctx, "ren@example.jp")
	require.ErrorContains(t, err, "ses get suppressed destination")
	require.ErrorContains(t, list.Suppress(ctx, "ren@example.jp", suppression.Bounce), "ses put suppressed destination")
}
