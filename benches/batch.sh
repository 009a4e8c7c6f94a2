#!/usr/bin/env bash
# Bulk-issuing benchmark (docs/bulk-issuing.md): N permits (default 100000) from a
# CSV to signed tokens and PNG files, then the same with the printable PDF, then a
# restart on the finished folder. Release build; prints the wall time of each run.
#
#   bash benches/batch.sh            # 100,000 rows
#   bash benches/batch.sh 10000      # a quicker look
#
# The CSV comes from a deterministic generator (awk, no randomness): row i always
# has the same name, CCCD, purpose, areas and plate, so runs are comparable.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
work=${BENCH_DIR:-target/bench-batch}
rm -rf "$work"
mkdir -p "$work"

cargo build --release --locked -q -p qrpass-cli
bin=target/release/qrpass
"$bin" keygen --issuer VN-SG --out "$work/keys" --valid-from 2021-01-01T00:00:00+07:00 >/dev/null

awk -v n="$n" 'BEGIN {
  split("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý", ho, " ")
  split("Văn Thị Hữu Minh Ngọc Thanh Quốc Gia Xuân Đức", dem, " ")
  split("An Bình Chi Dũng Giang Hà Hạnh Hiếu Hương Khánh Lan Long Mai Nam Phúc Quân Sơn Tâm Thảo Trang Tuấn Việt Yến Ánh", ten, " ")
  split("Đi làm|Khám chữa bệnh|Mua nhu yếu phẩm|Giao hàng|Công vụ|Khẩn cấp", muc, "|")
  split("760 761 764 765 766 767 768 769 770 771 772 773 774 775 776 777", quan, " ")
  print "STT,Số giấy,Họ và tên,Loại giấy tờ,Số CCCD,Mục đích,Khu vực,Biển số xe,Hiệu lực từ,Hiệu lực đến"
  for (i = 1; i <= n; i++) {
    name = ho[i % 16 + 1] " " dem[int(i / 16) % 10 + 1] " " ten[int(i / 160) % 24 + 1]
    areas = "79." quan[i % 16 + 1]
    if (i % 3 == 0) areas = areas ";79." quan[(i + 5) % 16 + 1]
    plate = (i % 2 == 0) ? sprintf("51F-%03d.%02d", int(i / 100) % 1000, i % 100) : ""
    day = i % 20 + 1
    printf "%d,HCM-2021-%06d,%s,CCCD,079%09d,%s,%s,%s,%02d/09/2021,%02d/10/2021\n", i, i, name, 200000000 + i, muc[i % 6 + 1], areas, plate, day, day
  }
}' >"$work/permits.csv"
echo "generated $work/permits.csv: $n rows, $(du -h "$work/permits.csv" | cut -f1)"
echo "machine: $(nproc) cores, $(uname -sr)"

TIMEFORMAT='  wall %R s (user %U s, sys %S s)'
issue() {
  "$bin" issue --batch "$work/permits.csv" --key "$work/keys/VN-SG.key.pem" --issuer VN-SG \
    --iat 2021-09-01T08:00:00+07:00 "$@"
}
echo
echo "1. tokens + PNG files: qrpass issue --batch permits.csv --out tokens-png --no-pdf"
time issue --out "$work/tokens-png" --no-pdf
echo
echo "2. tokens + PNG files + PDF: qrpass issue --batch permits.csv --out all"
time issue --out "$work/all"
echo
echo "3. restart on the finished folder (nothing new to issue): same command again"
time issue --out "$work/all"
echo
echo "output: $(du -sh "$work/all/qr" | cut -f1) of PNG, passes.pdf $(du -h "$work/all/passes.pdf" | cut -f1), passes.csv $(du -h "$work/all/passes.csv" | cut -f1)"
