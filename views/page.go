package views

import (
	"strconv"
)

// Page is what the layout needs for every page.
type Page struct {
	Title    string // already translated
	Lang     string
	CSRF     string
	UserName string // empty when signed out
	Nav      []NavLink
	Path     string // the current path, for the language switch to return to
	Section  string // a heading above the title, such as the tenant's name
}

// NavLink is a navigation entry with an already translated label.
type NavLink struct {
	Label  string
	Href   string
	Active bool
}

// Form is a form with its fields, as the generic form component renders it.
type Form struct {
	ID     string
	Action string
	Submit string // translated
	Error  string // form-level error, translated
	Fields []Field
	Method string // default post
	// Target is the CSS selector htmx puts the answer into (innerHTML);
	// empty means the form replaces itself.
	Target string
	// FocusSubmit puts the focus on the submit button, so that one key confirms.
	FocusSubmit bool
	// Multipart sends files: the form posts as multipart/form-data.
	Multipart bool
	// Plain posts without htmx, and the answer is a whole page or a
	// download: a search whose terms stay out of the URL, an export.
	Plain bool
}

func (f Form) method() string {
	if f.Method == "get" {
		return "get"
	}
	return "post"
}

func (f Form) hxTarget() string {
	if f.Target != "" {
		return f.Target
	}
	return "this"
}

func (f Form) hxSwap() string {
	if f.Target != "" {
		return "innerHTML"
	}
	return "outerHTML"
}

// Field is one form field. Label, Hint and Error are already translated.
type Field struct {
	Name         string
	Label        string
	Type         string // text, password, select, checkbox, textarea, hidden, number, date
	Value        string
	Options      []Option
	Error        string
	Hint         string
	Required     bool
	Autocomplete string
	Checked      bool
	Multiple     bool
	Values       []string // selected values of a multiple select
	Autofocus    bool     // the field to type into first
	MaxLength    int      // the most characters it takes; 0 means MaxText
}

// MaxText is the most characters any text field takes unless it says less;
// the server refuses longer values.
const MaxText = 1000

// FieldMax are the limits of fields that take other than MaxText, by name,
// wherever they appear: the search box of every list and search, the
// audit filters, a staff member's site list. The server (web) holds every
// request to the same table.
var FieldMax = map[string]int{
	"q": 200, "officer": 63, "unit": 40, "person": 20,
	"sites": 4000, // site slugs, comma-separated
	// long texts, whose forms check and show their own lower limits (a
	// tip's description 5000, a model's 2000, a note 500 or 2000): the
	// server only bounds them from above
	"description": 10000, "note": 4000,
}

// maxLength is the maxlength attribute of a field that takes typed text,
// "" for dates, choices, files and hidden fields.
func (f Field) maxLength() string {
	switch f.Type {
	case "text", "password", "search", "email", "tel", "textarea", "":
	default:
		return ""
	}
	if f.MaxLength > 0 {
		return strconv.Itoa(f.MaxLength)
	}
	if n, ok := FieldMax[f.Name]; ok {
		return strconv.Itoa(n)
	}
	return strconv.Itoa(MaxText)
}

// Option is a choice of a select field.
type Option struct {
	Value string
	Label string
}

// Pager is the state of a paginated list.
type Pager struct {
	Page     int
	PerPage  int
	Total    int64
	BaseHref string // with query string up to but excluding page=
	// Post, when set, is where the previous and next pages are posted
	// instead of linked, with Fields and a page field: the pages of a search
	// whose terms must stay out of the URL.
	Post   string
	Fields []Hidden
	CSRF   string
	// Uncounted pagers show no total: Next says a later page exists (the
	// list read one row more than a page), for lists not worth counting.
	Uncounted bool
	Next      bool
}

// Hidden is a hidden form field.
type Hidden struct {
	Name  string
	Value string
}

// Pages is the number of pages; an uncounted pager knows of the pages up
// to the next one.
func (p Pager) Pages() int {
	if p.Uncounted {
		if p.Next {
			return p.Page + 1
		}
		return max(p.Page, 1)
	}
	if p.PerPage <= 0 {
		return 1
	}
	n := int((p.Total + int64(p.PerPage) - 1) / int64(p.PerPage))
	if n < 1 {
		n = 1
	}
	return n
}

func (f Field) selected(v string) bool {
	if !f.Multiple {
		return f.Value == v
	}
	for _, s := range f.Values {
		if s == v {
			return true
		}
	}
	return false
}

// tokenLike reports whether a cell holds the text of a date, a time, a
// number, a share or an ID number, masked or not: a cell that must not
// break inside. That is 1 to 24 of the characters 0-9, A-Z, •, /, :, ., ,,
// %, +, - and space. (A loop, not a regular expression: every cell of
// every table is tested, 800 a page of the police dashboard.)
func tokenLike(s string) bool {
	n := 0
	for _, r := range s {
		n++
		if n > 24 {
			return false
		}
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
		case r == '•', r == '/', r == ':', r == '.', r == ',', r == '%', r == '+', r == '-', r == ' ':
		default:
			return false
		}
	}
	return n > 0
}
