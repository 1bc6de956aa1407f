// Package jobs runs durable background jobs with River on PostgreSQL. A job
// is inserted in the request's own transaction, so it exists exactly when
// the data it works on does.
package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"
	"gorm.io/gorm"
)

// MaxAttempts is high enough that a receiver down for days loses nothing:
// at the default 5-minute cap, 2000 attempts span about a week.
const MaxAttempts = 2000

// Backoff is the retry policy: exponential (1 s, 2 s, 4 s … doubling,
// capped at Max) with full jitter, so that the jobs an outage held back do
// not all come back at the same instant when the receiver recovers.
type Backoff struct {
	Base time.Duration
	Max  time.Duration
	// Rand returns a number in [0, 1); nil means math/rand/v2.
	Rand func() float64
}

// Delay is the ceiling of the wait before attempt number attempt+1, after
// attempt failures: Base doubled attempt-1 times, at most Max.
func (b Backoff) Delay(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	d := float64(b.Base) * math.Pow(2, float64(attempt-1))
	if d > float64(b.Max) || math.IsInf(d, 0) || math.IsNaN(d) {
		return b.Max
	}
	return time.Duration(d)
}

// Jittered is the wait actually taken: a uniform draw between half the
// base and the ceiling (full jitter, kept from retrying at once).
func (b Backoff) Jittered(attempt int) time.Duration {
	ceil := b.Delay(attempt)
	floor := min(b.Base/2, ceil)
	r := rand.Float64
	if b.Rand != nil {
		r = b.Rand
	}
	return floor + time.Duration(r()*float64(ceil-floor))
}

// NextRetry implements river.ClientRetryPolicy.
func (b Backoff) NextRetry(job *rivertype.JobRow) time.Time {
	return time.Now().Add(b.Jittered(job.Attempt))
}

// RescueAfter is how long a delivery may run before River takes it for
// lost with its instance and runs it again: the job's timeout (the
// receiver's wait plus a margin to record the answer) plus a margin, so a
// live delivery is never taken twice. River looks every 30 seconds.
func RescueAfter(jobTimeout time.Duration) time.Duration { return jobTimeout + 15*time.Second }

// JobTimeout is how long one delivery may take: the receiver's wait plus
// time to record its answer.
func JobTimeout(receiverWait time.Duration) time.Duration { return receiverWait + 15*time.Second }

// Queue is the River client and its workers.
type Queue struct {
	Client  *river.Client[*sql.Tx]
	Workers *river.Workers
}

// Config sets up a Queue.
type Config struct {
	Backoff     Backoff
	PollEvery   time.Duration // how often to look for jobs without a notification
	RescueAfter time.Duration // a job running this long was lost with its worker and runs again
	JobTimeout  time.Duration
	Workers     int // jobs run at once (PORTAL06_JOB_WORKERS); 0 means 10
	Log         *slog.Logger
}

// New creates the client; add workers to q.Workers before Start. listenURL,
// when set, gives River a LISTEN connection so new jobs start at once.
func New(ctx context.Context, db *gorm.DB, listenURL string, setRole string, cfg Config) (*Queue, error) {
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("jobs: get pool: %w", err)
	}
	var driver *riverdatabasesql.Driver
	if listenURL != "" {
		pc, err := pgxpool.ParseConfig(listenURL)
		if err != nil {
			return nil, fmt.Errorf("jobs: parse listener connection string: %w", err)
		}
		pc.MaxConns, pc.MinConns = 2, 0
		if setRole != "" {
			pc.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
				_, err := c.Exec(ctx, "SET ROLE "+setRole)
				return err
			}
		}
		pool, err := pgxpool.NewWithConfig(ctx, pc)
		if err != nil {
			return nil, fmt.Errorf("jobs: open listener pool: %w", err)
		}
		driver = riverdatabasesql.NewWithPgxListener(sqlDB, pool)
	} else {
		driver = riverdatabasesql.New(sqlDB)
	}
	workers := river.NewWorkers()
	if cfg.Workers < 1 {
		cfg.Workers = 10
	}
	client, err := river.NewClient(driver, &river.Config{
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		Workers:              workers,
		RetryPolicy:          cfg.Backoff,
		MaxAttempts:          MaxAttempts,
		FetchPollInterval:    cfg.PollEvery,
		FetchCooldown:        50 * time.Millisecond,
		RescueStuckJobsAfter: cfg.RescueAfter,
		JobTimeout:           cfg.JobTimeout,
		Logger:               cfg.Log,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: create client: %w", err)
	}
	return &Queue{Client: client, Workers: workers}, nil
}

// InsertTx adds a job inside the request's transaction.
func (q *Queue) InsertTx(ctx context.Context, tx *gorm.DB, args river.JobArgs) error {
	stx, ok := tx.Statement.ConnPool.(*sql.Tx)
	if !ok {
		return errors.New("jobs: InsertTx needs a gorm transaction")
	}
	if _, err := q.Client.InsertTx(ctx, stx, args, nil); err != nil {
		return fmt.Errorf("jobs: insert %s: %w", args.Kind(), err)
	}
	return nil
}

// Migrate applies River's own migrations as the schema owner, then lets the
// runtime role use River's tables.
func Migrate(ctx context.Context, owner *sql.DB) error {
	m, err := rivermigrate.New(riverdatabasesql.New(owner), nil)
	if err != nil {
		return fmt.Errorf("jobs: load River migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate River: %w", err)
	}
	rows, err := owner.QueryContext(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'river\_%'`)
	if err != nil {
		return fmt.Errorf("jobs: list River tables: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	for _, t := range tables {
		if _, err := owner.ExecContext(ctx, fmt.Sprintf(`GRANT SELECT, INSERT, UPDATE, DELETE ON %q TO portal06_app`, t)); err != nil {
			return fmt.Errorf("jobs: grant %s: %w", t, err)
		}
	}
	if _, err := owner.ExecContext(ctx, `GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO portal06_app`); err != nil {
		return fmt.Errorf("jobs: grant sequences: %w", err)
	}
	return nil
}
