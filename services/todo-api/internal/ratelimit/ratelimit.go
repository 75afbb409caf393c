// Package ratelimit is todo-api's per-client token bucket: each key (an API token's hash)
// has a bucket of Limit requests that refills completely in Window, so a client may burst
// Limit requests and sustain Limit per Window. Memory is bounded: at most MaxKeys buckets are
// kept; when a shard is full, buckets that have refilled completely (identical to a new
// bucket, so forgetting them changes nothing) are dropped first, then arbitrary ones.
//
// The limiter is per process. With N tasks behind the load balancer a client may get up to
// N times the limit; the AWS WAF rate-based rule on the load balancer bounds each client
// address across tasks (see the design doc's security section).
package ratelimit

import (
	"encoding/binary"
	"math"
	"sync"
	"time"
)

// Key identifies a client: the SHA-256 of its API token, so no secret is kept in memory.
type Key [32]byte

// Config sizes a Limiter.
type Config struct {
	// Limit is the bucket size: the burst a key may send, and the RateLimit-Limit it is
	// told. At least 1.
	Limit int
	// Window is how long an empty bucket takes to refill completely. Positive.
	Window time.Duration
	// MaxKeys bounds the buckets kept in memory. At least the number of shards (64).
	MaxKeys int
}

// Decision is the outcome of one Take.
type Decision struct {
	// Allowed is false when the bucket was empty: the request must be refused.
	Allowed bool
	// Limit is Config.Limit.
	Limit int
	// Remaining is the whole requests left in the bucket after this one.
	Remaining int
	// Reset is how long until the bucket is full again (Allowed) or until it holds one
	// request (refused): what RateLimit-Reset and Retry-After say, rounded up to seconds.
	Reset time.Duration
}

const shardCount = 64

// Limiter is a set of token buckets, one per key. It is safe for concurrent use.
type Limiter struct {
	limit    float64
	perNano  float64 // requests regained per nanosecond
	window   time.Duration
	perShard int
	now      func() time.Time
	shards   [shardCount]shard
}

type shard struct {
	mu      sync.Mutex
	buckets map[Key]bucket
	_       [40]byte // keep shards on separate cache lines
}

type bucket struct {
	tokens float64
	at     int64 // unix nanoseconds of the last update
}

// New returns a Limiter; now is its clock (nil means time.Now).
func New(cfg Config, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	l := &Limiter{
		limit:    float64(max(cfg.Limit, 1)),
		window:   max(cfg.Window, time.Nanosecond),
		perShard: max(cfg.MaxKeys/shardCount, 1),
		now:      now,
	}
	l.perNano = l.limit / float64(l.window)
	for i := range l.shards {
		l.shards[i].buckets = make(map[Key]bucket)
	}
	return l
}

// Take spends one request of key's bucket if it has one.
func (l *Limiter) Take(key Key) Decision {
	now := l.now().UnixNano()
	s := &l.shards[binary.LittleEndian.Uint64(key[:8])%shardCount]
	s.mu.Lock()
	b, ok := s.buckets[key]
	if !ok {
		if len(s.buckets) >= l.perShard {
			l.evict(s, now)
		}
		b = bucket{tokens: l.limit, at: now}
	}
	b = l.refill(b, now)
	allowed := b.tokens >= 1
	if allowed {
		b.tokens--
	}
	s.buckets[key] = b
	s.mu.Unlock()

	d := Decision{Allowed: allowed, Limit: int(l.limit), Remaining: int(b.tokens)}
	if allowed {
		d.Reset = time.Duration(math.Ceil((l.limit - b.tokens) / l.perNano))
	} else {
		d.Reset = time.Duration(math.Ceil((1 - b.tokens) / l.perNano))
	}
	return d
}

// refill adds what the bucket regained since its last update, up to the limit.
func (l *Limiter) refill(b bucket, now int64) bucket {
	if elapsed := now - b.at; elapsed > 0 {
		b.tokens = min(l.limit, b.tokens+float64(elapsed)*l.perNano)
		b.at = now
	}
	return b
}

// evict makes room in a full shard: buckets that are full again go first; if every bucket is
// in use, an arbitrary eighth of the shard goes (those keys start again with a full bucket,
// which errs on the side of serving).
func (l *Limiter) evict(s *shard, now int64) {
	for k, b := range s.buckets {
		if l.refill(b, now).tokens >= l.limit {
			delete(s.buckets, k)
		}
	}
	for k := range s.buckets {
		if len(s.buckets) < l.perShard-l.perShard/8 {
			break
		}
		delete(s.buckets, k)
	}
}

// Limit returns Config.Limit.
func (l *Limiter) Limit() int { return int(l.limit) }

// Window returns Config.Window.
func (l *Limiter) Window() time.Duration { return l.window }

// Len returns how many buckets are kept, for tests and metrics.
func (l *Limiter) Len() int {
	n := 0
	for i := range l.shards {
		s := &l.shards[i]
		s.mu.Lock()
		n += len(s.buckets)
		s.mu.Unlock()
	}
	return n
}
