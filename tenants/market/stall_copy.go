package market

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"

	"portal06/app/i18n"
	"portal06/app/store"
)

// maxImportErrors caps the bad rows an import reports.
const maxImportErrors = 500

// scopeSettings are the row-level security settings of a request's
// transaction, which an import's own transaction takes over.
var scopeSettings = []string{"app.all", "app.tenants", "app.sites", "app.areas", "app.user_id", "app.tenant"}

// ReadScope reads the scope settings of tx, to run an import under the
// same scope on a connection of its own.
func ReadScope(tx *gorm.DB) ([]string, error) {
	vals := make([]string, len(scopeSettings))
	for i, s := range scopeSettings {
		if err := tx.Raw(`SELECT coalesce(current_setting(?, true), '')`, s).Scan(&vals[i]).Error; err != nil {
			return nil, fmt.Errorf("market: read scope %s: %w", s, err)
		}
	}
	return vals, nil
}

// ImportStalls saves a checked stall sheet of a tenant in one transaction
// of its own, on one connection of pool, under scope (from ReadScope): the
// rows are COPYed into a temporary staging table, checked there against
// the tenant's markets and existing stalls, then inserted with one
// INSERT … SELECT, so the rollups' statement trigger runs once. Every row
// or none: a bad row is reported by its row number and field, and nothing
// is saved.
func ImportStalls(ctx context.Context, pool *gorm.DB, scope []string, tenantID int64, ins []StallInput, day time.Time) ([]RowError, error) {
	db, err := pool.DB()
	if err != nil {
		return nil, fmt.Errorf("market: import: pool: %w", err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("market: import: connection: %w", err)
	}
	defer conn.Close()
	var errs []RowError
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("market: import: not a pgx connection: %T", dc)
		}
		tx, err := c.Conn().Begin(ctx)
		if err != nil {
			return fmt.Errorf("market: import: begin: %w", err)
		}
		defer tx.Rollback(ctx)
		for i, s := range scopeSettings {
			if _, err := tx.Exec(ctx, `SELECT set_config($1, $2, true)`, s, scope[i]); err != nil {
				return fmt.Errorf("market: import: scope: %w", err)
			}
		}
		if _, err := tx.Exec(ctx, `SELECT set_config('market.day', $1, true)`, day.In(i18n.Zone).Format("2006-01-02")); err != nil {
			return fmt.Errorf("market: import: set the day: %w", err)
		}
		if errs, err = CopyStalls(ctx, tx, tenantID, ins); err != nil || len(errs) > 0 {
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return mapStallErr(err, "import stalls: commit")
		}
		return nil
	})
	return errs, err
}

// CopyStalls stages ins in tx with COPY, checks them against the tenant's
// markets and stalls, and inserts them when every row passes. It returns
// the bad rows (and inserts nothing) or an error; the caller commits.
func CopyStalls(ctx context.Context, tx pgx.Tx, tenantID int64, ins []StallInput) ([]RowError, error) {
	// the sheet sorts in memory; the staging table goes at the end
	_, err := tx.Exec(ctx, `SELECT set_config('work_mem', '64MB', true)`)
	if err != nil {
		return nil, fmt.Errorf("market: import: work_mem: %w", err)
	}
	_, err = tx.Exec(ctx, `DROP TABLE IF EXISTS pg_temp.stall_import`)
	if err != nil {
		return nil, fmt.Errorf("market: import: staging table: %w", err)
	}
	_, err = tx.Exec(ctx, `CREATE TEMP TABLE stall_import (
		row int NOT NULL, site_id bigint NOT NULL, code text NOT NULL, zone text NOT NULL, category text NOT NULL, fee_class smallint NOT NULL,
		holder_name text NOT NULL, holder_phone text NOT NULL, holder_id text, bank_bin text, account text, card boolean NOT NULL) ON COMMIT DROP`)
	if err != nil {
		return nil, fmt.Errorf("market: import: staging table: %w", err)
	}
	rows := make([][]any, len(ins))
	for i, in := range ins {
		rows[i] = []any{int32(in.row), in.SiteID, in.Code, in.Zone, in.Category, int16(in.FeeClass), in.HolderName, in.HolderPhone,
			nullable(in.HolderID), nullable(in.BankBIN), nullable(in.Account), in.Card}
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"stall_import"}, []string{"row", "site_id", "code", "zone", "category", "fee_class",
		"holder_name", "holder_phone", "holder_id", "bank_bin", "account", "card"}, pgx.CopyFromRows(rows)); err != nil {
		return nil, fmt.Errorf("market: import: copy: %w", err)
	}
	// the rows' market must be one of the tenant's, their code new there and
	// once in the sheet
	q, err := tx.Query(ctx, `SELECT row, field, msg, coalesce(first, 0) FROM (
			SELECT s.row, 'market' AS field, 'market.err_site' AS msg, NULL::int AS first FROM stall_import s
			WHERE NOT EXISTS (SELECT 1 FROM markets m WHERE m.tenant_id = $1 AND m.site_id = s.site_id)
			UNION ALL
			SELECT s.row, 'code', 'market.err_code_taken', NULL FROM stall_import s
			WHERE EXISTS (SELECT 1 FROM stalls st WHERE st.tenant_id = $1 AND st.site_id = s.site_id AND st.code = s.code)
			UNION ALL
			SELECT row, 'code', 'market.import_dup_row', first FROM (
				SELECT row, min(row) OVER (PARTITION BY site_id, code) AS first FROM stall_import) d WHERE row > first) e
		ORDER BY row, field LIMIT $2`, tenantID, maxImportErrors)
	if err != nil {
		return nil, fmt.Errorf("market: import: check rows: %w", err)
	}
	var errs []RowError
	for q.Next() {
		var e RowError
		var first int
		if err := q.Scan(&e.Row, &e.Field, &e.Msg, &first); err != nil {
			q.Close()
			return nil, fmt.Errorf("market: import: read checks: %w", err)
		}
		if first > 0 {
			e.Args = []any{"Row", first}
		}
		errs = append(errs, e)
	}
	q.Close()
	if err := q.Err(); err != nil {
		return nil, fmt.Errorf("market: import: check rows: %w", err)
	}
	if len(errs) > 0 {
		return errs, nil
	}
	_, err = tx.Exec(ctx, `INSERT INTO stalls (tenant_id, site_id, code, zone, category, fee_class, holder_name, holder_phone, holder_id, bank_bin, account, card)
		SELECT $1, site_id, code, zone, category, fee_class, holder_name, holder_phone, holder_id, bank_bin, account, card
		FROM stall_import ORDER BY row`, tenantID)
	if err != nil {
		if _, dup := store.IsUniqueViolation(err); dup {
			return nil, ErrDuplicateCode
		}
		return nil, fmt.Errorf("market: import: insert stalls: %w", err)
	}
	return nil, nil
}
