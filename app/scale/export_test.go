package scale

import (
	"context"

	"portal06/app/kind"
)

// RefreshSitesReporting runs refreshSitesReporting on a connection of the
// owner's connection string url.
func RefreshSitesReporting(ctx context.Context, url string) (n, changed int, err error) {
	c, err := kind.ScaleConnect(ctx, url)
	if err != nil {
		return 0, 0, err
	}
	defer c.Close(ctx)
	return refreshSitesReporting(ctx, c)
}
