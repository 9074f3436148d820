/**
 * Render an ECharts option off-screen, in the browser, to PNG bytes (at `pixelRatio` × its CSS
 * size) or to an SVG string. Waits for fonts first so Chinese never falls back to boxes.
 */
import { echarts } from '../charts/echarts';

function offscreen(width: number, height: number): HTMLDivElement {
  const el = document.createElement('div');
  el.style.cssText = `position:fixed;left:-20000px;top:0;width:${width}px;height:${height}px;`;
  document.body.appendChild(el);
  return el;
}

function finished(chart: echarts.ECharts): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, 3000);
    chart.on('finished', () => {
      clearTimeout(t);
      resolve();
    });
  });
}

export interface PngImage {
  bytes: Uint8Array;
  dataUrl: string;
  width: number;
  height: number;
}

export async function renderPng(option: object, width: number, height: number, pixelRatio = 2): Promise<PngImage> {
  await document.fonts.ready;
  const el = offscreen(width, height);
  const chart = echarts.init(el, undefined, { renderer: 'canvas', width, height, devicePixelRatio: pixelRatio, locale: 'ZH' });
  try {
    const done = finished(chart);
    chart.setOption(option as echarts.EChartsCoreOption);
    await done;
    const dataUrl = chart.getDataURL({ type: 'png', pixelRatio, backgroundColor: '#ffffff' });
    const bin = atob(dataUrl.slice(dataUrl.indexOf(',') + 1));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return { bytes, dataUrl, width: width * pixelRatio, height: height * pixelRatio };
  } finally {
    chart.dispose();
    el.remove();
  }
}

export async function renderSvg(option: object, width: number, height: number): Promise<string> {
  await document.fonts.ready;
  const chart = echarts.init(null, undefined, { renderer: 'svg', ssr: true, width, height, locale: 'ZH' });
  try {
    chart.setOption(option as echarts.EChartsCoreOption);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
