#!/usr/bin/env python3
"""Prints what openpyxl sees in an .xlsx as JSON (docs/testing.md, "The workbook as
users open it"): the sheet names in tab order and, per sheet, its frozen pane, its
column widths, its page setup and print titles and every cell's type, number format and value. The Swift test asserts on it."""
import json
import sys

import openpyxl
from openpyxl.utils import get_column_letter

book = openpyxl.load_workbook(sys.argv[1])
sheets = []
for ws in book.worksheets:
    cells = []
    for row in ws.iter_rows():
        cells.append([
            {"type": type(c.value).__name__, "format": c.number_format, "value": c.value}
            for c in row
        ])
    widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, ws.max_column + 1)]
    fit = ws.sheet_properties.pageSetUpPr
    sheets.append({
        "name": ws.title, "freeze": ws.freeze_panes, "widths": widths, "cells": cells,
        "orientation": ws.page_setup.orientation,
        "fit_to_width": ws.page_setup.fitToWidth if fit is not None and fit.fitToPage else None,
        "print_title_rows": ws.print_title_rows, "print_title_cols": ws.print_title_cols,
    })
json.dump({"sheets": book.sheetnames, "detail": sheets}, sys.stdout)
