package province

import (
	_ "embed" // the catalogue's initial data
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
)

// modelsCSV is the catalogue as first shipped (shared/data/de-an-06-models.csv):
// migration 00300_province.sql inserts the same rows, and a test keeps them equal.
//
//go:embed models.csv
var modelsCSV string

// InitialModels reads the shipped catalogue.
func InitialModels() ([]Model, error) {
	rows, err := csv.NewReader(strings.NewReader(modelsCSV)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("province: read models.csv: %w", err)
	}
	var out []Model
	for i, r := range rows {
		if i == 0 {
			continue
		}
		if len(r) != 6 {
			return nil, fmt.Errorf("province: models.csv line %d has %d fields", i+1, len(r))
		}
		no, err := strconv.Atoi(r[0])
		if err != nil {
			return nil, fmt.Errorf("province: models.csv line %d: %w", i+1, err)
		}
		out = append(out, Model{No: no, Scope: r[1], Grp: r[2], NameVi: r[3], NameEn: r[4], FedBy: r[5]})
	}
	return out, nil
}
