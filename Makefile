# Smarketing: `make run` starts the whole platform, `make test` runs every test.
SHELL := /bin/bash
CONFIG ?= Debug
DOTNET ?= dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: run test build deps restore web unit e2e clean bench

deps:
	@scripts/ensure-deps.sh

restore: deps
	@echo "==> restoring NuGet packages"
	@$(DOTNET) restore Smarketing.sln --verbosity quiet

web: deps
	@scripts/build-web.sh

build: restore web
	@echo "==> building Smarketing.sln ($(CONFIG))"
	@$(DOTNET) build Smarketing.sln -c $(CONFIG) --no-restore -nologo -clp:NoSummary -v:minimal

run:
	@$(MAKE) --no-print-directory build CONFIG=Release
	@$(DOTNET) AppHost/bin/Release/net10.0/Smarketing.AppHost.dll

test: build
	@scripts/ensure-deps.sh --browser
	@echo "==> running the web front end's unit tests (vitest)"
	@if [ -f gateway/web/package.json ]; then cd gateway/web && npm test --silent; fi
	@echo "==> running unit tests"
	@$(DOTNET) test Smarketing.sln -c $(CONFIG) --no-build --filter "Category!=EndToEnd" --logger "console;verbosity=normal"
	@echo "==> running orchestrator tests (the AppHost on real PostgreSQL, Redis and RabbitMQ)"
	@$(DOTNET) test tests/AppHost.Tests -c $(CONFIG) --no-build --filter "Category=EndToEnd" --logger "console;verbosity=normal"
	@echo "==> running end-to-end and browser tests (the whole platform started by the AppHost's app model; Playwright drives headless Chromium)"
	@$(DOTNET) test tests/EndToEnd.Tests -c $(CONFIG) --no-build --logger "console;verbosity=normal"

bench: restore
	@echo "==> scoring benchmark (Release): CPU time per lead, rescoring 100,000 open leads in memory and through the rescoring job on PostgreSQL"
	@$(DOTNET) run -c Release --project tests/Scoring.Bench
	@echo "==> follow-up benchmark (Release): two due-task dispatchers on PostgreSQL, 10,000 of 100,000 steps coming due within a minute"
	@$(DOTNET) run -c Release --project tests/FollowUp.Bench
	@echo "==> reporting benchmark (Release): funnel and black-hole reports over 1,000,000 seeded leads on PostgreSQL, uncached, p95 under 200 ms"
	@$(DOTNET) run -c Release --project tests/Reporting.Bench

clean:
	@$(DOTNET) clean Smarketing.sln -nologo -v:quiet
