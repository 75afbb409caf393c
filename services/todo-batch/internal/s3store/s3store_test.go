package s3store_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/batchtest"
	"github.com/tsumiki-dev/tsumiki/services/todo-batch/internal/s3store"
)

func get(t *testing.T, client *s3.Client, bucket, key string) (string, string) {
	t.Helper()
	obj, err := client.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	require.NoError(t, err)
	body, err := io.ReadAll(obj.Body)
	require.NoError(t, err)
	require.NoError(t, obj.Body.Close())
	return string(body), aws.ToString(obj.ContentType)
}

func TestStore_Upload(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client := batchtest.S3Client(t)
	bucket := batchtest.NewBucket(t)
	store := s3store.New(client, bucket, "todos/")

	require.NoError(t, store.Upload(ctx, "2026-11-29/u.csv", bytes.NewReader([]byte("first")), "text/csv"))
	require.NoError(t, store.Upload(ctx, "2026-11-29/u.csv", bytes.NewReader([]byte("id,title\n")), "text/csv; charset=utf-8"))
	body, ct := get(t, client, bucket, "todos/2026-11-29/u.csv")
	assert.Equal(t, "id,title\n", body, "a second upload replaces the object")
	assert.Equal(t, "text/csv; charset=utf-8", ct)
}

// TestStore_Upload_Multipart streams a body of one and a fifth parts (two parts, the smallest
// multipart upload) through a pipe (the size is unknown up front, as in an export) and reads the
// same bytes back.
func TestStore_Upload_Multipart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client := batchtest.S3Client(t)
	bucket := batchtest.NewBucket(t)
	want := bytes.Repeat([]byte("0123456789abcdef"), int(s3store.PartSize*6/5/16))
	r, w := io.Pipe()
	go func() { _, err := w.Write(want); w.CloseWithError(err) }()
	require.NoError(t, s3store.New(client, bucket, "").Upload(ctx, "big.csv", r, "text/csv"))
	body, _ := get(t, client, bucket, "big.csv")
	require.Len(t, body, len(want))
	require.Equal(t, string(want), body)
}

// TestStore_Upload_ReadErrorAborts: a body that fails after more than one part leaves no
// object behind (the multipart upload is aborted) and reports the reader's error.
func TestStore_Upload_ReadErrorAborts(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	client := batchtest.S3Client(t)
	bucket := batchtest.NewBucket(t)
	boom := errors.New("database went away")
	r, w := io.Pipe()
	go func() {
		_, _ = w.Write(bytes.Repeat([]byte("x"), int(s3store.PartSize)+1))
		w.CloseWithError(boom)
	}()
	err := s3store.New(client, bucket, "").Upload(ctx, "broken.csv", r, "text/csv")
	require.ErrorIs(t, err, boom)
	require.ErrorContains(t, err, "upload s3://"+bucket+"/broken.csv")
	_, err = client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String("broken.csv")})
	require.Error(t, err, "no object after a failed upload")
	uploads, err := client.ListMultipartUploads(ctx, &s3.ListMultipartUploadsInput{Bucket: aws.String(bucket)})
	require.NoError(t, err)
	assert.Empty(t, uploads.Uploads, "the multipart upload is aborted")
}

func TestStore_Upload_MissingBucket(t *testing.T) {
	t.Parallel()
	store := s3store.New(batchtest.S3Client(t), "tsumiki-test-no-such-bucket", "")
	err := store.Upload(context.Background(), "k.csv", bytes.NewReader([]byte("x")), "text/csv")
	require.ErrorContains(t, err, "upload s3://tsumiki-test-no-such-bucket/k.csv")
}
