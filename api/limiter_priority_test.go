package api

import (
	"context"
	"testing"
	"time"
)

// A background request (the index's sync) never takes the window's last places: the user's
// next requests go at once, and while one of the user's waits, no background request goes.
func TestBackgroundRequestsGiveWayToTheUser(t *testing.T) {
	clk := newFakeClock()
	l := newLimiter(clk, 4)
	bg := Background(context.Background())
	noWait := func(context.Context, Wait) error { return errWouldWait }
	sent := 0
	for {
		s, err := l.acquire(bg, false, noWait)
		if err != nil {
			break
		}
		l.release(s, nil, nil)
		sent++
	}
	if want := 100 - 100/20; sent != want {
		t.Fatalf("the background sent %d in an empty window, want %d (room left to the user)", sent, want)
	}
	for i := range 100 / 20 {
		if _, err := l.acquire(context.Background(), false, noWait); err != nil {
			t.Fatalf("the user's request %d waited behind the background", i+1)
		}
	}
	// The window is full; a user request waits. Once the first answers leave the window, the
	// background must not take their places while the user waits.
	userIn := make(chan struct{})
	waiting := make(chan struct{})
	go func() {
		_, err := l.acquire(context.Background(), false, func(ctx context.Context, w Wait) error {
			select {
			case waiting <- struct{}{}:
			default:
			}
			time.Sleep(time.Millisecond) // real time only to let the other goroutine look
			return nil
		})
		if err == nil {
			close(userIn)
		}
	}()
	<-waiting
	clk.Advance(10*time.Second + time.Second)
	if _, err := l.acquire(bg, false, noWait); err == nil {
		select {
		case <-userIn:
		default:
			t.Fatal("a background request went while the user's waited")
		}
	}
	<-userIn
}

var errWouldWait = &Error{Message: "would wait"}
