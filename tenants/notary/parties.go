package notary

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"portal06/app/iddoc"
	"portal06/app/identity"
	"portal06/app/store"
)

// Party is a party to an act, with the verdict of their latest check.
type Party struct {
	ID        int64
	ActID     int64
	SiteID    int64
	Role      string
	DocNumber string
	FullName  string
	BirthDate time.Time
	Sex       string
	CheckID   int64  // 0: never checked
	Verdict   string // of the latest check; unverified when none
	Reasons   string // comma-separated
	Signals   string // kinds raised for the party, comma-separated
}

// ReasonList splits the latest check's reasons.
func (p Party) ReasonList() []string { return splitList(p.Reasons) }

// SignalList splits the kinds of signal raised for the party.
func (p Party) SignalList() []string { return splitList(p.Signals) }

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// AddParty records a party read from their card's QR, and their identity
// record (which the watchlists match). A card already in the act is refused.
func AddParty(tx *gorm.DB, tenantID int64, a Act, userID int64, role string, id iddoc.Identity, at time.Time) (int64, error) {
	if !oneOf(role, PartyRoles) {
		return 0, store.Invalid{"party_role": "notary.bad_role"}
	}
	if a.Status != "open" {
		return 0, ErrCompleted
	}
	if id.DocType != iddoc.TypeCCCD {
		return 0, store.Invalid{"id_qr": "notary.cccd_only"}
	}
	var existing int64
	if err := tx.Raw(`SELECT id FROM notary_parties WHERE tenant_id = ? AND act_id = ? AND doc_number = ?`, tenantID, a.ID, id.Number).
		Scan(&existing).Error; err != nil {
		return 0, fmt.Errorf("notary: look up party: %w", err)
	}
	if existing != 0 {
		return existing, errPartyExists
	}
	var pid int64
	tx.SavePoint("party_add")
	err := tx.Raw(`INSERT INTO notary_parties (tenant_id, site_id, act_id, role, doc_number, old_number, full_name, name_fold, birth_date, sex,
			address, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		tenantID, a.SiteID, a.ID, role, id.Number, id.OldNumber, id.FullName, iddoc.Fold(id.FullName), id.BirthDate.Format("2006-01-02"),
		id.Sex, truncate(id.Address, 300), nullUser(userID), at).Scan(&pid).Error
	if err != nil {
		if _, dup := store.IsUniqueViolation(err); dup { // added meanwhile by another request
			tx.RollbackTo("party_add")
			if err := tx.Raw(`SELECT id FROM notary_parties WHERE tenant_id = ? AND act_id = ? AND doc_number = ?`, tenantID, a.ID, id.Number).
				Scan(&existing).Error; err != nil {
				return 0, fmt.Errorf("notary: look up party: %w", err)
			}
			return existing, errPartyExists
		}
		return 0, fmt.Errorf("notary: add party: %w", err)
	}
	if _, err := identity.Save(tx, identity.Record{TenantID: tenantID, SiteID: a.SiteID, Source: "notary_check", RecordID: pid,
		DocType: iddoc.TypeCCCD, DocNumber: id.Number, FullName: id.FullName, BirthDate: id.BirthDate, Sex: id.Sex, SeenAt: at}); err != nil {
		return 0, err
	}
	return pid, nil
}

// errPartyExists is a card already among the act's parties; its id comes with it.
var errPartyExists = errors.New("notary: the card is already a party to the act")

func truncate(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

const partyColumns = `p.id, p.act_id, p.site_id, p.role, p.doc_number, p.full_name, p.birth_date, p.sex,
	coalesce(c.id, 0) AS check_id, coalesce(c.verdict, 'unverified') AS verdict, coalesce(array_to_string(c.reasons, ','), '') AS reasons,
	coalesce((SELECT string_agg(DISTINCT g.kind, ',') FROM notary_signals g WHERE g.tenant_id = p.tenant_id AND g.party_id = p.id), '') AS signals`

const latestCheck = `LEFT JOIN LATERAL (SELECT x.id, x.verdict, x.reasons FROM notary_checks x
	WHERE x.tenant_id = p.tenant_id AND x.party_id = p.id ORDER BY x.id DESC LIMIT 1) c ON true`

// ListParties lists an act's parties in the order they were added.
func ListParties(tx *gorm.DB, tenantID, actID int64) ([]Party, error) {
	var out []Party
	err := tx.Raw(`SELECT `+partyColumns+` FROM notary_parties p `+latestCheck+`
		WHERE p.tenant_id = ? AND p.act_id = ? ORDER BY p.id LIMIT 100`, tenantID, actID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("notary: list parties of act %d: %w", actID, err)
	}
	return out, nil
}

// GetParty loads one party of an act.
func GetParty(tx *gorm.DB, tenantID, actID, id int64) (Party, error) {
	var p Party
	err := tx.Raw(`SELECT `+partyColumns+` FROM notary_parties p `+latestCheck+`
		WHERE p.tenant_id = ? AND p.act_id = ? AND p.id = ?`, tenantID, actID, id).Scan(&p).Error
	if err != nil {
		return p, fmt.Errorf("notary: get party %d: %w", id, err)
	}
	if p.ID == 0 {
		return p, ErrNotFound
	}
	return p, nil
}
