package web

import "testing"

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/t/vinh-xanh/": "/t/vinh-xanh/", "/admin?x=1": "/admin?x=1", "/police?q=Nguy%E1%BB%85n&page=2": "/police?q=Nguy%E1%BB%85n&page=2",
		"/": "/", "": "/",
		// known bypasses of a "starts with one slash" check
		"//evil.example":          "/",
		"///evil.example":         "/",
		"/\\evil.example":         "/",
		"/\\/evil.example":        "/",
		"\\\\evil.example":        "/",
		"/\t/evil.example":        "/",
		"/%09/evil.example":       "/",
		"/\n/evil.example":        "/",
		"/%0a/evil.example":       "/",
		"/%0d%0a/evil.example":    "/",
		"/\r\nSet-Cookie: x":      "/",
		"/%2f%2fevil.example":     "/",
		"/%2F%2Fevil.example":     "/",
		"/%2f/evil.example":       "/",
		"/%5cevil.example":        "/",
		"/%5C%5Cevil.example":     "/",
		"/ /evil.example":         "/",
		"/\x00/evil.example":      "/",
		"/\x7f/evil.example":      "/",
		"/\u3000/evil.example":    "/",
		"/.//evil.example":        "/",
		"/./%2f/evil.example":     "/",
		"/%zz":                    "/",
		"https://evil.example/":   "/",
		"http:/evil.example":      "/",
		"HTTPS://evil.example":    "/",
		"//user@evil.example":     "/",
		"javascript:alert(1)":     "/",
		"JaVaScRiPt:alert(1)":     "/",
		"data:text/html,<script>": "/",
		" /t/vinh-xanh/":          "/",
		"\t//evil.example":        "/",
		"evil.example":            "/",
		"/t/vinh-xanh/\x00":       "/",
	} {
		if got := LocalPath(in); got != want {
			t.Errorf("LocalPath(%q) = %q, want %q", in, got, want)
		}
	}
}
