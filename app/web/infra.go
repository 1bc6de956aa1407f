package web

import (
	"io/fs"
	"net/http"
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

// ServeMetrics serves Prometheus metrics on their own address until the server stops.
func (s *Server) ServeMetrics(addr string) *http.Server {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promHandler(s.d.Metrics))
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			s.d.Log.Error("metrics server stopped", "err", err)
		}
	}()
	return srv
}
