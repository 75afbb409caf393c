package s3store_test

import (
	"context"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchtest"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/s3store"
)

func TestStore_Put(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client := batchtest.S3Client(t)
	bucket := batchtest.NewBucket(t)
	store := s3store.New(client, bucket, "todos/")

	require.NoError(t, store.Put(ctx, "2026-11-29/u.csv", []byte("first"), "text/csv"))
	require.NoError(t, store.Put(ctx, "2026-11-29/u.csv", []byte("id,title\n"), "text/csv; charset=utf-8"))

	obj, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String("todos/2026-11-29/u.csv")})
	require.NoError(t, err)
	body, err := io.ReadAll(obj.Body)
	require.NoError(t, err)
	require.NoError(t, obj.Body.Close())
	assert.Equal(t, "id,title\n", string(body), "a second put replaces the object")
	assert.Equal(t, "text/csv; charset=utf-8", aws.ToString(obj.ContentType))
}

func TestStore_Put_MissingBucket(t *testing.T) {
	t.Parallel()
	store := s3store.New(batchtest.S3Client(t), "tsumiki-test-no-such-bucket", "")
	err := store.Put(context.Background(), "k.csv", []byte("x"), "text/csv")
	require.ErrorContains(t, err, "put s3://tsumiki-test-no-such-bucket/k.csv")
}
