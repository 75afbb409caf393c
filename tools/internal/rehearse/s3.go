package rehearse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// S3 is the in-memory S3 stand-in (gofakes3, the library behind tools/cmd/fakes3) that holds
// the rehearsal's terraform state. It listens on 127.0.0.1 on a port the kernel picks.
//
// gofakes3 v1.2.0 answers what terraform 1.11's S3 backend asks for: path-style requests,
// GetObject/PutObject/DeleteObject/HeadObject, ListObjectsV2 (workspaces) and the conditional
// PutObject with If-None-Match: * that use_lockfile = true takes its <key>.tflock with (a second
// lock gets 412 PreconditionFailed; see s3_test.go). It does not answer STS, so the backend
// runs with skip_credentials_validation and skip_requesting_account_id.
type S3 struct {
	// URL is the endpoint, http://127.0.0.1:<port>.
	URL     string
	backend *s3mem.Backend
	srv     *http.Server
	done    chan error
}

// StartS3 starts the stand-in. Close stops it.
func StartS3(ctx context.Context) (*S3, error) {
	backend := s3mem.New()
	faker := gofakes3.New(backend, gofakes3.WithLogger(gofakes3.DiscardLog()))
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen for the S3 stand-in: %w", err)
	}
	s := &S3{
		URL:     "http://" + ln.Addr().String(),
		backend: backend,
		srv:     &http.Server{Handler: faker.Server(), ReadHeaderTimeout: 10 * time.Second},
		done:    make(chan error, 1),
	}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// Close stops the stand-in; its buckets are gone.
func (s *S3) Close(ctx context.Context) error {
	if err := s.srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("stop the S3 stand-in: %w", err)
	}
	if err := <-s.done; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("S3 stand-in: %w", err)
	}
	return nil
}

// CreateBucket creates a bucket; an existing one is left as it is.
func (s *S3) CreateBucket(name string) error {
	ok, err := s.backend.BucketExists(name)
	if err != nil {
		return fmt.Errorf("look up bucket %s: %w", name, err)
	}
	if ok {
		return nil
	}
	if err := s.backend.CreateBucket(name); err != nil {
		return fmt.Errorf("create bucket %s: %w", name, err)
	}
	return nil
}

// Keys lists the object keys of a bucket, sorted.
func (s *S3) Keys(bucket string) ([]string, error) {
	list, err := s.backend.ListBucket(bucket, nil, gofakes3.ListBucketPage{})
	if err != nil {
		return nil, fmt.Errorf("list bucket %s: %w", bucket, err)
	}
	keys := make([]string, 0, len(list.Contents))
	for _, c := range list.Contents {
		keys = append(keys, c.Key)
	}
	sort.Strings(keys)
	return keys, nil
}

// Get returns an object's bytes.
func (s *S3) Get(bucket, key string) ([]byte, error) {
	obj, err := s.backend.GetObject(bucket, key, nil)
	if err != nil {
		return nil, fmt.Errorf("get s3://%s/%s: %w", bucket, key, err)
	}
	defer func() { _ = obj.Contents.Close() }() // in-memory reader
	b, err := io.ReadAll(obj.Contents)
	if err != nil {
		return nil, fmt.Errorf("read s3://%s/%s: %w", bucket, key, err)
	}
	return b, nil
}

// Put writes an object unconditionally (the rehearsal uses it to hold a state lock).
func (s *S3) Put(bucket, key string, body []byte) error {
	if _, err := s.backend.PutObject(bucket, key, nil, bytes.NewReader(body), int64(len(body)), nil); err != nil {
		return fmt.Errorf("put s3://%s/%s: %w", bucket, key, err)
	}
	return nil
}

// Delete removes an object.
func (s *S3) Delete(bucket, key string) error {
	if _, err := s.backend.DeleteObject(bucket, key); err != nil {
		return fmt.Errorf("delete s3://%s/%s: %w", bucket, key, err)
	}
	return nil
}
