// Package config reads the portal's settings from the environment.
package config

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

// Config is every setting the portal reads at start.
type Config struct {
	Addr           string        // PORTAL06_ADDR
	DatabaseURL    string        // DATABASE_URL: owner connection; empty starts a private cluster
	AppDatabaseURL string        // PORTAL06_APP_DATABASE_URL: runtime role connection
	DataDir        string        // PORTAL06_DATA
	CookieSecure   string        // PORTAL06_COOKIE_SECURE: auto, true or false
	SessionIdle    time.Duration // PORTAL06_SESSION_IDLE
	SessionMax     time.Duration // PORTAL06_SESSION_MAX
	MetricsAddr    string        // PORTAL06_METRICS_ADDR
	LogLevel       string        // PORTAL06_LOG_LEVEL
	NationalURL    string        // PORTAL06_NATIONAL_URL: the national accommodation system's receiver
	RetryMax       time.Duration // PORTAL06_RETRY_MAX: cap of the delivery backoff
	NationalWait   time.Duration // PORTAL06_NATIONAL_TIMEOUT: how long one delivery waits for an answer
	AuditKey       string        // PORTAL06_AUDIT_KEY: HMAC key for ID numbers in the audit log
}

// FromEnv reads the configuration, applying defaults, and rejects malformed values.
func FromEnv() (Config, error) {
	c := Config{
		Addr:           env("PORTAL06_ADDR", "127.0.0.1:8080"),
		DatabaseURL:    os.Getenv("DATABASE_URL"),
		AppDatabaseURL: os.Getenv("PORTAL06_APP_DATABASE_URL"),
		DataDir:        env("PORTAL06_DATA", "data"),
		CookieSecure:   env("PORTAL06_COOKIE_SECURE", "auto"),
		MetricsAddr:    os.Getenv("PORTAL06_METRICS_ADDR"),
		LogLevel:       env("PORTAL06_LOG_LEVEL", "info"),
		NationalURL:    os.Getenv("PORTAL06_NATIONAL_URL"),
		AuditKey:       os.Getenv("PORTAL06_AUDIT_KEY"),
	}
	var err error
	if c.SessionIdle, err = duration("PORTAL06_SESSION_IDLE", 30*time.Minute); err != nil {
		return c, err
	}
	if c.SessionMax, err = duration("PORTAL06_SESSION_MAX", 12*time.Hour); err != nil {
		return c, err
	}
	if c.RetryMax, err = duration("PORTAL06_RETRY_MAX", 5*time.Minute); err != nil {
		return c, err
	}
	if c.NationalWait, err = duration("PORTAL06_NATIONAL_TIMEOUT", 15*time.Second); err != nil {
		return c, err
	}
	switch c.CookieSecure {
	case "auto", "true", "false":
	default:
		return c, fmt.Errorf("config: PORTAL06_COOKIE_SECURE must be auto, true or false, not %q", c.CookieSecure)
	}
	return c, nil
}

// SecureCookies reports whether cookies get the Secure flag for a request
// that arrived over HTTPS (https) or not.
func (c Config) SecureCookies(https bool) bool {
	if c.CookieSecure == "auto" {
		return https
	}
	b, _ := strconv.ParseBool(c.CookieSecure)
	return b
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func duration(key string, def time.Duration) (time.Duration, error) {
	v := os.Getenv(key)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("config: %s must be a positive duration such as 30m, not %q", key, v)
	}
	return d, nil
}
