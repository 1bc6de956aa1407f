package web

import (
	"net/url"
	"strings"
)

// LocalPath returns p when it is a path on this site to return to (a next=
// parameter, a Referer), and "/" for anything else.
func LocalPath(p string) string {
	if !onThisSite(p) {
		return "/"
	}
	return p
}

// origin stands for this site when resolving a path.
var origin = &url.URL{Scheme: "http", Host: "portal06.invalid", Path: "/"}

// onThisSite reports whether p is a path that a browser resolves on this
// site: it starts with a single slash, holds only printable ASCII (no
// control characters, which browsers drop, and no backslash, which they
// read as a slash), decoded once it still does, and it resolves to the same
// origin with a path that does not start with two slashes.
func onThisSite(p string) bool {
	if len(p) > 2000 || !strings.HasPrefix(p, "/") {
		return false
	}
	bad := func(s string) bool {
		return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' })
	}
	for i := 0; i < len(p); i++ {
		if p[i] <= ' ' || p[i] >= 0x7f {
			return false
		}
	}
	dec, err := url.PathUnescape(p)
	if err != nil || bad(p) || bad(dec) || strings.HasPrefix(dec, "//") {
		return false
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.User != nil {
		return false
	}
	to := origin.ResolveReference(u)
	return to.Scheme == origin.Scheme && to.Host == origin.Host && !strings.HasPrefix(to.Path, "//") &&
		!strings.HasPrefix(to.EscapedPath(), "//")
}
