/**
 * Spanish provinces and the autonomous community each belongs to, keyed by the INE province code
 * (INE "Relación de provincias"). Community codes are the ISO 3166-2:ES subdivision codes that
 * `date-holidays` uses for regional holidays.
 */

/** ISO 3166-2:ES autonomous community (and autonomous city) codes. */
export const REGIONS = [
  'AN',
  'AR',
  'AS',
  'CB',
  'CE',
  'CL',
  'CM',
  'CN',
  'CT',
  'EX',
  'GA',
  'IB',
  'MC',
  'MD',
  'ML',
  'NC',
  'PV',
  'RI',
  'VC',
] as const;
export type Region = (typeof REGIONS)[number];

/** INE code → [community, accepted names (normalised)]. */
const PROVINCES: Record<string, readonly [Region, readonly string[]]> = {
  '01': ['PV', ['alava', 'araba', 'arabaalava', 'alavaaraba']],
  '02': ['CM', ['albacete']],
  '03': ['VC', ['alicante', 'alacant', 'alicantealacant']],
  '04': ['AN', ['almeria']],
  '05': ['CL', ['avila']],
  '06': ['EX', ['badajoz']],
  '07': ['IB', ['baleares', 'illesbalears', 'islasbaleares', 'balears']],
  '08': ['CT', ['barcelona']],
  '09': ['CL', ['burgos']],
  '10': ['EX', ['caceres']],
  '11': ['AN', ['cadiz']],
  '12': ['VC', ['castellon', 'castello', 'castellondelaplana']],
  '13': ['CM', ['ciudadreal']],
  '14': ['AN', ['cordoba']],
  '15': ['GA', ['acoruna', 'lacoruna', 'coruna']],
  '16': ['CM', ['cuenca']],
  '17': ['CT', ['girona', 'gerona']],
  '18': ['AN', ['granada']],
  '19': ['CM', ['guadalajara']],
  '20': ['PV', ['gipuzkoa', 'guipuzcoa']],
  '21': ['AN', ['huelva']],
  '22': ['AR', ['huesca']],
  '23': ['AN', ['jaen']],
  '24': ['CL', ['leon']],
  '25': ['CT', ['lleida', 'lerida']],
  '26': ['RI', ['larioja', 'rioja']],
  '27': ['GA', ['lugo']],
  '28': ['MD', ['madrid']],
  '29': ['AN', ['malaga']],
  '30': ['MC', ['murcia']],
  '31': ['NC', ['navarra', 'nafarroa']],
  '32': ['GA', ['ourense', 'orense']],
  '33': ['AS', ['asturias']],
  '34': ['CL', ['palencia']],
  '35': ['CN', ['laspalmas', 'palmaslas']],
  '36': ['GA', ['pontevedra']],
  '37': ['CL', ['salamanca']],
  '38': ['CN', ['santacruzdetenerife', 'tenerife']],
  '39': ['CB', ['cantabria']],
  '40': ['CL', ['segovia']],
  '41': ['AN', ['sevilla']],
  '42': ['CL', ['soria']],
  '43': ['CT', ['tarragona']],
  '44': ['AR', ['teruel']],
  '45': ['CM', ['toledo']],
  '46': ['VC', ['valencia', 'valencia']],
  '47': ['CL', ['valladolid']],
  '48': ['PV', ['bizkaia', 'vizcaya']],
  '49': ['CL', ['zamora']],
  '50': ['AR', ['zaragoza']],
  '51': ['CE', ['ceuta']],
  '52': ['ML', ['melilla']],
};

const BY_NAME = new Map<string, Region>();
for (const [region, names] of Object.values(PROVINCES)) {
  for (const name of names) BY_NAME.set(name, region);
}

/** Lower case, accents and anything but letters removed: "A Coruña" → "acoruna". */
function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/**
 * The autonomous community of a province given as an INE code ("28", "8") or a name in Spanish or
 * the co-official language ("Madrid", "Lleida", "Bizkaia"); a region code passes through.
 * Returns null when unknown (callers then use national holidays only).
 * @example regionOfProvince('A Coruña') // 'GA'
 */
export function regionOfProvince(province: string | null | undefined): Region | null {
  if (province === null || province === undefined) return null;
  const trimmed = province.trim();
  if (/^\d{1,2}$/.test(trimmed)) return PROVINCES[trimmed.padStart(2, '0')]?.[0] ?? null;
  if ((REGIONS as readonly string[]).includes(trimmed.toUpperCase()) && trimmed.length === 2) {
    return trimmed.toUpperCase() as Region;
  }
  return BY_NAME.get(normaliseName(trimmed)) ?? null;
}
