package national

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Outcome of one delivery attempt.
type Outcome int

// The outcomes of a delivery attempt.
const (
	Accepted Outcome = iota // the receiver kept it and returned a receipt
	Refused                 // 4xx but 408 and 429: the receiver will never take it as it is
	Retry                   // 408, 429, 5xx, timeout, cut connection: try again later
)

// MaxRetryAfter caps the wait a receiver may ask for with Retry-After.
const MaxRetryAfter = time.Hour

// Result is what one attempt came to.
type Result struct {
	Outcome Outcome
	Receipt string // when accepted
	Message string // the receiver's message, or what went wrong
	// RetryAfter is the wait the receiver asked for (Retry-After), at most
	// MaxRetryAfter; zero when it named none.
	RetryAfter time.Duration
}

// Client delivers notifications over HTTP.
type Client struct {
	URL  string
	HTTP *http.Client
}

// NewClient returns a client for the receiver at url.
func NewClient(url string, timeout time.Duration) *Client {
	return &Client{URL: url, HTTP: &http.Client{Timeout: timeout}}
}

// Send posts one notification with its idempotency key and classifies the answer.
func (c *Client) Send(ctx context.Context, key string, body []byte) Result {
	if c.URL == "" {
		return Result{Outcome: Retry, Message: "PORTAL06_NATIONAL_URL is not set"}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(body))
	if err != nil {
		return Result{Outcome: Retry, Message: fmt.Sprintf("build request: %v", err)}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	res, err := c.HTTP.Do(req)
	if err != nil {
		return Result{Outcome: Retry, Message: "receiver unreachable: " + err.Error()}
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if err != nil {
		return Result{Outcome: Retry, Message: "answer cut short: " + err.Error()}
	}
	var answer struct {
		Receipt string `json:"receipt"`
		Message string `json:"message"`
		Error   string `json:"error"`
	}
	_ = json.Unmarshal(raw, &answer)
	msg := answer.Message
	if msg == "" {
		msg = answer.Error
	}
	if msg == "" {
		msg = strings.TrimSpace(string(raw))
	}
	switch {
	case res.StatusCode == http.StatusOK || res.StatusCode == http.StatusCreated:
		if answer.Receipt == "" {
			return Result{Outcome: Retry, Message: "accepted without a receipt"}
		}
		return Result{Outcome: Accepted, Receipt: answer.Receipt}
	case res.StatusCode >= 400 && res.StatusCode < 500 && res.StatusCode != http.StatusRequestTimeout &&
		res.StatusCode != http.StatusTooManyRequests:
		if msg == "" {
			msg = res.Status
		}
		return Result{Outcome: Refused, Message: fmt.Sprintf("%d: %s", res.StatusCode, msg)}
	default:
		return Result{Outcome: Retry, Message: fmt.Sprintf("%d: %s", res.StatusCode, truncate(msg, 200)),
			RetryAfter: RetryAfter(res.Header.Get("Retry-After"), time.Now())}
	}
}

// RetryAfter reads a Retry-After header, in seconds or as an HTTP date, as
// a wait from now, at most MaxRetryAfter; zero when absent or unreadable.
func RetryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(h, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(MaxRetryAfter/time.Second) {
			return MaxRetryAfter
		}
		d = time.Duration(secs) * time.Second
	} else if at, err := http.ParseTime(h); err == nil {
		d = at.Sub(now)
	}
	return min(max(d, 0), MaxRetryAfter)
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// errNoReceipt is kept for callers that wrap results as errors.
var errNoReceipt = errors.New("national: no receipt")

// AsError turns a non-accepted result into an error for logs and retries.
func (r Result) AsError() error {
	if r.Outcome == Accepted {
		return nil
	}
	if r.Message == "" {
		return errNoReceipt
	}
	return errors.New("national: " + r.Message)
}
