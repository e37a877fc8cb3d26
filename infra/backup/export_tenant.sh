#!/usr/bin/env bash
# One tenant's data only (its schema), e.g. for a customer's export request or a single-tenant restore.
# Usage: DATABASE_URL=postgres://... infra/backup/export_tenant.sh <subdomain> [out.dump]
# Restore into a fresh schema with: pg_restore --dbname "$DATABASE_URL" out.dump
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL}"
subdomain="${1:?subdomain}"
schema="${subdomain//-/_}"
out="${2:-tenant-$subdomain-$(date -u +%Y%m%dT%H%M%SZ).dump}"
pg_dump --format=custom --no-owner --schema="$schema" --file="$out" "$DATABASE_URL"
echo "$out"
