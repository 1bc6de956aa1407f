// Package ui holds the notary kind's templ components. They render plain
// structs; the text comes from the message files.
package ui

import "portal06/views"

// Fact is one labelled value of an act.
type Fact struct{ Label, Value string }

// Verdict is a check's verdict in plain words.
type Verdict struct {
	Code    string // match, mismatch or unverified
	Text    string // translated headline
	Reasons []string
	Signals []string // translated: "a signal was sent to the police: …"
	Name    string   // whose check it was
}

// PartyRow is one party of an act.
type PartyRow struct {
	Role      string
	Name      string
	Number    string // masked
	Verdict   Verdict
	CheckHref string
}

// ActData is the page of one act.
type ActData struct {
	Facts        []Fact
	Status       string
	Open         bool
	Result       *Verdict // the check just saved
	Parties      []PartyRow
	ScanAction   string
	CSRF         string
	Roles        []views.Option
	Role         string
	ScanErrors   []string
	Notice       string
	Complete     *views.Form // complete the act
	Override     *views.Form // a notary's override, when a party is not a match
	OverrideNote string      // the reason given, once completed over a failed check
	BackHref     string
}

// SignalRow is one signal as the police read it.
type SignalRow struct {
	KindCode   string
	Kind       string // translated
	Name       string
	Number     string // masked
	When       string
	Office     string
	Area       string
	Detail     string
	Acked      string // who acknowledged, when, and their note; empty while open
	AckAction  string
	OpenAction string
}
