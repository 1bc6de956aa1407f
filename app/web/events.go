package web

import (
	"bufio"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// StreamHeartbeat is how often an event stream sends a heartbeat and checks
// that its session still lives; tests shorten it.
var StreamHeartbeat = 15 * time.Second

// StreamEvents answers with server-sent events: each value from events is
// sent as an event named name (the default "message" when empty), with a
// heartbeat every StreamHeartbeat, for at most life or until the client
// goes away; then stop is called. The stream runs after the handler
// returns, outside the request's transaction. Before each event and at each
// heartbeat it checks the session it was opened with, and ends when the
// session has ended (signed out, expired, or its user disabled); it also
// ends when the server shuts down.
func (s *Server) StreamEvents(c *fiber.Ctx, events <-chan string, stop func(), name string, life time.Duration) error {
	token := string([]byte(c.Cookies(sessionCookie)))
	alive := func() bool {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		ok, err := s.d.Sessions.Alive(s.d.DB.WithContext(ctx), token)
		if err != nil {
			s.d.Log.Warn("event stream: session check failed", "err", err)
		}
		return ok
	}
	c.Set(fiber.HeaderContentType, "text/event-stream")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Accel-Buffering", "no")
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer stop()
		fmt.Fprint(w, "retry: 2000\n: open\n\n")
		if w.Flush() != nil {
			return
		}
		ping := time.NewTicker(StreamHeartbeat)
		defer ping.Stop()
		end := time.NewTimer(life)
		defer end.Stop()
		for {
			select {
			case ev := <-events:
				if !alive() {
					return
				}
				if name != "" {
					fmt.Fprintf(w, "event: %s\n", name)
				}
				for _, line := range strings.Split(ev, "\n") {
					fmt.Fprintf(w, "data: %s\n", strings.TrimRight(line, "\r"))
				}
				fmt.Fprint(w, "\n")
			case <-ping.C:
				if !alive() {
					return
				}
				fmt.Fprint(w, ": ping\n\n")
			case <-end.C:
				return
			case <-s.closing:
				return
			}
			if w.Flush() != nil {
				return // the client went away
			}
		}
	})
	return nil
}
