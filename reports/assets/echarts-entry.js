// The ECharts the reports use, and nothing more: line and bar charts, the
// grid, tooltip, legend (scroll type), title and aria (decal patterns for
// greyscale print) components, and the canvas renderer. `make assets`
// bundles this with esbuild into echarts.min.js (gitignored), which the
// binary embeds. A chart type or component used by reports/chart.go must
// be registered here, or the chart draws nothing (the browser test fails).
import { use, init, registerLocale, getInstanceByDom } from 'echarts/core';
import { LineChart, BarChart } from 'echarts/charts';
import {
  GridComponent,
  TooltipComponent,
  LegendScrollComponent,
  TitleComponent,
  AriaComponent
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, BarChart, GridComponent, TooltipComponent, LegendScrollComponent, TitleComponent, AriaComponent, CanvasRenderer]);

window.echarts = { init, registerLocale, getInstanceByDom };
