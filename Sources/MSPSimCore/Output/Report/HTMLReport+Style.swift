extension HTMLReport {
  /// The page's only stylesheet, inline. On screen a column up to 1,100 px wide; in
  /// print (A4 or Letter, 12 mm margins) the answer on the first page, the charts
  /// from the second, two to a page, and no chart, small table or table row split
  /// across pages; long key tables repeat their header on each page. Figures never
  /// wrap, column headers do, so the answer's seven columns fit the page.
  static let style = """
    body { font-family: "Helvetica Neue", Helvetica, Arial, sans-serif; color: #222222; background: #ffffff;
      max-width: 1100px; margin: 0 auto; padding: 24px; font-size: 15px; line-height: 1.4; }
    h1 { font-size: 26px; margin: 0 0 4px; }
    h2 { font-size: 20px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #0072B2;
      break-after: avoid; page-break-after: avoid; }
    p.run { color: #555555; margin: 0 0 16px; }
    p.note { color: #555555; font-size: 13px; margin: 4px 0 16px; }
    p.warning { background: #fff4e5; border-left: 4px solid #E69F00; padding: 6px 10px; }
    table { border-collapse: collapse; margin: 4px 0 20px; font-variant-numeric: tabular-nums;
      break-inside: avoid; page-break-inside: avoid; }
    caption { caption-side: top; text-align: left; font-weight: 600; padding: 4px 0; }
    th, td { padding: 4px 10px; border-bottom: 1px solid #dddddd; text-align: left; vertical-align: top; }
    th { background: #f1f4f7; font-weight: 600; }
    .num { text-align: right; white-space: nowrap; }
    th.num { white-space: normal; }
    #answer-table { font-size: 17px; }
    #answer-table td.num { font-weight: 600; }
    figure.chart { margin: 12px 0 20px; break-inside: avoid; page-break-inside: avoid; }
    figure.chart svg { display: block; width: 100%; height: auto; border: 1px solid #e3e3e3; }
    table.keys td:last-child { font-family: Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 13px;
      overflow-wrap: anywhere; }
    table.keys { break-inside: auto; page-break-inside: auto; }
    tr { break-inside: avoid; page-break-inside: avoid; }
    thead { display: table-header-group; }
    footer { margin-top: 32px; color: #777777; font-size: 12px; overflow-wrap: anywhere; }
    @page { margin: 12mm; }
    @media print {
      body { max-width: none; padding: 0; font-size: 10pt; }
      h2 { margin-top: 12px; }
      #answer-table { font-size: 11pt; }
      section.charts, section.inputs { break-before: page; page-break-before: always; }
      figure.chart { margin: 4mm auto 6mm; max-width: 165mm; }
      figure.chart svg { border: none; }
    }

    """
}
