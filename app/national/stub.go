package national

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Mode is how the reference receiver behaves.
type Mode string

// The receiver's modes.
const (
	ModeUp     Mode = "up"     // validate and accept
	ModeDown   Mode = "down"   // answer 503 to everything
	ModeRefuse Mode = "refuse" // answer 422 to everything
	ModeDrop   Mode = "drop"   // accept, then cut the connection before answering
	ModeSlow   Mode = "slow"   // accept after Delay
)

// Stub is the reference receiver of the national accommodation system:
// it validates payloads, returns receipts, remembers every key it accepted
// (a key sent again gets its first receipt) and can be told to fail.
type Stub struct {
	mu       sync.Mutex
	mode     Mode
	delay    time.Duration
	accepted map[string]string // idempotency key -> receipt
	calls    map[string]int    // idempotency key -> requests seen
	next     int
}

// NewStub returns a receiver in mode, waiting delay in ModeSlow.
func NewStub(mode Mode, delay time.Duration) *Stub {
	return &Stub{mode: mode, delay: delay, accepted: map[string]string{}, calls: map[string]int{}}
}

// SetMode changes the receiver's behaviour.
func (s *Stub) SetMode(m Mode, delay time.Duration) {
	s.mu.Lock()
	s.mode, s.delay = m, delay
	s.mu.Unlock()
}

// Accepted reports how many distinct keys were accepted, and the calls per key.
func (s *Stub) Accepted() (int, map[string]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	calls := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		calls[k] = v
	}
	return len(s.accepted), calls
}

// ServeHTTP receives notifications at any path but /_control, which sets
// the mode ({"mode": "down", "delay_ms": 0}) and reports what was accepted.
func (s *Stub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/_control" {
		s.control(w, r)
		return
	}
	if r.Method != http.MethodPost {
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"message": "POST a notification"})
		return
	}
	key := r.Header.Get("Idempotency-Key")
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "unreadable body"})
		return
	}
	s.mu.Lock()
	mode, delay := s.mode, s.delay
	s.calls[key]++
	s.mu.Unlock()
	switch mode {
	case ModeDown:
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"message": "receiver down for maintenance"})
		return
	case ModeRefuse:
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "refused by the receiver (fault injection)"})
		return
	case ModeSlow:
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	if key == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "missing Idempotency-Key header"})
		return
	}
	var p Payload
	dec := json.NewDecoder(strings.NewReader(string(body)))
	if err := dec.Decode(&p); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "body is not a notification: " + err.Error()})
		return
	}
	if bad := p.Validate(); len(bad) > 0 {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "missing or invalid fields: " + strings.Join(bad, ", ")})
		return
	}
	s.mu.Lock()
	receipt, seen := s.accepted[key]
	if !seen {
		s.next++
		receipt = fmt.Sprintf("LT-%s-%06d", time.Now().In(Zone).Format("20060102"), s.next)
		s.accepted[key] = receipt
	}
	s.mu.Unlock()
	if mode == ModeDrop {
		// The receiver keeps the notification but the answer never arrives.
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
	}
	status := http.StatusCreated
	if seen {
		status = http.StatusOK
	}
	writeJSON(w, status, map[string]string{"receipt": receipt})
}

func (s *Stub) control(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		var c struct {
			Mode    Mode `json:"mode"`
			DelayMS int  `json:"delay_ms"`
		}
		if err := json.NewDecoder(r.Body).Decode(&c); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"message": err.Error()})
			return
		}
		switch c.Mode {
		case ModeUp, ModeDown, ModeRefuse, ModeDrop, ModeSlow:
		default:
			writeJSON(w, http.StatusBadRequest, map[string]string{"message": "mode is up, down, refuse, drop or slow"})
			return
		}
		s.SetMode(c.Mode, time.Duration(c.DelayMS)*time.Millisecond)
	}
	n, calls := s.Accepted()
	s.mu.Lock()
	mode := s.mode
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"mode": mode, "accepted": n, "calls": calls})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
