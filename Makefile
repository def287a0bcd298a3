# Mở Cửa — the two commands an IT officer needs are `make demo` and `make test`.
BUILD_DIR ?= build
JOBS ?= 2
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMOCUA_WERROR=ON

.PHONY: all deps configure build demo test test-asan bench format clean
.PHONY: fuzz security

all: build

## deps: install every Debian package and npm dependency (idempotent; root or sudo)
deps:
	@tools/deps.sh

configure:
	@test -f $(BUILD_DIR)/build.ninja || cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS)

## build: compile everything; the binary is build/mocua
build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

## demo: set up the demo town on SQLite and serve it at http://127.0.0.1:8080
demo: deps build
	@tools/demo.sh $(BUILD_DIR)

## test: every test (unit, SQLite and PostgreSQL integration, checks); ends with "N passed, M failed"
test: deps build
	@tools/test.sh $(BUILD_DIR)

## soak: the SIGKILL durability loop at full length, 1,000 kills per engine (SQLite and PostgreSQL)
soak: deps build
	@tools/soak.sh $(BUILD_DIR)
.PHONY: soak

## test-asan: the same tests built with AddressSanitizer and UndefinedBehaviorSanitizer
test-asan: deps
	@test -f build-asan/build.ninja || cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DMOCUA_WERROR=ON -DMOCUA_SANITIZE=ON
	@cmake --build build-asan -j $(JOBS)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 tools/test.sh build-asan

## bench: mocua against nginx with wrk, plus micro-benchmarks; prints figures and ratios
bench: deps build
	@bench/run.sh $(BUILD_DIR)

## bench-large: Decision 766 query at 100,000 and at 10,000,000 dossiers (hours; 6 GB of JSON Lines in /tmp)
.PHONY: bench-large
bench-large: deps build
	@BENCH_KPI_IMPORT=0 BENCH_KPI_SIZES="100000 10000000" BENCH_SQLITE_CACHE_MIB=2048 bench/kpi766.sh $(BUILD_DIR)
## fuzz: build the libFuzzer targets (clang-14, ASan+UBSan) in build-fuzz/ and run each FUZZ_SECONDS (60) s
fuzz: deps
	@FUZZ_SECONDS=$(or $(FUZZ_SECONDS),60) JOBS=$(JOBS) tools/fuzz.sh

## security: sqlmap, wapiti and ffuf against a demo instance on loopback; reports in build/security/
security: deps build
	@tools/security.sh $(BUILD_DIR)

## format: apply .clang-format to every C++ file
format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) build-asan
