// Package s3store stores export objects in an S3 bucket through the AWS SDK, which talks to
// real S3 in the cloud and to gofakes3 locally (AWS_ENDPOINT_URL_S3).
package s3store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Store puts objects into one bucket under an optional key prefix.
type Store struct {
	client *s3.Client
	bucket string
	prefix string
}

// New returns a Store writing to bucket, each key prefixed with prefix (may be empty).
func New(client *s3.Client, bucket, prefix string) *Store {
	return &Store{client: client, bucket: bucket, prefix: prefix}
}

// Put writes body under prefix+key, replacing any object there. The SHA-256 checksum lets
// S3 reject a body that was corrupted on the way.
func (s *Store) Put(ctx context.Context, key string, body []byte, contentType string) error {
	sum := sha256.Sum256(body)
	_, err := s.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:         aws.String(s.bucket),
		Key:            aws.String(s.prefix + key),
		Body:           bytes.NewReader(body),
		ContentLength:  aws.Int64(int64(len(body))),
		ContentType:    aws.String(contentType),
		ChecksumSHA256: aws.String(base64.StdEncoding.EncodeToString(sum[:])),
	})
	if err != nil {
		return fmt.Errorf("put s3://%s/%s%s: %w", s.bucket, s.prefix, key, err)
	}
	return nil
}
