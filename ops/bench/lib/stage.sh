# Sourced by the throughput benchmarks (backup-throughput.sh, restore-throughput.sh), after their
# --help and with the checkout's root as the working directory: refuses to run as a user or
# without the tools, builds the jars (tests skipped), and stages them with ops/install.sh, as the
# installed wrappers run them. Sets: ops (absolute ops/target), stage (the staging root, removed
# on exit) and lib (the staged jars and class data archives).
# Usage: . ops/bench/lib/stage.sh NAME "why it needs root"
bench_name=$1
if [ "$(id -u)" -ne 0 ]; then
  echo "$bench_name: run as root: $2" >&2
  exit 2
fi
for tool in btrfs mkfs.btrfs losetup gpg zstd ssh ssh-keygen /usr/sbin/sshd; do
  command -v "$tool" >/dev/null || {
    echo "$bench_name: '$tool' is missing; run ops/install-test-deps.sh" >&2
    exit 2
  }
done
echo "$bench_name: building (./mvnw package, tests skipped)"
./mvnw -q -o -B -DskipTests package
# Absolute paths: a receiver JVM that sshd starts runs elsewhere.
ops="$(pwd)/ops/target"
stage="$(mktemp -d "/tmp/${bench_name%.sh}-install.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
ops/install.sh --no-build --destdir "$stage"
lib="$stage/usr/local/lib/btrfs-send-backup"
