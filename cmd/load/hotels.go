package main

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"portal06/app/apitoken"
)

// hotel is a scale hotel with an API token made for this run.
type hotel struct {
	tenant      int64
	token, site string
}

// hotelTokens gives k hotels of the scale seed (one site each, a hotel)
// an API token of their own, random and only for this run, as k hotels'
// software would each hold; remove deletes them. A province's check-ins
// come from many hotels at once, each a few at a time, which the one demo
// hotel under 16 clients does not show.
func hotelTokens(owner *sql.DB, k int) (hotels []hotel, remove func(), err error) {
	rows, err := owner.Query(`SELECT t.id, s.slug FROM tenants t JOIN sites s ON s.tenant_id = t.id AND s.kind = 'hotel'
		WHERE t.slug LIKE 'scale-ks-%' AND s.slug = 'co-so-1' ORDER BY t.id LIMIT $1`, k)
	if err != nil {
		return nil, nil, fmt.Errorf("read scale hotels: %w", err)
	}
	type th struct {
		tenant int64
		site   string
	}
	var found []th
	for rows.Next() {
		var x th
		if err := rows.Scan(&x.tenant, &x.site); err != nil {
			rows.Close()
			return nil, nil, err
		}
		found = append(found, x)
	}
	rows.Close()
	for _, x := range found {
		b := make([]byte, 24)
		rand.Read(b)
		tok := "load-" + hex.EncodeToString(b)
		if _, err := owner.Exec(`INSERT INTO api_tokens (tenant_id, name, token_hash, hint) VALUES ($1, 'load harness', $2, $3)`,
			x.tenant, apitoken.Hash(tok), tok[len(tok)-4:]); err != nil {
			owner.Exec(`DELETE FROM api_tokens WHERE name = 'load harness'`) // those made before it
			return nil, nil, fmt.Errorf("make a token: %w", err)
		}
		hotels = append(hotels, hotel{tenant: x.tenant, token: tok, site: x.site})
	}
	remove = func() { owner.Exec(`DELETE FROM api_tokens WHERE name = 'load harness'`) }
	return hotels, remove, nil
}

// hotelsPhase times total check-ins at 16 scale hotels at once, one
// client each, with tokens made for the phase and removed after; without
// scale hotels it runs nothing.
func hotelsPhase(owner *sql.DB, base string, total int, seq *atomic.Int64) (result, error) {
	hotels, remove, err := hotelTokens(owner, 16)
	if err != nil {
		return result{}, err
	}
	defer remove()
	if len(hotels) == 0 {
		return result{}, nil
	}
	return phase(fmt.Sprintf("check-in at %d hotels at once (one client each)", len(hotels)), len(hotels), total, func(i int) error {
		return hotelCheckin(base, hotels[i%len(hotels)], seq.Add(1))
	}), nil
}

// hotelCheckin checks a new guest in at h through the API.
func hotelCheckin(base string, h hotel, i int64) error {
	qr := fmt.Sprintf(`022095%06d|100200300|Nguyễn Văn An|15031995|Nam|Tổ 5, Khu 3, Phường Bãi Cháy, Quảng Ninh|20042021`, i%1_000_000)
	body := fmt.Sprintf(`{"site":%q,"room":"%d","id_qr":%q,"expected_departure":%q,"reason":"Du lịch"}`,
		h.site, 100+i%400, qr, time.Now().AddDate(0, 0, 2).Format(time.DateOnly))
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/stays", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+h.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := apiClient.Do(req)
	if err != nil {
		return err
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusCreated && res.StatusCode != http.StatusOK {
		return fmt.Errorf("check-in at %s: %d %.200s", h.site, res.StatusCode, b)
	}
	return nil
}
