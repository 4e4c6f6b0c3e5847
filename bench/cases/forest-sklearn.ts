import { relayPythonCase } from '../python-case.js';

/**
 * Case: runs bench/forest-baselines.py with scikit-learn's RandomForestRegressor on the exported
 * matrix and relays its measurement, or reports a skip without Python or scikit-learn.
 * Args: workDir paramsJson.
 */
const [workDir = '.', paramsJson = '{}'] = process.argv.slice(2);
relayPythonCase('forest-baselines.py', [workDir, paramsJson, 'sklearn'], 'scikit-learn');
