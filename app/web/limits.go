package web

import (
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"portal06/app/store"
	"portal06/views"
)

// MaxText is the most characters any form field, query parameter or API
// string may hold. Stores and kinds hold most fields to less (a name to
// 200, an address to 300 or 500); MaxText bounds every field, even one a
// validator forgets, before any handler runs.
const MaxText = views.MaxText

// maxFor is the limit of a field by its name: views.FieldMax, or MaxText.
func maxFor(field string) int {
	if n, ok := views.FieldMax[field]; ok {
		return n
	}
	return MaxText
}

// checkLengths refuses a request whose query parameters or form fields
// (URL-encoded or multipart) hold more text than allowed, with 422 and the
// fields named, before the handler reads them.
func checkLengths(c *fiber.Ctx) error {
	bad := store.Invalid{}
	check := func(k, v []byte) {
		if utf8.RuneCount(v) > maxFor(string(k)) {
			bad[Clean(string(k))] = "validation.too_long"
		}
	}
	c.Request().URI().QueryArgs().VisitAll(check)
	ct := strings.ToLower(string(c.Request().Header.ContentType()))
	switch {
	case strings.HasPrefix(ct, fiber.MIMEApplicationForm):
		c.Request().PostArgs().VisitAll(check)
	case strings.HasPrefix(ct, fiber.MIMEMultipartForm):
		if form, err := c.MultipartForm(); err == nil {
			for k, vs := range form.Value {
				for _, v := range vs {
					check([]byte(k), []byte(v))
				}
			}
		}
	}
	if len(bad) > 0 {
		return bad
	}
	return nil
}

// TooLong lists the string fields of the struct v points to (a decoded
// JSON body, nested structs and pointers to them included) that hold more
// characters than their `maxlen` tag allows, or MaxText without one, by
// their JSON names (a nested field as parent.child); nil when none does.
func TooLong(v any) store.Invalid {
	var bad store.Invalid
	tooLong(reflect.ValueOf(v).Elem(), "", &bad)
	return bad
}

func tooLong(rv reflect.Value, prefix string, bad *store.Invalid) {
	rt := rv.Type()
	for i := 0; i < rv.NumField(); i++ {
		f, sf := rv.Field(i), rt.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "" {
			name = sf.Name
		}
		if f.Kind() == reflect.Pointer && !f.IsNil() {
			f = f.Elem()
		}
		switch f.Kind() {
		case reflect.Struct:
			tooLong(f, prefix+name+".", bad)
		case reflect.String:
			max := MaxText
			if m, err := strconv.Atoi(sf.Tag.Get("maxlen")); err == nil && m > 0 {
				max = m
			}
			if utf8.RuneCountInString(f.String()) > max {
				if *bad == nil {
					*bad = store.Invalid{}
				}
				(*bad)[prefix+name] = "validation.too_long"
			}
		}
	}
}
