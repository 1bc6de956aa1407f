// Package live carries events between requests and between portal
// instances: a publisher writes pg_notify in its transaction (so an event
// exists exactly when its data does), and every instance's Hub listens on
// one PostgreSQL channel and hands each event to the subscribers of its topic.
package live

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// Channel is the one PostgreSQL channel all events travel on.
const Channel = "portal06_live"

// MaxPayload is the largest event PostgreSQL's NOTIFY carries, less the topic.
const MaxPayload = 7000

// Publish sends payload to the subscribers of topic when tx commits.
func Publish(tx *gorm.DB, topic, payload string) error {
	if strings.Contains(topic, "|") || len(payload) > MaxPayload {
		return fmt.Errorf("live: topic %q or payload of %d bytes not allowed", topic, len(payload))
	}
	if err := tx.Exec(`SELECT pg_notify(?, ?)`, Channel, topic+"|"+payload).Error; err != nil {
		return fmt.Errorf("live: publish on %s: %w", topic, err)
	}
	return nil
}

// Hub is one instance's listener.
type Hub struct {
	url     string
	setRole string
	log     *slog.Logger
	mu      sync.Mutex
	subs    map[string]map[chan string]struct{}
	ready   chan struct{}
	once    sync.Once
}

// Start connects, listens, and reconnects until ctx ends. setRole, when
// set, is the role the connection drops to.
func Start(ctx context.Context, url, setRole string, log *slog.Logger) *Hub {
	h := &Hub{url: url, setRole: setRole, log: log, subs: map[string]map[chan string]struct{}{}, ready: make(chan struct{})}
	go h.run(ctx)
	return h
}

// Ready is closed once the hub listens for the first time.
func (h *Hub) Ready() <-chan struct{} { return h.ready }

func (h *Hub) run(ctx context.Context) {
	for ctx.Err() == nil {
		if err := h.listen(ctx); err != nil && ctx.Err() == nil {
			h.log.Warn("live: listener lost, reconnecting", "err", err)
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}
}

func (h *Hub) listen(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, h.url)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.Background())
	if h.setRole != "" {
		if _, err := conn.Exec(ctx, "SET ROLE "+h.setRole); err != nil {
			return err
		}
	}
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	h.once.Do(func() { close(h.ready) })
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		topic, payload, ok := strings.Cut(n.Payload, "|")
		if !ok {
			continue
		}
		h.mu.Lock()
		for ch := range h.subs[topic] {
			select {
			case ch <- payload:
			default: // a subscriber that does not keep up misses events rather than blocking all
			}
		}
		h.mu.Unlock()
	}
}

// Subscribe returns the events of topic until the returned cancel is called.
func (h *Hub) Subscribe(topic string) (<-chan string, func()) {
	ch := make(chan string, 16)
	h.mu.Lock()
	if h.subs[topic] == nil {
		h.subs[topic] = map[chan string]struct{}{}
	}
	h.subs[topic][ch] = struct{}{}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs[topic], ch)
		if len(h.subs[topic]) == 0 {
			delete(h.subs, topic)
		}
		h.mu.Unlock()
	}
}
