// Package views holds the templ components. Views render plain structs and
// never query; their text comes from the message files through ctx.
package views

import (
	"context"
	"encoding/json"
	"strconv"
	"time"
)

// Translator renders message ids and dates in the request's language.
type Translator interface {
	T(id string, args ...any) string
	Lang() string
	Date(time.Time) string
	DateTime(time.Time) string
}

type translatorKey struct{}

// WithTranslator returns ctx carrying the request's translator.
func WithTranslator(ctx context.Context, t Translator) context.Context {
	return context.WithValue(ctx, translatorKey{}, t)
}

func translator(ctx context.Context) Translator {
	t, _ := ctx.Value(translatorKey{}).(Translator)
	return t
}

// T renders message id in the request's language; args are name, value pairs.
func T(ctx context.Context, id string, args ...any) string {
	if t := translator(ctx); t != nil {
		return t.T(id, args...)
	}
	return id
}

// Date formats a date as dd/mm/yyyy in Asia/Ho_Chi_Minh.
func Date(ctx context.Context, v time.Time) string {
	if t := translator(ctx); t != nil {
		return t.Date(v)
	}
	return v.Format("02/01/2006")
}

// DateTime formats a time as dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh.
func DateTime(ctx context.Context, v time.Time) string {
	if t := translator(ctx); t != nil {
		return t.DateTime(v)
	}
	return v.Format("02/01/2006 15:04")
}

func csrfHeaders(token string) string {
	b, _ := json.Marshal(map[string]string{"X-CSRF-Token": token})
	return string(b)
}

// htmxConfig turns off the history cache (no page copies in browser
// storage), inline indicator styles (CSP) and eval, and swaps 422 answers,
// which carry a form with its errors.
const htmxConfig = `{"historyCacheSize":0,"refreshOnHistoryMiss":true,"includeIndicatorStyles":false,` +
	`"allowEval":false,"allowScriptTags":false,"selfRequestsOnly":true,"responseHandling":[` +
	`{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"422","swap":true},` +
	`{"code":"[45]..","swap":true,"error":true}]}`

func fmtInt(v int64) string { return strconv.FormatInt(v, 10) }
