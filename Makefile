# qctl: `make run` and `make test` are all a fresh Debian machine needs.
SWIFT ?= swift
PREFIX ?= /usr/local
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DOCS_DATE := 2026-11-22

.PHONY: all deps test-deps build release release-web order run test test-web docs bench install install-files clean

all: build

# libpq is linked statically into every build, debug ones too: libpq.so loads 25 shared
# libraries in every command, about 6 ms (docs/decisions.md). Sources/CLibPQ links -lpq-static,
# which Package.swift looks for in .build/libpq-static: a linker script, named as an archive so
# that -static links take it too, over Debian's libpq.a; the libpgcommon and libpgport it needs,
# from postgresql-server-dev at libpq5's exact version, unpacked without installing the package
# (nor its compiler dependencies); GSSAPI and LDAP stubs (link/libpq-stubs.c); and OpenSSL's
# static libraries. Deps copies the set afresh when a version changed or a file is missing, and
# then removes the binaries linked with the old set, as it does when the stubs change: the
# package manager does not know the set is an input of links.
PQ_DIR := $(CURDIR)/.build/libpq-static
PQ_LINKED := $(CURDIR)/.build/*/debug/qctl $(CURDIR)/.build/*/release/qctl $(CURDIR)/.build/*/debug/*.xctest

$(PQ_DIR)/libpq-stubs.a: link/libpq-stubs.c
	@echo "make: compiling $< into $@"
	@mkdir -p $(PQ_DIR) && rm -rf $@ $(PQ_LINKED)
	@clang -c -O2 -fPIC -Wall -Wextra -o $(PQ_DIR)/libpq-stubs.o $< && ar rcs $@ $(PQ_DIR)/libpq-stubs.o

# liblmdb-dev, libyaml-dev, libpq-dev and libssl-dev (and pkg-config, which finds them) from apt
# when missing, tzdata, and the static libpq set.
deps: $(PQ_DIR)/libpq-stubs.a
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists lmdb yaml-0.1 libpq libssl; then \
		echo "make: installing liblmdb-dev, libyaml-dev, libpq-dev, libssl-dev and pkg-config with apt-get"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq liblmdb-dev libyaml-dev libpq-dev libssl-dev pkg-config; \
	fi
	@if [ ! -e /usr/share/zoneinfo/UTC ]; then \
		echo "make: installing tzdata with apt-get (schedules read their time zones from /usr/share/zoneinfo)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq tzdata; \
	fi
	@set -e; dir=$(PQ_DIR); libdir=$$(pkg-config --variable=libdir libpq); ssldir=$$(pkg-config --variable=libdir libssl); \
	version=$$(dpkg-query -W -f='$${Version}' libpq5); major=$${version%%.*}; \
	script="/* libpq $$version, OpenSSL $$(dpkg-query -W -f='$${Version}' libssl-dev); written by make deps */ GROUP ( $$dir/libpq.a $$dir/libpgcommon_shlib.a $$dir/libpgport_shlib.a $$dir/libpq-stubs.a $$dir/libssl.a $$dir/libcrypto.a )"; \
	if [ "$$(cat $$dir/libpq-static.a 2>/dev/null)" = "$$script" ] && (cd $$dir && ls libpq.a libpgcommon_shlib.a libpgport_shlib.a libssl.a libcrypto.a) >/dev/null 2>&1; then exit 0; fi; \
	echo "make: taking libpgcommon and libpgport from postgresql-server-dev-$$major $$version (downloaded, not installed) into .build/libpq-static, with libpq.a, libssl.a and libcrypto.a"; \
	rm -rf $$dir/libpq-static.a $$dir/deb; mkdir -p $$dir/deb; cd $$dir/deb; \
	download() { apt-get download -qq -o APT::Sandbox::User=root postgresql-server-dev-$$major=$$version >/dev/null 2>&1; }; \
	download || { $(SUDO) apt-get update -qq && download; } || { \
		echo "make: apt-get download postgresql-server-dev-$$major=$$version failed: apt no longer offers the installed libpq5's version; upgrade libpq-dev and libpq5 with apt-get install, then run make deps again" >&2; exit 1; }; \
	dpkg -x postgresql-server-dev-$${major}_*.deb .; \
	cp usr/lib/postgresql/$$major/lib/libpgcommon_shlib.a usr/lib/postgresql/$$major/lib/libpgport_shlib.a $$libdir/libpq.a $$ssldir/libssl.a $$ssldir/libcrypto.a ..; \
	cd ..; rm -rf deb; printf '%s\n' "$$script" > libpq-static.a; \
	rm -rf $(PQ_LINKED)

build: deps
	$(SWIFT) build

# A static executable starts fastest. Concrete generic types get direct metadata accessors
# instead of mangled names: demangling one checks its requirements with a scan of every protocol
# conformance in the binary, much of an enqueue's work. Each function gets a
# section of its own and lld lays out first the functions and data an enqueue touches, in the
# order of link/qctl.order (`make order`), so a command maps fewer, denser pages (docs/decisions.md).
# A stale or missing order only costs start-up time: lld skips names the build lacks (quietly,
# with --no-warn-symbol-ordering), and without the file the flag is left out, as lld refuses a
# file it cannot open.
ORDER_FILE := link/qctl.order
ORDER_FLAGS := $(if $(wildcard $(ORDER_FILE)),-Xlinker --symbol-ordering-file=$(abspath $(ORDER_FILE)) -Xlinker --no-warn-symbol-ordering)
RELEASE_FLAGS := -c release --static-swift-stdlib -Xswiftc -static-executable \
	-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors \
	-Xswiftc -Xfrontend -Xswiftc -function-sections -Xswiftc -use-ld=lld $(ORDER_FLAGS)

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product qctl

# qctl-web, the server `qctl web` runs in its place: a target of its own, as Hummingbird, NIO
# and Foundation take a few minutes to build and no other command needs them.
release-web: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product qctl-web

# Regenerates link/qctl.order: valgrind's lackey traces the release build's `qctl enqueue`, the
# second into a broker (as most are), with this folder's qcluster.yaml twice (its secret key
# generated into a file, then given by $QCTL_SECRET_KEY), then `qctl result` (of a task no
# cluster ran: exit 75, not finished), `stats`, `info` and `tasks`; the file lists the symbols
# they touched in the order first touched (the enqueue's first). Valgrind runs a copy without
# debug information, which its reader refuses in this toolchain's static binaries; the
# addresses are the same. Then it links again: the package manager does not know the file is
# an input of the link, so the binary goes first.
order: release
	@if ! command -v valgrind >/dev/null 2>&1; then \
		echo "make: installing valgrind with apt-get (make order traces an enqueue with it)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq valgrind; \
	fi
	$(SWIFT) build --product generate-order-file
	@set -e; work=$$(mktemp -d); trap 'rm -rf "$$work"' EXIT; \
	strip --strip-debug -o "$$work/qctl" .build/release/qctl; \
	mkdir "$$work/keyfile" "$$work/keyset"; \
	cp qcluster.yaml "$$work/keyfile/qcluster.yaml"; cp qcluster.yaml "$$work/keyset/qcluster.yaml"; \
	trace() { name=$$1; shift; valgrind --tool=lackey --trace-mem=yes --log-file="$$work/$$name.trace" ../qctl "$$@" >/dev/null; \
		traces="$$traces --trace $$work/$$name.trace"; }; \
	traces=""; unset QCTL_SECRET_KEY; \
	cd "$$work/keyfile"; ../qctl enqueue -- /bin/true >/dev/null; trace keyfile enqueue -- /bin/true; \
	export QCTL_SECRET_KEY=order-file-secret-0123456789abcdef; \
	cd "$$work/keyset"; id=$$(../qctl enqueue -- /bin/true); trace keyset enqueue -- /bin/true; \
	trace result result "$$id" || true; trace stats stats; trace info info; trace tasks tasks; \
	cd "$(CURDIR)"; \
	nm -n -S --defined-only "$$work/qctl" > "$$work/symbols"; \
	.build/debug/generate-order-file --symbols "$$work/symbols" $$traces > "$$work/order"; \
	mkdir -p $(dir $(ORDER_FILE)) && mv "$$work/order" $(ORDER_FILE); \
	echo "make: wrote $(ORDER_FILE) ($$(grep -vc '^#' $(ORDER_FILE)) symbols)"
	rm -f .build/release/qctl
	$(MAKE) release

# Runs the default cluster from ./qcluster.yaml in the foreground (Ctrl-C stops it).
run: build
	.build/debug/qctl start --config qcluster.yaml

# The end-to-end tests drive qctl monitor in tmux and try the completions in bash and fish; the
# test suite starts a throwaway PostgreSQL server of its own from Debian's postgresql package
# (Tests/qctlTests/Support/TestPostgres.swift). The web tests (Tests/Web, pytest) drive the
# dashboard in Debian's chromium through its chromedriver with Selenium, which comes from PyPI
# into a virtualenv of whichever python3 is on PATH, at the versions of Tests/Web/requirements.txt;
# the virtualenv keeps a copy of that file and is made afresh when the two differ (or its python
# no longer runs).
WEB_VENV := $(CURDIR)/.build/web-venv
test-deps: deps
	@if ! command -v tmux >/dev/null 2>&1 || ! command -v fish >/dev/null 2>&1; then \
		echo "make: installing tmux and fish (for the monitor and completion tests)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq tmux fish; \
	fi
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		echo "make: installing postgresql with apt-get (the tests start a throwaway server of their own)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql >/dev/null; \
	fi
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then \
		echo "make: installing chromium and chromium-driver with apt-get (the web tests drive the pages in a real browser)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi
	@set -e; venv=$(WEB_VENV); requirements=Tests/Web/requirements.txt; \
	if cmp -s $$requirements $$venv/requirements.txt && $$venv/bin/python -c '' 2>/dev/null; then exit 0; fi; \
	echo "make: creating .build/web-venv with $$(command -v python3) and installing $$requirements into it (for the web tests)"; \
	rm -rf $$venv; mkdir -p $$(dirname $$venv); \
	if ! python3 -m venv $$venv >/dev/null 2>&1; then \
		echo "make: installing python3-venv with apt-get (python3 -m venv does not work without it)"; \
		rm -rf $$venv; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-venv >/dev/null; \
		python3 -m venv $$venv; \
	fi; \
	$$venv/bin/python -m pip install -q --disable-pip-version-check -r $$requirements; \
	cp $$requirements $$venv/requirements.txt

# The whole suite against the debug build, then the end-to-end suite again against the release
# binaries, which are what ships (`make install`), and the web tests in a browser against them.
test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) build --product generate-manual
	$(SWIFT) test
	$(MAKE) release release-web
	QCTL_BINARY=$(CURDIR)/.build/release/qctl $(SWIFT) test --skip-build --filter qctlTests
	$(MAKE) test-web QCTL_BINARY=$(CURDIR)/.build/release/qctl

# The web tests (Tests/Web/conftest.py) against $(QCTL_BINARY), which needs qctl-web beside it;
# without QCTL_BINARY given, against the release build, built first.
QCTL_BINARY ?= $(CURDIR)/.build/release/qctl
test-web: test-deps
	$(if $(filter file,$(origin QCTL_BINARY)),$(MAKE) release release-web)
	QCTL_BINARY=$(QCTL_BINARY) PYTHONDONTWRITEBYTECODE=1 $(WEB_VENV)/bin/python -m pytest Tests/Web -q

# Man pages and completions, generated from the command definitions; a test fails when the
# committed copies are stale.
docs: build
	$(SWIFT) build --product generate-manual
	rm -rf man completions
	mkdir -p man completions
	.build/debug/generate-manual .build/debug/qctl --multi-page --date $(DOCS_DATE) -o man
	cp docs/qcluster.yaml.5 man/qcluster.yaml.5
	.build/debug/qctl --generate-completion-script bash > completions/qctl.bash
	.build/debug/qctl --generate-completion-script zsh > completions/_qctl
	.build/debug/qctl --generate-completion-script fish > completions/qctl.fish

# Says first how many symbols of link/qctl.order the build no longer has (a stale order costs
# start-up time, see `make order`). Runs an installed copy, as `make install` makes one: the
# linker writes its output through a memory mapping, and a binary whose page cache is still in
# that state starts slower than the same bytes copied by install(1) or read back from disk
# (docs/decisions.md).
bench: release
	@if [ ! -f $(ORDER_FILE) ]; then echo "make: no $(ORDER_FILE): the release link kept its default layout; run make order"; \
	else nm --defined-only .build/release/qctl | awk -v order=$(ORDER_FILE) \
		'NR == FNR { if ($$0 !~ /^#/ && $$0 != "") { wanted[$$0] = 1; count++ }; next } \
		 { name = $$0; sub(/^[^ ]+ [^ ]+ /, "", name); if (name in wanted) { delete wanted[name]; found++ } } \
		 END { printf "make: %s names %d symbols, %d of them not in this build%s\n", order, count, count - found, \
		       (count - found > count / 10 ? "; run make order" : "") }' $(ORDER_FILE) -; fi
	install -m 755 .build/release/qctl .build/qctl-bench
	.build/qctl-bench bench --tasks 2000 --workers 2

# Installs the release binaries (qctl and, beside it, qctl-web), the man pages and the
# completions under $(PREFIX).
install: release release-web
	$(MAKE) install-files BIN=.build/release/qctl

# The copying part of install, without a build (BIN names the binary to install).
BIN ?= .build/release/qctl
install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/qctl
	install -m 0755 $(dir $(BIN))qctl-web $(DESTDIR)$(PREFIX)/bin/qctl-web
	install -m 0644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 0644 man/*.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0644 completions/qctl.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/qctl
	install -m 0644 completions/_qctl $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_qctl
	install -m 0644 completions/qctl.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/qctl.fish

clean:
	rm -rf .build
