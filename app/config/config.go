// Package config reads the portal's settings from the environment.
package config

import (
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// The defaults of the pool's size and of the River workers.
const (
	DefaultDBMaxConns = 20
	DefaultJobWorkers = 10
	// DefaultSignInWait is how long a sign-in waits for a password hash.
	DefaultSignInWait = 3 * time.Second
)

// Config is every setting the portal reads at start.
type Config struct {
	Addr           string        // PORTAL06_ADDR
	PublicURL      string        // PORTAL06_PUBLIC_URL: the address users reach the portal at; every absolute URL starts with it
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
	AuditAnchorURL string        // PORTAL06_AUDIT_ANCHOR_URL: where the signed audit chain head is also POSTed
	DBMaxConns     int           // PORTAL06_DB_MAX_CONNS: the runtime pool's size
	JobWorkers     int           // PORTAL06_JOB_WORKERS: River workers delivering notifications
	SignInHashes   int           // PORTAL06_SIGNIN_HASHES: argon2 hashes at once; 0 means half the CPUs, at least one
	SignInWait     time.Duration // PORTAL06_SIGNIN_WAIT: how long a sign-in waits for a hash before a 503
	SignInCPU      int           // PORTAL06_SIGNIN_CPU: percent of the machine's CPU time hashing may take; 0 means 20
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
	if c.PublicURL, err = publicURL(env("PORTAL06_PUBLIC_URL", "http://"+c.Addr)); err != nil {
		return c, err
	}
	if v := os.Getenv("PORTAL06_AUDIT_ANCHOR_URL"); v != "" {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return c, fmt.Errorf("config: PORTAL06_AUDIT_ANCHOR_URL must be an http:// or https:// URL, not %q", v)
		}
		c.AuditAnchorURL = v
	}
	if c.DBMaxConns, err = count("PORTAL06_DB_MAX_CONNS", DefaultDBMaxConns, 1000); err != nil {
		return c, err
	}
	if c.JobWorkers, err = count("PORTAL06_JOB_WORKERS", DefaultJobWorkers, 1000); err != nil {
		return c, err
	}
	if os.Getenv("PORTAL06_SIGNIN_HASHES") != "" {
		if c.SignInHashes, err = count("PORTAL06_SIGNIN_HASHES", 0, 1000); err != nil {
			return c, err
		}
	}
	if os.Getenv("PORTAL06_SIGNIN_CPU") != "" {
		if c.SignInCPU, err = count("PORTAL06_SIGNIN_CPU", 0, 100); err != nil {
			return c, err
		}
	}
	if c.SignInWait, err = duration("PORTAL06_SIGNIN_WAIT", DefaultSignInWait); err != nil {
		return c, err
	}
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

// publicURL checks an absolute http(s) URL of the site's root and drops its
// trailing slash.
func publicURL(v string) (string, error) {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("config: PORTAL06_PUBLIC_URL must be the http:// or https:// address of the portal's root, such as http://192.168.1.20:8080, not %q", v)
	}
	return u.Scheme + "://" + u.Host, nil
}

// BaseURL is the portal's public address without a trailing slash:
// PORTAL06_PUBLIC_URL, by default http:// and the listen address. Absolute
// URLs are built from it, never from the request's Host header.
func (c Config) BaseURL() string {
	switch {
	case c.PublicURL != "":
		return strings.TrimSuffix(c.PublicURL, "/")
	case c.Addr != "":
		return "http://" + c.Addr
	}
	return "http://127.0.0.1:8080"
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

// count reads a whole number from 1 to max.
func count(key string, def, max int) (int, error) {
	v := os.Getenv(key)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > max {
		return 0, fmt.Errorf("config: %s must be a whole number from 1 to %d, not %q", key, max, v)
	}
	return n, nil
}
