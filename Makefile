# Smarketing: `make run` starts the whole platform, `make test` runs every test.
SHELL := /bin/bash
CONFIG ?= Debug
DOTNET ?= dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: run test build deps restore web unit e2e clean bench bench-quick soak

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
	@scripts/run-tests.sh $(DOTNET) test Smarketing.sln -c $(CONFIG) --no-build --filter "Category!=EndToEnd" --logger "console;verbosity=normal"
	@echo "==> running AppHost process tests (the Aspire AppHost run as make run runs it: startup summary, dashboard login, SIGTERM, kill -9)"
	@scripts/run-tests.sh $(DOTNET) test tests/AppHost.Tests -c $(CONFIG) --no-build --filter "Category=EndToEnd" --logger "console;verbosity=normal"
	@echo "==> running end-to-end and browser tests (the whole platform started by the AppHost's app model; Playwright drives headless Chromium)"
	@scripts/run-tests.sh $(DOTNET) test tests/EndToEnd.Tests -c $(CONFIG) --no-build --logger "console;verbosity=normal"

# `make bench` builds the solution in Release (the AppHost runs the services from bin/Release), then runs the pipeline
# benchmark first and the three component benchmarks after it. `make bench QUICK=1` (or `make bench-quick`) runs only
# the pipeline benchmark's quick mode, in under two minutes.
bench:
	@$(MAKE) --no-print-directory build CONFIG=Release
	@echo "==> pipeline benchmark (Release, $(if $(QUICK),quick mode under 2 min,full mode under 10 min)): the whole platform from the AppHost; raw limits first (RabbitMQ persistent publish with confirms + consume, PostgreSQL lead + outbox row per tx, Kestrel direct vs YARP for a 1 KB JSON POST), then hot leads through the gateway, single and in batches, at open-loop rates stepped up until the platform falls behind; capture -> LeadAssigned and -> first FollowUpScheduled p50/p90/p99/max from the events; report in bench-results/"
	@$(DOTNET) run -c Release --no-build --project tests/Pipeline.Bench $(if $(QUICK),-- --quick)
ifeq ($(QUICK),)
	@echo "==> scoring benchmark (Release): CPU time per lead, rescoring 100,000 open leads in memory and through the rescoring job on PostgreSQL"
	@$(DOTNET) run -c Release --no-build --project tests/Scoring.Bench
	@echo "==> follow-up benchmark (Release): two due-task dispatchers on PostgreSQL, 10,000 of 100,000 steps coming due within a minute"
	@$(DOTNET) run -c Release --no-build --project tests/FollowUp.Bench
	@echo "==> reporting benchmark (Release): funnel and black-hole reports over 1,000,000 seeded leads on PostgreSQL, uncached, p95 under 200 ms"
	@$(DOTNET) run -c Release --no-build --project tests/Reporting.Bench
endif

bench-quick:
	@$(MAKE) --no-print-directory bench QUICK=1

# `make soak` (RATE=20 MINUTES=30): hot leads for half an hour with a 5-minute outbox and inbox retention, printing each
# service database's outbox and inbox row counts every minute, to show the purge keeps them bounded.
soak:
	@$(MAKE) --no-print-directory build CONFIG=Release
	@echo "==> storage soak (Release): $(or $(RATE),20) leads/s for $(or $(MINUTES),30) min; outbox and inbox rows per database every minute"
	@$(DOTNET) run -c Release --no-build --project tests/Pipeline.Bench -- --soak $(or $(RATE),20) $(or $(MINUTES),30)

clean:
	@$(DOTNET) clean Smarketing.sln -nologo -v:quiet
