package main

import (
	"fmt"
	"net/url"
	"strings"
)

// searchPhases runs the light page and the police search by number at 16
// clients, *searchOnly times in turn; each phase's line gives its CPU per
// request, the portal's and the cluster's (meter), which, unlike a p50,
// holds still while other work shares the machine.
func searchPhases(pc06s []*client, number string) error {
	tableHeader()
	var ratios []string
	for range *searchOnly {
		light := readPhase("light page: GET /police/search (the form)", 16, n(800), func(i int) error { return pc06s[i%16].get("/police/search") })
		search := readPhase("police search by number: POST /police/search", 16, n(800), func(i int) error {
			return pc06s[i%16].post("/police/search", url.Values{"q": {number}, "purpose": {"Tải thử 01/2026"}})
		})
		ratios = append(ratios, fmt.Sprintf("%.2f", search.p(50)/light.p(50)))
	}
	fmt.Printf("\npolice search (16 clients) p50 / light page p50 at 16 clients, each pair: %s\n", strings.Join(ratios, " "))
	return nil
}
