// Copies the front-end packages from node_modules into wwwroot (the app never uses a CDN) and
// removes the NHS Frutiger font from the NHS.UK stylesheet: it is licensed and this service may
// not use it, so its @font-face rules go (nothing is fetched from outside) and text falls back to Arial.
// Run by the CopyFrontEndAssets target in InfantMassageAudit.Web.csproj.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const nhsuk = join(here, 'node_modules/nhsuk-frontend/dist/nhsuk');
const wwwroot = join(here, 'wwwroot');

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

const original = readFileSync(join(nhsuk, 'nhsuk-frontend.min.css'), 'utf8');
const withoutFrutiger = original
  .replace(/@font-face\{[^}]*\}/g, '')
  .replaceAll('font-family:Frutiger W01,', 'font-family:')
  .replaceAll('font-family:Frutiger W01', 'font-family:arial,sans-serif');
if (withoutFrutiger.includes('Frutiger')) {
  throw new Error('nhsuk-frontend.min.css still names Frutiger after stripping: update build-assets.mjs for this version.');
}
mkdirSync(join(wwwroot, 'lib/nhsuk-frontend'), { recursive: true });
writeFileSync(join(wwwroot, 'lib/nhsuk-frontend/nhsuk-frontend.min.css'), withoutFrutiger);

copy(join(nhsuk, 'nhsuk-frontend.min.js'), join(wwwroot, 'lib/nhsuk-frontend/nhsuk-frontend.min.js'));
copy(join(here, 'node_modules/htmx.org/dist/htmx.min.js'), join(wwwroot, 'lib/htmx/htmx.min.js'));

// The stylesheet refers to its icons at /assets/images/. The favicons and the mask icon carry the NHS logo: not copied.
for (const icon of readdirSync(join(nhsuk, 'assets/images'))) {
  if (icon.startsWith('nhsuk-icon-') && icon.endsWith('.svg') && icon !== 'nhsuk-icon-mask.svg') {
    copy(join(nhsuk, 'assets/images', icon), join(wwwroot, 'assets/images', icon));
  }
}
