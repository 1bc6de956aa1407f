package main

import (
	"fmt"
	"html"
	"regexp"
	"sort"
)

var (
	indicatorRe = regexp.MustCompile(`href="(/province/indicators/[a-z0-9_.]+)"`)
	areaLinkRe  = regexp.MustCompile(`href="(/province/indicators/[a-z0-9_.]+\?[^"]*area=[0-9]+[^"]*)"`)
	siteLinkRe  = regexp.MustCompile(`href="(/province/indicators/[a-z0-9_.]+\?[^"]*site=[0-9]+[^"]*)"`)
)

// links fetches path as c and returns the distinct matches of re's first
// group, unescaped, in the page's order.
func links(c *client, path string, re *regexp.Regexp) ([]string, error) {
	if err := c.get(path); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, m := range re.FindAllStringSubmatch(lastBody.Load().(string), -1) {
		u := html.UnescapeString(m[1])
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out, nil
}

// provincePages times every page a provincial official opens, at every
// level of every live indicator's drill-down: the overview, the models,
// the matrix, the markets, the live report and its XLSX, each indicator at
// the province level, at a commune (the first the province level links)
// and at a site (the first the commune lists). The drill-down URLs are
// read from the pages themselves, so they cover whatever indicators the
// kinds declare. Issue 11 asks each to answer within 150 ms at p95.
func provincePages(tinhs []*client) error {
	c := tinhs[0]
	inds, err := links(c, "/province", indicatorRe)
	if err != nil {
		return err
	}
	sort.Strings(inds)
	var areas, sites []string
	for _, ind := range inds {
		as, err := links(c, ind, areaLinkRe)
		if err != nil {
			return err
		}
		if len(as) == 0 {
			continue // a reported indicator: no drill-down
		}
		areas = append(areas, as[0])
		ss, err := links(c, as[0], siteLinkRe)
		if err != nil {
			return err
		}
		if len(ss) > 0 {
			sites = append(sites, ss[0])
		}
	}
	fmt.Printf("province pages: %d indicators, %d with a commune level, %d with a site level\n\n", len(inds), len(areas), len(sites))
	tableHeader()
	k := *provClients
	get := func(paths ...string) func(int) error {
		return func(i int) error { return tinhs[i%len(tinhs)].get(paths[i%len(paths)]) }
	}
	readPhase("overview: GET /province", k, n(200), get("/province"))
	readPhase("models: GET /province/models", k, n(200), get("/province/models"))
	readPhase("a model: GET /province/models/1", k, n(200), get("/province/models/1"))
	readPhase("matrix: GET /province/matrix", k, n(200), get("/province/matrix"))
	readPhase("markets: GET /province/markets", k, n(200), get("/province/markets"))
	readPhase("report, this month (live): GET /province/report", k, n(100), get("/province/report"))
	readPhase("report XLSX, this month: GET /province/report.xlsx", min(k, 4), n(40), get("/province/report.xlsx"))
	phase(fmt.Sprintf("drill-down, province level (%d indicators in turn)", len(inds)), k, n(400), get(inds...))
	if len(areas) > 0 {
		phase(fmt.Sprintf("drill-down, a commune (%d indicators in turn)", len(areas)), k, n(400), get(areas...))
	}
	if len(sites) > 0 {
		phase(fmt.Sprintf("drill-down, a site (%d indicators in turn)", len(sites)), k, n(400), get(sites...))
	}
	return nil
}
