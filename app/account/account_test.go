package account

import "testing"

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/t/vinh-xanh/": "/t/vinh-xanh/", "": "/", "https://evil.example/": "/", "//evil.example": "/",
		"/\\evil.example": "/", "javascript:alert(1)": "/", "/ok\r\nSet-Cookie: x": "/", "/admin?x=1": "/admin?x=1",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}
