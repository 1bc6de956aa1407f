package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
)

// StartSession signs userID in: it ends the session the browser had, starts
// a new one (a new id and a new CSRF token) and sets the cookie.
func (s *Server) StartSession(c *fiber.Ctx, r *Request, userID int64) error {
	if old := c.Cookies(sessionCookie); old != "" {
		if err := s.d.Sessions.Delete(r.Tx, old); err != nil {
			return err
		}
	}
	token, sess, err := s.d.Sessions.Create(r.Tx, userID)
	if err != nil {
		return err
	}
	s.setCookie(c, sessionCookie, token, s.d.Sessions.Max)
	r.CSRF = sess.CSRF
	return nil
}

// EndSession signs the browser out.
func (s *Server) EndSession(c *fiber.Ctx, r *Request) error {
	if tok := c.Cookies(sessionCookie); tok != "" {
		if err := s.d.Sessions.Delete(r.Tx, tok); err != nil {
			return err
		}
	}
	s.clearCookie(c, sessionCookie)
	return nil
}

// SetLanguage remembers the user's language in a cookie for a year.
func (s *Server) SetLanguage(c *fiber.Ctx, lang string) {
	s.setCookie(c, langCookie, lang, 365*24*3600*1e9)
}

// SetCookie sets an HttpOnly, SameSite=Lax cookie for maxAge.
func (s *Server) SetCookie(c *fiber.Ctx, name, value string, maxAge time.Duration) {
	s.setCookie(c, name, value, maxAge)
}

// ClearCookie removes a cookie.
func (s *Server) ClearCookie(c *fiber.Ctx, name string) { s.clearCookie(c, name) }
