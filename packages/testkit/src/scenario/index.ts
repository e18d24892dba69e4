export { startSampleLoop, type SampleLoop, type SampleLoopOptions, type LiveModel } from './sample-loop.js';
export { scriptDiscountModel, DISCOUNT_ISSUE } from './scripted-discount-model.js';
