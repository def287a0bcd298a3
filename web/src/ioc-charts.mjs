// The operations centre's trend charts (/ioc, issue 10). The server writes each chart's data into
// data-ioc-chart on a role="img" container labelled with the chart's one-sentence summary, and the same
// figures as a table; without JavaScript the table is the chart. Here ECharts draws the chart (only the
// parts used, SVG: small, and sharp on the wall) and the table's <details> is closed, still in the page
// and reachable by keyboard. Colours come from the server, each told apart by legend, symbol and table.
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

const PAGE_TEXT = "#0b0c0c";
// On the wall (data "theme": "wall"): white on the wall's near-black, letters sized to the screen so
// they read from 5 m; the received line, black on the page, is white there. The bars' colours keep at
// least 3:1 on both backgrounds.
const WALL_TEXT = "#ffffff";
const number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

// The ECharts option for one chart's data ({percent, categories, series, targets}).
export function chartOption(data, reducedMotion, fontFamily = "sans-serif", screenHeight = 1080) {
  const wall = data.theme === "wall";
  const TEXT = wall ? WALL_TEXT : PAGE_TEXT;
  const fontSize = wall ? Math.max(18, Math.round(screenHeight / 40)) : 14;
  const unit = data.percent ? "\u00a0%" : "";
  const format = (v) => (v === null || v === undefined || Number.isNaN(v) ? "\u2014" : number.format(v) + unit);
  const series = data.series.map((s) => ({
    name: s.name,
    type: s.type,
    stack: s.stack,
    data: s.data,
    itemStyle: { color: wall && s.color === PAGE_TEXT ? WALL_TEXT : s.color },
    lineStyle: s.type === "line" ? { color: wall && s.color === PAGE_TEXT ? WALL_TEXT : s.color, width: wall ? 5 : 3 } : undefined,
    symbol: s.symbol,
    symbolSize: s.type === "line" ? (wall ? 16 : 9) : undefined,
    // Every point marked: a month between two without data is otherwise invisible.
    showSymbol: true,
    showAllSymbol: true,
    clip: false,
    connectNulls: false,
    barMaxWidth: wall ? 120 : 48,
  }));
  for (const t of data.targets) {
    const s = series[t.series];
    if (!s) continue;
    s.markLine = {
      silent: true,
      symbol: "none",
      lineStyle: { color: s.itemStyle.color, type: "dashed", width: 2 },
      label: { formatter: t.label, color: TEXT, fontFamily, position: "insideEndTop" },
      data: [{ yAxis: t.value }],
    };
  }
  return {
    animation: !reducedMotion,
    // SVG text does not inherit the page's font through ECharts: it is given by name.
    textStyle: { fontFamily, color: TEXT, fontSize },
    legend: { top: 0, itemGap: wall ? fontSize * 1.5 : 24, itemWidth: fontSize * 1.5, itemHeight: fontSize * 0.8, textStyle: { fontFamily, color: TEXT, fontSize } },
    // Drawn in the SVG (richText): the HTML tooltip writes style attributes, which the CSP refuses.
    tooltip: { trigger: "axis", renderMode: "richText", valueFormatter: format, textStyle: { fontFamily, color: PAGE_TEXT } },
    grid: { left: 8, right: 16, bottom: 8, top: fontSize * 3.5, containLabel: true },
    xAxis: { type: "category", data: data.categories, axisLabel: { color: TEXT, fontFamily, fontSize } },
    yAxis: {
      type: "value",
      min: 0,
      max: data.percent ? 100 : undefined,
      minInterval: data.percent ? undefined : 1,
      axisLabel: { color: TEXT, fontFamily, fontSize, formatter: (v) => number.format(v) + unit },
    },
    series,
  };
}

export function drawIocCharts(root = document, win = window) {
  const reducedMotion = win.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
  const charts = [];
  for (const el of root.querySelectorAll("[data-ioc-chart]")) {
    let data;
    try {
      data = JSON.parse(el.dataset.iocChart);
    } catch {
      continue; // the table is still there
    }
    el.hidden = false;
    const chart = echarts.init(el, null, { renderer: "svg" });
    // The design system sets its font on text classes, not on the container: take the summary's.
    const text = el.parentElement?.querySelector("[data-trend-summary]") ?? el;
    chart.setOption(chartOption(data, reducedMotion, win.getComputedStyle(text).fontFamily, win.innerHeight));
    charts.push(chart);
    // Says the chart is drawn and whether it moves (the e2e test checks prefers-reduced-motion).
    el.dataset.iocChartDrawn = reducedMotion ? "still" : "animated";
    const details = el.parentElement?.querySelector("[data-ioc-chart-table]");
    if (details) details.open = false;
  }
  // A chart follows its container's size: the window's, and a wall panel's when its turn shows it
  // (drawn while hidden, it has no size until then).
  if (charts.length && "ResizeObserver" in win) {
    const observer = new win.ResizeObserver((entries) => {
      for (const entry of entries) echarts.getInstanceByDom(entry.target)?.resize();
    });
    for (const c of charts) observer.observe(c.getDom());
  } else if (charts.length) {
    win.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  }
  return charts;
}

drawIocCharts();
