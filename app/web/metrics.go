package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the HTTP server's Prometheus metrics.
type Metrics struct {
	Registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics creates the metrics in a registry of their own.
func NewMetrics() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "portal06_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "portal06_http_request_seconds", Help: "HTTP request duration by route.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route"}),
	}
	m.Registry.MustRegister(m.requests, m.duration, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe logs nothing itself; it counts each request by its route pattern.
// It also gives the request its id, sent back in X-Request-ID.
func (s *Server) observe(c *fiber.Ctx) error {
	start := time.Now()
	rid := newRequestID()
	c.Locals(requestIDKey, rid)
	c.Set("X-Request-ID", rid)
	err := c.Next()
	if s.d.Metrics == nil {
		return err
	}
	route := c.Route().Path
	status := c.Response().StatusCode()
	if err != nil {
		if fe, ok := err.(*fiber.Error); ok {
			status = fe.Code
		} else {
			status = 500
		}
	}
	s.d.Metrics.requests.WithLabelValues(c.Method(), route, strconv.Itoa(status)).Inc()
	s.d.Metrics.duration.WithLabelValues(c.Method(), route).Observe(time.Since(start).Seconds())
	return err
}

func promHandler(m *Metrics) http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
}
