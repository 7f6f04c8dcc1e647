#!/usr/bin/env bash
# Builds the Debian packages from a clean copy of the tree (the tracked and the untracked,
# not ignored files: no build directories), checks them with lintian (any error or warning
# fails), then installs, upgrades, removes and purges them in a clean Debian 12 root
# (tests/dist/deb_install_test.py). The packages are left in OUT_DIR (default
# build-deb/).
#
#   scripts/package.sh [OUT_DIR] [--no-install-test]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build-deb}
install_test=1
[ "${2:-}" = "--no-install-test" ] && install_test=0
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bmcwsman"
{ git ls-files -z; git ls-files -z --others --exclude-standard; } |
    tar --null -T - -cf - | tar -xf - -C "$work/bmcwsman"
(cd "$work/bmcwsman" && dpkg-checkbuilddeps && dpkg-buildpackage -us -uc -b)
rm -f "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
cp "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$out"/
echo "package: $(cd "$out" && ls *.deb | tr '\n' ' ')"
# Overrides, if ever needed, live in debian/*.lintian-overrides with their reason.
lintian --fail-on error,warning --display-info "$out"/*.changes
echo "package: lintian found no error or warning"
if [ "$install_test" = 1 ]; then
    arch=$(dpkg --print-architecture)
    python3 tests/dist/deb_install_test.py "$out"/bmcwsman_*_"$arch".deb \
        "$out"/bmcwsman-client_*_"$arch".deb "$out"/libwsman-client0_*_"$arch".deb
fi
