export {openStore} from './open-store.js';
export {defaultDatabasePath} from './paths.js';
export {quantise, dequantise, stepForMetric, storedValue} from './quantise.js';
export type * from './types.js';
