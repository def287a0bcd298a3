#!/usr/bin/env python3
"""A synthetic province's dossiers in the national portal's JSON Lines format (docs/portal-format.md), for
the Decision 766 benchmarks (`make bench`, docs/performance.md).

Usage: gen_province.py N [--out FILE] [--seed S] [--from YYYY-MM-DD] [--days D]

N dossiers over D days from --from (default 2025-07-01, the day the demo catalogue comes into force, for
500 days, about 16 months), for the units and procedures of `mocua seed-demo` (the procedures read from
data/catalogue/demo.json: their fees and result kinds). The mix is meant to look like a provincial system's
export: about 55 % at the counter, 40 % online, 5 % by post; 70 % early, 18 % on the due day, 12 % late;
15 % with one supplement request and 2 % with two; 5 % of the last 30 days' dossiers still open, 2 %
stopped; fees paid online on about
45 % of fee-bearing dossiers; e-results, digitised and reused files, VNeID accounts in realistic shares.
Deterministic for a seed. A progress bar on standard error (a line every 10 % when it is not a terminal)."""
import argparse
import datetime
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNITS = ["19360-TTPVHCC", "19360-VP", "19360-KTHTDT", "19360-VHXH"]
FMT = "%Y%m%d%H%M%S"


def procedures():
    with open(os.path.join(ROOT, "data", "catalogue", "demo.json"), encoding="utf-8") as f:
        catalogue = json.load(f)
    out = []
    for p in catalogue["procedures"]:
        fees = [x["amount_vnd"] for x in p.get("fees", []) if x.get("amount_vnd", 0) > 0]
        out.append((p["code"], fees[0] if fees else 0, p["result"].get("paper", True), p.get("mode")))
    return out


class Progress:
    def __init__(self, total):
        self.total, self.tty, self.last = total, sys.stderr.isatty(), -1

    def __call__(self, done):
        pct = done * 100 // self.total if self.total else 100
        if self.tty:
            if pct != self.last or done == self.total:
                bar = "#" * (pct * 30 // 100)
                sys.stderr.write("\r  generating [%-30s] %d/%d (%d%%)" % (bar, done, self.total, pct))
                if done == self.total:
                    sys.stderr.write("\n")
        elif pct // 10 != self.last // 10:
            sys.stderr.write("  generating: %d/%d (%d%%)\n" % (done, self.total, pct))
        self.last = pct


def t(x):
    return x.strftime(FMT)


def dossier(i, rnd, procs, start, days):
    code, fee, paper, mode = procs[rnd.randrange(len(procs))]
    unit = UNITS[0] if rnd.random() < 0.7 else UNITS[rnd.randrange(len(UNITS))]
    # Working hours on a day of the span (07:30–16:30).
    submitted = start + datetime.timedelta(days=rnd.randrange(days), minutes=450 + rnd.randrange(540))
    r = rnd.random()
    channel = 1 if r < 0.55 else (2 if r < 0.95 else 3)
    if mode == "offline" and channel == 2:
        channel = 1
    received = submitted + datetime.timedelta(minutes=rnd.randrange(5, 240))
    due = received + datetime.timedelta(days=rnd.choice([1, 2, 3, 5, 7, 10, 15]))
    line = {"MaHoSo": "%s-%s-%07d" % (unit, submitted.strftime("%y%m%d"), i), "MaTTHC": code, "DonViXuLy": unit,
            "KenhThucHien": channel, "NgayNopHoSo": t(submitted), "NgayTiepNhan": t(received), "NgayHenTra": t(due)}
    history = [{"TrangThaiHoSo": 2, "ThoiDiem": t(received)}]
    supplements = []
    s = rnd.random()
    pause = datetime.timedelta(0)
    if s < 0.17:
        for k in range(1 if s < 0.15 else 2):
            asked = received + datetime.timedelta(hours=2 + 5 * k)
            answered = asked + datetime.timedelta(hours=rnd.randrange(1, 48))
            supplements.append({"NgayYeuCau": t(asked), "NgayHoanThanh": t(answered)})
            pause += answered - asked
    if supplements:
        line["YeuCauBoSung"] = supplements
    outcome = rnd.random()
    total = (due - received) + pause
    # Still open: only dossiers of the last 30 days of the span (a real backlog is recent, not 5 % of
    # every month since the start).
    recent = (start + datetime.timedelta(days=days) - submitted).days < 30
    if outcome < 0.05 and not recent:
        outcome = 0.1
    if outcome < 0.05:
        line["TrangThaiHoSo"] = 4
        history.append({"TrangThaiHoSo": 4, "ThoiDiem": t(received + datetime.timedelta(hours=1))})
    elif outcome < 0.07:
        stopped = received + datetime.timedelta(hours=rnd.randrange(2, 48))
        line["TrangThaiHoSo"] = 8
        line["NgayKetThucXuLy"] = t(stopped)
        history.append({"TrangThaiHoSo": 8, "ThoiDiem": t(stopped)})
    else:
        late = rnd.random()
        if late < 0.70:
            end = received + total * rnd.uniform(0.2, 0.9)
        elif late < 0.88:
            end = received + total - datetime.timedelta(minutes=rnd.randrange(1, 120))
        else:
            end = received + total + datetime.timedelta(hours=rnd.randrange(1, 96))
        end = max(end, received + pause + datetime.timedelta(minutes=30))
        returned = end + datetime.timedelta(hours=rnd.randrange(1, 72))
        line["NgayKetThucXuLy"] = t(end)
        history.append({"TrangThaiHoSo": 9, "ThoiDiem": t(end)})
        if rnd.random() < 0.9:
            line["TrangThaiHoSo"] = 10
            line["NgayTraKetQua"] = t(returned)
            history.append({"TrangThaiHoSo": 10, "ThoiDiem": t(returned)})
        else:
            line["TrangThaiHoSo"] = 9
        if rnd.random() < (0.75 if channel == 2 else 0.25):
            line["MaKetQua"] = "KQ-%d" % i
            line["DuongDanTepTinKetQua"] = "https://dvc.example.vn/kq/%d.pdf" % i
    if fee:
        line["DanhSachLePhi"] = [{"TenPhiLePhi": "Lệ phí", "MucPhi": fee}]
        if rnd.random() < 0.45:
            line["DuocThanhToanTrucTuyen"] = 1 if rnd.random() < 0.5 else 2
    if rnd.random() < 0.6:
        line["TaiKhoanDuocXacThucVoiVNeID"] = 1
    files = []
    for k in range(rnd.randrange(0, 3)):
        files.append({"TenTepDinhKem": "tp-%d-%d.pdf" % (i, k), "DuocSoHoa": int(rnd.random() < 0.7),
                      "DuocTaiSuDung": int(rnd.random() < 0.2), "DuocLayTuKhoDMQG": int(rnd.random() < 0.1)})
    if files:
        line["TaiLieuNop"] = files
    line["QuaTrinhXuLy"] = history
    return line


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--out", default="-")
    ap.add_argument("--seed", type=int, default=766)
    ap.add_argument("--from", dest="start", default="2025-07-01")
    ap.add_argument("--days", type=int, default=500)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    procs = procedures()
    start = datetime.datetime.strptime(a.start, "%Y-%m-%d")
    out = sys.stdout if a.out == "-" else open(a.out, "w", encoding="utf-8")
    progress = Progress(a.n)
    step = max(1, a.n // 1000)
    for i in range(a.n):
        out.write(json.dumps(dossier(i, rnd, procs, start, a.days), ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
        if (i + 1) % step == 0 or i + 1 == a.n:
            progress(i + 1)
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
