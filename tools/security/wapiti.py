#!/usr/bin/env python3
"""Runs Debian bookworm's wapiti 3.0.4 with one fix for Python 3.11 (tools/security.sh).

wapiti's crawler turns each --exclude pattern into a regular expression ending in "\\Z(?ms)"; Python
3.11 refuses global flags that are not at the start ("global flags not at the start of the
expression"), so any --exclude crashes the scan. The scans need --exclude (signing out would end the
session under test), so the function is replaced with the same translation, flags first.
Arguments are wapiti's own.
"""
import re
import sys

from wapitiCore.main import wapiti as wapiti_main_module
from wapitiCore.net import crawler


def wildcard_translate(pattern):
    return re.compile("(?ms)" + "".join(".*" if c == "*" else re.escape(c) for c in pattern) + r"\Z")


crawler.wildcard_translate = wildcard_translate

if __name__ == "__main__":
    sys.argv[0] = "wapiti"
    sys.exit(wapiti_main_module.wapiti_main())
