/**
 * huiliu's icon (square, Atom `<icon>`, JSON Feed `icon`/`favicon`, the page's favicon) and logo (2:1,
 * Atom `<logo>`), written into the output folder so feeds never point at a host huiliu does not control.
 * SVG scales to every size a reader asks for; the glyph is 汇, "converge".
 */
export const ICON_FILE = 'icon.svg';
export const LOGO_FILE = 'logo.svg';

export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
<rect width="64" height="64" rx="12" fill="#0b57d0"/>
<text x="32" y="45" font-size="38" text-anchor="middle" fill="#ffffff" font-family="sans-serif">汇</text>
</svg>
`;

export const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 64" width="128" height="64">
<rect width="128" height="64" rx="12" fill="#0b57d0"/>
<text x="64" y="43" font-size="30" text-anchor="middle" fill="#ffffff" font-family="sans-serif">汇流</text>
</svg>
`;
