import { relayPythonCase } from '../python-case.js';

/**
 * Case: runs bench/forest-sklearn.py (scikit-learn's RandomForestRegressor) on the exported matrix
 * and relays its measurement, or reports a skip without Python or scikit-learn.
 * Args: workDir paramsJson.
 */
const [workDir = '.', paramsJson = '{}'] = process.argv.slice(2);
relayPythonCase('forest-sklearn.py', [workDir, paramsJson], 'scikit-learn');
