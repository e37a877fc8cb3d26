#!/usr/bin/env bash
# Whole-database backup (all tenants): custom-format pg_dump, kept for $KEEP_DAYS days.
# Usage: DATABASE_URL=postgres://... BACKUP_DIR=/backups infra/backup/backup.sh
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL}"
BACKUP_DIR="${BACKUP_DIR:-/backups}"
KEEP_DAYS="${KEEP_DAYS:-14}"
mkdir -p "$BACKUP_DIR"
file="$BACKUP_DIR/crm-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --file="$file" "$DATABASE_URL"
find "$BACKUP_DIR" -name 'crm-*.dump' -mtime +"$KEEP_DAYS" -delete
echo "$file"
