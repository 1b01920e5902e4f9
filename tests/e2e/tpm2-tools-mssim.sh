#!/usr/bin/env bash
# tpm2-tools 5.4 against `jvtpm socket --protocol mssim` (TCTI mssim:host=...,port=N; the TCTI
# powers the TPM on through the platform socket at port+1): the same checks as
# tpm2-tools-swtpm.sh, which this runs with the protocol "mssim".
set -euo pipefail
exec "$(dirname "$0")/tpm2-tools-swtpm.sh" mssim
