#!/bin/sh
# docker compose (v2) where it is installed, else Debian's docker-compose (v1), on docker/compose.yaml.
#   docker/compose.sh up -d --build  ·  docker/compose.sh run --rm resolver resolve alice  ·  docker/compose.sh down -v
cd "$(dirname "$0")/.."
if docker compose version >/dev/null 2>&1; then
  exec docker compose -p "${COMPOSE_PROJECT_NAME:-lastseen-lab}" -f docker/compose.yaml "$@"
fi
exec docker-compose -p "${COMPOSE_PROJECT_NAME:-lastseen-lab}" -f docker/compose.yaml "$@"
