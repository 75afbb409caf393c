package shutdown_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/tsumiki-dev/tsumiki/examples/shutdown"
)

// A request in flight when the stop signal arrives still gets its full response; the server
// then refuses new connections.
func ExampleServe() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	addr := "http://" + ln.Addr().String()
	started, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		close(started)
		<-release // a slow request: still running when the signal comes
		fmt.Fprint(w, "done")
	})

	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- shutdown.Serve(ctx, ln, h, 5*time.Second) }()

	answered := make(chan string, 1)
	go func() {
		resp, err := http.Get(addr + "/slow")
		if err != nil {
			answered <- err.Error()
			return
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		answered <- fmt.Sprintf("%d %s", resp.StatusCode, body)
	}()

	<-started
	stop() // SIGTERM in a real service: signal.NotifyContext cancels ctx
	// Serve stops listening at once; give it a moment, then let the slow request finish.
	for {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			break
		}
		c.Close()
		time.Sleep(time.Millisecond)
	}
	close(release)

	fmt.Println("in-flight request:", <-answered)
	fmt.Println("Serve returned:", <-served)
	_, err = http.Get(addr + "/")
	fmt.Println("new request refused:", err != nil)
	// Output:
	// in-flight request: 200 done
	// Serve returned: <nil>
	// new request refused: true
}

// Two workers hold an item each when the stop signal arrives: both items finish, nothing new
// starts, and the rest is left for the next run.
func ExampleRunBatch() {
	ctx, stop := context.WithCancel(context.Background())
	var holding sync.WaitGroup
	holding.Add(2)
	stopped := make(chan struct{})
	go func() {
		holding.Wait() // both workers hold an item
		stop()         // SIGTERM mid-batch
		close(stopped)
	}()

	batch := shutdown.RunBatch(ctx, 2, []string{"a", "b", "c", "d", "e"}, func(ctx context.Context, item string) error {
		holding.Done()
		<-stopped
		// The handler's context is not cancelled by the stop, so the item completes.
		return ctx.Err()
	})
	slices.Sort(batch.Done)
	fmt.Println("done:", batch.Done)
	fmt.Println("failed:", len(batch.Failed))
	fmt.Println("left for the next run:", batch.NotStarted)
	// Output:
	// done: [a b]
	// failed: 0
	// left for the next run: [c d e]
}
