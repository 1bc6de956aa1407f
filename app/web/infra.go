package web

import (
	"io/fs"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"portal06/app/database"
)

// MountInfra registers the static files and the health check.
func (s *Server) MountInfra(static fs.FS) {
	g := s.Group("", Public, "")
	files := filesystem.New(filesystem.Config{Root: http.FS(static), MaxAge: 3600})
	g.Raw(fiber.MethodGet, "/static/*", "public.static", func(c *fiber.Ctx) error {
		c.Path(c.Path()[len("/static"):])
		return files(c)
	})
	g.Raw(fiber.MethodGet, "/healthz", "public.health", func(c *fiber.Ctx) error {
		if err := database.Ping(c.UserContext(), s.d.DB); err != nil {
			return c.Status(fiber.StatusServiceUnavailable).SendString("database unavailable\n")
		}
		return c.SendString("ok\n")
	})
}

// MetricsHandler serves Prometheus metrics at /metrics and Go's profiles
// at /debug/pprof/: only on the metrics listener, never on the portal's
// own address.
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promHandler(s.d.Metrics))
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// ServeMetrics serves MetricsHandler on its own address until the server stops.
func (s *Server) ServeMetrics(addr string) *http.Server {
	srv := &http.Server{Addr: addr, Handler: s.MetricsHandler(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			s.d.Log.Error("metrics server stopped", "err", err)
		}
	}()
	return srv
}
