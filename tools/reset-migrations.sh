#!/usr/bin/env bash
# Drops every migration and scaffolds a single "Initial" one per provider from the current model.
# Only while nothing has been released: a released database needs an added migration instead.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf src/Encaisse/Storage/Migrations/Sqlite src/Encaisse/Storage/Migrations/Postgres
dotnet run --project tools/Encaisse.MigrationTool -- add Initial
