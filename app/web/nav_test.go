package web

import "testing"

func TestBestNavPicksTheEntryMatchingMostSegments(t *testing.T) {
	pages := [][]string{
		{"/t/vx/"},
		{"/t/vx/checkin", "/t/vx/sites/*/checkin", "/t/vx/sites/*/group", "/t/vx/sites/*/pair", "/t/vx/pair"},
		{"/t/vx/stays", "/t/vx/sites/*/board"},
		{"/t/vx/tokens"},
		{"/police"},
		{"/police/search", "/police/person"},
		{"/police/accommodation/"},
	}
	for path, want := range map[string]int{
		"/t/vx/": 0, "/t/vx": 0, "/t/vx/checkin": 1, "/t/vx/sites/1/checkin": 1, "/t/vx/sites/1/checkin/manual": 1,
		"/t/vx/sites/12/group": 1, "/t/vx/sites/1/pair": 1, "/t/vx/pair/abc": 1, "/t/vx/sites/1/board": 2, "/t/vx/stays/9": 2,
		"/t/vx/tokens": 3, "/t/vx/sites/1/register.xlsx": 0, "/police": 4, "/police/person": 5, "/police/search": 5,
		"/police/searchx": 4, "/police/accommodation/sites/3": 6, "/admin": -1, "/t/other/checkin": -1,
	} {
		if got := BestNav(path, pages); got != want {
			t.Errorf("%s: entry %d marked, want %d", path, got, want)
		}
	}
}
