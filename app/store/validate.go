package store

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	slugRe     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	taxCodeRe  = regexp.MustCompile(`^[0-9]{10}(-[0-9]{3})?$`)
	usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,62}$`)
	unitCodeRe = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,39}$`)
)

// checker collects field errors.
type checker struct{ bad Invalid }

func (c *checker) fail(field, msg string) {
	if c.bad == nil {
		c.bad = Invalid{}
	}
	if _, seen := c.bad[field]; !seen {
		c.bad[field] = msg
	}
}

func (c *checker) required(field, v string) bool {
	if strings.TrimSpace(v) == "" {
		c.fail(field, "validation.required")
		return false
	}
	return true
}

func (c *checker) text(field, v string, max int) {
	if c.required(field, v) && (utf8.RuneCountInString(v) > max || !utf8.ValidString(v)) {
		c.fail(field, "validation.too_long")
	}
}

func (c *checker) match(field, v string, re *regexp.Regexp, msg string) {
	if c.required(field, v) && !re.MatchString(v) {
		c.fail(field, msg)
	}
}

func (c *checker) oneOf(field, v string, allowed []string) {
	if !c.required(field, v) {
		return
	}
	for _, a := range allowed {
		if a == v {
			return
		}
	}
	c.fail(field, "validation.choice")
}

func (c *checker) err() error {
	if c.bad == nil {
		return nil
	}
	return c.bad
}
