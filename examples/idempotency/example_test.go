package idempotency_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/tsumiki-dev/tsumiki/examples/idempotency"
)

// The first delivery fails (SES throttled), the retry sends, and the duplicate that follows
// returns the same message ID without sending again: one mail.
func ExampleHandler() {
	attempts, sent := 0, 0
	h := &idempotency.Handler{Effect: func(context.Context, idempotency.Message) (string, error) {
		attempts++
		if attempts == 1 {
			return "", errors.New("ses: throttled")
		}
		sent++
		return fmt.Sprintf("ses-msg-%d", sent), nil
	}}
	m := idempotency.Message{Key: "todo-42-due-2026-12-04", Body: "reminder"}
	for delivery := 1; delivery <= 3; delivery++ {
		id, err := h.Handle(context.Background(), m)
		fmt.Printf("delivery %d: id=%q err=%v\n", delivery, id, err)
	}
	fmt.Println("mails sent:", sent)
	// Output:
	// delivery 1: id="" err=handle todo-42-due-2026-12-04: ses: throttled
	// delivery 2: id="ses-msg-1" err=<nil>
	// delivery 3: id="ses-msg-1" err=<nil>
	// mails sent: 1
}

// A duplicate delivered while the first still runs is told to come back later.
func ExampleHandler_concurrentDuplicate() {
	inEffect, release := make(chan struct{}), make(chan struct{})
	h := &idempotency.Handler{Effect: func(context.Context, idempotency.Message) (string, error) {
		close(inEffect)
		<-release
		return "ses-msg-1", nil
	}}
	m := idempotency.Message{Key: "welcome-alice", Body: "welcome"}
	first := make(chan string)
	go func() {
		id, _ := h.Handle(context.Background(), m)
		first <- id
	}()
	<-inEffect
	_, err := h.Handle(context.Background(), m)
	fmt.Println("duplicate:", errors.Is(err, idempotency.ErrInProgress))
	close(release)
	fmt.Println("first:", <-first)
	id, err := h.Handle(context.Background(), m)
	fmt.Println("redelivered later:", id, err)
	// Output:
	// duplicate: true
	// first: ses-msg-1
	// redelivered later: ses-msg-1 <nil>
}
