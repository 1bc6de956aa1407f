package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"
)

// ErrBroken means audit verify found the chain broken, and said why.
var ErrBroken = errors.New("the audit chain is broken")

// Command runs `portal06 audit verify` or `portal06 audit anchor` on the
// owner's connection db, writing what it found to out.
func Command(ctx context.Context, sub string, db *sql.DB, an Anchorer, out io.Writer) error {
	switch sub {
	case "anchor":
		an.DB = db
		a, err := an.Anchor(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "audit chain head anchored: entry %d at %s (%s", a.LastID, a.At.Format(time.RFC3339), an.File)
		if an.URL != "" {
			fmt.Fprintf(out, ", %s", an.URL)
		}
		fmt.Fprintln(out, ")")
		return nil
	case "verify":
		anchors, err := ReadAnchors(an.File)
		if err != nil {
			return err
		}
		rep, err := an.Log.Verify(ctx, db, anchors)
		if err != nil {
			return err
		}
		if !rep.OK() {
			fmt.Fprintf(out, "audit log BROKEN at entry %d: %s (%d entries read)\n", rep.FirstBroken, rep.Reason, rep.Checked)
			return ErrBroken
		}
		fmt.Fprintf(out, "audit log intact: %d entries, keyed from entry %d", rep.Checked, rep.KeyedFrom)
		if rep.Anchors == 0 {
			fmt.Fprintf(out, "\nWARNING: no anchor in %s: a removed tail or a moved start of the keyed chain cannot be seen; run `portal06 audit anchor`\n", an.File)
			return nil
		}
		fmt.Fprintf(out, "; agrees with %d anchors, the last of %s at entry %d\n", rep.Anchors, rep.LastAnchor.At.Format(time.RFC3339), rep.LastAnchor.LastID)
		return nil
	}
	return fmt.Errorf("audit: unknown command %q (verify or anchor)", sub)
}
