# shmtool - System V and POSIX shared memory from the command line.
# `make help` lists the targets.

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
DATADIR   ?= $(PREFIX)/share
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR  ?= $(DATADIR)/zsh/site-functions
DESTDIR   ?=

SHELL     := /bin/bash

# Objects and programs go to $(O), so a sanitizer build can sit beside.
O         ?= build
CC        ?= cc
CFLAGS    ?= -O2 -g
WARNINGS   = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wformat=2 -Wno-format-nonliteral
# Recursively expanded, so pkg-config runs after `make deps` installed it.
PKG_CFLAGS = $(shell pkg-config --cflags libbsd smartcols)
# Start-up is most of a small read or write, and each shared library costs
# a load: libbsd's few functions are linked in from libbsd.a (no libbsd.so,
# no libmd.so), and libsmartcols is not linked at all: lib/scols.c loads
# it with dlopen() when a table is printed.  --as-needed drops libdl where
# it is part of libc.
PKG_LIBS   = -Wl,--as-needed -Wl,-Bstatic $(shell pkg-config --libs libbsd) \
             -Wl,-Bdynamic -ldl -pthread
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -DVERSION='"$(VERSION)"' -pthread $(WARNINGS) \
             $(PKG_CFLAGS) $(CFLAGS)

COMMANDS   = attach chmod chown create key lock ls read rm stat truncate watch write
LIB_SRC    = $(wildcard lib/*.c)
CMD_SRC    = $(wildcard cmd/*.c)
LIB_OBJ    = $(LIB_SRC:%.c=$(O)/%.o)
CMD_OBJ    = $(CMD_SRC:%.c=$(O)/%.o)
HEADERS    = $(wildcard lib/*.h cmd/*.h)
CLIENTS    = $(patsubst tests/clients/%.c,$(O)/tests/%,$(wildcard tests/clients/*.c))
UNITS      = $(patsubst tests/unit/%.c,$(O)/tests/unit-%,$(wildcard tests/unit/*.c))
SHIMS      = $(patsubst tests/shim/%.c,$(O)/tests/%.so,$(wildcard tests/shim/*.c))
MAN_SRC    = $(wildcard man/*.scd)
MAN_OUT    = $(MAN_SRC:man/%.scd=$(O)/man/%)

DEB_PACKAGES = gcc libc6-dev make pkg-config libbsd-dev libsmartcols-dev scdoc \
               bats bats-support bats-assert bash-completion util-linux \
               procps man-db clang libclang-rt-14-dev valgrind \
               shellcheck cppcheck clang-tidy zsh python3 prometheus

.PHONY: all deps demo check test check-sanitize check-valgrind valgrind-tests mutants bench fuzz lint \
        install uninstall dist clean help man

all: $(O)/shmtool $(CLIENTS) $(UNITS) $(SHIMS) man

help:
	@echo "make deps            install what is missing (apt-get, as root)"
	@echo "make demo            deps, build, and show shmtool at work"
	@echo "make check           deps, build, and run every test"
	@echo "make                 build shmtool, the test clients and man pages into $(O)/"
	@echo "make test            run the tests without installing anything"
	@echo "make check-sanitize  the tests under AddressSanitizer and UBSan"
	@echo "make check-valgrind  the tests under valgrind memcheck"
	@echo "make mutants         plant each bug of tests/mutants/; the tests must catch it"
	@echo "make bench           benchmarks against cat, dd, cp, ipcs, lsipc, ipcrm"
	@echo "make fuzz            libFuzzer on every parser, FUZZ_TIME=$(FUZZ_TIME) s each"
	@echo "make lint            cppcheck, clang-tidy and shellcheck"
	@echo "make install         install under PREFIX=$(PREFIX) (DESTDIR honoured)"
	@echo "make uninstall       remove what install put there"
	@echo "make dist            shmtool-$(VERSION).tar.gz of the committed tree"
	@echo "make clean           remove $(O)/ and other build output"

# apt-get update once, and only when a package is missing.
deps:
	@missing=; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "make deps: run as root to install:$$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(O)/lib/%.o: lib/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/cmd/%.o: cmd/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/libshmtool.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(O)/shmtool: $(CMD_OBJ) $(O)/libshmtool.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CMD_OBJ) $(O)/libshmtool.a $(PKG_LIBS)
	@for c in $(COMMANDS); do ln -sf shmtool $(O)/shmtool-$$c; done

# The C clients are the tests' fixtures, not the product: built without
# the sanitizers of check-sanitize, since each run would pay ASan's start
# and LeakSanitizer's exit scan (80 ms) and teardown alone runs shmclient
# four times a test.
$(O)/tests/%: tests/clients/%.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE -Wall -Wextra -O2 -g -o $@ $<

# LD_PRELOAD shims that tests use to act at a chosen call (tests/shim/).
# No sanitizer: it is loaded into programs built without one too.
$(O)/tests/%.so: tests/shim/%.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE -Wall -Wextra -O2 -fPIC -shared -o $@ $< -ldl

# Unit tests of lib/ (table-driven parsers), linked against the library.
$(O)/tests/unit-%: tests/unit/%.c $(O)/libshmtool.a $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(O)/libshmtool.a $(PKG_LIBS)

man: $(MAN_OUT)

$(O)/man/%: man/%.scd
	@mkdir -p $(@D)
	scdoc < $< > $@

demo: deps
	$(MAKE) all
	@PATH="$(CURDIR)/$(O):$$PATH" sh tests/demo.sh

check: deps
	$(MAKE) all
	$(MAKE) test

test: all
	@O=$(O) sh tests/run

# The tests of the shell around shmtool (docs, completion, bats helpers,
# install) run no path of its C that the others do not: the sanitizers and
# valgrind leave them out, to keep CI well inside its time.
SHELL_TESTS = 08-docs.bats 30-completion.bats 31-bats-helper.bats 40-install.bats
SANITIZE_TESTS = $(filter-out $(addprefix tests/,$(SHELL_TESTS)), $(wildcard tests/*.bats))
check-sanitize: deps
	TESTS="$${TESTS:-$(SANITIZE_TESTS)}" SHMTOOL_SANITIZE=1 $(MAKE) O=build-san CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=address,undefined" test

# valgrind adds the check for reads of uninitialised memory to what ASan
# and UBSan catch over the whole suite.  That needs every code path once,
# not the repetition of the stress test nor the tests of the shell around
# shmtool (docs, unit tables, completion, bats helpers, install), which
# would double CI's time.  Each process logs to its own file (its stderr
# stays what the test expects); tests/valgrind-logs reads them all.
VALGRIND_TESTS = $(filter-out $(addprefix tests/,$(SHELL_TESTS) 07-unit.bats \
  50-stress.bats), $(wildcard tests/*.bats))
check-valgrind: export VALGRIND_LOGS = $(CURDIR)/$(O)/valgrind
check-valgrind: deps
	$(MAKE) all
	@rm -rf $(VALGRIND_LOGS) && mkdir -m 1777 -p $(VALGRIND_LOGS)
	@O=$(O) TESTS="$${TESTS:-$(VALGRIND_TESTS)}" \
	  SHMTOOL_WRAP="$(CURDIR)/tests/valgrind-wrap" sh tests/run
	@sh tests/valgrind-logs $(VALGRIND_LOGS)

# The files check-valgrind runs (TESTS=... runs others): .ci/run shares
# them out over two cores.
valgrind-tests:
	@echo $(VALGRIND_TESTS)

# Each tests/mutants/*.mutant is a deliberate bug, built in a copy of the
# tree; the tests it names must fail.  MUTANTS="a b" runs only those.
mutants: deps
	@sh tests/mutants/run $(MUTANTS)

# libFuzzer harnesses of every parser, each run FUZZ_TIME seconds from the
# committed seeds (new inputs go to build-fuzz/, not into the tree).
FUZZ_TIME ?= 60
FUZZERS    = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
fuzz: deps
	@mkdir -p build-fuzz
	@set -e; for f in $(FUZZERS); do \
	  clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=all $(PKG_CFLAGS) -o build-fuzz/fuzz_$$f \
	    tests/fuzz/fuzz_$$f.c $(LIB_SRC) $(PKG_LIBS); \
	  rm -rf build-fuzz/corpus-$$f; cp -r tests/fuzz/corpus/$$f build-fuzz/corpus-$$f; \
	  echo "fuzz_$$f: $(FUZZ_TIME) s"; \
	  build-fuzz/fuzz_$$f -max_total_time=$(FUZZ_TIME) -max_len=512 -print_final_stats=1 \
	    -artifact_prefix=build-fuzz/crash-$$f- build-fuzz/corpus-$$f 2>&1 | \
	    grep -E '^(stat::number_of_executed_units|stat::peak_rss|#[0-9]+ +DONE)|ERROR|SUMMARY' ; \
	  [ -z "$$(ls build-fuzz/crash-$$f-* 2>/dev/null)" ] || { echo "fuzz_$$f: crash, see build-fuzz/"; exit 1; }; \
	done

# Static checks: the checks enabled here are kept at zero warnings.
TIDY_CHECKS = -*,bugprone-*,-bugprone-easily-swappable-parameters,-bugprone-reserved-identifier,-bugprone-posix-return,clang-analyzer-*,-clang-analyzer-security.insecureAPI.*,misc-redundant-expression
SHELL_FILES = tests/run tests/valgrind-wrap tests/valgrind-logs tests/demo.sh .ci/run tests/mutants/run $(wildcard bench/run tests/*.bash completions/*.bash)
lint: deps
	cppcheck --quiet --std=c11 -D_GNU_SOURCE --enable=warning,portability,performance \
	  --inline-suppr --error-exitcode=1 $(PKG_CFLAGS) lib cmd tests/clients tests/unit
	clang-tidy --quiet --warnings-as-errors='*' -checks='$(TIDY_CHECKS)' $(LIB_SRC) $(CMD_SRC) \
	  -- -std=c11 -D_GNU_SOURCE $(PKG_CFLAGS) 2>&1 | grep -v 'warnings generated' ; \
	  exit $${PIPESTATUS[0]}
	# bats sets status, output and stderr (SC2154) and runs each test in a
	# subshell (SC2030/SC2031); single-quoted scripts run elsewhere (SC2016).
	shellcheck -x -e SC2154 $(SHELL_FILES)
	shellcheck -x --shell=bash -e SC2154,SC2030,SC2031,SC2016 tests/*.bats

bench: all
	@O=$(O) sh bench/run

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(O)/shmtool $(DESTDIR)$(BINDIR)/shmtool
	for c in $(COMMANDS); do ln -sf shmtool $(DESTDIR)$(BINDIR)/shmtool-$$c; done
	for m in $(MAN_OUT); do \
	  s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
	  install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	done
	if [ -f completions/shmtool.bash ]; then \
	  install -d $(DESTDIR)$(BASHCOMPDIR); \
	  install -m 644 completions/shmtool.bash $(DESTDIR)$(BASHCOMPDIR)/shmtool; \
	  for c in $(COMMANDS); do ln -sf shmtool $(DESTDIR)$(BASHCOMPDIR)/shmtool-$$c; done; \
	fi
	if [ -f completions/_shmtool ]; then \
	  install -d $(DESTDIR)$(ZSHCOMPDIR); \
	  install -m 644 completions/_shmtool $(DESTDIR)$(ZSHCOMPDIR)/_shmtool; \
	fi
	if [ -f tests/shmtool.bash ]; then \
	  install -d $(DESTDIR)$(DATADIR)/shmtool; \
	  install -m 644 tests/shmtool.bash $(DESTDIR)$(DATADIR)/shmtool/shmtool.bash; \
	fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/shmtool
	for c in $(COMMANDS); do rm -f $(DESTDIR)$(BINDIR)/shmtool-$$c $(DESTDIR)$(BASHCOMPDIR)/shmtool-$$c; done
	for m in $(MAN_SRC:man/%.scd=%); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$$m; done
	rm -f $(DESTDIR)$(BASHCOMPDIR)/shmtool $(DESTDIR)$(ZSHCOMPDIR)/_shmtool
	rm -f $(DESTDIR)$(DATADIR)/shmtool/shmtool.bash
	-rmdir $(DESTDIR)$(DATADIR)/shmtool 2>/dev/null

# A release tarball of what git tracks; it builds with `make demo`, `make check`.
dist:
	git archive --format=tar.gz --prefix=shmtool-$(VERSION)/ -o shmtool-$(VERSION).tar.gz HEAD
	@echo shmtool-$(VERSION).tar.gz

clean:
	rm -rf build build-san build-fuzz
