/**
 * The SVG logos a report can draw: flat vector art (paths and basic shapes with solid fills and strokes, groups,
 * transforms) as agency logos are exported from design tools. pdfkit draws SVG path data natively, so a logo
 * stays vector and sharp; what it cannot draw faithfully (text, embedded images, gradients, CSS classes, scripts)
 * is refused when the logo is chosen, with the reason, rather than printed wrong.
 */

export type SvgShape = {
  /** SVG path data of the shape */
  d: string;
  fill: string | null;
  stroke: string | null;
  strokeWidth: number;
  evenOdd: boolean;
  /** transforms from the outermost group in, as pdfkit matrices */
  transforms: [number, number, number, number, number, number][];
};

export type SvgLogo = { viewBox: [number, number, number, number]; shapes: SvgShape[] };

/** Thrown for a logo that cannot be drawn; the message says why, for the person choosing it. */
export class SvgLogoError extends Error {}

const UNSUPPORTED = new Set([
  'text',
  'tspan',
  'textPath',
  'image',
  'script',
  'foreignObject',
  'use',
  'linearGradient',
  'radialGradient',
  'pattern',
  'mask',
  'clipPath',
  'filter',
  'style',
  'symbol',
]);
const IGNORED = new Set(['defs', 'title', 'desc', 'metadata', 'svg', 'g']);

const NAMED: Record<string, string> = {
  black: '#000000',
  white: '#ffffff',
  red: '#ff0000',
  green: '#008000',
  blue: '#0000ff',
  gray: '#808080',
  grey: '#808080',
  currentcolor: '#000000',
};

type Style = { fill: string | null; stroke: string | null; strokeWidth: number; evenOdd: boolean };

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) out[m[1]!] = m[3] ?? m[4] ?? '';
  for (const part of (out.style ?? '').split(';')) {
    const [k, v] = part.split(':').map((s) => s.trim());
    if (k && v) out[k] = v;
  }
  return out;
}

function colour(v: string | undefined, inherited: string | null): string | null {
  if (v === undefined || v === 'inherit') return inherited;
  const s = v.trim().toLowerCase();
  if (s === 'none' || s === 'transparent') return null;
  if (/^#[0-9a-f]{6}$/.test(s)) return s;
  if (/^#[0-9a-f]{3}$/.test(s)) return `#${[...s.slice(1)].map((c) => c + c).join('')}`;
  const rgb = /^rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)$/.exec(s);
  if (rgb)
    return `#${rgb
      .slice(1, 4)
      .map((n) => Math.min(255, Number(n)).toString(16).padStart(2, '0'))
      .join('')}`;
  if (NAMED[s]) return NAMED[s]!;
  if (s.startsWith('url('))
    throw new SvgLogoError(
      'The SVG logo fills a shape with a gradient or pattern, which reports cannot draw; use flat colours.',
    );
  throw new SvgLogoError(
    `The SVG logo uses the colour "${v.slice(0, 40)}", which reports cannot read; use #rrggbb colours.`,
  );
}

const nums = (s: string) => (s.match(/-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?/gi) ?? []).map(Number);

function transformsOf(v: string | undefined): SvgShape['transforms'] {
  if (!v) return [];
  const out: SvgShape['transforms'] = [];
  for (const m of v.matchAll(/(\w+)\s*\(([^)]*)\)/g)) {
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = nums(m[2]!);
    switch (m[1]) {
      case 'matrix':
        out.push([a, b, c, d, e, f]);
        break;
      case 'translate':
        out.push([1, 0, 0, 1, a, b]);
        break;
      case 'scale':
        out.push([a, 0, 0, m[2]!.includes(',') || nums(m[2]!).length > 1 ? b : a, 0, 0]);
        break;
      case 'rotate': {
        const r = (a * Math.PI) / 180;
        const [cos, sin] = [Math.cos(r), Math.sin(r)];
        out.push([1, 0, 0, 1, b, c], [cos, sin, -sin, cos, 0, 0], [1, 0, 0, 1, -b, -c]);
        break;
      }
      default:
        throw new SvgLogoError(`The SVG logo uses the transform "${m[1]}", which reports cannot draw.`);
    }
  }
  return out;
}

function shapePath(name: string, a: Record<string, string>): string | null {
  const n = (k: string) => Number(a[k] ?? 0);
  switch (name) {
    case 'path':
      return a.d ?? null;
    case 'rect': {
      const [x, y, w, h] = [n('x'), n('y'), n('width'), n('height')];
      const r = Math.min(Number(a.rx ?? a.ry ?? 0), w / 2, h / 2);
      if (!r) return `M${x} ${y}H${x + w}V${y + h}H${x}Z`;
      return `M${x + r} ${y}H${x + w - r}A${r} ${r} 0 0 1 ${x + w} ${y + r}V${y + h - r}A${r} ${r} 0 0 1 ${x + w - r} ${y + h}H${x + r}A${r} ${r} 0 0 1 ${x} ${y + h - r}V${y + r}A${r} ${r} 0 0 1 ${x + r} ${y}Z`;
    }
    case 'circle':
    case 'ellipse': {
      const [cx, cy] = [n('cx'), n('cy')];
      const rx = name === 'circle' ? n('r') : n('rx');
      const ry = name === 'circle' ? n('r') : n('ry');
      return `M${cx - rx} ${cy}A${rx} ${ry} 0 1 0 ${cx + rx} ${cy}A${rx} ${ry} 0 1 0 ${cx - rx} ${cy}Z`;
    }
    case 'polygon':
    case 'polyline': {
      const p = nums(a.points ?? '');
      if (p.length < 4) return null;
      const pts = [];
      for (let i = 0; i + 1 < p.length; i += 2) pts.push(`${p[i]} ${p[i + 1]}`);
      return `M${pts.join('L')}${name === 'polygon' ? 'Z' : ''}`;
    }
    case 'line':
      return `M${n('x1')} ${n('y1')}L${n('x2')} ${n('y2')}`;
    default:
      return null;
  }
}

/** Reads an SVG logo into shapes to draw, or throws SvgLogoError saying what it cannot draw. */
export function parseSvgLogo(text: string): SvgLogo {
  const src = text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '');
  const root = /<svg\b[^>]*>/i.exec(src);
  if (!root) throw new SvgLogoError('The file is not an SVG image (no <svg> element).');
  const ra = attrs(root[0]);
  let viewBox = nums(ra.viewBox ?? '');
  if (viewBox.length !== 4) {
    const [w, h] = [parseFloat(ra.width ?? ''), parseFloat(ra.height ?? '')];
    if (!(w > 0 && h > 0)) throw new SvgLogoError('The SVG logo has neither a viewBox nor a width and height.');
    viewBox = [0, 0, w, h];
  }
  if (!(viewBox[2]! > 0 && viewBox[3]! > 0)) throw new SvgLogoError('The SVG logo has an empty viewBox.');
  const shapes: SvgShape[] = [];
  const root_: Style & { transforms: SvgShape['transforms'] } = {
    fill: '#000000',
    stroke: null,
    strokeWidth: 1,
    evenOdd: false,
    transforms: [],
  };
  const stack = [root_];
  const unsupported = new Set<string>();
  for (const m of src.slice(root.index).matchAll(/<(\/)?([\w:-]+)([^>]*?)(\/)?>/g)) {
    const [, closing, name, , selfClosing] = m;
    const local = name!.replace(/^svg:/, '');
    if (closing) {
      if (local === 'g' || local === 'svg') stack.pop();
      continue;
    }
    if (UNSUPPORTED.has(local)) {
      unsupported.add(local);
      continue;
    }
    const a = attrs(m[0]);
    if (a.class) unsupported.add('class (CSS)');
    const parent = stack[stack.length - 1] ?? root_;
    const style = {
      fill: colour(a.fill, parent.fill),
      stroke: colour(a.stroke, parent.stroke),
      strokeWidth: a['stroke-width'] ? Number(parseFloat(a['stroke-width'])) : parent.strokeWidth,
      evenOdd: a['fill-rule'] ? a['fill-rule'] === 'evenodd' : parent.evenOdd,
      transforms: [...parent.transforms, ...transformsOf(a.transform)],
    };
    if (local === 'g' || local === 'svg') {
      if (!selfClosing) stack.push(style);
      continue;
    }
    if (IGNORED.has(local)) continue;
    const d = shapePath(local, a);
    if (d && (style.fill || style.stroke)) shapes.push({ d, ...style });
  }
  if (unsupported.size)
    throw new SvgLogoError(
      `The SVG logo uses ${[...unsupported].map((u) => `<${u}>`).join(', ')}, which reports cannot draw. ` +
        'Export it with text converted to outlines and flat colours, or choose a PNG.',
    );
  if (!shapes.length) throw new SvgLogoError('The SVG logo has no shapes to draw.');
  return { viewBox: viewBox as SvgLogo['viewBox'], shapes };
}
