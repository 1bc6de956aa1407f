package store

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"portal06/app/auth"
)

// MinPasswordLength is the shortest password an admin may set.
const MinPasswordLength = 8

// UserInput is what a user form sends. An empty Password leaves it unchanged on update.
type UserInput struct {
	Username string
	FullName string
	Password string
}

// UserRow is a user as lists and forms show it.
type UserRow struct {
	ID          int64
	Username    string
	FullName    string
	Disabled    bool
	LockedUntil *time.Time
	CreatedAt   time.Time
}

func (in UserInput) check(creating bool) error {
	var c checker
	if creating {
		c.match("username", in.Username, usernameRe, "validation.username")
	}
	c.text("full_name", in.FullName, 200)
	if creating || in.Password != "" {
		if c.required("password", in.Password) && utf8.RuneCountInString(in.Password) < MinPasswordLength {
			c.fail("password", "validation.password_short")
		}
	}
	return c.err()
}

// CreateUser validates and stores a user with an argon2id password hash.
func CreateUser(tx *gorm.DB, in UserInput) (int64, error) {
	in.Username = strings.ToLower(in.Username)
	if err := in.check(true); err != nil {
		return 0, err
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return 0, err
	}
	return InsertUser(tx, in.Username, in.FullName, hash)
}

// InsertUser stores a user with an already hashed password, without the
// password rules; the demo accounts use it for their short shared password.
func InsertUser(tx *gorm.DB, username, fullName, hash string) (int64, error) {
	var id int64
	err := Savepoint(tx, func(sp *gorm.DB) error {
		return sp.Raw(`INSERT INTO users (username, full_name, password_hash) VALUES (?, ?, ?) RETURNING id`,
			username, fullName, hash).Scan(&id).Error
	})
	if _, dup := IsUniqueViolation(err); dup {
		return 0, Invalid{"username": "validation.taken"}
	}
	if err != nil {
		return 0, fmt.Errorf("store: create user: %w", err)
	}
	return id, nil
}

// UpdateUser changes a user's name and, when given, password. A new password
// ends the user's sessions and lifts a lockout.
func UpdateUser(tx *gorm.DB, id int64, in UserInput, sessions auth.Sessions) error {
	if err := in.check(false); err != nil {
		return err
	}
	res := tx.Exec(`UPDATE users SET full_name = ? WHERE id = ?`, in.FullName, id)
	if res.Error != nil {
		return fmt.Errorf("store: update user %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	if in.Password == "" {
		return nil
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return err
	}
	if err := tx.Exec(`UPDATE users SET password_hash = ?, locked_until = NULL WHERE id = ?`, hash, id).Error; err != nil {
		return fmt.Errorf("store: set password of user %d: %w", id, err)
	}
	return sessions.DeleteForUser(tx, id)
}

// SetUserDisabled disables or enables a user; disabling ends their sessions at once.
func SetUserDisabled(tx *gorm.DB, id int64, disabled bool, sessions auth.Sessions) error {
	res := tx.Exec(`UPDATE users SET disabled = ? WHERE id = ?`, disabled, id)
	if res.Error != nil {
		return fmt.Errorf("store: set user %d disabled=%v: %w", id, disabled, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	if disabled {
		return sessions.DeleteForUser(tx, id)
	}
	return nil
}

// Unlock lifts a user's sign-in lockout.
func Unlock(tx *gorm.DB, id int64) error {
	if err := tx.Exec(`UPDATE users SET locked_until = NULL WHERE id = ?`, id).Error; err != nil {
		return fmt.Errorf("store: unlock user %d: %w", id, err)
	}
	return tx.Exec(`DELETE FROM login_failures WHERE user_id = ?`, id).Error
}

// GetUser returns one user, or ErrNotFound.
func GetUser(tx *gorm.DB, id int64) (UserRow, error) {
	var u UserRow
	err := tx.Raw(`SELECT id, username, full_name, disabled, CASE WHEN locked_until > now() THEN locked_until END AS locked_until, created_at
		FROM users WHERE id = ?`, id).Scan(&u).Error
	if err != nil {
		return u, fmt.Errorf("store: get user %d: %w", id, err)
	}
	if u.ID == 0 {
		return u, ErrNotFound
	}
	return u, nil
}

// ListUsers pages through users, optionally searching username and name.
func ListUsers(tx *gorm.DB, q string, page int) ([]UserRow, int64, error) {
	base := tx.Table("users")
	if q = strings.TrimSpace(q); q != "" {
		p := likePattern(q)
		base = base.Where("username ILIKE ? OR full_name ILIKE ?", p, p)
	}
	var total int64
	if err := base.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: count users: %w", err)
	}
	var rows []UserRow
	err := base.Select(`id, username, full_name, disabled, CASE WHEN locked_until > now() THEN locked_until END AS locked_until, created_at`).
		Order("username").Limit(PerPage).Offset(Offset(page)).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("store: list users: %w", err)
	}
	return rows, total, nil
}
