#!/bin/sh
# Portail AMI's backup, as the README's « Backing up » describes it: the database first, then the
# files (a file is written to the storage before the row that names it commits, so files copied
# after the dump cover every row in it). Run nightly by deploy/systemd/ami-backup.timer; tested by
# tests/production/test_backup_restore.py, which restores what it writes.
#
# Reads the portal's environment (/etc/ami/ami.env) plus:
#   AMI_BACKUP_DIR          where the dumps and the copy of the files go (required)
#   AMI_BACKUP_KEEP_DAYS    dumps older than this are deleted (default 35)
# Files come from the bucket when AWS_STORAGE_BUCKET_NAME is set (aws CLI; AWS_S3_ENDPOINT_URL
# for a non-AWS service), from MEDIA_ROOT (default: var/media) otherwise. The copy of the files
# only grows: a file removed since is still named by older dumps.
set -eu

: "${DATABASE_URL:?DATABASE_URL is not set (source /etc/ami/ami.env)}"
: "${AMI_BACKUP_DIR:?AMI_BACKUP_DIR is not set: where should the backup go?}"
keep_days="${AMI_BACKUP_KEEP_DAYS:-35}"
stamp="$(date -u +%Y%m%d-%H%M%S)"
umask 077
mkdir -p "$AMI_BACKUP_DIR/media"

# 1. The database: one consistent snapshot while the portal runs. Written under a temporary name,
#    checked by reading its table of contents, then renamed: a dump named *.dump is complete.
dump="$AMI_BACKUP_DIR/ami-$stamp.dump"
pg_dump -Fc --no-owner --no-acl -f "$dump.part" -d "$DATABASE_URL"
pg_restore --list "$dump.part" > /dev/null
mv "$dump.part" "$dump"

# 2. The files.
if [ -n "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
    set -- s3 sync --only-show-errors "s3://$AWS_STORAGE_BUCKET_NAME/${AWS_LOCATION:-media}/" "$AMI_BACKUP_DIR/media/"
    if [ -n "${AWS_S3_ENDPOINT_URL:-}" ]; then
        set -- --endpoint-url "$AWS_S3_ENDPOINT_URL" "$@"
    fi
    aws "$@"
else
    media_root="${MEDIA_ROOT:-${AMI_VAR_DIR:-var}/media}"
    rsync -a "$media_root/" "$AMI_BACKUP_DIR/media/"
fi

# 3. Old dumps go (personal data is kept no longer than needed: README « Personal data retention »).
find "$AMI_BACKUP_DIR" -maxdepth 1 -name 'ami-*.dump' -mtime +"$keep_days" -delete
echo "backup written: $dump and $AMI_BACKUP_DIR/media/"
