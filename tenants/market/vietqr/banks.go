package vietqr

import (
	_ "embed"
	"encoding/csv"
	"sort"
	"strings"
	"sync"
)

//go:embed bank-bins.csv
var binsCSV string

// Bank is one bank that VietQR knows by its BIN.
type Bank struct {
	BIN  string
	Name string
}

var (
	banksOnce sync.Once
	banks     []Bank
	byBIN     map[string]string
)

func loadBanks() {
	byBIN = map[string]string{}
	rows, err := csv.NewReader(strings.NewReader(binsCSV)).ReadAll()
	if err != nil {
		panic("vietqr: bank-bins.csv: " + err.Error())
	}
	for _, r := range rows[1:] {
		banks = append(banks, Bank{BIN: r[0], Name: r[1]})
		byBIN[r[0]] = r[1]
	}
	sort.Slice(banks, func(i, j int) bool { return banks[i].BIN < banks[j].BIN })
}

// BankName is the bank of a BIN, or "" when the BIN is unknown.
func BankName(bin string) string {
	banksOnce.Do(loadBanks)
	return byBIN[bin]
}

// Banks lists the known banks in order of BIN.
func Banks() []Bank {
	banksOnce.Do(loadBanks)
	return banks
}
