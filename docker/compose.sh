#!/bin/sh
# docker compose (v2) where it is installed, else Debian's docker-compose (v1), on docker/compose.yaml.
#   docker/compose.sh up -d --build  ·  docker/compose.sh run --rm resolver resolve alice  ·  docker/compose.sh down -v
# No -p: both read COMPOSE_PROJECT_NAME, and without it both name the project after the file's
# folder ("docker"), so this script and a plain `docker compose -f docker/compose.yaml …` (or
# `docker-compose -f …`) act on the same world.
cd "$(dirname "$0")/.."
if docker compose version >/dev/null 2>&1; then
  exec docker compose -f docker/compose.yaml "$@"
fi
exec docker-compose -f docker/compose.yaml "$@"
