# Portal06: the two commands are `make run` and `make test`.
GO      ?= go
BIN     := bin/portal06
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: run build test test-unit generate vet lint bench clean load

# the packages without a browser
UNIT_PKGS = $$($(GO) list ./... | grep -v /e2e)

## run: start the portal with demo data (a private PostgreSQL under ./data unless DATABASE_URL is set)
run: build
	@echo "==> starting: the database, its migrations, the demo data, then the portal at http://$${PORTAL06_ADDR:-127.0.0.1:8080}"
	./$(BIN) serve --demo

## build: compile bin/portal06
build:
	@echo "==> building $(BIN) (the first build downloads and compiles the dependencies: a few minutes)"
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) .

## test: vet and staticcheck, then every test: unit and integration on a real PostgreSQL
## under the race detector, then end-to-end in Chromium
test: vet lint build
	$(GO) test -count=1 -race -timeout 60m $(UNIT_PKGS)
	$(GO) test -count=1 -timeout 30m ./e2e/

## test-unit: the tests that need neither PostgreSQL nor a browser
test-unit:
	$(GO) test -count=1 -short $(UNIT_PKGS)

## generate: regenerate the templ components (the generated files are committed)
generate:
	$(GO) tool templ generate

vet:
	$(GO) vet ./...

## lint: staticcheck (the default checks)
lint:
	$(GO) tool staticcheck ./...

## bench: the benchmarks
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin

## load: the load harness on a private cluster under data-load (LOAD_FLAGS, e.g. --stays 1000000 --scale 0.5)
LOAD_FLAGS ?= --stays 200000
load: build
	$(GO) run ./cmd/load --data data-load $(LOAD_FLAGS)
