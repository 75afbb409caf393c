package httpserver_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/libs/kit/httpserver"
)

func TestServe(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)

	entered := make(chan struct{})
	release := make(chan struct{})
	srv := &http.Server{
		ReadHeaderTimeout: 5 * time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			close(entered)
			<-release
			_, _ = io.WriteString(w, "done")
		}),
	}
	var drained atomic.Bool
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error, 1)
	go func() {
		result <- httpserver.Serve(ctx, srv, ln, httpserver.Options{
			ShutdownTimeout: time.Minute,
			OnDrain:         func() { drained.Store(true) },
			Logger:          slog.New(slog.DiscardHandler),
		})
	}()

	type response struct {
		body string
		err  error
	}
	got := make(chan response, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			got <- response{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		got <- response{body: string(b), err: err}
	}()
	<-entered
	cancel()
	require.Eventually(t, drained.Load, 10*time.Second, time.Millisecond, "OnDrain is called when the context ends")
	close(release)

	r := <-got
	require.NoError(t, r.err)
	require.Equal(t, "done", r.body, "the in-flight request completes")
	require.NoError(t, <-result)
	_, err = net.Dial("tcp", ln.Addr().String())
	require.Error(t, err, "the listener is closed after the drain")
}

func TestServe_ListenerError(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	require.NoError(t, ln.Close())
	srv := &http.Server{ReadHeaderTimeout: time.Second}
	err = httpserver.Serve(context.Background(), srv, ln, httpserver.Options{Logger: slog.New(slog.DiscardHandler)})
	require.ErrorContains(t, err, "serve http")
}
