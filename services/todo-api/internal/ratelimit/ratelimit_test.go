package ratelimit_test

import (
	"crypto/sha256"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/tsumiki-dev/tsumiki/services/todo-api/internal/ratelimit"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func key(s string) ratelimit.Key { return sha256.Sum256([]byte(s)) }

func TestLimiter_Take(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Unix(1_700_000_000, 0)}
	l := ratelimit.New(ratelimit.Config{Limit: 3, Window: 3 * time.Second, MaxKeys: 1000}, c.now)
	a, b := key("a"), key("b")

	for i := range 3 {
		d := l.Take(a)
		require.True(t, d.Allowed, "request %d is within the burst", i)
		require.Equal(t, 3, d.Limit)
		require.Equal(t, 2-i, d.Remaining)
		require.Equal(t, time.Duration(i+1)*time.Second, d.Reset, "a full refill takes one second per spent request")
	}
	d := l.Take(a)
	require.False(t, d.Allowed, "the fourth request in the same instant is refused")
	require.Equal(t, 0, d.Remaining)
	require.Equal(t, time.Second, d.Reset, "one request comes back after Window/Limit")
	require.True(t, l.Take(b).Allowed, "another key has its own bucket")

	c.add(500 * time.Millisecond)
	d = l.Take(a)
	require.False(t, d.Allowed, "half a request regained is not a request")
	require.Equal(t, 500*time.Millisecond, d.Reset)
	c.add(500 * time.Millisecond)
	require.True(t, l.Take(a).Allowed, "one request regained after a second")
	c.add(time.Hour)
	require.Equal(t, 2, l.Take(a).Remaining, "the bucket never holds more than Limit")
}

func TestLimiter_BoundedMemory(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Unix(1_700_000_000, 0)}
	const maxKeys = 640
	l := ratelimit.New(ratelimit.Config{Limit: 2, Window: time.Minute, MaxKeys: maxKeys}, c.now)
	for i := range 100 * maxKeys {
		l.Take(key(fmt.Sprint(i)))
	}
	require.LessOrEqual(t, l.Len(), maxKeys, "never more buckets than MaxKeys")

	// Buckets that have refilled go first: a key that spent its bucket a moment ago stays
	// limited while idle keys churn through the limiter.
	c.add(time.Minute) // every bucket so far is full again
	hot := key("hot")
	l.Take(hot)
	l.Take(hot)
	for i := range maxKeys / 4 { // fewer than a shard holds, so no arbitrary eviction is needed
		l.Take(key(fmt.Sprint("new", i)))
		c.add(time.Millisecond)
	}
	require.False(t, l.Take(hot).Allowed, "the spent bucket was not evicted to make room for idle ones")
	require.LessOrEqual(t, l.Len(), maxKeys)
}

func TestLimiter_Concurrent(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Unix(1_700_000_000, 0)}
	l := ratelimit.New(ratelimit.Config{Limit: 100, Window: time.Hour, MaxKeys: 1000}, c.now)
	k := key("shared")
	var wg sync.WaitGroup
	var mu sync.Mutex
	allowed := 0
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if l.Take(k).Allowed {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	require.Equal(t, 100, allowed, "400 concurrent requests on one key get exactly the bucket's 100")
}

func BenchmarkLimiter_Take(b *testing.B) {
	l := ratelimit.New(ratelimit.Config{Limit: 1 << 30, Window: time.Second, MaxKeys: 100_000}, nil)
	keys := make([]ratelimit.Key, 1024)
	for i := range keys {
		keys[i] = key(fmt.Sprint(i))
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			l.Take(keys[i%len(keys)])
			i++
		}
	})
}
