# qctl: `make run` and `make test` are all a fresh Debian machine needs.
SWIFT ?= swift
PREFIX ?= /usr/local
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DOCS_DATE := 2026-11-22

.PHONY: all deps test-deps build release run test docs bench install install-files clean

all: build

# liblmdb-dev and libyaml-dev (and pkg-config, which finds them) from apt when missing, and tzdata.
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists lmdb yaml-0.1; then \
		echo "make: installing liblmdb-dev, libyaml-dev and pkg-config with apt-get"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq liblmdb-dev libyaml-dev pkg-config; \
	fi
	@if [ ! -e /usr/share/zoneinfo/UTC ]; then \
		echo "make: installing tzdata with apt-get (schedules read their time zones from /usr/share/zoneinfo)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq tzdata; \
	fi

build: deps
	$(SWIFT) build

# A static executable starts fastest. Concrete generic types get direct metadata accessors
# instead of mangled names: demangling one checks its requirements with a scan of every protocol
# conformance in the binary, which was half of an enqueue's instructions (docs/decisions.md).
RELEASE_FLAGS := -c release --static-swift-stdlib -Xswiftc -static-executable \
	-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors

release: deps
	$(SWIFT) build $(RELEASE_FLAGS)

# Runs the default cluster from ./qcluster.yaml in the foreground (Ctrl-C stops it).
run: build
	.build/debug/qctl start --config qcluster.yaml

# The end-to-end tests drive qctl monitor in tmux and try the completions in bash and fish.
test-deps: deps
	@if ! command -v tmux >/dev/null 2>&1 || ! command -v fish >/dev/null 2>&1; then \
		echo "make: installing tmux and fish (for the monitor and completion tests)"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq tmux fish; \
	fi

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) build --product generate-manual
	$(SWIFT) test

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

# Runs an installed copy, as `make install` makes one: the linker writes its output through a
# memory mapping, and a binary whose page cache is still in that state starts ~0.4 ms slower on
# this machine than the same bytes copied by install(1) or read back from disk (docs/decisions.md).
bench: release
	install -m 755 .build/release/qctl .build/qctl-bench
	.build/qctl-bench bench --tasks 2000 --workers 2

# Installs the release binary, the man pages and the completions under $(PREFIX).
install: release
	$(MAKE) install-files BIN=.build/release/qctl

# The copying part of install, without a build (BIN names the binary to install).
BIN ?= .build/release/qctl
install-files:
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/qctl
	install -m 0644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 0644 man/*.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0644 completions/qctl.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/qctl
	install -m 0644 completions/_qctl $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_qctl
	install -m 0644 completions/qctl.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/qctl.fish

clean:
	rm -rf .build
