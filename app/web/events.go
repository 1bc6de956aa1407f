package web

import (
	"bufio"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// StreamEvents answers with server-sent events: each value from events is
// sent as an event named name (the default "message" when empty), with a
// heartbeat every 15 s, for at most life or until the client goes away;
// then stop is called. The stream runs after the handler returns, outside
// the request's transaction.
func StreamEvents(c *fiber.Ctx, events <-chan string, stop func(), name string, life time.Duration) error {
	c.Set(fiber.HeaderContentType, "text/event-stream")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Accel-Buffering", "no")
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer stop()
		fmt.Fprint(w, "retry: 2000\n: open\n\n")
		if w.Flush() != nil {
			return
		}
		ping := time.NewTicker(15 * time.Second)
		defer ping.Stop()
		end := time.NewTimer(life)
		defer end.Stop()
		for {
			select {
			case ev := <-events:
				if name != "" {
					fmt.Fprintf(w, "event: %s\n", name)
				}
				for _, line := range strings.Split(ev, "\n") {
					fmt.Fprintf(w, "data: %s\n", strings.TrimRight(line, "\r"))
				}
				fmt.Fprint(w, "\n")
			case <-ping.C:
				fmt.Fprint(w, ": ping\n\n")
			case <-end.C:
				return
			}
			if w.Flush() != nil {
				return // the client went away
			}
		}
	})
	return nil
}
