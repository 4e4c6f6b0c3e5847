/**
 * The one entry point of the container image: registers every function with the Functions
 * Framework; each Cloud Run service picks its own with FUNCTION_TARGET.
 */
import './ingest-meter-file/index.js';
import './ingest-weather/index.js';
import './plan-training/index.js';
import './train-segment/index.js';
import './plan-forecast/index.js';
import './forecast-batch/index.js';
import './monitor/index.js';
