// Package s3store stores export objects in an S3 bucket through the AWS SDK, which talks to
// real S3 in the cloud and to gofakes3 locally (AWS_ENDPOINT_URL_S3). Bodies are streamed:
// the SDK's upload manager cuts them into parts and holds at most MaxBuffered bytes of a body
// in memory, whatever its size.
package s3store

import (
	"context"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// PartSize is the size of one multipart part: S3's minimum, 5 MiB ("Amazon S3 multipart upload
// limits", https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html: every part but the
// last is 5 MiB to 5 GiB, at most 10,000 parts, so one object holds up to 48.8 GiB at this size).
const PartSize = manager.MinUploadPartSize

// Concurrency is how many parts of one object are sent at once.
const Concurrency = 2

// MaxBuffered is the most bytes of one body held in memory: the upload manager's part pool
// holds Concurrency parts in flight plus the one being filled.
const MaxBuffered = (Concurrency + 1) * PartSize

// Store puts objects into one bucket under an optional key prefix.
type Store struct {
	bucket   string
	prefix   string
	uploader *manager.Uploader
}

// New returns a Store writing to bucket, each key prefixed with prefix (may be empty).
func New(client *s3.Client, bucket, prefix string) *Store {
	return &Store{
		bucket: bucket,
		prefix: prefix,
		uploader: manager.NewUploader(client, func(u *manager.Uploader) {
			u.PartSize = PartSize
			u.Concurrency = Concurrency
			// A failed upload is aborted, so no orphaned parts are billed
			// (LeavePartsOnError false is the default; said here because it matters).
			u.LeavePartsOnError = false
		}),
	}
}

// Upload streams body to prefix+key, replacing any object there: one PutObject when the body
// is shorter than PartSize, a multipart upload otherwise, aborted if anything fails (a read
// error from body included), so a failed upload never leaves a partial object or stray parts.
// Every part carries a SHA-256 checksum, so S3 rejects a part corrupted on the way.
func (s *Store) Upload(ctx context.Context, key string, body io.Reader, contentType string) error {
	_, err := s.uploader.Upload(ctx, &s3.PutObjectInput{
		Bucket:            aws.String(s.bucket),
		Key:               aws.String(s.prefix + key),
		Body:              body,
		ContentType:       aws.String(contentType),
		ChecksumAlgorithm: types.ChecksumAlgorithmSha256,
	})
	if err != nil {
		return fmt.Errorf("upload s3://%s/%s%s: %w", s.bucket, s.prefix, key, err)
	}
	return nil
}
