package config

import "testing"

func TestPublicURL(t *testing.T) {
	t.Setenv("PORTAL06_ADDR", "0.0.0.0:8080")
	t.Setenv("PORTAL06_PUBLIC_URL", "")
	c, err := FromEnv()
	if err != nil || c.BaseURL() != "http://0.0.0.0:8080" {
		t.Fatalf("default: %q %v", c.BaseURL(), err)
	}
	for in, want := range map[string]string{
		"http://192.168.1.20:8080":      "http://192.168.1.20:8080",
		"http://192.168.1.20:8080/":     "http://192.168.1.20:8080",
		"https://portal06.quangninh.vn": "https://portal06.quangninh.vn",
	} {
		t.Setenv("PORTAL06_PUBLIC_URL", in)
		if c, err := FromEnv(); err != nil || c.BaseURL() != want {
			t.Errorf("%q: %q %v, want %q", in, c.BaseURL(), err, want)
		}
	}
	for _, bad := range []string{"192.168.1.20:8080", "ftp://x", "http://", "http://x/portal", "http://u:p@x", "http://x/?a=1", "javascript:alert(1)"} {
		t.Setenv("PORTAL06_PUBLIC_URL", bad)
		if _, err := FromEnv(); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if (Config{}).BaseURL() != "http://127.0.0.1:8080" {
		t.Error("an empty config has no base URL")
	}
}
