# qctl: `make run` and `make test` are all a fresh Debian machine needs.
SWIFT ?= swift
PREFIX ?= /usr/local
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DOCS_DATE := 2026-11-22

.PHONY: all deps build release run test docs bench install clean

all: build

# liblmdb-dev (and pkg-config, which finds it) from apt when missing.
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists lmdb; then \
		echo "make: installing liblmdb-dev and pkg-config with apt-get"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq liblmdb-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --static-swift-stdlib

# Runs the default cluster from ./qcluster.yaml in the foreground (Ctrl-C stops it).
run: build
	.build/debug/qctl start --config qcluster.yaml

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

docs: build
	mkdir -p man completions
	$(SWIFT) package --allow-writing-to-package-directory generate-manual --multi-page --date $(DOCS_DATE) -o man >/dev/null 2>&1 || \
		$(SWIFT) run generate-manual .build/debug/qctl --multi-page --date $(DOCS_DATE) -o "$(CURDIR)/man"
	.build/debug/qctl --generate-completion-script bash > completions/qctl.bash
	.build/debug/qctl --generate-completion-script zsh > completions/_qctl
	.build/debug/qctl --generate-completion-script fish > completions/qctl.fish

bench: release
	.build/release/qctl bench --tasks 2000 --workers 2

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 .build/release/qctl $(DESTDIR)$(PREFIX)/bin/qctl

clean:
	rm -rf .build
