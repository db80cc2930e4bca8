/** Size formats for reports: sizes as the Docker CLI prints them, and exact byte counts. */

// go-units' decimapAbbrs: the unit list `docker images` steps through.
const DOCKER_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'] as const;
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] as const;

/**
 * Size in bytes as the `docker images` SIZE column prints it (go-units `HumanSizeWithPrecision(size, 3)`):
 * base-1000 units, Go's `%.3g`. 1_982_259 → "1.98MB", 636_000_000 → "636MB".
 */
export function formatDockerSize(bytes: number): string {
  return scaled(bytes, 1000, DOCKER_UNITS, 3);
}

/** Memory in bytes as `docker info` prints it (go-units `BytesSize`): base-1024 units, `%.4g`, e.g. "7.764GiB". */
export function formatBinarySize(bytes: number): string {
  return scaled(bytes, 1024, BINARY_UNITS, 4);
}

/** go-units' CustomSize: divide by `base` while it fits, then `%.<precision>g` and the unit reached. */
function scaled(bytes: number, base: number, units: readonly string[], precision: number): string {
  let size = bytes;
  let unit = 0;
  // Divide step by step like go-units does, so float rounding matches the CLI to the last digit.
  while (size >= base && unit < units.length - 1) {
    size /= base;
    unit++;
  }
  return `${formatGoG(size, precision)}${units[unit]}`;
}

/** Go's `fmt.Sprintf("%.*g", precision, x)` for finite x, including its round-half-to-even on exact ties. */
export function formatGoG(x: number, precision: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : x < 0 ? '-Inf' : 'NaN';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0`;
  const { digits, point } = roundDigits(exactDecimal(Math.abs(x)), precision);
  // Mirrors strconv's %g: fewer digits than asked means trailing zeros were trimmed, never padded back.
  let eprec = precision;
  if (eprec > digits.length && digits.length >= point) eprec = digits.length;
  const exp = point - 1;
  if (exp < -4 || exp >= eprec) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Exact decimal digits of a positive double: value = 0.digits × 10^point. */
function exactDecimal(x: number): { digits: string; point: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const e2 = (biased === 0 ? 1 : biased) - 1075;
  // m·2^e2 with e2 < 0 equals m·5^-e2 / 10^-e2: every double has a finite decimal expansion.
  const scaled = e2 >= 0 ? mantissa << BigInt(e2) : mantissa * 5n ** BigInt(-e2);
  const text = scaled.toString();
  const shift = e2 >= 0 ? 0 : -e2;
  const stripped = text.replace(/0+$/, '');
  return { digits: stripped, point: text.length - shift };
}

/** Round to `precision` significant digits, half to even on exact ties, trailing zeros trimmed. */
function roundDigits(d: { digits: string; point: number }, precision: number): { digits: string; point: number } {
  if (d.digits.length <= precision) return d;
  const kept = d.digits.slice(0, precision);
  const next = d.digits.charCodeAt(precision) - 48;
  const rest = d.digits.slice(precision + 1);
  const tie = next === 5 && /^0*$/.test(rest);
  const lastOdd = (kept.charCodeAt(precision - 1) - 48) % 2 === 1;
  const up = next > 5 || (next === 5 && (!tie || lastOdd));
  if (!up) return { digits: kept.replace(/0+$/, '') || '0', point: d.point };
  const bumped = (BigInt(kept) + 1n).toString();
  // 999 + 1 carries into a new leading digit: the decimal point moves one place right.
  const point = bumped.length > kept.length ? d.point + 1 : d.point;
  return { digits: bumped.replace(/0+$/, '') || '0', point };
}

/** Exact byte count with thousands separators, e.g. 1_982_259 → "1,982,259 B". */
export function formatBytesExact(bytes: number): string {
  return `${Math.round(bytes).toLocaleString('en-US')} B`;
}
