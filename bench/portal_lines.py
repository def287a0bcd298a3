#!/usr/bin/env python3
"""Writes N generated dossiers in the national portal's JSON Lines format (docs/portal-format.md) for the
demo town (`mocua seed-demo`): procedure 1.001193 at the one-stop centre 19360-TTPVHCC, submitted from
1 August 2025 on, each returned with a fee, a file, a supplement request and three history entries
(about 900 bytes a line, like a provincial system's export). Usage: portal_lines.py N > FILE.jsonl"""
import datetime
import json
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
start = datetime.datetime(2025, 8, 1, 7, 30)
fmt = "%Y%m%d%H%M%S"
for i in range(n):
    t = start + datetime.timedelta(minutes=7 * i)
    code = "19360-TTPVHCC-%s-%05d" % (t.strftime("%y%m%d"), i)
    line = {
        "MaHoSo": code, "MaTTHC": "1.001193", "DonViXuLy": "19360-TTPVHCC",
        "KenhThucHien": 1 + i % 3, "TrangThaiHoSo": 10,
        "NgayNopHoSo": t.strftime(fmt),
        "NgayTiepNhan": (t + datetime.timedelta(minutes=30)).strftime(fmt),
        "NgayHenTra": (t + datetime.timedelta(days=3)).strftime(fmt),
        "NgayKetThucXuLy": (t + datetime.timedelta(days=2)).strftime(fmt),
        "NgayTraKetQua": (t + datetime.timedelta(days=2, hours=2)).strftime(fmt),
        "DuocThanhToanTrucTuyen": i % 3, "TaiKhoanDuocXacThucVoiVNeID": i % 2,
        "DanhSachLePhi": [{"TenPhiLePhi": "Lệ phí đăng ký khai sinh", "MucPhi": 8000}],
        "TaiLieuNop": [{"TenTepDinhKem": "giay-chung-sinh-%d.pdf" % i, "DuocSoHoa": 1, "DuocTaiSuDung": i % 2,
                        "DuocLayTuKhoDMQG": 0}],
        "MaKetQua": "KQ-" + code, "DuongDanTepTinKetQua": "https://dvc.example.vn/kq/%d.pdf" % i,
        "YeuCauBoSung": [{"NgayYeuCau": (t + datetime.timedelta(days=1)).strftime(fmt),
                          "NgayHoanThanh": (t + datetime.timedelta(days=1, hours=3)).strftime(fmt)}],
        "QuaTrinhXuLy": [
            {"TrangThaiHoSo": 2, "ThoiDiem": (t + datetime.timedelta(minutes=30)).strftime(fmt),
             "DonVi": "19360-TTPVHCC", "NoiDung": "Tiếp nhận hồ sơ"},
            {"TrangThaiHoSo": 4, "ThoiDiem": (t + datetime.timedelta(hours=1)).strftime(fmt), "DonVi": "19360-VHXH"},
            {"TrangThaiHoSo": 10, "ThoiDiem": (t + datetime.timedelta(days=2, hours=2)).strftime(fmt)}],
    }
    sys.stdout.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
