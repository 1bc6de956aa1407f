package store

import "errors"

// ErrNotFound means the row does not exist or is outside the request's scope.
var ErrNotFound = errors.New("store: not found")
