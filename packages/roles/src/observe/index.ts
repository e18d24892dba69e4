export { runObserve, type ObserveDeps, type ObserveSettings, type ObservedService, type Regression, type ServiceReport } from './run-observe.js';
export { parsePrometheusText, MetricsFormatError, type Sample } from './prometheus-text.js';
export { quantile, snapshotHistogram, statsOf, windowBetween, type HistogramSnapshot, type WindowStats } from './request-stats.js';
export { readBaselines, writeBaselines, type BaselineFile } from './baseline-file.js';
export { renderObserveSummary } from './render-summary.js';
