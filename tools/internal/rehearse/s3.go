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
	"strings"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// S3 is the in-memory S3 stand-in (gofakes3, as tools/cmd/local serves it locally) that holds
// the rehearsal's terraform state. It listens on 127.0.0.1 on a port the kernel picks.
//
// gofakes3 v1.2.0 answers what terraform 1.11's S3 backend asks for: path-style requests,
// GetObject/PutObject/DeleteObject/HeadObject, ListObjectsV2 (workspaces) and the conditional
// PutObject with If-None-Match: * that use_lockfile = true takes its <key>.tflock with (a second
// lock gets 412 PreconditionFailed; see s3_test.go). It does not answer STS, so the backend
// runs with skip_credentials_validation and skip_requesting_account_id.
//
// Buckets are not created by hand: the stand-in is the S3 of the simulated account, so a
// bucket exists in it once the account holds it (bootstrap's apply created it). accountHas
// answers that; the stand-in asks it when a request names a bucket it does not hold yet.
type S3 struct {
	// URL is the endpoint, http://127.0.0.1:<port>.
	URL        string
	backend    *s3mem.Backend
	srv        *http.Server
	done       chan error
	accountHas func(bucket string) (bool, error)
}

// StartS3 starts the stand-in; accountHas (nil: no bucket ever appears by itself) tells
// whether the simulated account holds a bucket. Close stops it.
func StartS3(ctx context.Context, accountHas func(bucket string) (bool, error)) (*S3, error) {
	backend := s3mem.New()
	faker := gofakes3.New(backend, gofakes3.WithLogger(gofakes3.DiscardLog()))
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen for the S3 stand-in: %w", err)
	}
	s := &S3{
		URL:        "http://" + ln.Addr().String(),
		backend:    backend,
		done:       make(chan error, 1),
		accountHas: accountHas,
	}
	s.srv = &http.Server{Handler: s.mirror(faker.Server()), ReadHeaderTimeout: 10 * time.Second}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// mirror creates the bucket a path-style request names when the simulated account holds it.
func (s *S3) mirror(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bucket, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		if bucket != "" && s.accountHas != nil {
			if exists, err := s.backend.BucketExists(bucket); err == nil && !exists {
				has, err := s.accountHas(bucket)
				if err != nil {
					http.Error(w, fmt.Sprintf("S3 stand-in: look up bucket %s in the simulated account: %v", bucket, err), http.StatusInternalServerError)
					return
				}
				if has {
					if err := s.CreateBucket(bucket); err != nil {
						http.Error(w, err.Error(), http.StatusInternalServerError)
						return
					}
				}
			}
		}
		next.ServeHTTP(w, r)
	})
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

// Find returns the bucket that holds key, or "" when none does.
func (s *S3) Find(key string) (string, error) {
	buckets, err := s.backend.ListBuckets()
	if err != nil {
		return "", fmt.Errorf("list buckets: %w", err)
	}
	for _, b := range buckets {
		if _, err := s.backend.HeadObject(b.Name, key); err == nil {
			return b.Name, nil
		}
	}
	return "", nil
}

// Locks lists every <key>.tflock object of every bucket as s3://bucket/key.
func (s *S3) Locks() ([]string, error) {
	buckets, err := s.backend.ListBuckets()
	if err != nil {
		return nil, fmt.Errorf("list buckets: %w", err)
	}
	var locks []string
	for _, b := range buckets {
		keys, err := s.Keys(b.Name)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if strings.HasSuffix(k, ".tflock") {
				locks = append(locks, "s3://"+b.Name+"/"+k)
			}
		}
	}
	return locks, nil
}

// Delete removes an object.
func (s *S3) Delete(bucket, key string) error {
	if _, err := s.backend.DeleteObject(bucket, key); err != nil {
		return fmt.Errorf("delete s3://%s/%s: %w", bucket, key, err)
	}
	return nil
}
