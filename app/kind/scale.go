package kind

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"
)

// ScaleJob is one item of a scale seed (`portal06 seed scale`) handed to a
// kind: how many rows to add, where and when.
type ScaleJob struct {
	Item string // one of the seeder's ScaleItems, e.g. "residents"
	N    int    // how many to add
	// OwnerURL is the schema owner's connection string; LoaderURL a
	// superuser's on the same database, or empty.
	OwnerURL, LoaderURL string
	Now                 time.Time // the clock's now: the load's history ends here
	Out                 io.Writer // progress lines
}

// ScaleSeeder is a kind that loads province-sized data of its own on top of
// the demo data, for measuring the portal at scale. A load adds rows (a
// second run adds more, never collides) and keeps the kind's rollups exact,
// as its live code would.
type ScaleSeeder interface {
	// ScaleItems names the items it loads, e.g. "residents".
	ScaleItems() []string
	SeedScale(ctx context.Context, job ScaleJob) error
}

// ScaleSeeders are the kinds that load scale data.
func (r Registry) ScaleSeeders() []ScaleSeeder { return implementing[ScaleSeeder](r) }

// ScaleConnect opens a connection for a scale load that sees and writes
// every row: row-level security is forced on the owner too, so the
// session's scope is the whole province.
func ScaleConnect(ctx context.Context, url string) (*pgx.Conn, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("scale: connect: %w", err)
	}
	if _, err := conn.Exec(ctx, `SELECT set_config('app.all', 'on', false), set_config('app.tenants', '', false),
		set_config('app.sites', '', false), set_config('app.areas', '', false), set_config('app.user_id', '', false),
		set_config('app.tenant', '', false)`); err != nil {
		conn.Close(ctx)
		return nil, fmt.Errorf("scale: set scope: %w", err)
	}
	return conn, nil
}

// ScaleWards are the areas below the province, by code: where a scale load
// spreads its sites.
func ScaleWards(ctx context.Context, conn *pgx.Conn) ([]int64, error) {
	rows, err := conn.Query(ctx, `SELECT id FROM areas WHERE kind <> 'province' ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("scale: read wards: %w", err)
	}
	wards, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(wards) == 0 {
		return nil, fmt.Errorf("scale: read wards (%d): %v", len(wards), err)
	}
	return wards, nil
}

// Chunks loads the job's items a chunk at a time: load(i, j) takes the
// places [i, j), consecutive places whose sizes (their items) add up to at
// most limit, or one place alone; after each chunk it prints the progress
// of the job's N items since start.
func (j ScaleJob) Chunks(sizes []int, limit int, start time.Time, load func(i, k int) error) error {
	done := 0
	for i := 0; i < len(sizes); {
		k, n := i, 0
		for k < len(sizes) && (n == 0 || n+sizes[k] <= limit) {
			n += sizes[k]
			k++
		}
		if err := load(i, k); err != nil {
			return err
		}
		done += n
		el := time.Since(start)
		fmt.Fprintf(j.Out, "%s: %d/%d (%d%%), %.0f/s, %s\n", j.Item, done, j.N, done*100/j.N, float64(done)/el.Seconds(), el.Round(time.Second))
		i = k
	}
	return nil
}
