import { relayPythonCase } from '../python-case.js';

/**
 * Case: runs bench/ks-scipy.py (scipy.stats.ks_2samp) on ks-a.f64 and ks-b.f64 and relays its
 * measurement, or reports a skip without Python or SciPy. Args: workDir repeats.
 */
const [workDir = '.', repeats = '3'] = process.argv.slice(2);
relayPythonCase('ks-scipy.py', [workDir, repeats], 'scipy');
