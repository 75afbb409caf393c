// Package idempotency makes a message handler safe to run twice. Queues deliver at least once
// (SQS redelivers after a visibility timeout, a worker can crash after the effect but before
// the acknowledgement), so the handler records each message's idempotency key with its result:
// a second delivery returns the recorded result without repeating the effect, a concurrent
// duplicate waits for the first, and a failed attempt leaves no record so a retry runs again.
// The mailer does this with a DynamoDB conditional write; the store here is in memory.
package idempotency

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrInProgress is returned for a duplicate that arrives while the first delivery still runs;
// the queue redelivers it later, when the first has finished.
var ErrInProgress = errors.New("idempotency: another delivery of this key is in progress")

// Message is one delivery of a request to do something once.
type Message struct {
	// Key identifies the request across deliveries (a client-chosen ID, never a delivery ID).
	Key string
	// Body is the request.
	Body string
}

// Handler runs Effect at most once per successful key.
type Handler struct {
	// Effect does the work with a side effect (send a mail, charge a card) and returns its
	// result. Required.
	Effect func(context.Context, Message) (string, error)

	mu      sync.Mutex
	results map[string]string
	running map[string]bool
}

// Handle runs Effect for m unless m.Key succeeded before, in which case it returns the first
// result. It returns ErrInProgress for a concurrent duplicate and Effect's error, wrapped, when
// the effect failed; a failed key can be retried.
func (h *Handler) Handle(ctx context.Context, m Message) (string, error) {
	h.mu.Lock()
	if h.results == nil {
		h.results, h.running = map[string]string{}, map[string]bool{}
	}
	if r, ok := h.results[m.Key]; ok {
		h.mu.Unlock()
		return r, nil
	}
	if h.running[m.Key] {
		h.mu.Unlock()
		return "", ErrInProgress
	}
	h.running[m.Key] = true
	h.mu.Unlock()

	r, err := h.Effect(ctx, m)

	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.running, m.Key)
	if err != nil {
		return "", fmt.Errorf("handle %s: %w", m.Key, err)
	}
	h.results[m.Key] = r
	return r, nil
}
