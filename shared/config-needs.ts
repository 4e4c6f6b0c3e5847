/**
 * What each Cloud Run function needs from its environment in production, named by the part of
 * the configuration it uses. Locally every variable has a default (SQLite, a folder, the
 * in-process bus); on Cloud Run those defaults would lose data, so the deployment (terraform/ and
 * the image) must set every variable listed here on the service that runs the function.
 * test/deploy checks it against the Terraform; test/unit/config-needs.test.ts checks that
 * loadConfig reads every name.
 */
export const NEED_VARIABLES = {
  /** MongoDB Atlas: the URI is a secret (Secret Manager), the database a plain variable. */
  store: ['MONGO_URI', 'MONGO_DB'],
  /** Quarantine reports: gs://bucket. */
  blobs: ['MCE_BLOBS'],
  /** The model registry: gs://bucket. */
  artifacts: ['MCE_ARTIFACTS'],
  /** Publishing: pubsub:PROJECT. */
  bus: ['MCE_BUS'],
  /** The weather provider (OpenWeather in production: its key is a secret). */
  weather: ['MCE_WEATHER_SOURCE', 'OPENWEATHER_API_KEY'],
  /** Alert e-mail over SMTP (the password is a secret). */
  mail: [
    'MCE_MAILER',
    'MCE_SMTP_HOST',
    'MCE_SMTP_PORT',
    'MCE_SMTP_USER',
    'MCE_SMTP_PASS',
    'MCE_ALERT_FROM',
    'MCE_ALERT_TO',
  ],
  /** The git SHA recorded in model manifests (baked into the image at build time). */
  revision: ['MCE_CODE_REVISION'],
} as const satisfies Record<string, readonly string[]>;

export type FunctionNeed = keyof typeof NEED_VARIABLES;

/**
 * The environment variables a function with these needs must have in production, sorted and
 * without repeats.
 * @example productionVariables(['bus', 'blobs']) // ['MCE_BLOBS', 'MCE_BUS']
 */
export function productionVariables(needs: readonly FunctionNeed[]): string[] {
  return [...new Set(needs.flatMap((need) => NEED_VARIABLES[need]))].sort();
}
