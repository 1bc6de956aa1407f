package portal

import (
	"portal06/app/kind"
	"portal06/tenants/accommodation"
	"portal06/tenants/apartment"
	"portal06/tenants/market"
	"portal06/tenants/notary"
)

// Kinds are the tenant kinds this portal runs, in order. Adding a kind is
// one package under tenants/ and one line here.
func Kinds() kind.Registry {
	return kind.Registry{accommodation.New(), apartment.New(), market.New(), notary.New()}
}
